"""Probes measure and never judge: socket code only. Each returns raw figures and a
:class:`~callpath.core.base.measurement.Failure` (or none); none raises for a network outcome.

May import: ``base`` and the network libraries (dnspython, requests, aioice, psutil,
truststore). Never the kinds, the engine, the analysis or anything above.
"""
