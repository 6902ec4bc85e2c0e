"""勤务 pages: thin views over the duty selectors and services."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from org.models import OrgUnit, OrgUnitKind
from web.forms import add_service_errors, scoped_units
from web.listing import Column, list_page
from web.shortcuts import get_or_404

from . import selectors, services
from .beat_time import beat_time, month_bounds
from .forms import (
    AnswerForm,
    EntryForm,
    LeaveFilterForm,
    LeaveForm,
    LogFilterForm,
    MonthForm,
    ShiftFilterForm,
    ShiftForm,
    SignForm,
    SupportFilterForm,
    SupportForm,
)
from .rules import SETTINGS, TIME_IN_BEAT


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项勤务权限"))


def _stations(user):
    return (
        OrgUnit.objects.visible_to(user, perm=Perm.VIEW_DUTY)
        .filter(kind=OrgUnitKind.STATION, is_active=True)
        .order_by("path")
    )


def _day(value, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def roster_week(request):
    """A station's roster for one week (排班表), its gaps and unpaired slots; a form per slot."""
    _require(request, Perm.VIEW_DUTY)
    stations = list(_stations(request.user))
    if not stations:
        from .selectors import station_of

        home = [a.org_unit for a in request.user.role_assignments.select_related("org_unit")]
        stations = [station_of(u) for u in home]
    chosen = next((s for s in stations if str(s.pk) == request.GET.get("station")), stations[0] if stations else None)
    week = selectors.week_start(_day(request.GET.get("week"), timezone.localdate()))
    context = {
        "title": _("排班表"),
        "stations": stations,
        "station": chosen,
        "week": selectors.station_week(user=request.user, station=chosen, start=week) if chosen else None,
        "may_manage": chosen is not None and user_may(request.user, Perm.MANAGE_DUTY, chosen.path),
    }
    return render(request, "duty/roster.html", context)


def _week_day(request) -> date | None:
    week = _day(request.GET.get("week"), None) if request.GET.get("week") else None
    try:
        offset = int(request.GET.get("day", ""))
    except ValueError:
        return None
    return week + timedelta(days=offset) if week and 0 <= offset < 7 else None


def shift_new(request):
    """A form per slot (no drag and drop): unit, day, from–to, kind, A and B."""
    _require(request, Perm.MANAGE_DUTY)
    initial = {"kind": "duty", "start": "08:30", "end": "08:30"}
    if unit := request.GET.get("unit") or request.GET.get("station"):
        initial["org_unit"] = unit
    initial["day"] = _week_day(request) or timezone.localdate() + timedelta(days=1)
    form = ShiftForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            shift = services.shift_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已排班"))
            station = selectors.station_of(shift.org_unit)
            return redirect(f"{reverse('duty:roster')}?station={station.pk}&week={shift.day.isoformat()}")
    return render(request, "web/form.html", {"title": _("新增班次"), "form": form})


@require_POST
def shift_cancel(request, pk):
    shift = get_or_404(selectors.shift_get, user=request.user, pk=pk)
    _require(request, Perm.MANAGE_DUTY, shift.scope_path)
    station = selectors.station_of(shift.org_unit)
    services.shift_cancel(acting_user=request.user, shift=shift)
    messages.success(request, _("已取消该班次"))
    return redirect(f"{reverse('duty:roster')}?station={station.pk}&week={shift.day.isoformat()}")


SHIFT_COLUMNS = [
    Column(_("日期"), lambda s: s.day),
    Column(_("时间"), lambda s: f"{s.start:%H:%M}–{s.end:%H:%M}"),
    Column(_("勤务类别"), lambda s: s.get_kind_display()),
    Column(_("单位"), lambda s: s.org_unit.name),
    Column(_("A岗"), lambda s: s.staff.name),
    Column(_("B岗"), lambda s: s.backup.name if s.backup else _("未配B岗")),
    Column(_("备注"), lambda s: s.note),
]


def shift_list(request):
    _require(request, Perm.VIEW_DUTY)
    form = ShiftFilterForm(request.GET or None, user=request.user)
    return list_page(
        request,
        queryset=selectors.shift_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=SHIFT_COLUMNS,
        export_name=_("排班"),
        title=_("排班列表"),
        row_class=lambda s: "" if s.backup_id else "table-warning",
        actions=[(_("排班表"), reverse("duty:roster"))],
    )


LEAVE_COLUMNS = [
    Column(_("人员"), lambda v: v.staff.name),
    Column(_("类别"), lambda v: v.get_kind_display()),
    Column(_("起始时间"), lambda v: timezone.localtime(v.starts_at).strftime("%Y-%m-%d %H:%M")),
    Column(_("截止时间"), lambda v: timezone.localtime(v.ends_at).strftime("%Y-%m-%d %H:%M")),
    Column(_("事由"), lambda v: v.reason),
    Column(_("批准人"), lambda v: v.approved_by.display_name if v.approved_by else ""),
    Column(_("销假"), lambda v: timezone.localtime(v.returned_at).strftime("%Y-%m-%d %H:%M") if v.returned_at else ""),
    Column(_("单位"), lambda v: v.staff.org_unit.name),
]


