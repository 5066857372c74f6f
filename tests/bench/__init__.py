"""Benchmarks: scripts run as `python -m tests.bench.<name>` that print figures.

They are not pytest tests (no file here is named test_*.py), because a timing that
depends on the machine and its load cannot pass or fail honestly.
"""
