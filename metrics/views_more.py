"""考评与指标 pages, continued: 社区安全指数, 考评方案 with the year-end lock, 三色督办, the dashboard (大屏)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from fengqiao.indicators import catalogue

from . import selectors, selectors_index, services
from .beats import beat_map
from .models import EvaluationScheme, SafetyIndexCategory, StationCategory, SurveyKind
from .periods import previous_periods
from .safety_index import NOT_DEFINED
from .views import _require, _unit_and_period

# 003 “警力效能指标” weighs 案件破案率 15 %: a case-solving figure may not be part of the community-policing
# evaluation (规范001 第七十七条第三款、第一百一十四条), so it is left out; the page says so.
LEFT_OUT = (
    "规范003 的“警力效能指标”含“案件破案率（权重15%）”："
    "依规范001 第一百一十四条（不得将办案、打处等指标纳入社区警务考评）及第七十七条第三款，"
    "本系统不设此项，也拒绝含破案、打处、办案的考评项目。"
)
SATISFACTION_003 = (
    "规范003 群众满意度：服务响应20%、问题解决30%、环境体验25%、创新认可25%（可作为地方方案的分项录入调查）。"
)
ITEM_ROWS = 10


def safety_index(request):
    """社区安全指数: the index of the unit and of each unit one level down, every score drilled down to the
    indicators and from there to the records; the control centre changes the category weights here."""
    unit, period = _unit_and_period(request)
    units = selectors.child_units(unit)
    indices = selectors_index.safety_indices([unit, *units], period)  # one read for the unit and its children
    index = indices[unit.pk]
    children = [(child, indices[child.pk].score) for child in units]  # (issue 11: was a few queries per child)
    context = {
        "title": _("社区安全指数"),
        "unit": unit,
        "period": period,
        "index": index,
        "children": children,
        "not_defined": NOT_DEFINED,
        "may_manage": user_may(request.user, Perm.MANAGE_EVALUATION, unit.path),
    }
    return render(request, "metrics/safety_index.html", context)


@require_POST
def safety_index_weights(request):
    unit, period = _unit_and_period(request)
    weights = {}
    try:
        for category in SafetyIndexCategory.objects.all():
            weights[category.code] = Decimal(request.POST.get(f"weight_{category.code}", "").strip())
        services.safety_index_update(acting_user=request.user, unit=unit, weights=weights)
        messages.success(request, _("已调整社区安全指数权重"))
    except (InvalidOperation, ValueError):
        messages.error(request, _("权重应为数字"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{reverse('metrics:safety_index')}?unit={unit.pk}&period={period}")


def schemes(request):
    """考评方案: the schemes in the viewer's scope with this month's results per station, the form the control
    centre uses (weights per station category, ≥70 % community work, one owner) and the year-end lock."""
    unit, period = _unit_and_period(request)
    year = int(period[:4])
    in_scope = EvaluationScheme.objects.visible_to(request.user, perm=Perm.VIEW_METRICS).prefetch_related("items")
    results = []
    for station in selectors.metric_units(user=request.user).filter(kind="station").order_by("path")[:50]:
        scheme = selectors_index.scheme_for(station)
        if scheme is not None:
            score, rows = selectors_index.evaluation_result(scheme, station, period)
            results.append((station, scheme, score, rows))
    context = {
        "title": _("考评方案"),
        "unit": unit,
        "period": period,
        "year": year,
        "schemes": in_scope.order_by("-year", "category"),
        "results": results,
        "locked": selectors.year_locked(year),
        "may_manage": user_may(request.user, Perm.MANAGE_EVALUATION, unit.path),
        "categories": StationCategory.choices,
        "survey_kinds": SurveyKind.choices,
        "survey_units": [unit, *selectors.child_units(unit)],
        "specs": [s for s in catalogue()],
        "rows": range(ITEM_ROWS),
        "left_out": LEFT_OUT,
        "satisfaction_003": SATISFACTION_003,
    }
    return render(request, "metrics/schemes.html", context)


@require_POST
def scheme_new(request):
    unit, period = _unit_and_period(request)
    post = request.POST
    items = []
    for i in range(ITEM_ROWS):
        code, name, weight = (post.get(f"item_{k}_{i}", "").strip() for k in ("code", "name", "weight"))
        if not (code or name or weight):
            continue
        try:
            weight = Decimal(weight or "0")
        except InvalidOperation:
            weight = Decimal(-1)
        items.append({"code": code, "name": name, "weight": weight, "community": bool(post.get(f"item_community_{i}"))})
    try:
        year = int(post.get("year") or period[:4])
        services.evaluation_scheme_create(
            acting_user=request.user,
            unit=unit,
            year=year,
            category=post.get("category") or StationCategory.URBAN,
            name=post.get("name", "").strip() or _("社区警务工作考评方案"),
            items=items,
        )
        messages.success(request, _("已制定考评方案"))
    except (ValueError, ValidationError) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    return redirect(f"{reverse('metrics:schemes')}?unit={unit.pk}&period={period}")


@require_POST
def year_lock(request):
    unit, period = _unit_and_period(request)
    try:
        services.evaluation_year_lock(acting_user=request.user, year=int(request.POST.get("year")), unit=unit)
        messages.success(request, _("已年底终评锁定"))
    except (TypeError, ValueError, ValidationError) as exc:
        for message in getattr(exc, "messages", [_("请填写年度")]):
            messages.error(request, message)
    return redirect(f"{reverse('metrics:schemes')}?unit={unit.pk}&period={period}")


TASK_COMPLETION = "art30_4_task_handling_rate"


def supervision(request):
    """三色督办 (规范003: “红黄绿”三色督办，完成率≥95%): task completion of each unit one level down, coloured."""
    unit, period = _unit_and_period(request)
    units = [unit, *selectors.child_units(unit)]
    by_unit = selectors.units_indicator_values(units, [period], {TASK_COMPLETION})  # one read (issue 11)
    rows = [(child, by_unit[(child.pk, period)][0]) for child in units]
    context = {
        "title": _("三色督办"),
        "unit": unit,
        "period": period,
        "rows": rows,
        "code": TASK_COMPLETION,
        "amber_reading": selectors.AMBER_READING,
    }
    return render(request, "metrics/supervision.html", context)


def dashboard(request):
    """大屏: indicator tiles, what is overdue with its clock, trends and the map of the viewer's beats drawn from our
    own GeoJSON with the heat of disputes, hazards and incidents — no request leaves the server's own pages; the
    page reloads itself every five minutes (规范003: 热力图更新频率5分钟/次)."""
    unit, period = _unit_and_period(request)
    _require(request)
    values = [v for v in selectors.unit_indicator_values(unit, period) if v.spec.target is not None]
    context = {
        "title": _("社区警务大屏"),
        "unit": unit,
        "period": period,
        "values": values,
        "as_of": selectors.as_of(values),
        "trend": selectors.trend(unit, previous_periods(period, 6)),
        "map": beat_map(user=request.user, unit=unit),
        "overdue": selectors.overdue_items(user=request.user, unit=unit),
        "refresh_seconds": 300,
    }
    return render(request, "metrics/dashboard.html", context)


def reports(request):
    from .reports import quarter_bounds, quarterly_context

    unit, period = _unit_and_period(request)
    label, start, end = quarter_bounds(request.GET.get("quarter"), selectors.today())
    context = {
        "title": _("考评报告"),
        "unit": unit,
        "period": period,
        "quarter": quarterly_context(unit, label, start, end),
    }
    return render(request, "metrics/reports.html", context)


def report_monthly_pdf(request):
    from fengqiao.pdf import pdf_response

    from .reports import monthly_pdf

    unit, period = _unit_and_period(request)
    return pdf_response(monthly_pdf(unit, period), f"{unit.name}{period}月度考评报告.pdf")


def report_monthly_xlsx(request):
    from django.http import HttpResponse

    from .reports import monthly_xlsx

    unit, period = _unit_and_period(request)
    if not user_may(request.user, Perm.EXPORT):
        raise PermissionDenied
    from urllib.parse import quote

    response = HttpResponse(
        monthly_xlsx(unit, period), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{unit.name}{period}月度考评.xlsx')}"
    return response


def report_quarterly_pdf(request):
    from fengqiao.pdf import pdf_response

    from .reports import quarter_bounds, quarterly_context, quarterly_pdf

    unit, _period = _unit_and_period(request)
    label, start, end = quarter_bounds(request.GET.get("quarter"), selectors.today())
    return pdf_response(
        quarterly_pdf(quarterly_context(unit, label, start, end)), f"{unit.name}{label}治安情况通报.pdf"
    )


@require_POST
def survey_new(request):
    """录入群众调查 (主观指标, 第一百一十四条): the control centre records a survey of a unit in its scope."""
    from .periods import parse_period

    unit, period = _unit_and_period(request)
    post = request.POST
    try:
        target = selectors.metric_unit_get(user=request.user, pk=post.get("survey_unit") or unit.pk)
        services.survey_record(
            acting_user=request.user,
            unit=target,
            kind=post.get("kind") if post.get("kind") in SurveyKind.values else SurveyKind.SATISFACTION,
            period=parse_period(post.get("survey_period")),
            sample=int(post.get("sample") or 0),
            favourable=int(post.get("favourable") or 0),
            method=post.get("method", "").strip()[:100],
        )
        messages.success(request, _("已录入群众调查"))
    except (ValueError, ValidationError, selectors.OrgUnit.DoesNotExist) as exc:
        for message in getattr(exc, "messages", [_("请填写样本数和满意/有安全感人数（整数）")]):
            messages.error(request, message)
    return redirect(f"{reverse('metrics:schemes')}?unit={unit.pk}&period={period}")
