"""单位监督检查 pages: thin views over the inspections' selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from fengqiao import uploads
from fengqiao.pdf import pdf_response
from web.forms import add_service_errors
from web.listing import Column, list_page
from web.shortcuts import get_or_404

from . import selectors, services
from .catalogue import CHECKLIST_BY_CODE, TRADE_TYPE_BY_CODE
from .forms import (
    DecideForm,
    ExtensionForm,
    HazardFilterForm,
    HazardForm,
    InspectionForm,
    PeriodForm,
    ReinspectionForm,
    SupervisionForm,
    UnitFilterForm,
)
from .indicators import SPECS


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项单位监督检查权限"))


def _trade_label(org) -> str:
    supervision = getattr(org, "supervision", None) if hasattr(org, "supervision") else None
    row = TRADE_TYPE_BY_CODE.get(supervision.trade_type) if supervision else None
    return row["label"] if row else ""


def _supervised_by(org) -> str:
    try:
        return org.supervision.get_supervised_by_display()
    except services.Supervision.DoesNotExist:
        return str(services.SupervisedBy.STATION.label)


UNIT_COLUMNS = [
    Column(_("单位名称"), lambda o: o.name),
    Column(_("单位类别"), lambda o: o.get_category_display()),
    Column(_("场所行业类型"), _trade_label),
    Column(_("重点单位"), lambda o: o.is_key_unit),
    Column(_("监督管理"), _supervised_by),
    Column(_("最近检查"), lambda o: o.last_inspected.isoformat() if o.last_inspected else ""),
    Column(_("检查逾期"), lambda o: o.has_overdue),
    Column(_("未整改隐患"), lambda o: o.open_hazards),
    Column(_("警务区"), lambda o: o.org_unit.name),
]


def unit_list(request):
    _require(request, Perm.VIEW_INSPECTIONS)
    form = UnitFilterForm(request.GET or None, user=request.user)
    return list_page(
        request,
        queryset=selectors.unit_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=UNIT_COLUMNS,
        export_name=_("监督检查单位"),
        title=_("监督检查单位"),
        row_url=lambda o: reverse("inspections:unit_detail", args=[o.pk]),
    )


def unit_detail(request, pk):
    _require(request, Perm.VIEW_INSPECTIONS)
    org = get_or_404(selectors.unit_get, user=request.user, pk=pk)
    key, trade, supervision = services.unit_profile(org)
    context = {
        "title": org.name,
        "org": org,
        "supervision": supervision,
        "trade_type": TRADE_TYPE_BY_CODE.get(supervision.trade_type),
        "key_unit": key,
        "trade": trade,
        "checklist": services.unit_checklist(org),
        "tasks": selectors.unit_tasks(org),
        "inspections": selectors.inspection_list(user=request.user, filters={"organization": org})[:20],
        "hazards": selectors.hazard_list(user=request.user, filters={"organization": org, "status": "all"})[:20],
        "may_inspect": user_may(request.user, Perm.INSPECT_UNITS, org.org_unit.path),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/unit_detail.html", context)


def supervision_edit(request, pk):
    _require(request, Perm.INSPECT_UNITS)
    org = get_or_404(selectors.unit_get, user=request.user, pk=pk)
    supervision = services.supervision_of(org)
    initial = {name: getattr(supervision, name) for name in services.SUPERVISION_FIELDS}
    form = SupervisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_update(acting_user=request.user, organization=org, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存监督管理信息，检查计划已按新信息调整"))
            return redirect("inspections:unit_detail", org.pk)
    return render(request, "web/form.html", {"title": _("监督管理信息：%(n)s") % {"n": org.name}, "form": form})


def inspection_new(request, pk):
    """The phone-width inspection form: the unit's checklist as large 合格/不合格 toggles, item by item."""
    _require(request, Perm.INSPECT_UNITS)
    org = get_or_404(selectors.unit_get, user=request.user, pk=pk)
    items = services.unit_checklist(org)
    initial = {"inspected_on": timezone.localdate(), "kind": "regular", "trigger": "standing"}
    form = InspectionForm(request.POST or None, request.FILES or None, organization=org, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("files") or []
        try:
            inspection = services.inspection_record(
                acting_user=request.user, organization=org, answers=form.answers(), files=files, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)  # the checklist's messages ("answers") show on top of the form
        else:
            done = len(inspection.completed_tasks)
            messages.success(request, _("检查已记录，完成规定任务%(n)s项") % {"n": done})
            return redirect("inspections:inspection_detail", inspection.pk)
    answered = {code: a for code, a in form.answers().items()} if form.is_bound else {}
    rows = [(item, answered.get(item.code), request.POST.get(f"note_{item.code}", "")) for item in items]
    context = {"title": _("检查：%(n)s") % {"n": org.name}, "org": org, "form": form, "rows": rows}
    return render(request, "inspections/inspection_form.html", context)


def inspection_detail(request, pk):
    _require(request, Perm.VIEW_INSPECTIONS)
    inspection = get_or_404(selectors.inspection_get, user=request.user, pk=pk)
    raised = {h.item_code: h for h in inspection.hazards.select_related("notice")}
    answers = [
        (CHECKLIST_BY_CODE[code], answer, raised.get(code))
        for code, answer in inspection.answers.items()
        if code in CHECKLIST_BY_CODE
    ]
    context = {
        "title": _("检查记录：%(n)s") % {"n": inspection.organization.name},
        "inspection": inspection,
        "answers": answers,
        "evidence": inspection.evidence.all(),
        "may_inspect": user_may(request.user, Perm.INSPECT_UNITS, inspection.org_unit.path),
    }
    return render(request, "inspections/inspection_detail.html", context)


def hazard_new(request, pk):
    _require(request, Perm.INSPECT_UNITS)
    inspection = get_or_404(selectors.inspection_get, user=request.user, pk=pk)
    items = [CHECKLIST_BY_CODE[c] for c in inspection.failed_items if c in CHECKLIST_BY_CODE]
    initial = {"item_code": request.GET.get("item"), "warning": True}
    if request.GET.get("item"):
        initial["description"] = inspection.answers.get(request.GET["item"], {}).get("note", "")
    form = HazardForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            hazard = services.hazard_raise(acting_user=request.user, inspection=inspection, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已责令限期整改，整改通知书%(no)s已生成") % {"no": hazard.notice.number})
            return redirect("inspections:hazard_detail", hazard.pk)
    title = _("责令限期整改：%(n)s") % {"n": inspection.organization.name}
    return render(request, "web/form.html", {"title": title, "form": form})


def _deadline_clock(hazard, today) -> str:
    if not hazard.is_open:
        return str(hazard.get_status_display())
    days = (hazard.deadline - today).days
    if days < 0:
        return _("逾期%(d)s天") % {"d": -days}
    return _("今日到期") if days == 0 else _("剩余%(d)s天") % {"d": days}


HAZARD_COLUMNS = [
    Column(_("单位"), lambda h: h.organization.name),
    Column(_("隐患情况"), lambda h: h.description[:40]),
    Column(_("整改期限"), lambda h: h.deadline.isoformat()),
    Column(_("期限状态"), lambda h: _deadline_clock(h, timezone.localdate())),
    Column(_("整改通知书"), lambda h: h.notice.number if h.notice else ""),
    Column(_("状态"), lambda h: h.get_status_display()),
    Column(_("警务区"), lambda h: h.org_unit.name),
]


def hazard_list(request):
    _require(request, Perm.VIEW_INSPECTIONS)
    form = HazardFilterForm(request.GET or None, user=request.user)
    return list_page(
        request,
        queryset=selectors.hazard_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=HAZARD_COLUMNS,
        export_name=_("治安隐患"),
        title=_("治安隐患整改"),
        row_url=lambda h: reverse("inspections:hazard_detail", args=[h.pk]),
    )


def hazard_detail(request, pk):
    _require(request, Perm.VIEW_INSPECTIONS)
    hazard = get_or_404(selectors.hazard_get, user=request.user, pk=pk)
    path = hazard.org_unit.path
    may_inspect = user_may(request.user, Perm.INSPECT_UNITS, path)
    context = {
        "title": _("治安隐患：%(n)s") % {"n": hazard.organization.name},
        "hazard": hazard,
        "item": CHECKLIST_BY_CODE.get(hazard.item_code),
        "clock": _deadline_clock(hazard, timezone.localdate()),
        "tasks": selectors.hazard_tasks(hazard),
        "extensions": hazard.extensions.select_related("recorded_by", "decided_by"),
        "reinspections": hazard.reinspections.select_related("inspector", "assistant").prefetch_related("evidence"),
        "may_inspect": may_inspect and hazard.is_open,
        "may_decide": user_may(request.user, Perm.DECIDE_INSPECTIONS, path),
        "extension_form": ExtensionForm(),
        "decide_form": DecideForm(),
    }
    return render(request, "inspections/hazard_detail.html", context)


def notice_download(request, pk):
    _require(request, Perm.VIEW_INSPECTIONS)
    notice = get_or_404(selectors.notice_get, user=request.user, pk=pk)
    with notice.pdf.open("rb") as handle:
        data = handle.read()
    return pdf_response(data, f"{notice.number}.pdf")


@require_POST
def hazard_file(request, pk):
    _require(request, Perm.INSPECT_UNITS)
    hazard = get_or_404(selectors.hazard_get, user=request.user, pk=pk)
    try:
        services.hazard_file(acting_user=request.user, hazard=hazard)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已报所备案"))
    return redirect("inspections:hazard_detail", hazard.pk)


def extension_new(request, pk):
    _require(request, Perm.INSPECT_UNITS)
    hazard = get_or_404(selectors.hazard_get, user=request.user, pk=pk)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_record(acting_user=request.user, hazard=hazard, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记延期整改申请，待所领导审批"))
            return redirect("inspections:hazard_detail", hazard.pk)
    title = _("登记书面延期整改申请：%(n)s") % {"n": hazard.organization.name}
    return render(request, "web/form.html", {"title": title, "form": form})


def extension_list(request):
    _require(request, Perm.DECIDE_INSPECTIONS)
    context = {
        "title": _("延期整改审批"),
        "extensions": selectors.extensions_to_decide(user=request.user),
        "form": DecideForm(),
    }
    return render(request, "inspections/extension_list.html", context)


@require_POST
def extension_decide(request, pk):
    _require(request, Perm.VIEW_INSPECTIONS)
    extension = get_or_404(selectors.extension_get, user=request.user, pk=pk)
    form = DecideForm(request.POST)
    form.is_valid()
    try:
        services.extension_decide(
            acting_user=request.user,
            extension=extension,
            approve=request.POST.get("decision") == "approve",
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已审批"))
    if request.POST.get("back") == "hazard":
        return redirect("inspections:hazard_detail", extension.hazard_id)
    return redirect("inspections:extension_list")


def reinspection_new(request, pk):
    _require(request, Perm.INSPECT_UNITS)
    hazard = get_or_404(selectors.hazard_get, user=request.user, pk=pk)
    form = ReinspectionForm(
        request.POST or None,
        request.FILES or None,
        organization=hazard.organization,
        initial={"reinspected_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("files") or []
        try:
            services.reinspection_record(acting_user=request.user, hazard=hazard, files=files, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("复查已记录"))
            return redirect("inspections:hazard_detail", hazard.pk)
    title = _("整改复查：%(n)s") % {"n": hazard.organization.name}
    return render(request, "inspections/reinspection_form.html", {"title": title, "form": form, "hazard": hazard})


def indicator_page(request):
    _require(request, Perm.VIEW_INSPECTIONS)
    form = PeriodForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else {}
    year = filters.get("year") or timezone.localdate().year
    start, end = selectors.period_bounds(year, filters.get("quarter"))
    units = selectors.indicator_units(user=request.user, within=filters.get("within"))
    table = selectors.indicator_table(units=units, start=start, end=end)
    context = {
        "title": _("单位监督检查指标"),
        "form": form,
        "start": start,
        "end": end,
        "specs": SPECS,
        "rows": [(row.unit, [(spec, row.measures[spec.code]) for spec in SPECS]) for row in table],
        "by_group": selectors.trade_counts_by_group(units[0], start, end) if units else [],
    }
    return render(request, "inspections/indicators.html", context)


def settings_page(request):
    _require(request, Perm.DECIDE_INSPECTIONS)
    if request.method == "POST":
        stations = {str(s.pk): s for s, _setting in selectors.station_settings(user=request.user)}
        station = stations.get(request.POST.get("station", ""))
        if station is None:
            raise PermissionDenied(_("您没有此项单位监督检查权限"))
        services.inspection_setting_update(
            acting_user=request.user, station=station, monthly_inspection=request.POST.get("monthly") == "1"
        )
        messages.success(request, _("已保存，本所检查计划已按新选项调整"))
        return redirect("inspections:settings")
    context = {"title": _("本所检查选项"), "settings": selectors.station_settings(user=request.user)}
    return render(request, "inspections/settings.html", context)


def evidence_file(request, pk):
    """A photo, recording or PDF of an inspection, only to users who see it; always a download."""
    return uploads.response(get_or_404(selectors.evidence_get, user=request.user, pk=pk))
