"""The lab: a simulated internet in network namespaces, for end-to-end tests (see lab.py)."""