def leave_list(request):
    _require(request, Perm.VIEW_DUTY)
    form = LeaveFilterForm(request.GET or None, user=request.user)
    actions = [(_("登记请假外出"), reverse("duty:leave_new"))] if user_may(request.user, Perm.MANAGE_DUTY) else []
    return list_page(
        request,
        queryset=selectors.leave_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=LEAVE_COLUMNS,
        export_name=_("请销假"),
        title=_("请销假"),
        row_url=lambda v: reverse("duty:leave_detail", args=[v.pk]),
        actions=actions,
    )


def leave_new(request):
    _require(request, Perm.MANAGE_DUTY)
    form = LeaveForm(request.POST or None, user=request.user, initial={"kind": "leave"})
    if request.method == "POST" and form.is_valid():
        try:
            leave = services.leave_record(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记，期间由B岗顶岗"))
            return redirect("duty:leave_detail", leave.pk)
    return render(request, "web/form.html", {"title": _("登记请假外出"), "form": form})


def leave_detail(request, pk):
    _require(request, Perm.VIEW_DUTY)
    leave = get_or_404(selectors.leave_get, user=request.user, pk=pk)
    if request.method == "POST":
        _require(request, Perm.MANAGE_DUTY, leave.scope_path)
        try:
            services.leave_return(acting_user=request.user, leave=leave)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已销假"))
        return redirect("duty:leave_detail", leave.pk)
    may_manage = user_may(request.user, Perm.MANAGE_DUTY, leave.scope_path)
    return render(request, "duty/leave_detail.html", {"title": _("请销假"), "leave": leave, "may_manage": may_manage})


LOG_COLUMNS = [
    Column(_("日期"), lambda g: g.day),
    Column(_("人员"), lambda g: g.staff.name),
    Column(_("单位"), lambda g: g.staff.org_unit.name),
    Column(_("事项数"), lambda g: g.entry_count),
    Column(_("审核"), lambda g: _("已审核") if g.signed_at else _("待审核")),
    Column(_("审核人"), lambda g: g.signed_by.display_name if g.signed_by else ""),
]


def log_list(request):
    _require(request, Perm.VIEW_DUTY)
    form = LogFilterForm(request.GET or None, user=request.user)
    actions = []
    if getattr(request.user, "staff_id", None) and user_may(request.user, Perm.KEEP_DUTY_LOG):
        actions.append((_("我的今日日志"), reverse("duty:my_log")))
    return list_page(
        request,
        queryset=selectors.work_log_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=LOG_COLUMNS,
        export_name=_("工作日志"),
        title=_("工作日志"),
        row_url=lambda g: reverse("duty:log_detail", args=[g.pk]),
        actions=actions,
    )


def my_log(request):
    """The user's own duty log for a day (``?day=``, default today): filled from the day's records when it is
    opened, so it is never blank."""
    _require(request, Perm.KEEP_DUTY_LOG)
    staff = getattr(request.user, "staff", None)
    if staff is None:
        raise PermissionDenied(_("您的账号未关联人员，无工作日志"))
    day = _day(request.GET.get("day"), timezone.localdate())
    try:
        log = services.work_log_fill(acting_user=request.user, staff=staff, day=day)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("duty:log_list")
    return log_detail(request, log.pk)


def log_detail(request, pk):
    _require(request, Perm.VIEW_DUTY)
    log = get_or_404(selectors.work_log_get, user=request.user, pk=pk)
    own = getattr(request.user, "staff_id", None) == log.staff_id
    entry_form = EntryForm(request.POST if request.POST.get("action") == "entry" else None, prefix="entry")
    sign_form = SignForm(request.POST if request.POST.get("action") == "sign" else None, prefix="sign")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "refill":
                services.work_log_fill(acting_user=request.user, staff=log.staff, day=log.day)
                messages.success(request, _("已按当日记录重新生成"))
                return redirect("duty:log_detail", log.pk)
            if action == "entry" and entry_form.is_valid():
                services.work_log_entry_add(acting_user=request.user, log=log, **entry_form.cleaned_data)
                messages.success(request, _("已补记"))
                return redirect("duty:log_detail", log.pk)
            if action == "sign" and sign_form.is_valid():
                services.work_log_sign(acting_user=request.user, log=log, note=sign_form.cleaned_data["note"])
                messages.success(request, _("已审核"))
                return redirect("duty:log_detail", log.pk)
        except ValidationError as exc:
            add_service_errors(entry_form if action == "entry" else sign_form, exc)
    context = {
        "title": _("工作日志：%(n)s %(d)s") % {"n": log.staff.name, "d": log.day.isoformat()},
        "log": log,
        "entries": log.entries.select_related("place_unit"),
        "own": own,
        "may_keep": own and user_may(request.user, Perm.KEEP_DUTY_LOG, log.scope_path) and not log.signed_at,
        "may_sign": (not own) and user_may(request.user, Perm.MANAGE_DUTY, log.scope_path) and not log.signed_at,
        "entry_form": entry_form,
        "sign_form": sign_form,
    }
    return render(request, "duty/log_detail.html", context)


def _month(value) -> date:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def time_in_beat(request):
    """在警务区工作时间 per officer and month (第一百零一条): who is below the line and why (the days behind it)."""
    _require(request, Perm.VIEW_DUTY)
    form = MonthForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else {}
    month = _month(request.GET.get("month"))
    rows = selectors.time_in_beat(user=request.user, month=month, within=filters.get("within"))
    if request.GET.get("below"):
        rows = [r for r in rows if r.meets is False]
    context = {"title": _("在警务区工作时间"), "form": form, "rows": rows, "month": month, "rules": TIME_IN_BEAT}
    return render(request, "duty/time_in_beat.html", context)


def time_in_beat_detail(request, pk):
    _require(request, Perm.VIEW_DUTY)
    staff = get_or_404(selectors.staff_get, user=request.user, pk=pk)
    month = _month(request.GET.get("month"))
    start, end = month_bounds(month)
    [row] = beat_time([staff], start, end)
    context = {"title": _("在警务区工作时间：%(n)s") % {"n": staff.name}, "row": row, "month": month}
    return render(request, "duty/time_in_beat_detail.html", context)


SUPPORT_COLUMNS = [
    Column(_("请求时间"), lambda r: timezone.localtime(r.requested_at).strftime("%Y-%m-%d %H:%M")),
    Column(_("请求单位"), lambda r: r.org_unit.name),
    Column(_("请求支援单位"), lambda r: r.to_unit),
    Column(_("请求事项"), lambda r: r.subject),
    Column(_("答复期限"), lambda r: timezone.localtime(r.due_at).strftime("%Y-%m-%d %H:%M")),
    Column(_("状态"), lambda r: r.get_status_display()),
]


def support_list(request):
    _require(request, Perm.VIEW_DUTY)
    form = SupportFilterForm(request.GET or None)
    actions = [(_("请求支援"), reverse("duty:support_new"))] if user_may(request.user, Perm.MANAGE_DUTY) else []
    now = timezone.now()
    return list_page(
        request,
        queryset=selectors.support_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=SUPPORT_COLUMNS,
        export_name=_("支援请求"),
        title=_("向上级请求支援"),
        row_url=lambda r: reverse("duty:support_detail", args=[r.pk]),
        row_class=lambda r: "table-danger" if r.status == "waiting" and r.due_at < now else "",
        actions=actions,
    )


def support_new(request):
    _require(request, Perm.MANAGE_DUTY)
    form = SupportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.support_request(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记支援请求"))
            return redirect("duty:support_detail", req.pk)
    return render(request, "web/form.html", {"title": _("向上级请求支援"), "form": form})


def support_detail(request, pk):
    _require(request, Perm.VIEW_DUTY)
    req = get_or_404(selectors.support_get, user=request.user, pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        _require(request, Perm.MANAGE_DUTY, req.scope_path)
        if form.is_valid():
            try:
                services.support_answer(acting_user=request.user, request=req, answer=form.cleaned_data["answer"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已登记答复"))
                return redirect("duty:support_detail", req.pk)
    may_manage = user_may(request.user, Perm.MANAGE_DUTY, req.scope_path) and req.status == "waiting"
    context = {"title": req.subject, "req": req, "form": form, "may_manage": may_manage}
    return render(request, "duty/support_detail.html", context)


def settings_page(request):
    """本所勤务设置: the 002 local options and the blank hours (station leads)."""
    _require(request, Perm.MANAGE_DUTY)
    stations = [u for u in scoped_units(request.user, Perm.MANAGE_DUTY, kinds=[OrgUnitKind.STATION])]
    station = next((s for s in stations if str(s.pk) == request.GET.get("station")), stations[0] if stations else None)
    if request.method == "POST" and station is not None:
        try:
            services.duty_setting_set(
                acting_user=request.user,
                org_unit=station,
                code=request.POST.get("code", ""),
                value=request.POST.get("value"),
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已保存"))
        return redirect(f"{reverse('duty:settings')}?station={station.pk}")
    rows = [{**row, "value": selectors.setting_value(row["code"], station)} for row in SETTINGS] if station else []
    context = {"title": _("本所勤务设置"), "stations": stations, "station": station, "rows": rows}
    return render(request, "duty/settings.html", context)


def staffing(request):
    """第一百一十条、第一百一十二条: officers below each staffing row and beats without a vehicle."""
    _require(request, Perm.VIEW_DUTY)
    report = selectors.staffing_report(user=request.user)
    return render(request, "duty/staffing.html", {"title": _("勤务保障"), "report": report})
