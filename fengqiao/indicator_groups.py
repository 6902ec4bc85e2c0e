"""One indicator for many org units with a fixed number of queries (issue 11: every page p95 ≤ 200 ms at 5 M).

A table of figures per city/station/beat computed unit by unit runs ``units × figures`` queries (1 808 for the
control centre's 200 rows). Instead a figure counts its records once, grouped by ``scope_path``, over the smallest
set of path prefixes covering the units (``within``), and each unit sums the groups in its subtree
(``roll_up``). A record is in a unit's subtree when its ``scope_path`` starts with the unit's path — the same test
as ``scope_path__startswith=unit.path`` of the per-unit formula, so the figures are the same.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import reduce

from django.db.models import Q

from org.models import path_prefixes

from .indicators import Measure


def covering(paths: Iterable[str]) -> list[str]:
    """The paths not inside another of them: ``a.``, ``a.b.``, ``c.`` → ``a.``, ``c.``."""
    out: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(p) for p in out):
            out.append(path)
    return out


def within(units, field: str = "scope_path") -> Q:
    """Records under any of ``units`` (a non-empty list): one ``LIKE 'prefix%'`` per covering path."""
    return reduce(operator.or_, (Q(**{f"{field}__startswith": p}) for p in covering(u.path for u in units)))


def roll_up(units, rows: Iterable[tuple[str, Iterable[int]]]) -> dict[str, list[int]]:
    """Sum per-path tuples of counts into every unit above the path: ``{unit.path: [sums…]}``.

    ``path_prefixes`` gives a path's ancestors at segment boundaries; a unit's path is one of them exactly when the
    record's path starts with it (org paths are fixed-width segments)."""
    wanted = {u.path for u in units}
    sums: dict[str, list[int]] = defaultdict(list)
    for path, counts in rows:
        counts = list(counts)
        for prefix in path_prefixes(path or ""):
            if prefix in wanted:
                acc = sums[prefix]
                if not acc:
                    acc.extend([0] * len(counts))
                for i, n in enumerate(counts):
                    acc[i] += n or 0
    return sums


def grouped(qs, units, **aggregates) -> dict[str, list[int]]:
    """``aggregates`` of ``qs`` over ``units`` in one query grouped by ``scope_path``, summed per unit subtree:
    ``grouped(tasks, units, n=Count("pk", filter=…), d=Count("pk"))`` → ``{unit.path: [n, d]}``."""
    rows = (
        qs.filter(within(units))
        .order_by()
        .values("scope_path")
        .annotate(**aggregates)
        .values_list("scope_path", *aggregates)
    )
    return roll_up(units, ((row[0], row[1:]) for row in rows))


def ratios(units, sums: Mapping[str, list[int]]) -> dict[str, Measure]:
    """``{unit.path: Measure(numerator, denominator)}`` from ``roll_up`` sums of ``(numerator, denominator)``."""
    return {u.path: Measure(*(sums.get(u.path) or (0, 0))) for u in units}


def counts(units, sums: Mapping[str, list[int]]) -> dict[str, Measure]:
    """``{unit.path: Measure(count)}`` from ``roll_up`` sums of ``(count,)``."""
    return {u.path: Measure((sums.get(u.path) or (0,))[0]) for u in units}
