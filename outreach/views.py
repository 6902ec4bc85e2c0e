"""为民服务 pages: thin views over the outreach selectors and services (the public pages are in public_views)."""

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
from audit.masking import mask_id_number, mask_phone
from fengqiao.pdf import pdf_response
from org.models import OrgUnitKind
from web.forms import add_service_errors, scoped_units
from web.listing import Column, PersonalTrail, list_page
from web.shortcuts import get_or_404

from . import indicators, selectors, services
from .catalogue import TYPE_BY_CODE, TYPE_FIELDS
from .forms import (
    CareAlertForm,
    CareFilterForm,
    CareForm,
    CareVisitForm,
    CertificateForm,
    CloseForm,
    ComplaintDecideForm,
    ComplaintForm,
    HandoverForm,
    LostFoundFilterForm,
    LostFoundForm,
    OverdueForm,
    PostFilterForm,
    PostOpeningForm,
    PublicInfoForm,
    RateForm,
    RepresentativeReportForm,
    RequestFilterForm,
    RequestForm,
    ReturnForm,
)
from .models import BeatPublicInfo, LostFoundItem


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项为民服务权限"))


def clock(obj, now=None) -> str:
    """The request's clock as a short Chinese phrase: time left, overdue by, or done on time/late."""
    now = now or timezone.now()
    if obj.done_at:
        return str(_("按时办结")) if obj.done_at <= obj.due_at else str(_("超时办结"))
    left = obj.due_at - now
    if left < timedelta(0):
        hours = int(-left.total_seconds() // 3600)
        return str(_("已超时%(h)s小时")) % {"h": hours}
    if left < timedelta(hours=48):
        return str(_("剩余%(h)s小时")) % {"h": int(left.total_seconds() // 3600)}
    return str(_("剩余%(d)s天")) % {"d": left.days}


def _overdue(obj) -> bool:
    return (obj.done_at or timezone.now()) > obj.due_at


REQUEST_COLUMNS = [
    Column(_("受理编号"), lambda o: o.number),
    Column(_("事项类型"), lambda o: o.get_service_type_display()),
    Column(_("诉求内容"), lambda o: o.content[:40]),
    Column(_("急需"), lambda o: o.is_urgent),
    Column(_("受理渠道"), lambda o: o.get_channel_display()),
    Column(_("受理时间"), lambda o: o.received_at),
    Column(_("办结时限"), lambda o: o.due_at),
    Column(_("时限状态"), clock),
    Column(_("承办人"), lambda o: o.owner.display_name if o.owner else ""),
    Column(_("状态"), lambda o: o.get_status_display()),
    Column(_("满意度"), lambda o: o.get_satisfaction_display()),
    Column(_("警务区"), lambda o: o.beat.name),
]


def request_list(request):
    _require(request, Perm.VIEW_SERVICES)
    form = RequestFilterForm(request.GET or None, user=request.user)
    actions = [(_("受理诉求"), reverse("outreach:request_new"))] if user_may(request.user, Perm.SERVE_RESIDENTS) else []
    return list_page(
        request,
        queryset=selectors.request_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=REQUEST_COLUMNS,
        export_name=_("群众诉求"),
        title=_("群众诉求"),
        row_url=lambda o: reverse("outreach:request_detail", args=[o.pk]),
        row_class=lambda o: "table-danger" if _overdue(o) and o.is_open else "",
        actions=actions,
        personal=PersonalTrail("service_request", lambda o: o.number, lambda o: o.scope_path),
    )


def request_new(request):
    """The window's intake form (第八十七条、第九十一条): type first, then that type's fields."""
    _require(request, Perm.SERVE_RESIDENTS)
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.service_request_receive(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已受理，编号%(n)s，办结时限%(t)s") % {
                "n": obj.number, "t": timezone.localtime(obj.due_at).strftime("%Y-%m-%d %H:%M")})  # fmt: skip
            return redirect("outreach:request_detail", obj.pk)
    types = [{"code": code, "limit": row["default"], "source": row["source"]} for code, row in TYPE_BY_CODE.items()]
    return render(request, "outreach/request_form.html", {"title": _("受理群众诉求"), "form": form, "types": types})


def _request(request, pk):
    _require(request, Perm.VIEW_SERVICES)
    return get_or_404(selectors.request_get, user=request.user, pk=pk)


def request_detail(request, pk):
    obj = _request(request, pk)
    unmasked = services.service_request_read(
        acting_user=request.user, request=obj, unmask=request.GET.get("unmask") == "1"
    )
    may_serve = user_may(request.user, Perm.SERVE_RESIDENTS, obj.beat.path)
    row = TYPE_BY_CODE.get(obj.service_type, {})
    details = [(TYPE_FIELDS[name][0], obj.details.get(name)) for name in row.get("fields", ())]
    context = {
        "title": f"{obj.number} {obj.get_service_type_display()}",
        "obj": obj,
        "type_row": row,
        "details": details,
        "phone": obj.applicant_phone if unmasked else mask_phone(obj.applicant_phone),
        "clock": clock(obj),
        "overdue": _overdue(obj),
        "handovers": obj.handovers.select_related("from_user", "to_user"),
        "tasks": selectors.request_tasks(obj),
        "may_serve": may_serve,
        "may_manage": user_may(request.user, Perm.MANAGE_SERVICES, obj.beat.path),
        "close_form": CloseForm(),
        "rate_form": RateForm(),
        "overdue_form": OverdueForm(),
        "certificate_form": CertificateForm(initial={"holder": obj.applicant_name}) if row.get("certificate") else None,
        "rating_code": request.session.pop(f"outreach_code_{obj.pk}", None),
    }
    return render(request, "outreach/request_detail.html", context)


def _post_form(request, pk, form_class, perm, call, done, form_kwargs=None):
    """Shared shape of the detail page's small forms: a POST, one service call, back to the page."""
    obj = _request(request, pk)
    _require(request, perm, obj.beat.path)
    form = form_class(request.POST or None, **(form_kwargs(obj) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        try:
            result = call(obj, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("outreach:request_detail", obj.pk), result
    return render(request, "web/form.html", {"title": f"{obj.number} {obj.get_service_type_display()}",
                                             "form": form}), None  # fmt: skip


def request_close(request, pk):
    def call(obj, data):
        done, code = services.service_request_close(acting_user=request.user, request=obj, **data)
        request.session[f"outreach_code_{obj.pk}"] = code  # shown once on the receipt, never stored in clear
        return done

    response, _r = _post_form(request, pk, CloseForm, Perm.SERVE_RESIDENTS, call, _("已办结，请将评价码交给群众"))
    return response


def request_hand_over(request, pk):
    def call(obj, data):
        return services.service_request_hand_over(acting_user=request.user, request=obj, **data)

    response, _r = _post_form(request, pk, HandoverForm, Perm.SERVE_RESIDENTS, call, _("已移交"),
                              form_kwargs=lambda obj: {"request_obj": obj})  # fmt: skip
    return response


def request_overdue(request, pk):
    obj = _request(request, pk)
    if not (
        user_may(request.user, Perm.SERVE_RESIDENTS, obj.beat.path)
        or user_may(request.user, Perm.MANAGE_SERVICES, obj.beat.path)
    ):
        raise PermissionDenied(_("您没有此项为民服务权限"))
    form = OverdueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_request_overdue_note(
                acting_user=request.user, request=obj, note=form.cleaned_data["overdue_note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录超时处理情况"))
            return redirect("outreach:request_detail", obj.pk)
    return render(request, "web/form.html", {"title": _("超时处理：%(n)s") % {"n": obj.number}, "form": form})


def request_rate(request, pk):
    def call(obj, data):
        return services.service_request_rate_record(acting_user=request.user, request=obj, **data)

    response, _r = _post_form(request, pk, RateForm, Perm.SERVE_RESIDENTS, call, _("已记录群众评价"))
    return response


def certificate_new(request, pk):
    def call(obj, data):
        return services.certificate_issue(acting_user=request.user, request=obj, **data)

    response, _r = _post_form(request, pk, CertificateForm, Perm.SERVE_RESIDENTS, call, _("已出具证明"))
    return response


def certificate_download(request, pk):
    obj = _request(request, pk)
    if obj.certificate is None:
        from django.http import Http404

        raise Http404
    with obj.certificate.pdf.open("rb") as handle:
        data = handle.read()
    return pdf_response(data, f"{obj.certificate.number}.pdf")


# ---------------------------------------------------------------- lost and found


LOST_COLUMNS = [
    Column(_("类别"), lambda o: o.get_kind_display()),
    Column(_("物品描述"), lambda o: o.description),
    Column(_("地点"), lambda o: o.place),
    Column(_("日期"), lambda o: o.happened_on),
    Column(_("状态"), lambda o: o.get_status_display()),
    Column(_("已反馈"), lambda o: o.finder_told_at is not None),
    Column(_("警务区"), lambda o: o.beat.name),
]


def lost_found_list(request):
    _require(request, Perm.VIEW_SERVICES)
    form = LostFoundFilterForm(request.GET or None, user=request.user)
    actions = (
        [(_("登记物品"), reverse("outreach:lost_found_new"))] if user_may(request.user, Perm.SERVE_RESIDENTS) else []
    )
    return list_page(
        request,
        queryset=selectors.lost_found_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=LOST_COLUMNS,
        export_name=_("失物招领"),
        title=_("失物招领"),
        row_url=lambda o: reverse("outreach:lost_found_detail", args=[o.pk]),
        actions=actions,
    )


def lost_found_new(request):
    _require(request, Perm.SERVE_RESIDENTS)
    form = LostFoundForm(request.POST or None, user=request.user, initial={"happened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.lost_found_register(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记"))
            return redirect("outreach:lost_found_detail", item.pk)
    return render(request, "web/form.html", {"title": _("登记失物/拾物"), "form": form})


def _item(request, pk):
    _require(request, Perm.VIEW_SERVICES)
    return get_or_404(selectors.lost_found_get, user=request.user, pk=pk)


def lost_found_detail(request, pk):
    item = _item(request, pk)
    unmasked = services.lost_found_read(acting_user=request.user, item=item, unmask=request.GET.get("unmask") == "1")
    may_serve = user_may(request.user, Perm.SERVE_RESIDENTS, item.beat.path)
    context = {
        "title": str(item),
        "item": item,
        "phone": item.person_phone if unmasked else mask_phone(item.person_phone),
        "candidates": selectors.match_candidates(user=request.user, item=item) if may_serve else [],
        "may_serve": may_serve,
        "return_form": ReturnForm(),
    }
    return render(request, "outreach/lost_found_detail.html", context)


@require_POST
def lost_found_match(request, pk):
    item = _item(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, item.beat.path)
    try:
        other = selectors.lost_found_get(user=request.user, pk=int(request.POST.get("other") or 0))
    except (LostFoundItem.DoesNotExist, ValueError):
        other = None
    try:
        services.lost_found_match(acting_user=request.user, item=item, other=other)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已比对认领"))
    return redirect("outreach:lost_found_detail", item.pk)


def lost_found_return(request, pk):
    item = _item(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, item.beat.path)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lost_found_return(acting_user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已归还/处理并反馈"))
            return redirect("outreach:lost_found_detail", item.pk)
    return render(
        request, "web/form.html", {"title": _("归还/处理：%(d)s") % {"d": item.description[:30]}, "form": form}
    )


# ---------------------------------------------------------------- post opening


POST_COLUMNS = [
    Column(_("警务室"), lambda o: o.post.name),
    Column(_("日期"), lambda o: o.day),
    Column(_("开放"), lambda o: o.opened_at.strftime("%H:%M")),
    Column(_("关闭"), lambda o: o.closed_at.strftime("%H:%M")),
    Column(_("小时数"), lambda o: o.hours),
    Column(_("工作日"), lambda o: o.is_workday),
    Column(_("固定接待日"), lambda o: o.reception_day),
    Column(_("不足8小时"), lambda o: o.short),
    Column(_("说明"), lambda o: o.note),
]


def post_list(request):
    _require(request, Perm.VIEW_SERVICES)
    form = PostFilterForm(request.GET or None)
    actions = [(_("记录开放"), reverse("outreach:post_new"))] if user_may(request.user, Perm.SERVE_RESIDENTS) else []
    return list_page(
        request,
        queryset=selectors.post_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=POST_COLUMNS,
        export_name=_("警务室开放记录"),
        title=_("警务室开放记录"),
        row_class=lambda o: "table-warning" if o.short else "",
        actions=actions,
    )


def post_new(request):
    _require(request, Perm.SERVE_RESIDENTS)
    initial = {"day": timezone.localdate(), "opened_at": "08:30", "closed_at": "17:30"}
    form = PostOpeningForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.post_opening_record(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if row.short:
                messages.warning(
                    request, _("当日开放%(h)s小时，不足8小时（规范001 第九十三条(二)）") % {"h": row.hours}
                )
            else:
                messages.success(request, _("已记录"))
            return redirect("outreach:post_list")
    return render(request, "web/form.html", {"title": _("记录警务室开放"), "form": form})


# ---------------------------------------------------------------- the station page and indicators


def station_page(request):
    """本所为民服务: the 第九十三条 figures this month, per-type in-time rates, posts under 8 hours (a warning),
    substantiated complaints (the officers barred from 优秀 this year)."""
    _require(request, Perm.VIEW_SERVICES)
    units = list(scoped_units(request.user, Perm.VIEW_SERVICES, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT]))
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), units[0] if units else None)
    today = timezone.localdate()
    start = today.replace(day=1)
    rows, per_type = [], []
    if unit is not None:
        for spec in indicators.SPECS:
            measure = spec.compute(unit, start, today)
            rows.append({"spec": spec, "measure": measure, "met": spec.met(measure.value)})
        per_type = [(label, m) for _c, label, m in indicators.per_type(unit, start, today) if m.denominator]
    context = {
        "title": _("为民服务概况"),
        "units": units,
        "unit": unit,
        "rows": rows,
        "per_type": per_type,
        "start": start,
        "today": today,
        "short_posts": selectors.short_posts(user=request.user, start=start, end=today)[:50],
        "barred": selectors.barred_officers(user=request.user, year=today.year),
        "complaints": selectors.complaint_list(user=request.user, filters={"year": today.year})[:50],
        "may_manage": user_may(request.user, Perm.MANAGE_SERVICES),
        "may_serve": user_may(request.user, Perm.SERVE_RESIDENTS),
        "reports": selectors.report_list(user=request.user)[:20],
    }
    return render(request, "outreach/station.html", context)


# ---------------------------------------------------------------- complaints


def complaint_new(request):
    _require(request, Perm.MANAGE_SERVICES)
    form = ComplaintForm(request.POST or None, user=request.user, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_record(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记投诉"))
            return redirect("outreach:station")
    return render(request, "web/form.html", {"title": _("登记群众投诉"), "form": form})


def complaint_decide(request, pk):
    _require(request, Perm.MANAGE_SERVICES)
    complaint = get_or_404(selectors.complaint_get, user=request.user, pk=pk)
    _require(request, Perm.MANAGE_SERVICES, complaint.beat.path)
    form = ComplaintDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_decide(acting_user=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录调查结论"))
            return redirect("outreach:station")
    title = _("投诉调查结论：%(o)s") % {"o": complaint.officer.name}
    return render(request, "web/form.html", {"title": title, "form": form})


# ---------------------------------------------------------------- care (关爱帮扶)


CARE_COLUMNS = [
    Column(_("编号"), lambda o: o.pk),
    Column(_("姓名"), lambda o: o.resident.name),
    Column(_("关爱类别"), lambda o: o.get_group_display()),
    Column(_("纳入日期"), lambda o: o.since),
    Column(_("在帮扶"), lambda o: o.is_active),
    Column(_("警务区"), lambda o: o.resident.org_unit.name),
]


def care_list(request):
    _require(request, Perm.VIEW_SERVICES)
    form = CareFilterForm(request.GET or None, user=request.user)
    return list_page(
        request,
        queryset=selectors.care_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=CARE_COLUMNS,
        export_name=_("关爱帮扶对象"),
        title=_("关爱帮扶对象"),
        row_url=lambda o: reverse("outreach:care_detail", args=[o.pk]),
        personal=PersonalTrail("care_recipient", lambda o: f"关爱帮扶对象（编号{o.pk}）", lambda o: o.scope_path),
    )


def care_new(request, resident_pk):
    """纳入关爱帮扶 from a resident (第九十八条)."""
    from registry.selectors import resident_get

    _require(request, Perm.SERVE_RESIDENTS)
    resident = get_or_404(resident_get, user=request.user, pk=resident_pk)
    form = CareForm(request.POST or None, initial={"since": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            recipient = services.care_recipient_add(acting_user=request.user, resident=resident, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已纳入关爱帮扶，走访任务已生成"))
            return redirect("outreach:care_detail", recipient.pk)
    return render(request, "web/form.html", {"title": _("纳入关爱帮扶"), "form": form})


def _care(request, pk):
    _require(request, Perm.VIEW_SERVICES)
    return get_or_404(selectors.care_get, user=request.user, pk=pk)


def care_detail(request, pk):
    recipient = _care(request, pk)
    unmasked = services.care_recipient_read(
        acting_user=request.user, recipient=recipient, unmask=request.GET.get("unmask") == "1"
    )
    resident = recipient.resident
    context = {
        "title": _("关爱帮扶对象（编号%(n)s）") % {"n": recipient.pk},
        "recipient": recipient,
        "resident": resident,
        "id_number": resident.id_number if unmasked else mask_id_number(resident.id_number),
        "phone": resident.phone if unmasked else mask_phone(resident.phone),
        "visits": recipient.visits.select_related("visited_by", "alert"),
        "alerts": recipient.alerts.select_related("raised_by"),
        "tasks": selectors.care_tasks(recipient),
        "may_serve": user_may(request.user, Perm.SERVE_RESIDENTS, recipient.scope_path),
    }
    return render(request, "outreach/care_detail.html", context)


def care_visit_new(request, pk):
    recipient = _care(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, recipient.scope_path)
    form = CareVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.care_visit_record(acting_user=request.user, recipient=recipient, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录走访"))
            return redirect("outreach:care_detail", recipient.pk)
    return render(request, "web/form.html", {"title": _("关爱走访"), "form": form})


def care_alert_new(request, pk):
    recipient = _care(request, pk)
    _require(request, Perm.SERVE_RESIDENTS, recipient.scope_path)
    form = CareAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_alert_raise(acting_user=request.user, recipient=recipient, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已预警，社区民警将收到查访任务"))
            return redirect("outreach:care_detail", recipient.pk)
    return render(request, "web/form.html", {"title": _("关爱对象预警"), "form": form})


# ---------------------------------------------------------------- public information


def public_info_edit(request, beat_pk):
    _require(request, Perm.SERVE_RESIDENTS)
    beat = get_or_404(lambda **kw: scoped_units(request.user, Perm.SERVE_RESIDENTS, [OrgUnitKind.BEAT]).get(**kw),
                      pk=beat_pk)  # fmt: skip
    info = BeatPublicInfo.objects.filter(beat=beat).first()
    initial = {f: getattr(info, f) for f in PublicInfoForm.base_fields} if info else {}
    form = PublicInfoForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_info_update(acting_user=request.user, beat=beat, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已更新警务公开信息"))
            return redirect("public:beat", beat.code)
    return render(request, "web/form.html", {"title": _("警务公开信息：%(b)s") % {"b": beat.name}, "form": form})


def care_pick(request):
    """Find the resident to take into care (第九十八条): by name or ID number within the user's registry scope."""
    from registry.selectors import resident_list

    _require(request, Perm.SERVE_RESIDENTS)
    q = (request.GET.get("q") or "").strip()[:50]
    rows = []
    if q:
        for resident in resident_list(user=request.user, filters={"q": q})[:20]:
            rows.append((resident, mask_id_number(resident.id_number)))
    return render(request, "outreach/care_pick.html", {"title": _("纳入关爱帮扶：选择实有人口"), "q": q, "rows": rows})


def report_new(request):
    """每季度向辖区群众代表报告 (第九十六条): recording it completes the beat's quarterly task."""
    _require(request, Perm.SERVE_RESIDENTS)
    form = RepresentativeReportForm(request.POST or None, user=request.user, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_report_record(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录，本季度向居民报告任务已完成"))
            return redirect("outreach:station")
    return render(request, "web/form.html", {"title": _("向群众代表报告工作"), "form": form})
