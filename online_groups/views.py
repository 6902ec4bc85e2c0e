"""云格 pages: thin views over the online_groups selectors and services."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from org.models import OrgUnitKind
from web.forms import add_service_errors, scoped_units
from web.listing import Column, PersonalTrail, list_page
from web.shortcuts import get_or_404

from . import indicators, selectors, services
from .catalogue import NUMBERS, TargetStatus
from .forms import (
    AcknowledgeForm,
    BroadcastFilterForm,
    BroadcastForm,
    CloseForm,
    ConvertForm,
    GroupFilterForm,
    GroupForm,
    IntakeForm,
    MatchForm,
    MemberForm,
    NumberForm,
    RequestFilterForm,
)


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项云格警务权限"))


def _minutes(value: float) -> str:
    if value < 60:
        return str(_("%(m)s分钟")) % {"m": int(value)}
    return str(_("%(h)s小时%(m)s分")) % {"h": int(value // 60), "m": int(value % 60)}


def clock(obj, now=None) -> str:
    """The first-response clock as a short Chinese phrase."""
    now = now or timezone.now()
    if obj.acknowledged_at:
        taken = _minutes(obj.response_minutes())
        if obj.acknowledged_at <= obj.respond_by:
            return str(_("%(t)s内首次回复")) % {"t": taken}
        return str(_("首次回复超时（用时%(t)s）")) % {"t": taken}
    left = (obj.respond_by - now).total_seconds() / 60
    if left < 0:
        return str(_("未回复，已超时%(t)s")) % {"t": _minutes(-left)}
    return str(_("待回复，剩余%(t)s")) % {"t": _minutes(left)}


def _late(obj) -> bool:
    return obj.late_as_of(timezone.now())


def _badge(ok: bool, good, bad) -> str:
    return str(good) if ok else str(bad)


GROUP_COLUMNS = [
    Column(_("群名称"), lambda o: o.name),
    Column(_("社区/网格/警务区"), lambda o: o.org_unit.name),
    Column(_("可见状态"), lambda o: o.get_visibility_display()),
    Column(_("1+2+2+N"), lambda o: _badge(o.composition_ok, _("配置齐全"), _("配置不全"))),
    Column(_("昵称"), lambda o: _badge(o.nickname_ok, _("昵称规范"), _("昵称不规范"))),
    Column(_("在群人数"), lambda o: o.member_count),
    Column(_("云格岗专员"), lambda o: o.specialist.name if o.specialist else ""),
    Column(_("最近同步"), lambda o: o.snapshot_at or ""),
]


def group_list(request):
    _require(request, Perm.VIEW_SERVICES)
    form = GroupFilterForm(request.GET or None, user=request.user)
    actions = (
        [(_("登记群组"), reverse("online_groups:group_new"))] if user_may(request.user, Perm.SERVE_RESIDENTS) else []
    )
    return list_page(
        request,
        queryset=selectors.group_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=GROUP_COLUMNS,
        export_name=_("云格群组"),
        title=_("云格群组"),
        row_url=lambda o: reverse("online_groups:group_detail", args=[o.pk]),
        row_class=lambda o: "" if o.composition_ok and o.nickname_ok else "table-warning",
        actions=actions,
    )


def group_new(request):
    _require(request, Perm.SERVE_RESIDENTS)
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_register(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记，请登记群成员"))
            return redirect("online_groups:group_detail", group.pk)
    return render(request, "web/form.html", {"title": _("登记云格群组"), "form": form})


def _group(request, pk):
    _require(request, Perm.VIEW_SERVICES)
    return get_or_404(selectors.group_get, user=request.user, pk=pk)


def group_detail(request, pk):
    group = _group(request, pk)
    station = services.station_of(group.org_unit)
    may_serve = user_may(request.user, Perm.SERVE_RESIDENTS, group.scope_path)
    context = {
        "title": group.name,
        "group": group,
        "members": selectors.group_members(group),
        "violations": [f for f in group.findings if f["level"] == "violation"],
        "warnings": [f for f in group.findings if f["level"] == "warning"],
        "requests": selectors.request_list(user=request.user, filters={"group": group, "status": "all"})[:10],
        "may_serve": may_serve,
        "member_form": MemberForm(group=group, station=station) if may_serve and group.is_active else None,
    }
    return render(request, "online_groups/group_detail.html", context)


def group_edit(request, pk):
    group = _group(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, group.scope_path)
    initial = {k: getattr(group, k) for k in ("org_unit", "name", "visibility", "station_account", "specialist",
                                              "kf_open_id")}  # fmt: skip
    form = GroupForm(request.POST or None, user=request.user, edit=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(acting_user=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("online_groups:group_detail", group.pk)
    return render(request, "web/form.html", {"title": group.name, "form": form})


def member_new(request, pk):
    group = _group(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, group.scope_path)
    form = MemberForm(request.POST or None, group=group, station=services.station_of(group.org_unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(acting_user=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记成员"))
            return redirect("online_groups:group_detail", group.pk)
    return render(request, "web/form.html", {"title": group.name, "form": form})


@require_POST
def member_leave(request, pk, member_pk):
    group = _group(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, group.scope_path)
    member = get_or_404(lambda **kw: group.members.get(pk=kw["pk"]), pk=member_pk)
    try:
        services.member_leave(acting_user=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已标记退群"))
    return redirect("online_groups:group_detail", group.pk)


def member_match(request, pk, member_pk):
    """Tell which staff member a WeCom member is (an unmatched 企业成员): records the staff member's WeCom userid,
    so this and every other group match them from now on."""
    group = _group(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, group.scope_path)
    member = get_or_404(lambda **kw: group.members.exclude(userid="").get(pk=kw["pk"]), pk=member_pk)
    form = MatchForm(request.POST or None, station=services.station_of(group.org_unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_account_set(acting_user=request.user, staff=form.cleaned_data["staff"],
                                       wecom_userid=member.userid, group=group)  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已对应人员"))
            return redirect("online_groups:group_detail", group.pk)
    return render(request, "web/form.html", {"title": f"{group.name} · {member}", "form": form})


@require_POST
def group_recheck(request, pk):
    group = _group(request, pk)
    services.group_recheck(acting_user=request.user, group=group)
    messages.success(request, _("已重新核对"))
    return redirect("online_groups:group_detail", group.pk)


REQUEST_COLUMNS = [
    Column(_("编号"), lambda o: o.number),
    Column(_("群组"), lambda o: o.group.name if o.group else ""),
    Column(_("类别"), lambda o: o.get_category_display()),
    Column(_("内容"), lambda o: o.content[:40]),
    Column(_("群众发出时间"), lambda o: o.received_at),
    Column(_("首次响应"), clock),
    Column(_("就近受理民警"), lambda o: o.assigned_to.display_name if o.assigned_to else ""),
    Column(_("状态"), lambda o: o.get_status_display()),
    Column(_("来源"), lambda o: o.get_source_display()),
]


def request_list(request):
    _require(request, Perm.VIEW_SERVICES)
    form = RequestFilterForm(request.GET or None, user=request.user)
    actions = [(_("群内受理"), reverse("online_groups:intake"))] if user_may(request.user, Perm.SERVE_RESIDENTS) else []
    return list_page(
        request,
        queryset=selectors.request_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=REQUEST_COLUMNS,
        export_name=_("云格群众诉求"),
        title=_("云格群众诉求"),
        row_url=lambda o: reverse("online_groups:request_detail", args=[o.pk]),
        row_class=lambda o: "table-danger" if _late(o) else "",
        actions=actions,
        personal=PersonalTrail("online_request", lambda o: o.number, lambda o: o.scope_path),
    )


def _request(request, pk):
    _require(request, Perm.VIEW_SERVICES)
    return get_or_404(selectors.request_get, user=request.user, pk=pk)


def request_detail(request, pk):
    obj = _request(request, pk)
    services.online_request_read(acting_user=request.user, request=obj)
    context = {
        "title": f"{obj.number} {obj.get_category_display()}",
        "obj": obj,
        "clock": clock(obj),
        "late": _late(obj),
        "may_serve": user_may(request.user, Perm.SERVE_RESIDENTS, obj.scope_path),
        "ack_form": AcknowledgeForm(),
        "close_form": CloseForm(),
        "convert_form": ConvertForm(),
    }
    return render(request, "online_groups/request_detail.html", context)


def _post_form(request, pk, form_class, call, done):
    obj = _request(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, obj.scope_path)
    form = form_class(request.POST if request.method == "POST" else None)  # an empty POST is a submitted form
    if request.method == "POST" and form.is_valid():
        try:
            call(obj, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            if request.POST.get("next") == "intake":  # acknowledged from the phone page: back to it
                return redirect("online_groups:intake")
            return redirect("online_groups:request_detail", obj.pk)
    return render(request, "web/form.html", {"title": f"{obj.number} {obj.get_category_display()}", "form": form})


def request_acknowledge(request, pk):
    def call(obj, data):
        services.online_request_acknowledge(acting_user=request.user, request=obj, at=data["at"],
                                            category=data["category"] or None)  # fmt: skip

    return _post_form(request, pk, AcknowledgeForm, call, _("已记录首次回复"))


def request_close(request, pk):
    def call(obj, data):
        services.online_request_close(acting_user=request.user, request=obj, outcome=data["outcome"])

    return _post_form(request, pk, CloseForm, call, _("已办结"))


def request_convert(request, pk):
    def call(obj, data):
        services.online_request_convert(acting_user=request.user, request=obj, kind=data["kind"], ref=data["ref"])

    return _post_form(request, pk, ConvertForm, call, _("已转办"))


def intake(request):
    """The officer's phone page (usable as a 企业微信 sidebar page): log a resident's request from the group, or
    record the first reply to one waiting."""
    _require(request, Perm.SERVE_RESIDENTS)
    groups = selectors.intake_groups(user=request.user)
    form = IntakeForm(request.POST or None, groups=groups, initial={"group": request.GET.get("group")})
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.online_request_log(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记%(n)s，%(c)s") % {"n": obj.number, "c": clock(obj)})
            return redirect("online_groups:intake")
    waiting = selectors.open_requests_for(user=request.user)
    return render(request, "online_groups/intake.html", {
        "title": _("群内受理"), "form": form, "waiting": [(o, clock(o), _late(o)) for o in waiting],
    })  # fmt: skip


BROADCAST_COLUMNS = [
    Column(_("提交时间"), lambda o: o.requested_at),
    Column(_("宣传内容"), lambda o: o.text[:40]),
    Column(_("群数"), lambda o: o.target_count),
    Column(_("已送达"), lambda o: o.sent_count),
    Column(_("排队中"), lambda o: o.queued_count),
    Column(_("派出所"), lambda o: o.org_unit.name),
    Column(_("提交人"), lambda o: o.requested_by.display_name if o.requested_by else ""),
]


def broadcast_list(request):
    _require(request, Perm.VIEW_SERVICES)
    form = BroadcastFilterForm(request.GET or None)
    actions = (
        [(_("宣传群发"), reverse("online_groups:broadcast_new"))]
        if user_may(request.user, Perm.SERVE_RESIDENTS)
        else []
    )
    return list_page(
        request,
        queryset=selectors.broadcast_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=BROADCAST_COLUMNS,
        export_name=_("云格宣传群发"),
        title=_("云格宣传群发"),
        row_url=lambda o: reverse("online_groups:broadcast_detail", args=[o.pk]),
        actions=actions,
    )


def broadcast_new(request):
    _require(request, Perm.SERVE_RESIDENTS)
    form = BroadcastForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            obj = services.broadcast_create(acting_user=request.user, groups=list(d["groups"]), text=d["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已提交群发，请在企业微信中确认发送"))
            return redirect("online_groups:broadcast_detail", obj.pk)
    return render(request, "web/form.html", {"title": _("宣传群发"), "form": form})


def broadcast_detail(request, pk):
    _require(request, Perm.VIEW_SERVICES)
    obj = get_or_404(selectors.broadcast_get, user=request.user, pk=pk)
    counts = services.broadcast_status(obj)
    return render(request, "online_groups/broadcast_detail.html", {
        "title": _("云格宣传群发"), "obj": obj, "targets": obj.targets.select_related("group").order_by("pk"),
        "counts": [(label, counts[value]) for value, label in TargetStatus.choices],
    })  # fmt: skip


def stats(request):
    """云格统计 (readings: 规范000 §9 is missing): first response p50/p90 per station, group and category, share
    within the clock, the catalogue's indicators."""
    _require(request, Perm.VIEW_SERVICES)
    units = list(scoped_units(request.user, Perm.VIEW_SERVICES, [OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU,
                                                                  OrgUnitKind.STATION, OrgUnitKind.BEAT]))  # fmt: skip
    if not units:
        raise PermissionDenied(_("您没有此项云格警务权限"))
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), units[0])
    today = timezone.localdate()
    start = today - timedelta(days=29)
    rows = [{"spec": s, "measure": (m := s.compute(unit, start, today)), "met": s.met(m.value)}
            for s in indicators.SPECS]  # fmt: skip
    return render(request, "online_groups/stats.html", {
        "title": _("云格统计"), "units": units, "unit": unit, "start": start, "today": today, "rows": rows,
        "response": selectors.response_stats(unit, start, today),
    })  # fmt: skip


def settings_page(request):
    """云格设置: the response clocks, the 群发 cap and the statistics target — readings a station may change."""
    _require(request, Perm.MANAGE_SERVICES)
    form = NumberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.local_number_set(acting_user=request.user, org_unit=d["org_unit"], code=d["code"],
                                      value=d["value"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("online_groups:settings")
    unit = form.fields["org_unit"].queryset.first()
    rows = [{**r, "value": services.number_value(r["code"], unit) if unit else r["default"]} for r in NUMBERS]
    return render(request, "online_groups/settings.html", {"title": _("云格设置"), "form": form, "rows": rows,
                                                           "unit": unit})  # fmt: skip
