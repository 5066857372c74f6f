"""Scores against the team's own gold format: per article, the candidates extraction made.

Per article, predicted candidates are paired with gold events greedily by shared
participants; every figure is computed over those pairs, and unpaired items count
as false positives or misses. Dedup is scored with B-cubed over the gold meetings'
reports, using the final event each paired candidate ended up in (an event merged into
another is followed to that one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parley.extract.text import fold_aligned
from parley.model import Candidate

__all__ = ["Scores", "evaluate", "participant_key"]


def participant_key(p: dict[str, Any]) -> str:
    """A comparable key: the folded surname of a named person, else its country or org."""
    if p.get("name"):
        return "n:" + fold_aligned(str(p["name"])).replace(".", "").split()[-1]
    if p.get("org"):
        return "o:" + str(p["org"])
    return "c:" + str(p.get("country"))


def _keys(parts: Iterable[dict[str, Any]]) -> set[str]:
    return {participant_key(p) for p in parts}


def _places(parts: Iterable[dict[str, Any]]) -> set[str]:
    return {p.get("org") or p.get("country") or "" for p in parts} - {""}


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, pred: set[str], gold: set[str]) -> None:
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Scores:
    events: _Counts = field(default_factory=_Counts)
    participants: _Counts = field(default_factory=_Counts)
    places: _Counts = field(default_factory=_Counts)
    date_total: int = 0
    date_exact: int = 0
    date_near: int = 0
    mode_ok: int = 0
    status_ok: int = 0
    kind_ok: int = 0
    pairs: int = 0
    negatives: int = 0
    negatives_with_events: int = 0
    negative_false_events: int = 0
    bcubed: tuple[float, float, float] = (1.0, 1.0, 1.0)
    multi_meetings: int = 0
    multi_merged: int = 0
    misses: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    # (gold meeting, final event, article id) of every paired report: what the dedup
    # figures are computed from, for listing split meetings and mixed events.
    dedup_reports: list[tuple[str, str, str]] = field(default_factory=list)

    def report(self) -> str:
        ep, er, ef = self.events.prf()
        pp, pr, pf = self.participants.prf()
        cp, cr, cf = self.places.prf()
        n = max(self.pairs, 1)
        d = max(self.date_total, 1)
        bp, br, bf = self.bcubed
        return "\n".join(
            [
                f"events        P {ep:.3f}  R {er:.3f}  F1 {ef:.3f}  "
                f"(tp {self.events.tp}, fp {self.events.fp}, fn {self.events.fn})",
                f"participants  P {pp:.3f}  R {pr:.3f}  F1 {pf:.3f}",
                f"country/org   P {cp:.3f}  R {cr:.3f}  F1 {cf:.3f}",
                f"date          exact {self.date_exact / d:.3f}"
                f"  within one day {self.date_near / d:.3f}"
                f"  (over {self.date_total} dated gold events)",
                f"kind {self.kind_ok / n:.3f}  mode {self.mode_ok / n:.3f}"
                f"  status {self.status_ok / n:.3f}"
                f"  (accuracy over {self.pairs} paired events)",
                f"negatives     {self.negatives_with_events} of {self.negatives}"
                f" negative articles got events ({self.negative_false_events} false events)",
                f"dedup B-cubed P {bp:.3f}  R {br:.3f}  F1 {bf:.3f};"
                f"  multi-report meetings fully merged:"
                f" {self.multi_merged} of {self.multi_meetings}",
            ]
        )


def _pair(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    scored = []
    for i, p in enumerate(pred):
        pk = _keys(p["participants"])
        for j, g in enumerate(gold):
            gk = _keys(g["participants"])
            shared = len(pk & gk)
            if shared:
                # Participants decide; the evidence sentence, kind and date break ties
                # between gold events of the same people in one article.
                score = shared / max(len(pk | gk), 1)
                score += 0.5 * (p["source"]["evidence"].strip() == g.get("evidence", "").strip())
                score += 0.2 * (p["kind"] == g.get("kind")) + 0.2 * (p["date"] == g.get("date"))
                scored.append((score, i, j))
    scored.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def evaluate(
    gold: dict[str, list[dict[str, Any]]],
    predicted: dict[str, list[Candidate]],
    final_records: Iterable[dict[str, Any]] = (),
    report_events: Mapping[tuple[str, int], str] | None = None,
) -> Scores:
    """Score `predicted` candidates per article (and the dedup's `final_records`) against gold.

    `report_events`, when the dedup state is at hand, says exactly which event holds
    each report (article id, candidate index); otherwise reports are found in the
    final records by their evidence sentence.
    """
    from dataclasses import asdict

    s = Scores()
    event_of = _event_of_report(final_records)
    items: list[tuple[str, str]] = []  # (gold meeting, predicted event) per paired report
    for article_id, gold_events in gold.items():
        preds = [asdict(c) for c in predicted.get(article_id, [])]
        if not gold_events:
            s.negatives += 1
            if preds:
                s.negatives_with_events += 1
                s.negative_false_events += len(preds)
        pairs = _pair(preds, gold_events)
        s.events.tp += len(pairs)
        s.events.fp += len(preds) - len(pairs)
        s.events.fn += len(gold_events) - len(pairs)
        paired_p = {i for i, _ in pairs}
        paired_g = {j for _, j in pairs}
        for i, p in enumerate(preds):
            if i not in paired_p:
                s.false_alarms.append(f"{article_id}: {p['source']['evidence'][:100]}")
                s.participants.add(_keys(p["participants"]), set())
                s.places.add(_places(p["participants"]), set())
        for j, g in enumerate(gold_events):
            if j not in paired_g:
                s.misses.append(f"{article_id}: {g.get('evidence', '')[:100]}")
                s.participants.add(set(), _keys(g["participants"]))
                s.places.add(set(), _places(g["participants"]))
        for i, j in pairs:
            p, g = preds[i], gold_events[j]
            s.pairs += 1
            s.participants.add(_keys(p["participants"]), _keys(g["participants"]))
            s.places.add(_places(p["participants"]), _places(g["participants"]))
            for name in ("kind", "mode", "status", "date"):
                if p[name] != g.get(name):
                    s.mismatches.append(f"{article_id}: {name} {p[name]} != gold {g.get(name)}")
            pk, gk = _keys(p["participants"]), _keys(g["participants"])
            if pk != gk:
                s.mismatches.append(
                    f"{article_id}: participants extra {sorted(pk - gk)} missing {sorted(gk - pk)}"
                )
            s.kind_ok += p["kind"] == g["kind"]
            s.mode_ok += p["mode"] == g["mode"]
            s.status_ok += p["status"] == g["status"]
            if g.get("date"):
                s.date_total += 1
                if p["date"] == g["date"]:
                    s.date_exact += 1
                if (
                    p["date"]
                    and abs((date.fromisoformat(p["date"]) - date.fromisoformat(g["date"])).days)
                    <= 1
                ):
                    s.date_near += 1
            if report_events is not None:
                ev = report_events.get((article_id, i))
            else:
                ev = _which(event_of.get((article_id, p["source"]["evidence"]), []), p)
            if ev is not None and g.get("meeting"):
                items.append((g["meeting"], ev))
                s.dedup_reports.append((g["meeting"], ev, article_id))
        for j, g in enumerate(gold_events):
            if j not in paired_g and g.get("date"):
                s.date_total += 1
    s.bcubed, s.multi_meetings, s.multi_merged = _bcubed(items)
    return s


def _which(events: list[tuple[str, frozenset[str], str]], pred: dict[str, Any]) -> str | None:
    """Of the events holding one evidence sentence, the one that names the candidate's people.

    One sentence may report two meetings ("held separate talks with A and B", "spoke on
    Monday and will speak again"), each its own event with the same evidence.
    """
    names = {p.get("name") for p in pred["participants"] if p.get("name")}
    best = max(events, key=lambda ev: (len(ev[1] & names), ev[2] == pred["status"]), default=None)
    return best[0] if best is not None else None


def _event_of_report(
    records: Iterable[dict[str, Any]],
) -> dict[tuple[str, str], list[tuple[str, frozenset[str], str]]]:
    """(article id, evidence) -> the final events holding the report, their people and status.

    `records` are the latest record per event_id. An event absorbed into another (its
    last record has `merged_into`) is not a final event: its reports count for the
    event it was merged into, following chains of merges.
    """
    records = list(records)
    into = {r["event_id"]: r["merged_into"] for r in records if r.get("merged_into")}

    def final(event_id: str) -> str:
        hops = 0
        while event_id in into and hops <= len(into):
            event_id, hops = into[event_id], hops + 1
        return event_id

    def people(r: dict[str, Any]) -> frozenset[str]:
        return frozenset(p["name"] for p in r["participants"] if p.get("name"))

    out: dict[tuple[str, str], list[tuple[str, frozenset[str], str]]] = defaultdict(list)
    for r in records:
        if not r.get("merged_into"):
            for src in r["sources"]:
                key = (src["article_id"], src["evidence"])
                out[key].append((r["event_id"], people(r), r["status"]))
    # A survivor lists one source per URL, so an absorbed event may be the only record
    # naming one of its reports.
    for r in records:
        if r.get("merged_into"):
            for src in r["sources"]:
                key = (src["article_id"], src["evidence"])
                if key not in out:
                    out[key].append((final(r["event_id"]), people(r), r["status"]))
    return dict(out)


def _bcubed(items: list[tuple[str, str]]) -> tuple[tuple[float, float, float], int, int]:
    if not items:
        return (1.0, 1.0, 1.0), 0, 0
    by_gold: dict[str, list[str]] = defaultdict(list)
    by_pred: dict[str, list[str]] = defaultdict(list)
    for g, p in items:
        by_gold[g].append(p)
        by_pred[p].append(g)
    prec = sum(by_pred[p].count(g) / len(by_pred[p]) for g, p in items) / len(items)
    rec = sum(by_gold[g].count(p) / len(by_gold[g]) for g, p in items) / len(items)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    multi = [g for g, ps in by_gold.items() if len(ps) > 1]
    merged = sum(1 for g in multi if len(set(by_gold[g])) == 1)
    return (prec, rec, f1), len(multi), merged
