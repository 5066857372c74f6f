"""The deduplication stage as a pure state transition over three JSON mappings.

    candidates of one article ──process──▶ MeetingEvent v1 records to publish
                              ──outcome──▶ the same, and one MeetingMention v1 per report
                               ◀─expire──  event-time watermark

The same code runs in the faust `dedup` agent (consuming `<app>-candidates`, producing
`diplomatic.meetings`) with faust Tables as the mappings, and in `parley extract` with
plain dicts. Values are JSON only and never mutated after being read: faust records
assignments, so every change is a fresh value written back with `mapping[key] = value`.

    events:    event_id -> event state (see `state`)
    day_index: "YYYY-MM-DD#nn" -> [event_id, ...], the events of a meeting day (undated
               events: of their reports' publication days), split in 32 by event id
               (see `state.day_list_key`), and
               "YYYY-MM-DD|<token>" -> the part of that list sharing a participant token
               ("n:scholz", "c:DE", ...), which is what matching reads
    seen:      "id:<article_id>" / "fp:<fingerprint>" -> day first seen
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from parley.dedup.dates import day_key, published_day
from parley.dedup.matching import (
    EventState,
    can_merge,
    candidate_days,
    kind_groups,
    label_tokens,
    match_score,
    party_count,
)
from parley.dedup.participants import person_key, probe_tokens_of
from parley.dedup.record import (
    build_mention,
    build_record,
    content_digest,
    make_event_id,
    member_from_candidate,
)
from parley.dedup.settings import DedupSettings
from parley.dedup.state import (
    block_key,
    event_state,
    event_summary,
    event_view,
    horizon,
    index_keys,
    pack_summary,
    plan_key,
    week_starts,
)
from parley.dedup.summary import add_report, combine, content
from parley.model import Candidate

__all__ = ["Deduplicator", "Outcome"]

State = Mapping[str, Any]


def _holds(state: State, article_id: str, index: int) -> bool:
    # The report is already in the event: replayed after a crash that lost `seen`. Only
    # the latest reports are remembered, which is where a replay finds them.
    return f"{article_id}#{index}" in event_summary(state)["recent"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one article did: event records to publish, and one mention per report."""

    records: list[dict[str, Any]]
    mentions: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class _Applied:
    records: list[dict[str, Any]]
    event_id: str
    version: int


@dataclass(frozen=True, slots=True)
class _Held:
    """The report is already a member of this event."""

    event_id: str


