"""Parley: a live stream of news articles in, structured diplomatic-meeting events out."""

from pathlib import Path

from parley.native import check_fresh

check_fresh(Path(__file__).parent)
