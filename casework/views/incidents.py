"""案事件 pages: thin views over the casework selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.masking import mask_phone
from fengqiao.pdf import pdf_response
from web.listing import Column, PersonalTrail, list_page
from web.shortcuts import get_or_404

from .. import selectors, services
from ..choices import FOLLOW_UP_ITEMS, FollowUpKind, IncidentKind
from ..forms import (
    ArrivalForm,
    CloseForm,
    DissuasionForm,
    FileForm,
    IncidentFilterForm,
    IncidentFollowUpForm,
    IncidentForm,
    IncidentNoticeForm,
    IncidentPersonForm,
    MonthlyNoticeForm,
    PeriodForm,
    PersonLinkForm,
    SceneForm,
)
from ..indicators import INCIDENT_SPECS
from ..services.incidents import missing_accident_steps
from .common import form_step, post_step, require


def _local(value, fmt="%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


INCIDENT_COLUMNS = [
    Column(_("编号"), lambda i: i.pk),
    Column(_("接报时间"), lambda i: _local(i.reported_at)),
    Column(_("类别"), lambda i: i.get_kind_display()),
    Column(_("细类"), lambda i: i.get_subkind_display()),
    Column(_("发生地点"), lambda i: i.place_text),
    Column(_("现场"), lambda i: _("有现场") if i.has_scene else _("无现场")),
    Column(_("来源"), lambda i: i.get_source_display()),
    Column(_("到场时间"), lambda i: _local(i.arrived_at)),
    Column(_("立案日期"), lambda i: i.filed_on.isoformat() if i.filed_on else ""),
    Column(_("状态"), lambda i: i.get_status_display()),
    Column(_("回访逾期"), lambda i: bool(i.has_overdue)),
    Column(_("警务区"), lambda i: i.beat.name),
]
# The list shows no person; its export names the incident on the trail like every list of personal records.
INCIDENT_TRAIL = PersonalTrail("incident", label=lambda i: i.label, scope_path=lambda i: i.beat.path)


def incident_list(request):
    require(request, Perm.VIEW_INCIDENTS)
    form = IncidentFilterForm(request.GET or None, user=request.user)
    qs = selectors.incident_list(user=request.user, filters=form.filters() if request.GET else {})
    actions = []
    if user_may(request.user, Perm.RECORD_INCIDENTS):
        actions.append((_("录入案事件"), reverse("casework:incident_new")))
    if user_may(request.user, Perm.PUSH_INCIDENTS):
        actions.append((_("推送案事件"), reverse("casework:incident_push")))
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=INCIDENT_COLUMNS,
        export_name=_("案事件"),
        title=_("案事件"),
        personal=INCIDENT_TRAIL,
        row_url=lambda i: reverse("casework:incident_detail", args=[i.pk]),
        row_class=lambda i: "table-danger" if i.has_overdue else "",
        actions=actions,
    )


def _new(request, *, push: bool):
    form = IncidentForm(request.POST or None, user=request.user, push=push)
    service = services.incident_push if push else services.incident_record

    def call():
        data = dict(form.cleaned_data)
        return service(acting_user=request.user, **data)

    return form_step(
        request,
        form,
        call,
        done=_("已推送至社区民警") if push else _("已录入案事件"),
        to=lambda i: reverse("casework:incident_detail", args=[i.pk]),
        title=_("推送案事件") if push else _("录入案事件"),
    )


def incident_new(request):
    require(request, Perm.RECORD_INCIDENTS)
    return _new(request, push=False)


def incident_push(request):
    require(request, Perm.PUSH_INCIDENTS)
    return _new(request, push=True)


def _incident(request, pk):
    require(request, Perm.VIEW_INCIDENTS)
    return get_or_404(selectors.incident_get, user=request.user, pk=pk)


def _writable(request, pk):
    incident = _incident(request, pk)
    require(request, Perm.RECORD_INCIDENTS, incident.beat.path)
    return incident


def incident_detail(request, pk):
    incident = _incident(request, pk)
    unmasked = services.incident_read(
        acting_user=request.user, incident=incident, unmask=request.GET.get("unmask") == "1"
    )
    people = [
        (p, p.phone if unmasked else mask_phone(p.phone))
        for p in incident.people.select_related("resident", "dissuasion_task")
    ]
    items = dict(FOLLOW_UP_ITEMS)
    context = {
        "title": str(incident),
        "incident": incident,
        "people": people,
        "scene": incident.scene_entries.select_related("recorded_by"),
        "follow_ups": [(f, [items.get(c, c) for c in f.items]) for f in incident.follow_ups.all()],
        "obligations": selectors.incident_obligations(incident),
        "notices": selectors.incident_notices(incident),
        "missing_steps": missing_accident_steps(incident),
        "may_write": selectors.incident_may_write(request.user, incident),
        "may_push": selectors.incident_may_push(request.user, incident),
        "is_open": incident.status == "open",
        "is_case": incident.kind in (IncidentKind.CRIMINAL, IncidentKind.PUBLIC_ORDER),
        "may_unmask": user_may(request.user, Perm.UNMASK_PERSONAL, incident.beat.path) and not unmasked,
    }
    return render(request, "casework/incident_detail.html", context)


def _back(incident):
    return lambda _x: reverse("casework:incident_detail", args=[incident.pk])


def _title(text, incident):
    return f"{text}：{incident.label}"


def arrive(request, pk):
    incident = _writable(request, pk)
    form = ArrivalForm(request.POST or None, initial={"arrived_at": timezone.localtime()})
    return form_step(
        request,
        form,
        lambda: services.incident_arrive(acting_user=request.user, incident=incident, **form.cleaned_data),
        done=_("已登记到场"),
        to=_back(incident),
        title=_title(_("登记到场"), incident),
    )


def person_new(request, pk):
    incident = _writable(request, pk)
    form = IncidentPersonForm(request.POST or None, user=request.user)
    return form_step(
        request,
        form,
        lambda: services.incident_person_add(acting_user=request.user, incident=incident, person=form.person()),
        done=_("已添加涉案人员"),
        to=_back(incident),
        title=_title(_("添加涉案人员"), incident),
    )


def _person(request, pk):
    require(request, Perm.RECORD_INCIDENTS)
    person = get_or_404(selectors.incident_person_get, user=request.user, pk=pk, perm=Perm.RECORD_INCIDENTS)
    return person


def person_link(request, pk):
    person = _person(request, pk)
    form = PersonLinkForm(request.POST or None, user=request.user)
    return form_step(
        request,
        form,
        lambda: services.incident_person_link(
            acting_user=request.user, person=person, resident=form.cleaned_data["id_number"]
        ),
        done=_("已关联实有人口，采集任务完成"),
        to=_back(person.incident),
        title=_title(_("关联实有人口"), person.incident),
    )


@require_POST
def person_verify(request, pk):
    person = _person(request, pk)
    return post_step(
        request,
        lambda: services.incident_person_verify(acting_user=request.user, person=person),
        done=_("已核实基本情况"),
        to=reverse("casework:incident_detail", args=[person.incident_id]),
    )


def dissuasion(request, pk):
    require(request, Perm.PUSH_INCIDENTS)
    person = get_or_404(selectors.incident_person_get, user=request.user, pk=pk, perm=Perm.PUSH_INCIDENTS)
    form = DissuasionForm(request.POST or None)
    return form_step(
        request,
        form,
        lambda: services.incident_dissuasion_instruct(acting_user=request.user, person=person, **form.cleaned_data),
        done=_("已下达见面劝阻指令"),
        to=_back(person.incident),
        title=_title(_("见面劝阻指令"), person.incident),
    )


def scene_new(request, pk):
    incident = _writable(request, pk)
    form = SceneForm(request.POST or None, accident=incident.kind == IncidentKind.ACCIDENT)
    return form_step(
        request,
        form,
        lambda: services.incident_scene_record(acting_user=request.user, incident=incident, **form.cleaned_data),
        done=_("已记录现场处置"),
        to=_back(incident),
        title=_title(_("记录现场处置"), incident),
    )


def file(request, pk):
    incident = _writable(request, pk)
    form = FileForm(request.POST or None, initial={"filed_on": timezone.localdate()})
    return form_step(
        request,
        form,
        lambda: services.incident_file(acting_user=request.user, incident=incident, **form.cleaned_data),
        done=_("已登记立案，立案后一周内回访"),
        to=_back(incident),
        title=_title(_("登记立案"), incident),
    )


def close(request, pk):
    incident = _writable(request, pk)
    form = CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    return form_step(
        request,
        form,
        lambda: services.incident_close(acting_user=request.user, incident=incident, **form.cleaned_data),
        done=_("已办结"),
        to=_back(incident),
        title=_title(_("办结"), incident),
    )


def follow_up_new(request, pk):
    incident = _writable(request, pk)
    kind = request.GET.get("kind") or (
        FollowUpKind.CONTACT
        if not incident.has_scene
        else FollowUpKind.AFTER_CLOSING
        if incident.closed_on and incident.filed_on
        else FollowUpKind.AFTER_FILING
    )
    form = IncidentFollowUpForm(request.POST or None, initial={"kind": kind, "visited_on": timezone.localdate()})

    def call():
        f = services.incident_follow_up_record(acting_user=request.user, incident=incident, **form.cleaned_data)
        if f.completed_tasks:
            messages.info(request, _("已完成回访任务%(n)s项") % {"n": len(f.completed_tasks)})
        return f

    return form_step(
        request,
        form,
        call,
        done=_("已记录回访"),
        to=_back(incident),
        title=_title(_("回访"), incident),
    )


def notice_new(request, pk):
    incident = _writable(request, pk)
    form = IncidentNoticeForm(request.POST or None)
    return form_step(
        request,
        form,
        lambda: services.incident_notice_issue(acting_user=request.user, incident=incident, **form.cleaned_data),
        done=_("文书已生成"),
        to=_back(incident),
        title=_title(_("可防性案件制发文书（第八十条(四)）"), incident),
    )


def notice_download(request, pk):
    require(request, Perm.VIEW_INCIDENTS)
    notice = get_or_404(selectors.incident_notice_get, user=request.user, pk=pk)
    with notice.pdf.open("rb") as handle:
        data = handle.read()
    return pdf_response(data, f"{notice.number}.pdf")


def indicators(request):
    require(request, Perm.VIEW_INCIDENTS)
    form = PeriodForm(request.GET or None)
    start, end = selectors.month_bounds(form.filters().get("month") if request.GET else None)
    rows = selectors.indicator_table(
        user=request.user, perm=Perm.VIEW_INCIDENTS, codes=[s.code for s in INCIDENT_SPECS], start=start, end=end
    )
    context = {
        "title": _("案事件处置指标"),
        "form": form,
        "specs": INCIDENT_SPECS,
        "rows": rows,
        "start": start,
        "end": end,
    }
    return render(request, "casework/indicators.html", context)


def monthly_notice(request) -> HttpResponse:
    require(request, Perm.VIEW_INCIDENTS)
    form = MonthlyNoticeForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else {}
    unit = filters.get("unit") or form.fields["unit"].queryset.filter(kind="beat").first()
    start, end = selectors.month_bounds(filters.get("month"))
    notice = selectors.monthly_notice(unit=unit, start=start, end=end) if unit else None
    context = {"title": _("警情通报（月度）"), "form": form, "notice": notice}
    return render(request, "casework/monthly_notice.html", context)
