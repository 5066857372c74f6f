"""Every knob of report matching, in one frozen object with documented defaults.

The match score of a candidate against an event is

    score = w_participants * P + w_date * D + w_kind * K + w_mode * M + w_place * L

with each factor in 0..1 and the weights summing to 1 (see `matching`). Any factor can
instead veto the match outright (kinds, modes, places or dates that cannot describe the
same meeting, no shared participant); a vetoed pair scores 0. An event is joined when its
score reaches `threshold`; otherwise the candidate starts a new event.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["DedupSettings"]


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """Weights, factor values and thresholds of deduplication; all tunable."""

    # Event-time window: state whose meeting date (or, undated, its last report day)
    # is older than watermark - window_days is dropped by `Deduplicator.expire`.
    window_days: int = 30
    # Largest gap, in days, between the dates of two reports of one meeting: reports
    # written in different time zones ("Monday (local time)") differ by one day.
    max_day_gap: int = 1
    # An announced meeting with no date ("is expected to visit early next year") is
    # held some time after the announcement: within this many days of its publication.
    planned_horizon_days: int = 90
    # Least score that joins a candidate to an event.
    threshold: float = 0.5
    # Least score with which a candidate must match a second (third...) event for those
    # events to be merged into one (see `matching.can_merge`): merging two published
    # events is a bigger step than joining one, so it asks for a clearer match.
    merge_threshold: float = 0.6

    # Weights of the five factors; they should sum to 1 so that the score is 0..1.
    weight_participants: float = 0.45
    weight_date: float = 0.25
    weight_kind: float = 0.10
    weight_mode: float = 0.10
    weight_place: float = 0.10

    # P = share * S / min(|A|, |B|) + (1 - share) * S / (|A| + |B| - S), S being the summed
    # strength of matched participant pairs: the first term lets a report naming 2 of 12
    # leaders match fully, the second prefers the event whose participant set is closest.
    participant_overlap_share: float = 0.75
    # Strength of a matched pair: both named, or an unnamed side matched by title
    # (same country/org and role), or by affiliation alone (a delegation).
    named_match: float = 1.0
    titled_match: float = 0.8
    delegation_match: float = 0.6
    # When both sides list at least this many participants, at least this many must
    # match: two calls of one leader with different counterparts share only one.
    min_shared_when_both_plural: int = 2

    # D = precision factor * (1 - date_gap_penalty * gap in days), the precision factor
    # being the coarser of the two sides; an undated report uses its publication day.
    date_day: float = 1.0
    date_week: float = 0.7
    date_month: float = 0.5
    date_published_day: float = 0.5
    date_gap_penalty: float = 0.4
    # An undated announcement against the meeting held later: date_planned_undated,
    # falling linearly by date_planned_decay at the horizon's end, so that of two later
    # meetings of the same people the nearer one wins.
    date_planned_undated: float = 0.4
    date_planned_decay: float = 0.5

    # K: same kind, or different but compatible (meeting/talks/visit).
    kind_same: float = 1.0
    kind_compatible: float = 0.6

    # M: same known mode; one side unknown; remote against phone/video; phone against video.
    mode_same: float = 1.0
    mode_unknown: float = 0.6
    mode_remote: float = 0.8
    mode_medium_mismatch: float = 0.4

    # L: same city; same country with a city unknown; nothing to compare (calls, no place).
    place_same_city: float = 1.0
    place_same_country: float = 0.7
    place_unknown: float = 0.5

    # Named gatherings. A summit report carrying one of these topic labels (the group's
    # folded acronym, as the extractor labels a gathering) reports that group's meeting,
    # and attendance lists of a summit differ between reports: two summit reports with a
    # label in common are one gathering even when they name nobody in common, provided
    # both give the day (within max_day_gap) or both name the same city, and no factor
    # vetoes. Their participant factor is then at least gathering_participants. With
    # gathering_label_veto, a labelled summit never matches a meeting, talks or visit
    # (however few sides it names), nor a summit labelled with other groups only (a Quad
    # meeting on the G7's margins).
    gathering_labels: frozenset[str] = frozenset(
        {
            "g7", "g8", "g20", "brics", "sco", "asean", "apec", "quad", "nato", "eu",
            "au", "celac", "saarc", "gcc", "ecowas", "sadc", "eac", "igad", "caricom",
            "csto", "eaeu", "cis", "mercosur", "oas", "osce", "oic", "arab league",
            "commonwealth", "epc", "nam", "opec", "aukus", "unga", "unsc",
        }
    )  # fmt: skip
    gathering_participants: float = 0.5
    gathering_label_veto: bool = True

    # Confidence of an event: 1 - prod(1 - c_i) over independent sources, capped.
    confidence_cap: float = 0.99

    # Coalescing: a report that changes nothing a consumer sees but `source_count` is
    # published only once the count has grown by both this many reports and this share
    # since the last published record (about 57 count-only records from 1 to 10,000
    # reports). The mentions stream carries every report.
    count_update_min_step: int = 10
    count_update_growth: float = 0.1

    def __post_init__(self) -> None:
        # A bad setting would silently merge everything or nothing: fail at start-up.
        if self.window_days < 1:
            raise ValueError("window_days must be at least 1")
        if self.planned_horizon_days < 0:
            raise ValueError("planned_horizon_days must not be negative")
        if self.max_day_gap < 0:
            raise ValueError("max_day_gap must not be negative")
        if self.min_shared_when_both_plural < 1:
            raise ValueError("min_shared_when_both_plural must be at least 1")
        if any(label != label.strip().lower() or not label for label in self.gathering_labels):
            raise ValueError("gathering_labels must be folded: lower case, no outer spaces")
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not 0.0 <= value <= 1.0:
                raise ValueError(f"{f.name} must be within 0..1, got {value}")
        total = (
            self.weight_participants
            + self.weight_date
            + self.weight_kind
            + self.weight_mode
            + self.weight_place
        )
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"the five weights must sum to 1, got {total}")
