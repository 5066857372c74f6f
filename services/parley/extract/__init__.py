"""Extraction stage: one Article in, zero or more Candidate meetings out. No Kafka here."""

from __future__ import annotations

from parley.extract.extractor import extract

__all__ = ["extract"]
