"""Questions the lower modules ask of a higher one without importing it (the import order of DESIGN.md).

``duty_officers_at(station, when)``: who is on duty (值班) at a station at a moment — answered by the ``duty``
module from its roster (A post, or B when A is on leave), registered from its ``AppConfig.ready``. Without a
roster (no answerer, or no shift covering the moment) it answers an empty list, and the caller keeps its own
default (casework's mediation hand-over: whoever handed over, ADR 0007).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

DutyLookup = Callable[..., list]
_duty_lookup: list[DutyLookup] = []


def register_duty_lookup(lookup: DutyLookup) -> None:
    _duty_lookup[:] = [lookup]


def duty_officers_at(station, when: datetime) -> list:
    """The user accounts on duty at ``station`` (an org.OrgUnit) at ``when``; [] when nobody answers."""
    for lookup in _duty_lookup:
        return list(lookup(station=station, when=when))
    return []
