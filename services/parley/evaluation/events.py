"""Event-level scoring: gold meetings across articles against a published record stream.

This is the scoring of the real-news corpus (`../shared/corpus`, conventions in
ANNOTATION.md), written to give exactly the figures of that corpus's `score.py`:

- The stream's final events are the latest version of each `event_id`, less retracted
  events and events whose latest record says `merged_into` (their reports live on in
  the survivor).
- A gold meeting and a predicted event may pair when the event cites one of the
  meeting's articles and their participants agree (F1 of the participant matching at
  least 0.5). Pairs are taken best first: more shared articles, then the same day, then
  the better participant F1; each side pairs once.
- `optional` gold meetings neither count as found nor as missed, and an event paired
  with one is neutral; so is an unpaired predicted cancellation.
- Dedup is B-cubed over the (article, gold meeting) mentions that some predicted event
  citing the article holds, each mention in the best such event.

Besides the figures it keeps what a reader of errors needs: the misses, the false
alarms, the events mixing gold meetings, the meetings split over events, and the field
differences of paired events.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "FIGURES",
    "EventScores",
    "final_events",
    "participant_overlap",
    "same_participant",
    "score_events",
]

Record = Mapping[str, Any]

# Modes that all mean "not in the same room": a gold `phone` is met by a predicted
# `remote` and the other way round.
_REMOTE = frozenset({"phone", "video", "remote", "virtual"})

# The figures, in the order score.py prints them.
FIGURES = (
    "gold_events",
    "pred_events",
    "matched",
    "event_P",
    "event_R",
    "event_F1",
    "participant_P",
    "participant_R",
    "participant_F1",
    "country_org_F1_matched",
    "date_exact",
    "date_within_1d",
    "mode_acc",
    "status_acc",
    "negatives",
    "negatives_with_events",
    "dedup_bcubed_P",
    "dedup_bcubed_R",
    "dedup_bcubed_F1",
    "mentions_found",
    "multi_article_events",
    "fully_merged",
)


def _fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def _surname(name: str | None) -> str | None:
    words = _fold(name).replace("-", " ").replace(".", " ").split()
    return words[-1] if words else None


def same_participant(gold: Record, pred: Record) -> bool:
    """One person when both are named (a surname of one among the other's words);
    otherwise the same country or organisation."""
    g_last, p_last = _surname(gold.get("name")), _surname(pred.get("name"))
    if g_last and p_last:
        return (
            g_last == p_last
            or g_last in _fold(pred.get("name")).split()
            or p_last in _fold(gold.get("name")).split()
        )
    g_country = (gold.get("country") or "").upper()
    if g_country and g_country == (pred.get("country") or "").upper():
        return True
    g_org = _fold(gold.get("org"))
    return bool(g_org) and g_org == _fold(pred.get("org"))


@dataclass(frozen=True, slots=True)
class Overlap:
    """Participants of one gold meeting against one predicted event."""

    tp: int
    fp: int
    fn: int

    @property
    def f1(self) -> float:
        return _f1(_ratio(self.tp, self.tp + self.fp), _ratio(self.tp, self.tp + self.fn))


def participant_overlap(gold: Sequence[Record], pred: Sequence[Record]) -> Overlap:
    """Each gold participant takes the first predicted one it matches that is still free."""
    free = list(range(len(pred)))
    tp = 0
    for g in gold:
        hit = next((j for j in free if same_participant(g, pred[j])), None)
        if hit is not None:
            free.remove(hit)
            tp += 1
    return Overlap(tp=tp, fp=len(free), fn=len(gold) - tp)


def _ratio(num: int | float, den: int | float) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def final_events(records: Iterable[Record]) -> list[Record]:
    """The events a consumer keeps: the latest version per `event_id` (a later record of an
    equal version wins), in order of first appearance, less retracted and merged ones."""
    latest: dict[str, Record] = {}
    for r in records:
        event_id = r.get("event_id")
        if event_id is None:
            continue
        held = latest.get(event_id)
        if held is None or (r.get("version") or 0) >= (held.get("version") or 0):
            latest[event_id] = r
    return [
        r
        for r in latest.values()
        if (r.get("status") or "occurred") != "retracted" and not r.get("merged_into")
    ]


def _articles(event: Record) -> set[str]:
    return {s["article_id"] for s in event.get("sources") or [] if s.get("article_id")}


def _people(event: Record) -> list[Record]:
    return list(event.get("participants") or [])


def _same_day(gold: Record, pred: Record) -> bool:
    return bool(gold.get("date")) and gold.get("date") == pred.get("date")


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def _sides(people: Iterable[Record]) -> set[str]:
    """The countries and organisations a meeting's participants act for."""
    out: set[str] = set()
    for p in people:
        if p.get("country"):
            out.add(str(p["country"]).upper())
        if p.get("org"):
            out.add("ORG:" + _fold(p["org"]))
    return out


def _mode_agrees(gold_mode: str, pred_mode: str) -> bool:
    if gold_mode == pred_mode:
        return True
    return (gold_mode in _REMOTE and pred_mode == "remote") or (
        gold_mode == "remote" and pred_mode in _REMOTE
    )


@dataclass
class EventScores:
    """Figures and error lists of one prediction stream against one gold set."""

    gold: list[Record]
    pred: list[Record]
    negatives: list[str]
    pairs: dict[int, int]  # gold index -> predicted index
    optional: set[int]
    neutral: set[int]  # predicted indices that neither count as found nor as false
    # (article id, gold index) -> predicted index holding it, None where none does
    clusters: dict[tuple[str, int], int | None] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    negative_hits: list[str] = field(default_factory=list)  # negatives that got an event

    @property
    def scored_pairs(self) -> dict[int, int]:
        """The pairs whose gold meeting counts (not optional)."""
        return {g: p for g, p in self.pairs.items() if g not in self.optional}

    def misses(self) -> list[Record]:
        """Gold meetings that count and that no predicted event found."""
        return [
            g
            for gi, g in enumerate(self.gold)
            if gi not in self.pairs and gi not in self.optional
        ]

    def false_alarms(self) -> list[Record]:
        """Predicted events that found no gold meeting and are not neutral."""
        paired = set(self.pairs.values())
        return [
            p
            for pi, p in enumerate(self.pred)
            if pi not in paired and pi not in self.neutral
        ]

    def mixed(self) -> list[tuple[Record, dict[str, list[str]]]]:
        """Predicted events that hold mentions of two or more gold meetings, with the
        articles of each meeting they hold."""
        held: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for (article, gi), pi in self.clusters.items():
            if pi is not None:
                held[pi][self.gold[gi]["event_id"]].append(article)
        return [
            (self.pred[pi], {k: sorted(v) for k, v in meetings.items()})
            for pi, meetings in sorted(held.items())
            if len(meetings) > 1
        ]

    def split(self) -> list[tuple[Record, dict[str, list[str]]]]:
        """Gold meetings told by several articles whose mentions went to different
        events (or partly to none), with the articles each event holds."""
        spread: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for (article, gi), pi in self.clusters.items():
            spread[gi]["-" if pi is None else str(self.pred[pi]["event_id"])].append(article)
        return [
            (self.gold[gi], {k: sorted(v) for k, v in events.items()})
            for gi, events in sorted(spread.items())
            if len(events) > 1
        ]

    def differences(self) -> list[tuple[Record, Record, list[str]]]:
        """Paired (counting) meetings whose fields differ: what differs, per pair."""
        out = []
        for gi, pi in sorted(self.scored_pairs.items()):
            g, p = self.gold[gi], self.pred[pi]
            notes = []
            if g.get("date") and g.get("date") != p.get("date"):
                notes.append(f"date {p.get('date')} != gold {g['date']}")
            gm, pm = g.get("mode") or "unknown", p.get("mode") or "unknown"
            if gm != "unknown" and not _mode_agrees(gm, pm):
                notes.append(f"mode {pm} != gold {gm}")
            gs, ps = g.get("status") or "occurred", p.get("status") or "occurred"
            if gs != ps:
                notes.append(f"status {ps} != gold {gs}")
            ov = participant_overlap(_people(g), _people(p))
            if ov.fp or ov.fn:
                notes.append(f"participants +{ov.fp} extra -{ov.fn} missing")
            if notes:
                out.append((g, p, notes))
        return out


def _pair(gold: Sequence[Record], pred: Sequence[Record]) -> dict[int, int]:
    options = []
    for gi, g in enumerate(gold):
        g_articles = set(g.get("articles") or ())
        for pi, p in enumerate(pred):
            shared = len(g_articles & _articles(p))
            if not shared:
                continue
            f1 = participant_overlap(_people(g), _people(p)).f1
            if f1 >= 0.5:
                options.append((shared, int(_same_day(g, p)), f1, gi, pi))
    # Best first; among equals the later gold and predicted indices go first, a fixed
    # order that keeps the result the same as score.py's.
    options.sort(reverse=True)
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for *_, gi, pi in options:
        if gi not in pairs and pi not in taken:
            pairs[gi] = pi
            taken.add(pi)
    return pairs


def _mention_counts(g: Record, article: str) -> bool:
    mention = (g.get("mentions") or {}).get(article) or {}
    salience = mention["salience"] if "salience" in mention else g.get("salience")
    return salience != "optional"


def score_events(
    gold: Sequence[Record], negatives: Sequence[str], records: Iterable[Record]
) -> EventScores:
    """Score a record stream (creates, updates, merges) against event-level gold."""
    pred = final_events(records)
    pairs = _pair(gold, pred)
    optional = {gi for gi, g in enumerate(gold) if g.get("salience") == "optional"}
    paired_preds = set(pairs.values())
    neutral = {pi for gi, pi in pairs.items() if gi in optional} | {
        pi
        for pi, p in enumerate(pred)
        if pi not in paired_preds and p.get("status") == "cancelled"
    }
    s = EventScores(list(gold), pred, list(negatives), pairs, optional, neutral)
    f = s.figures
    scored = s.scored_pairs

    n_gold, n_pred, n_match = len(gold) - len(optional), len(pred) - len(neutral), len(scored)
    ev_p, ev_r = _ratio(n_match, n_pred), _ratio(n_match, n_gold)
    f.update(gold_events=n_gold, pred_events=n_pred, matched=n_match)
    f.update(event_P=ev_p, event_R=ev_r, event_F1=_f1(ev_p, ev_r))

    # Participants, micro: a missed meeting loses all its people, a predicted event that
    # paired with nothing counts all of its people as false.
    tp = fp = fn = 0
    for gi, g in enumerate(gold):
        if gi in optional:
            continue
        if gi in pairs:
            ov = participant_overlap(_people(g), _people(pred[pairs[gi]]))
            tp, fp, fn = tp + ov.tp, fp + ov.fp, fn + ov.fn
        else:
            fn += len(_people(g))
    fp += sum(len(_people(p)) for pi, p in enumerate(pred) if pi not in paired_preds)
    part_p, part_r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f.update(participant_P=part_p, participant_R=part_r, participant_F1=_f1(part_p, part_r))

    c_tp = c_fp = c_fn = 0
    dated = exact = near = moded = mode_ok = status_ok = 0
    for gi, pi in scored.items():
        g, p = gold[gi], pred[pi]
        g_sides, p_sides = _sides(_people(g)), _sides(_people(p))
        c_tp += len(g_sides & p_sides)
        c_fp += len(p_sides - g_sides)
        c_fn += len(g_sides - p_sides)
        if g.get("date"):
            dated += 1
            exact += p.get("date") == g["date"]
            apart = _days_apart(p.get("date"), g["date"])
            near += apart is not None and apart <= 1
        gm = g.get("mode") or "unknown"
        if gm != "unknown":
            moded += 1
            mode_ok += _mode_agrees(gm, p.get("mode") or "unknown")
        status_ok += (g.get("status") or "occurred") == (p.get("status") or "occurred")
    c_p, c_r = _ratio(c_tp, c_tp + c_fp), _ratio(c_tp, c_tp + c_fn)
    f["country_org_F1_matched"] = _f1(c_p, c_r)
    f["date_exact"] = exact / dated if dated else None
    f["date_within_1d"] = near / dated if dated else None
    f["mode_acc"] = mode_ok / moded if moded else None
    f["status_acc"] = status_ok / len(scored) if scored else None

    # A predicted cancellation on a negative article is no false event: a meeting called
    # off is an event by the conventions, and negatives may be built on one.
    negative_ids = set(negatives)
    hit = {
        a for p in pred if p.get("status") != "cancelled" for a in _articles(p) & negative_ids
    }
    f["negatives"] = len(negative_ids)
    f["negatives_with_events"] = len(hit)
    s.negative_hits = sorted(hit)

    _dedup(s)
    for name, value in f.items():
        if isinstance(value, float):
            f[name] = round(value, 3)
    s.figures = {name: f[name] for name in FIGURES}
    return s


def _dedup(s: EventScores) -> None:
    """B-cubed over the counting mentions that some event holds, and the multi-article
    meetings that ended whole in one event."""
    mentions = [
        (article, gi)
        for gi, g in enumerate(s.gold)
        if gi not in s.optional
        for article in g.get("articles") or ()
        if _mention_counts(g, article)
    ]
    for article, gi in mentions:
        g = s.gold[gi]
        best: tuple[tuple[int, int, float], int] | None = None
        for pi, p in enumerate(s.pred):
            if article not in _articles(p):
                continue
            f1 = participant_overlap(_people(g), _people(p)).f1
            if f1 < 0.5:
                continue
            rank = (int(s.pairs.get(gi) == pi), int(_same_day(g, p)), f1)
            if best is None or rank > best[0]:
                best = (rank, pi)
        s.clusters[(article, gi)] = None if best is None else best[1]

    found = [m for m in mentions if s.clusters[m] is not None]
    by_pred: dict[int | None, set[tuple[str, int]]] = defaultdict(set)
    by_gold: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for m in found:
        by_pred[s.clusters[m]].add(m)
        by_gold[m[1]].add(m)
    prec = rec = 0.0
    for m in found:
        both = len(by_pred[s.clusters[m]] & by_gold[m[1]])
        prec += both / len(by_pred[s.clusters[m]])
        rec += both / len(by_gold[m[1]])
    prec, rec = _ratio(prec, len(found)), _ratio(rec, len(found))

    per_meeting: dict[int, list[int | None]] = defaultdict(list)
    for m in mentions:
        per_meeting[m[1]].append(s.clusters[m])
    multi = [held for held in per_meeting.values() if len(held) > 1]
    whole = sum(1 for held in multi if len(set(held)) == 1 and held[0] is not None)
    s.figures.update(
        dedup_bcubed_P=prec,
        dedup_bcubed_R=rec,
        dedup_bcubed_F1=_f1(prec, rec),
        mentions_found=f"{len(found)}/{len(mentions)}",
        multi_article_events=len(multi),
        fully_merged=whole,
    )
