"""考评与指标 pages: thin views over the metrics selectors and services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.selectors import user_may
from fengqiao.indicators import CATALOGUE
from web.shortcuts import get_or_404

from . import selectors
from .pending import waiting_for
from .periods import parse_period, period_bounds, previous_periods


def _require(request, perm: str = Perm.VIEW_METRICS) -> None:
    if not user_may(request.user, perm):
        raise PermissionDenied(_("您没有查看考评与指标的权限"))


def _unit_and_period(request):
    """The unit asked for (``?unit=pk``, default the top of the viewer's scope) and the month (``?period=``)."""
    _require(request)
    pk = request.GET.get("unit")
    if pk:
        unit = get_or_404(selectors.metric_unit_get, user=request.user, pk=pk)
    else:
        unit = selectors.home_metric_unit(user=request.user)
        if unit is None:
            raise Http404
    try:
        period = parse_period(request.GET.get("period"))
    except ValidationError:
        period = parse_period("")
    return unit, period


def workbench(request):
    """领导工作台: what waits for the leader, this month's key figures against targets (红黄绿), the beats
    ranked with their overdue work, each with a link to act."""
    unit, period = _unit_and_period(request)
    today = selectors.today()
    children = selectors.child_units(unit)
    ranked = selectors.units_ranked(children, period)
    overdue = selectors.overdue_by_unit(user=request.user, units=children, today=today)
    for row in ranked:
        row.overdue = overdue.get(row.unit.pk, 0)
    values = selectors.unit_indicator_values(unit, period)
    ranked_values = [v for row in ranked for v in row.values]
    context = {
        "title": _("领导工作台"),
        "unit": unit,
        "period": period,
        "today": today,
        "waiting": waiting_for(user=request.user, today=today),
        "values": values,
        "red": [v for v in values if v.rag == "red"],
        "ranked": ranked,
        "behind": ranked[-1] if len(ranked) > 1 and ranked[-1].score is not None else None,
        "amber_reading": selectors.AMBER_READING,
        "as_of": selectors.as_of([*values, *ranked_values]),
        "trend": selectors.trend(unit, previous_periods(period, 6)),
    }
    return render(request, "metrics/workbench.html", context)


def indicators(request):
    """指标目录: every catalogue row's value for the unit and month — the same figures as ``manage.py indicators``."""
    unit, period = _unit_and_period(request)
    start, end = period_bounds(period)
    context = {
        "title": _("指标目录"),
        "unit": unit,
        "period": period,
        "start": start,
        "end": end,
        "values": selectors.unit_indicator_values(unit, period),
        "children": selectors.child_units(unit),
    }
    return render(request, "metrics/indicators.html", context)


def indicator_detail(request, code: str):
    """One figure drilled down: its reading, the value per unit one level down, and the records that make it."""
    unit, period = _unit_and_period(request)
    spec = CATALOGUE.get(code)
    if spec is None:
        raise Http404
    value = selectors.unit_indicator_values(unit, period, codes={code})[0]
    children = selectors.child_units(unit)
    by_child = selectors.units_indicator_values(children, [period], {code})  # one read for every child (issue 11)
    breakdown = [(child, by_child[(child.pk, period)][0]) for child in children]
    records = selectors.indicator_records(user=request.user, spec=spec, unit=unit, period=period)
    shown = list(records[: selectors.MAX_RECORDS]) if records is not None else []
    context = {
        "title": spec.name,
        "spec": spec,
        "unit": unit,
        "period": period,
        "value": value,
        "breakdown": breakdown,
        "records": [(selectors.record_label(r), selectors.record_link(r)) for r in shown],
        "records_total": records.count() if records is not None else None,
        "max_records": selectors.MAX_RECORDS,
    }
    return render(request, "metrics/indicator_detail.html", context)


LEAD_PERMS = (Perm.MANAGE_TASKS, Perm.MANAGE_EVALUATION, Perm.ISSUE_COMMAND_TASKS)


def lead_panel(request) -> dict | None:
    """The leader's panel on 我的工作台 (registered with web.navigation): what waits and which beat is behind, so
    a station lead sees both at sign-in; the full page is ``metrics:workbench``."""
    user = request.user
    if not user_may(user, Perm.VIEW_METRICS) or not any(user_may(user, p) for p in LEAD_PERMS):
        return None
    unit = selectors.home_metric_unit(user=user)
    if unit is None:
        return None
    period = parse_period("")
    today = selectors.today()
    ranked = selectors.units_ranked(selectors.child_units(unit), period)
    behind = ranked[-1] if len(ranked) > 1 and ranked[-1].score is not None else None
    # The ranking reads the daily snapshots (one query for every beat) and computes only a beat without one; the
    # panel says when the figures were taken.
    as_of = selectors.as_of([v for row in ranked for v in row.values])
    waiting = waiting_for(user=user, today=today)
    return {"unit": unit, "period": period, "waiting": waiting, "behind": behind, "as_of": as_of}