class Deduplicator:
    """Merges the reports of one real meeting into one event and says what to publish."""

    __slots__ = ("_events", "_index", "_parsed", "_seen", "_settings")

    # Bound on the parsed-view cache, least recently used out first. Reports arrive
    # roughly in event-time order and probe the events of their own few days, so a
    # few thousand views cover what matching reads; a parsed view costs about 3 KB,
    # which for every live event was the largest part of the dedup state's memory.
    _PARSED_MAX = 8_192

    def __init__(
        self,
        events: MutableMapping[str, Any],
        day_index: MutableMapping[str, Any],
        seen: MutableMapping[str, Any],
        settings: DedupSettings = DedupSettings(),  # noqa: B008 - frozen, safe to share
    ) -> None:
        self._events = events
        self._index = day_index
        self._seen = seen
        self._settings = settings
        # event_id -> (the stored view object, its EventState). Parsing a view costs more
        # than scoring it, and a view object is never mutated once stored, so while the
        # mapping hands back the very same object the parse is still right. Stores that
        # deserialize on every read (RocksDB) simply never hit.
        self._parsed: dict[str, tuple[Any, EventState]] = {}

    @property
    def settings(self) -> DedupSettings:
        return self._settings

    def process(
        self, article_id: str, fingerprint: str, candidates: Sequence[Candidate], now: str
    ) -> list[dict[str, Any]]:
        """Apply one article's candidates; return the records to publish, in order
        (`outcome` without the mentions)."""
        return self.outcome(article_id, fingerprint, candidates, now).records

    def outcome(
        self,
        article_id: str,
        fingerprint: str,
        candidates: Sequence[Candidate],
        now: str,
        *,
        epoch: int = 0,
    ) -> Outcome:
        """Apply one article's candidates; return the records to publish, in order, and
        the MeetingMention of each candidate that went into an event.

        An article id seen before, or a copy of a seen text (same fingerprint), gives
        nothing. A candidate creates an event (version 1), updates the best-matching one
        (version + 1), or, when it changes nothing but the count, publishes nothing
        unless the count grew enough since the last record (see `_worth_publishing`).
        A candidate that bridges several events (see `can_merge`) merges them into the
        smallest id, which is published first, then one last record of each absorbed
        event carrying `merged_into`. `now` (RFC 3339) becomes first_seen_at /
        updated_at of what is published. `epoch` goes into the ids of the events this
        article creates (`make_event_id`).
        """
        now_day = published_day(now)
        if now_day is None:
            raise ValueError(f"now must be an RFC 3339 date-time, got {now!r}")
        id_key = f"id:{article_id}"
        if id_key in self._seen:
            return Outcome([], [])
        # Seen entries are dated on event time, like everything expire() compares.
        day = next((d for c in candidates if (d := published_day(c.source.published_at))), now_day)
        fp_key = f"fp:{fingerprint}" if fingerprint else None
        if fp_key is not None and fp_key in self._seen:
            self._seen[id_key] = day
            return Outcome([], [])
        records: list[dict[str, Any]] = []
        mentions: list[dict[str, Any]] = []
        for index, candidate in enumerate(candidates):
            member = member_from_candidate(candidate, article_id, index)
            applied = self._apply(article_id, index, candidate, member, now, epoch)
            records.extend(applied.records)
            mentions.append(
                build_mention(
                    member,
                    event_id=applied.event_id,
                    event_version=applied.version,
                    mentioned_at=now,
                )
            )
        # Marked last: a crash before this line replays the article, and _holds() plus
        # the deterministic event ids make the replay land where the first run did.
        self._seen[id_key] = day
        if fp_key is not None:
            self._seen[fp_key] = day
        return Outcome(records, mentions)

    def expire(self, watermark: date) -> int:
        """Drop state older than watermark - window_days; return how many events went.

        An event goes when the end of its date range (undated: its last report day) is
        before the cutoff; index days and seen entries go when their day is.
        """
        cutoff = day_key((watermark - timedelta(days=self._settings.window_days)).toordinal())
        # Every key starts with its day, so string order on the prefix is day order.
        old_keys = {k for k in list(self._index.keys()) if k[:10] < cutoff}
        doomed: set[str] = set()
        for key in old_keys:
            if "|" in key:
                continue  # the plain day list names every event of the day
            for event_id in self._index.get(key) or ():
                state = self._events.get(event_id)
                if state is not None and state["horizon"] < cutoff:
                    doomed.add(event_id)
        for event_id in sorted(doomed):
            state = self._events[event_id]
            del self._events[event_id]
            self._parsed.pop(event_id, None)
            self._reindex(event_id, [k for k in state["keys"] if k not in old_keys], [])
        for key in old_keys:
            del self._index[key]
        for key, first_day in list(self._seen.items()):
            if first_day < cutoff:
                del self._seen[key]
        return len(doomed)

    # -- one report ------------------------------------------------------------------

    def _apply(
        self,
        article_id: str,
        index: int,
        candidate: Candidate,
        member: dict[str, Any],
        now: str,
        epoch: int = 0,
    ) -> _Applied:
        own_id = make_event_id(article_id, index, epoch)
        own = self._events.get(own_id)
        if own is not None and _holds(own, article_id, index):
            return self._current(own_id, now)
        found = self._matching_events(article_id, index, candidate)
        if isinstance(found, _Held):
            return self._current(found.event_id, now)
        if not found:
            return _Applied([self._create(own_id, member, now)], own_id, 1)
        group = self._merge_group(candidate, found)
        if len(group) > 1:
            return self._merge(group, member, now)
        return self._join(group[0], member, now)

    def _current(self, event_id: str, now: str) -> _Applied:
        return _Applied([self._current_record(event_id, now)], event_id, self._version(event_id))

    def _version(self, event_id: str) -> int:
        return int(self._events[event_id]["version"])

    def _merge_group(self, candidate: Candidate, found: Sequence[tuple[float, str]]) -> list[str]:
        """The best-matching event plus every other one the candidate shows to be the same
        meeting, in match order."""
        group = [found[0][1]]
        for score, event_id in found[1:]:
            if score < self._settings.merge_threshold:
                break
            state = self._state_of(event_id)
            if all(
                can_merge(candidate, self._state_of(other), state, self._settings)
                for other in group
            ):
                group.append(event_id)
        return group

    def _state_of(self, event_id: str) -> EventState:
        return self._event_state(event_id, self._events[event_id]["view"])

    def _current_record(self, event_id: str, now: str) -> dict[str, Any]:
        # A report already held but not marked seen: the run that applied it crashed
        # before finishing, maybe before its record went out. Sending the event's
        # current record again (same version) is the at-least-once answer when it is
        # what that version said. When coalescing held back a count since, the current
        # content is a new version: one version never stands for two different records.
        state = self._events[event_id]
        shown = content(event_summary(state), self._settings)
        version = int(state["version"])
        updated_at = str(state["updated_at"])
        if content_digest(shown) != state["digest"] or shown["source_count"] != state.get(
            "shown_count"
        ):
            version, updated_at = version + 1, now
            self._events[event_id] = {
                **state,
                "version": version,
                "updated_at": now,
                "digest": content_digest(shown),
                "shown_count": shown["source_count"],
            }
        return build_record(
            shown,
            event_id=event_id,
            version=version,
            first_seen_at=str(state["first_seen_at"]),
            updated_at=updated_at,
        )

    def _matching_events(
        self, article_id: str, index: int, candidate: Candidate
    ) -> list[tuple[float, str]] | _Held:
        """Every event the candidate may join, as (score, id), best first; ties to the
        smaller id so that the choice does not depend on set iteration order."""
        s = self._settings
        span = candidate_days(candidate, s)
        if span is None:
            return []
        people = [person_key(p) for p in candidate.participants]
        lo, hi = span[0] - s.max_day_gap, span[1] + s.max_day_gap
        days = [day_key(o) for o in range(lo, hi + 1)]
        # Undated announcements whose horizon may hold this report's meeting.
        weeks = [day_key(o) for o in week_starts(lo, hi)]
        # hits[event] = how many of the report's participants could be someone in it.
        hits: dict[str, int] = {}
        for person in people:
            mine: set[str] = set()
            for token in probe_tokens_of(person):
                for day in days:
                    ids = self._index.get(block_key(day, token))
                    if ids:
                        mine.update(ids)
                for week in weeks:
                    ids = self._index.get(plan_key(week, token))
                    if ids:
                        mine.update(ids)
            for event_id in mine:
                hits[event_id] = hits.get(event_id, 0) + 1
        # Summits of the group a labelled summit report names, whoever they list.
        labelled: set[str] = set()
        for token in label_tokens(candidate.kind, candidate.topics, s):
            for day in days:
                labelled.update(self._index.get(block_key(day, token)) or ())
        for event_id in labelled:
            hits.setdefault(event_id, 0)
        plural = s.min_shared_when_both_plural
        sides = party_count(candidate.participants)
        groups = kind_groups(candidate.kind, sides)
        found: list[tuple[float, str]] = []
        for event_id, shared in hits.items():
            state = self._events.get(event_id)
            if state is None:
                continue
            view = state["view"]
            # The participant factor's own veto, decided before anything is parsed: a
            # one-to-one pairing of `plural` people needs `plural` distinct hits.
            if (
                shared < plural <= len(people)
                and len(view["participants"]) >= plural
                and event_id not in labelled
            ):
                continue
            if groups.isdisjoint(kind_groups(view["kind"], _parties(view))):
                continue
            if article_id in view["articles"]:
                if _holds(state, article_id, index):
                    return _Held(event_id)
                continue
            score = match_score(candidate, self._event_state(event_id, view), s)
            if score >= s.threshold:
                found.append((score, event_id))
        found.sort(key=lambda t: (-t[0], t[1]))
        return found

    def _event_state(self, event_id: str, view: Any) -> EventState:
        cache = self._parsed
        hit = cache.pop(event_id, None)
        if hit is not None and hit[0] is view:
            cache[event_id] = hit  # now the most recently used
            return hit[1]
        parsed = event_state(view, event_id)
        if len(cache) >= self._PARSED_MAX:
            del cache[next(iter(cache))]
        cache[event_id] = (view, parsed)
        return parsed

    def _create(self, event_id: str, member: dict[str, Any], now: str) -> dict[str, Any]:
        summary = add_report(None, member, _published(member))
        shown = content(summary, self._settings)
        view = event_view(shown, summary)
        keys = index_keys(view, self._settings.planned_horizon_days, event_id)
        if keys and view["tokens"]:
            # An event no report could be compared with (no day, nobody identifiable)
            # would only take memory until expiry; its record is all there is to it.
            self._events[event_id] = {
                "event_id": event_id,
                "version": 1,
                "first_seen_at": now,
                "updated_at": now,
                "digest": content_digest(shown),
                "shown_count": 1,
                "summary": pack_summary(summary),
                "view": view,
                "keys": keys,
                "horizon": horizon(view, self._settings.planned_horizon_days),
            }
            self._reindex(event_id, [], keys)
        return build_record(shown, event_id=event_id, version=1, first_seen_at=now, updated_at=now)

    def _worth_publishing(self, changed: bool, count: int, shown_count: int) -> bool:
        """Whether a report's update goes out: any change a consumer sees but the count
        does; a count-only change once the count has grown by `count_update_min_step`
        reports and by `count_update_growth` since the last published record. Every
        report is on the mentions stream either way."""
        if changed:
            return True
        s = self._settings
        step = max(s.count_update_min_step, shown_count * s.count_update_growth)
        return count >= shown_count + step

    def _join(self, event_id: str, member: dict[str, Any], now: str) -> _Applied:
        state = self._events[event_id]
        summary = add_report(event_summary(state), member, _published(member), copy=False)
        shown = content(summary, self._settings)
        digest = content_digest(shown)
        count = int(summary["n"])
        shown_count = int(state.get("shown_count", count - 1))
        publish = self._worth_publishing(digest != state["digest"], count, shown_count)
        version = int(state["version"]) + 1 if publish else int(state["version"])
        updated_at = now if publish else str(state["updated_at"])
        view = event_view(shown, summary)
        keys = index_keys(view, self._settings.planned_horizon_days, event_id)
        self._events[event_id] = {
            "event_id": event_id,
            "version": version,
            "first_seen_at": state["first_seen_at"],
            "updated_at": updated_at,
            # Of the last published record: what the next report is compared with.
            "digest": digest if publish else state["digest"],
            "shown_count": count if publish else shown_count,
            "summary": pack_summary(summary),
            "view": view,
            "keys": keys,
            "horizon": horizon(view, self._settings.planned_horizon_days),
        }
        self._reindex(event_id, list(state["keys"]), keys)
        if not publish:
            return _Applied([], event_id, version)
        record = build_record(
            shown,
            event_id=event_id,
            version=version,
            first_seen_at=str(state["first_seen_at"]),
            updated_at=updated_at,
        )
        return _Applied([record], event_id, version)

    def _merge(self, group: Sequence[str], member: dict[str, Any], now: str) -> _Applied:
        # The smallest id survives: it depends only on which events merge, not on the
        # order they were created or matched in, so replays and other orders agree.
        survivor = min(group)
        absorbed = sorted(x for x in group if x != survivor)
        states = {x: self._events[x] for x in group}
        summary = add_report(
            combine(event_summary(states[x]) for x in sorted(group)),
            member,
            _published(member),
            copy=False,
        )
        shown = content(summary, self._settings)
        view = event_view(shown, summary)
        keys = index_keys(view, self._settings.planned_horizon_days, survivor)
        # The meeting was first seen when the first of its parts was.
        first_seen = min(str(states[x]["first_seen_at"]) for x in group)
        version = int(states[survivor]["version"]) + 1
        self._events[survivor] = {
            "event_id": survivor,
            "version": version,
            "first_seen_at": first_seen,
            "updated_at": now,
            "digest": content_digest(shown),
            "shown_count": int(summary["n"]),
            "summary": pack_summary(summary),
            "view": view,
            "keys": keys,
            "horizon": horizon(view, self._settings.planned_horizon_days),
        }
        self._reindex(survivor, list(states[survivor]["keys"]), keys)
        records = [
            build_record(
                shown,
                event_id=survivor,
                version=version,
                first_seen_at=first_seen,
                updated_at=now,
            )
        ]
        for event_id in absorbed:
            state = states[event_id]
            # Its last word: what it said, and where its reports went. Consumers keeping
            # the latest record per key drop it; nothing here will match it again.
            records.append(
                build_record(
                    content(event_summary(state), self._settings),
                    event_id=event_id,
                    version=int(state["version"]) + 1,
                    first_seen_at=str(state["first_seen_at"]),
                    updated_at=now,
                    merged_into=survivor,
                )
            )
            del self._events[event_id]
            self._parsed.pop(event_id, None)
            self._reindex(event_id, list(state["keys"]), [])
        return _Applied(records, survivor, version)

    def _reindex(self, event_id: str, old: Sequence[str], new: Sequence[str]) -> None:
        for day in set(old) - set(new):
            ids = self._index.get(day)
            if ids and event_id in ids:
                rest = [x for x in ids if x != event_id]
                if rest:
                    self._index[day] = rest
                else:
                    del self._index[day]
        for day in sorted(set(new) - set(old)):
            self._index[day] = [*(self._index.get(day) or ()), event_id]


def _published(member: Mapping[str, Any]) -> str | None:
    return published_day(member["source"].get("published_at"))


def _parties(view: Mapping[str, Any]) -> int:
    # Stored with the view: this test runs on every event a report's tokens hit, dozens
    # per report on a busy day, and counting sides each time was most of dedup's cost.
    parties = view.get("parties")
    return party_count(view["participants"]) if parties is None else int(parties)
