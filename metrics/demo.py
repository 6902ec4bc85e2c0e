"""Demo beat boundaries: plausible polygons laid out station by station, so the dashboard has a map to show.

Deterministic (seeded by the beat's code) and idempotent: a beat that already has a boundary keeps it."""

from __future__ import annotations

import math
import random

from org.models import OrgUnit, OrgUnitKind

from .models import BeatBoundary

ORIGIN = (120.10, 30.25)  # somewhere plausible; any origin serves, the map is drawn from these shapes alone
CELL = 0.02  # degrees per beat cell
COLUMNS = 2  # beats per row inside a station's block


def _polygon(cx: float, cy: float, rng: random.Random) -> dict:
    """A convex-ish 8-sided shape filling most of its cell (neighbouring beats nearly touch)."""
    points = []
    for i in range(8):
        angle = math.pi / 4 * i + math.pi / 8
        radius = CELL * (0.62 + rng.uniform(-0.05, 0.05))
        x = cx + max(-CELL / 2, min(CELL / 2, radius * math.cos(angle)))
        y = cy + max(-CELL / 2, min(CELL / 2, radius * math.sin(angle)))
        points.append([round(x, 6), round(y, 6)])
    points.append(points[0])
    return {"type": "Polygon", "coordinates": [points]}


def seed_beat_boundaries() -> int:
    stations = OrgUnit.objects.filter(kind=OrgUnitKind.STATION).order_by("path")
    created = 0
    for s, station in enumerate(stations):
        beats = OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, parent=station).order_by("path")
        block_x = ORIGIN[0] + (s % 3) * CELL * (COLUMNS + 0.3)
        block_y = ORIGIN[1] - (s // 3) * CELL * 3.3
        for b, beat in enumerate(beats):
            if BeatBoundary.objects.filter(org_unit=beat).exists():
                continue
            rng = random.Random(beat.code)
            cx = block_x + (b % COLUMNS) * CELL + CELL / 2
            cy = block_y - (b // COLUMNS) * CELL - CELL / 2
            BeatBoundary.objects.create(org_unit=beat, geometry=_polygon(cx, cy, rng))
            created += 1
    return created
