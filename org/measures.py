"""The measures staffing rules read: each a named function of one unit's ``UnitCounts``.

Registered by name so a rule row in ``org.rules`` can refer to it; nothing else computes these numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class UnitCounts:
    pk: int
    kind: str  # OrgUnitKind value
    path: str
    has_two_teams_one_room: bool = False
    staff: dict[str, int] = field(default_factory=dict)  # StaffKind → active staff in the subtree
    staff_on_beats: dict[str, int] = field(default_factory=dict)  # same, counting only those under a beat
    children: dict[str, int] = field(default_factory=dict)  # OrgUnitKind → active descendants
    population: int = 0

    def count(self, *kinds: str) -> int:
        return sum(self.staff.get(k, 0) for k in kinds)


MEASURES: dict[str, Callable[..., Decimal | bool | None]] = {}


def measure(fn):
    MEASURES[fn.__name__] = fn
    return fn


def _police(c: UnitCounts) -> int:
    return c.count("community_officer", "station_lead", "other_police")


@measure
def has_two_teams_one_room(c: UnitCounts, **_) -> bool:
    return c.has_two_teams_one_room


@measure
def lacks_two_teams_one_room(c: UnitCounts, **_) -> bool:
    return not c.has_two_teams_one_room


@measure
def community_officer_share(c: UnitCounts, **_) -> Decimal | None:
    police = _police(c)
    return None if police == 0 else Decimal(c.count("community_officer")) / police


@measure
def police_not_on_beat(c: UnitCounts, **_) -> Decimal:
    on_beats = c.staff_on_beats.get("community_officer", 0) + c.staff_on_beats.get("other_police", 0)
    return Decimal(c.count("community_officer", "other_police") - on_beats)


@measure
def two_teams_one_room_due(
    c: UnitCounts, *, police_min, police_min_with_auxiliaries, auxiliaries_per_police
) -> Decimal:
    police = _police(c)
    auxiliaries = c.count("auxiliary", "police_assistant")
    due = police >= police_min or (
        police >= police_min_with_auxiliaries and auxiliaries >= police * auxiliaries_per_police
    )
    return Decimal(1 if due else 0)


@measure
def residents_per_community_officer(c: UnitCounts, **_) -> Decimal | None:
    officers = c.count("community_officer")
    if officers == 0:
        return None if c.population == 0 else Decimal(c.population)
    return (Decimal(c.population) / officers).quantize(Decimal("1"))


@measure
def community_officer_count(c: UnitCounts, **_) -> Decimal:
    return Decimal(c.count("community_officer"))


@measure
def auxiliary_shortfall(c: UnitCounts, **_) -> Decimal:
    return Decimal(max(0, c.children.get("community", 0) - c.count("auxiliary", "police_assistant")))


@measure
def security_committee_members(c: UnitCounts, **_) -> Decimal:
    return Decimal(c.count("security_committee"))


@measure
def police_post_count(c: UnitCounts, **_) -> Decimal:
    return Decimal(c.children.get("police_post", 0))
