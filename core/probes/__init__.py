"""Probes measure and never judge. Each returns Measurements; none raises for a network outcome."""
