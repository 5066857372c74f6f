"""Scoring Parley against gold annotations (`parley eval`).

Two gold formats: the team's own per-article lists (`tests/corpus`, scored on the
extraction candidates and the dedup state, `team`), and the event-level meetings
across articles of the real-news corpus (scored on the published record stream,
`events`, with `corpus` to read sets and `setaside` for the held-out third).
"""

from parley.evaluation.team import Scores, evaluate, participant_key

__all__ = ["Scores", "evaluate", "participant_key"]
