"""Where every module declares its indicators (指标), for the metrics catalogue to collect.

Indicators are computed from records, never typed in (DESIGN.md). Each module keeps its formulas next to its
records, in ``<app>/indicators.py``, and declares each one here with ``register(IndicatorSpec(...))`` at import
time (the app's ``AppConfig.ready`` imports its ``indicators`` module). The ``metrics`` app — which reads every
module and which no module imports — snapshots, ranks and drills down through these specs; modules never import
``metrics``.

A formula is a function ``compute(unit, start, end) -> Measure``: the value for the org subtree of ``unit``
(an ``org.OrgUnit``: beat, station, sub-bureau or city) over the days ``start``..``end`` inclusive. It is not
scoped by user: whoever may see the unit may see its figures (pages check that). ``records(unit, start, end)``,
when given, returns the queryset behind the numerator's denominator, for drill-down.

"以上" includes the number (规范001 第一百二十五条): a target ``Decimal("0.95")`` with ``direction=">="`` is met
at exactly 95 %.

No case-solving or punishment quota may be an indicator of community policing (规范001 第七十七条第三款,
第一百一十四条): ``register`` refuses a spec tagged with one of ``FORBIDDEN_TAGS`` unless it declares itself
outside the community-policing scheme, and the system check ``fengqiao.E001`` says so at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import checks

# Tags that mark a case-handling quota: 破案、打处、办案 (规范001 第一百一十四条).
FORBIDDEN_TAGS = frozenset({"破案", "打处", "办案", "case_solving", "punishment"})
FORBIDDEN_SOURCE = "规范001 第七十七条第三款、第一百一十四条"

UNITS = ("ratio", "count", "hours", "days", "score")
DIRECTIONS = (">=", "<=", "==")


@dataclass(frozen=True)
class Measure:
    """A figure: ``numerator / denominator`` for ratios; ``numerator`` alone for counts (denominator None)."""

    numerator: Decimal | int
    denominator: Decimal | int | None = None

    @property
    def value(self) -> Decimal | None:
        if self.denominator is None:
            return Decimal(self.numerator)
        if not self.denominator:
            return None  # nothing to measure: neither met nor missed
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class IndicatorSpec:
    code: str  # stable, e.g. "art62_reinspection_on_time"
    name: str  # Chinese, as the standard names it: "按期复查率"
    source: str  # "规范001 第六十二条(二)"
    compute: Callable[..., Measure]  # compute(unit, start, end) -> Measure
    unit: str = "ratio"  # one of UNITS
    target: Decimal | None = None  # e.g. Decimal("0.95")
    direction: str = ">="  # one of DIRECTIONS
    period: str = "month"  # the natural period: day / week / month / quarter / year
    module: str = ""  # the owning app label, filled by register()
    tags: frozenset[str] = field(default_factory=frozenset)
    reading: str = ""  # how an ambiguous article was read (Chinese)
    community_policing: bool = True  # part of the community-policing evaluation scheme (第一百一十三条)
    records: Callable | None = None  # records(unit, start, end) -> QuerySet, for drill-down

    def met(self, value: Decimal | None) -> bool | None:
        if value is None or self.target is None:
            return None
        return {">=": value >= self.target, "<=": value <= self.target, "==": value == self.target}[self.direction]

    def problems(self) -> list[str]:
        found = []
        if not self.code or not self.name or not self.source:
            found.append("code, name and source are required")
        if self.unit not in UNITS:
            found.append(f"unit {self.unit!r} is not one of {UNITS}")
        if self.direction not in DIRECTIONS:
            found.append(f"direction {self.direction!r} is not one of {DIRECTIONS}")
        if self.community_policing and self.tags & FORBIDDEN_TAGS:
            quota = sorted(self.tags & FORBIDDEN_TAGS)
            found.append(f"破案、打处、办案类指标不得纳入社区警务考评（{FORBIDDEN_SOURCE}）：{quota}")
        return found


CATALOGUE: dict[str, IndicatorSpec] = {}


class IndicatorRefused(ValueError):
    pass


def register(spec: IndicatorSpec, *, module: str) -> IndicatorSpec:
    """Declare an indicator. Refuses a malformed spec, a case quota and a code already taken by another module."""
    problems = spec.problems()
    if problems:
        raise IndicatorRefused(f"{spec.code}: {'; '.join(problems)}")
    existing = CATALOGUE.get(spec.code)
    if existing is not None and existing.module != module:
        raise IndicatorRefused(f"{spec.code}: already declared by {existing.module}")
    spec = IndicatorSpec(**{**spec.__dict__, "module": module})
    CATALOGUE[spec.code] = spec
    return spec


def catalogue() -> list[IndicatorSpec]:
    return sorted(CATALOGUE.values(), key=lambda s: (s.module, s.code))


@checks.register()
def check_catalogue(app_configs=None, **kwargs):
    return [
        checks.Error(f"指标 {spec.code}: {problem}", id="fengqiao.E001", obj=spec.code)
        for spec in CATALOGUE.values()
        for problem in spec.problems()
    ]


# ---------------------------------------------------------------- stored figures (the daily snapshots)


@dataclass(frozen=True)
class Stored:
    """A figure as the daily job stored it: its measure and when it was taken (a page says “截至 …”)."""

    measure: Measure
    taken_at: object  # datetime
    start: object  # date
    end: object  # date


# The reader of stored figures: ``metrics`` registers its snapshots' reader here (no module imports ``metrics``), so a
# module's own page can show its catalogue figures at city scale without counting millions of rows (issue 11).
# ``reader(unit_ids, codes, start, end) -> {(unit_id, code): Stored}``: only figures of exactly that span.
_SNAPSHOT_READERS: list[Callable] = []


def register_snapshot_reader(reader: Callable) -> None:
    _SNAPSHOT_READERS[:] = [reader]


def stored_measures(unit_ids, codes, start, end) -> dict[tuple[int, str], Stored]:
    """The stored figures of ``codes`` for the units and the days ``start``..``end`` in one read; empty when no
    reader is registered or nothing was stored (the caller then computes)."""
    unit_ids, codes = list(unit_ids), list(codes)
    if not _SNAPSHOT_READERS or not unit_ids or not codes:
        return {}
    return _SNAPSHOT_READERS[0](unit_ids, codes, start, end)
