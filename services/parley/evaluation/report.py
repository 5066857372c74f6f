"""What `parley eval` prints for event-level gold: a table of figures, and error lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from parley.evaluation.events import FIGURES, EventScores
from parley.evaluation.realnews import ScopeResult

__all__ = ["error_lines", "figures_table"]

_EVIDENCE_CHARS = 110


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def figures_table(results: Sequence[ScopeResult]) -> str:
    """One row per figure (score.py's names), one column per scope, with a header
    giving each scope's articles and counting gold meetings."""
    names = [r.name for r in results]
    rows: list[list[str]] = [["scope", *names]]
    rows.append(["articles", *(str(len(r.gold.article_ids)) for r in results)])
    for figure in FIGURES:
        rows.append([figure, *(_cell(r.scores.figures[figure]) for r in results)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    # Figure names left-aligned, figures right-aligned under their scope.
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )


def _people(event: Mapping[str, Any]) -> str:
    return "; ".join(
        str(p.get("name") or p.get("org") or p.get("country") or "?")
        for p in event.get("participants") or []
    )


def _gold_line(g: Mapping[str, Any]) -> str:
    loc = g.get("location") or {}
    place = "/".join(str(loc[k]) for k in ("city", "country") if loc.get(k)) or "-"
    return (
        f"{g['event_id']} [{g.get('status')} {g.get('kind')} {g.get('mode')}"
        f" {g.get('date') or '-'} {place}; {_people(g)}] {','.join(g.get('articles') or [])}"
    )


def _pred_line(p: Mapping[str, Any]) -> str:
    loc = p.get("location") or {}
    place = "/".join(str(loc[k]) for k in ("city", "country") if loc.get(k)) or "-"
    articles = ",".join(sorted({s["article_id"] for s in p.get("sources") or []}))
    return (
        f"{p['event_id']} [{p.get('status')} {p.get('kind')} {p.get('mode')}"
        f" {p.get('date') or '-'} {place}; {_people(p)}] {articles}"
    )


def _quote(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= _EVIDENCE_CHARS else text[: _EVIDENCE_CHARS - 1] + "…"


def error_lines(scores: EventScores) -> list[str]:
    """MISS (gold meetings not found), FALSE (events that found none), MIXED (events
    holding several gold meetings), SPLIT (meetings over several events) and DIFF
    (fields of paired events that differ), each with the facts and evidence."""
    out: list[str] = []
    for g in scores.misses():
        out.append(f"MISS   {_gold_line(g)}")
        out.append(f"         \"{_quote(g.get('evidence'))}\"")
    for p in scores.false_alarms():
        out.append(f"FALSE  {_pred_line(p)}")
        sources = p.get("sources") or [{}]
        out.append(f"         \"{_quote(sources[0].get('evidence'))}\"")
    for p, meetings in scores.mixed():
        out.append(f"MIXED  {_pred_line(p)}")
        for event_id, articles in sorted(meetings.items()):
            out.append(f"         holds {event_id} from {','.join(articles)}")
    for g, events in scores.split():
        out.append(f"SPLIT  {_gold_line(g)}")
        for event_id, articles in sorted(events.items()):
            where = "no event" if event_id == "-" else event_id
            out.append(f"         {where}: {','.join(articles)}")
    for g, p, notes in scores.differences():
        out.append(f"DIFF   {g['event_id']} ~ {p['event_id']}: {'; '.join(notes)}")
    if scores.negative_hits:
        out.append(f"NEGATIVES WITH EVENTS  {' '.join(scores.negative_hits)}")
    return out
