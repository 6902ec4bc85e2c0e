"""特定对象 pages: thin views over the subjects' selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.masking import mask_id_number, mask_phone
from fengqiao import uploads
from fengqiao.replica import reads_from_replica
from registry.selectors import resident_get
from web.forms import add_service_errors
from web.listing import Column, PersonalTrail, list_page
from web.shortcuts import get_or_404

from . import selectors, services
from .categories import CATEGORIES, RECORD_KIND_BY_CODE, RECORD_KINDS
from .forms import DecideForm, MarkForm, PushForm, ReasonForm, RecordForm, SubjectFilterForm, TransferForm, VisitForm
from .models import SubjectStatus


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项特定对象权限"))


SUBJECT_COLUMNS = [
    Column(_("姓名"), lambda s: s.resident.name),
    Column(_("公民身份号码"), lambda s: mask_id_number(s.resident.id_number or "")),
    Column(_("类别"), lambda s: s.get_category_display()),
    Column(_("状态"), lambda s: s.get_status_display()),
    Column(_("风险等级"), lambda s: s.get_risk_level_display()),
    Column(_("有逾期工作"), lambda s: bool(getattr(s, "has_overdue", False))),
    Column(_("标注生效日期"), lambda s: s.effective_on.isoformat() if s.effective_on else ""),
    Column(_("警务区"), lambda s: s.org_unit.name),
]
SUBJECT_TRAIL = PersonalTrail("special_subject", label=lambda s: str(s), scope_path=lambda s: s.org_unit.path)


def subject_list(request):
    _require(request, Perm.VIEW_SUBJECTS)
    form = SubjectFilterForm(request.GET or None, user=request.user)
    qs = selectors.special_subject_list(user=request.user, filters=form.filters() if request.GET else {})
    response = list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=SUBJECT_COLUMNS,
        export_name=_("特定对象"),
        title=_("特定对象"),
        personal=SUBJECT_TRAIL,
        row_url=lambda s: reverse("subjects:subject_detail", args=[s.pk]),
        actions=[(_("标注特定对象"), reverse("subjects:resident_pick"))]
        if user_may(request.user, Perm.MARK_SUBJECTS)
        else [],
    )
    if request.GET.get("export") == "xlsx":
        services.bulk_read_check(acting_user=request.user)  # an export counts toward 违规预警 (第一百零九条)
    return response


def resident_pick(request):
    """Find a registered resident to mark (officers) or to push a warning about (control centre)."""
    if not (user_may(request.user, Perm.MARK_SUBJECTS) or user_may(request.user, Perm.PUSH_TASKS)):
        raise PermissionDenied(_("您没有此项特定对象权限"))
    from registry.selectors import resident_list

    q = request.GET.get("q", "").strip()
    rows = list(resident_list(user=request.user, filters={"q": q})[:50]) if q else []
    context = {
        "title": _("选择人员"),
        "q": q,
        "rows": [(r, mask_id_number(r.id_number or "")) for r in rows],
        "may_mark": user_may(request.user, Perm.MARK_SUBJECTS),
        "may_push": user_may(request.user, Perm.PUSH_TASKS),
    }
    return render(request, "subjects/resident_pick.html", context)


def subject_detail(request, pk):
    _require(request, Perm.VIEW_SUBJECTS)
    subject = get_or_404(selectors.special_subject_get, user=request.user, pk=pk)
    unmasked = services.special_subject_read(
        acting_user=request.user, subject=subject, unmask=request.GET.get("unmask") == "1"
    )
    resident = subject.resident
    path = subject.org_unit.path
    may_record = user_may(request.user, Perm.MARK_SUBJECTS, path) and subject.status == SubjectStatus.ACTIVE
    context = {
        "title": str(subject),
        "subject": subject,
        "category": next(row for row in CATEGORIES if row["code"] == subject.category),
        "facts": subject.fact_rows,
        "resident": resident,
        "unmasked": unmasked,
        "id_number": resident.id_number if unmasked else mask_id_number(resident.id_number or ""),
        "phone": resident.phone if unmasked else mask_phone(resident.phone),
        "obligations": selectors.subject_obligations(subject),
        "timeline": selectors.subject_timeline(subject),
        "may_unmask": user_may(request.user, Perm.UNMASK_PERSONAL, path),
        "may_record": may_record,
        "record_kinds": [row for row in RECORD_KINDS if subject.category in row["categories"]],
        "pending": subject.approvals.filter(status="pending").first(),
        "may_approve": user_may(request.user, Perm.APPROVE_SUBJECTS, path),
    }
    return render(request, "subjects/subject_detail.html", context)


def subject_mark(request, resident_pk):
    _require(request, Perm.MARK_SUBJECTS)
    resident = get_or_404(resident_get, user=request.user, pk=resident_pk)
    form = MarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subject = services.special_subject_mark(
                acting_user=request.user,
                resident=resident,
                category=form.cleaned_data["category"],
                facts=form.facts(),
            )
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                form.add_error(form.service_field(field) if field != "__all__" else None, msgs)
        else:
            messages.success(request, _("已提交标注申请，待所领导审批后生效"))
            return redirect("subjects:subject_detail", subject.pk)
    context = {"title": _("标注特定对象：%(name)s") % {"name": resident.name}, "form": form, "categories": CATEGORIES}
    return render(request, "subjects/mark.html", context)


def subject_unmark(request, pk):
    _require(request, Perm.MARK_SUBJECTS)
    subject = get_or_404(selectors.special_subject_get, user=request.user, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.special_subject_unmark(
                acting_user=request.user, subject=subject, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已提交撤销标注申请，待所领导审批后生效"))
            return redirect("subjects:subject_detail", subject.pk)
    return render(request, "web/form.html", {"title": _("撤销标注：%(s)s") % {"s": subject}, "form": form})


def approval_list(request):
    _require(request, Perm.APPROVE_SUBJECTS)
    rows = selectors.approval_list(user=request.user)
    return render(
        request, "subjects/approval_list.html", {"title": _("标注审批"), "approvals": rows, "form": DecideForm()}
    )


@require_POST
def approval_decide(request, pk):
    _require(request, Perm.APPROVE_SUBJECTS)
    approval = get_or_404(selectors.approval_get, user=request.user, pk=pk)
    form = DecideForm(request.POST)
    form.is_valid()
    try:
        services.subject_approval_decide(
            acting_user=request.user,
            approval=approval,
            approve=request.POST.get("decision") == "approve",
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已审批"))
    return redirect("subjects:approval_list")


def visit_new(request, pk):
    _require(request, Perm.MARK_SUBJECTS)
    subject = get_or_404(selectors.special_subject_get, user=request.user, pk=pk)
    form = VisitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("attachments") or []
        try:
            visit = services.visit_record(acting_user=request.user, subject=subject, files=files, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = len(visit.completed_tasks)
            msg = _("走访已记录，完成规定任务%(n)s项") % {"n": done} if done else _("走访已记录")
            messages.success(request, msg)
            return redirect("subjects:subject_detail", subject.pk)
    return render(
        request,
        "subjects/record_form.html",
        {"title": _("记录走访：%(s)s") % {"s": subject}, "form": form, "subject": subject},
    )


def record_new(request, pk, kind):
    _require(request, Perm.MARK_SUBJECTS)
    subject = get_or_404(selectors.special_subject_get, user=request.user, pk=pk)
    if kind not in RECORD_KIND_BY_CODE:
        raise Http404
    form = RecordForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_record_add(
                acting_user=request.user,
                subject=subject,
                kind=kind,
                done_on=form.cleaned_data.get("done_on"),
                data=form.data_fields(),
                files=form.cleaned_data.get("attachments") or [],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录"))
            return redirect("subjects:subject_detail", subject.pk)
    title = f"{RECORD_KIND_BY_CODE[kind]['label']}：{subject}"
    return render(request, "subjects/record_form.html", {"title": title, "form": form, "subject": subject})


def transfer_new(request, pk):
    _require(request, Perm.MARK_SUBJECTS)
    subject = get_or_404(selectors.special_subject_get, user=request.user, pk=pk)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_transfer_notify(acting_user=request.user, subject=subject, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已通报接收单位，待其确认接收"))
            return redirect("subjects:subject_detail", subject.pk)
    return render(request, "web/form.html", {"title": _("流转通报：%(s)s") % {"s": subject}, "form": form})


def transfer_list(request):
    _require(request, Perm.MARK_SUBJECTS)
    rows = selectors.incoming_transfers(user=request.user)
    return render(request, "subjects/transfer_list.html", {"title": _("待接收的流入对象"), "transfers": rows})


@require_POST
def transfer_acknowledge(request, pk):
    _require(request, Perm.MARK_SUBJECTS)
    transfer = get_or_404(selectors.transfer_get, user=request.user, pk=pk)
    try:
        services.subject_transfer_acknowledge(acting_user=request.user, transfer=transfer)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("subjects:transfer_list")
    messages.success(request, _("已接收"))
    return redirect("subjects:subject_detail", transfer.subject_id)


@reads_from_replica
def station(request):
    _require(request, Perm.VIEW_SUBJECTS)
    context = {"title": _("特定对象概况"), **selectors.station_overview(user=request.user)}
    return render(request, "subjects/station.html", context)


def push_warning(request, resident_pk):
    _require(request, Perm.PUSH_TASKS)
    resident = get_or_404(resident_get, user=request.user, pk=resident_pk)
    form = PushForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            warning = services.pushed_warning_push(acting_user=request.user, resident=resident, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已推送预警，生成推送任务"))
            return redirect("tasks:task_detail", warning.task_id)
    return render(request, "web/form.html", {"title": _("预警推送：%(name)s") % {"name": resident.name}, "form": form})


BULK_COLUMNS = [
    Column(_("预警时间"), lambda w: w.at),
    Column(_("账号"), lambda w: w.username),
    Column(_("查看次数"), lambda w: w.reads),
    Column(_("时间窗（分钟）"), lambda w: w.window_minutes),
    Column(_("阈值"), lambda w: w.threshold),
]


def bulk_read_warnings(request):
    _require(request, Perm.VIEW_AUDIT)
    from web.forms import FilterForm

    return list_page(
        request,
        queryset=selectors.bulk_read_warning_list(user=request.user),
        filter_form=FilterForm(),
        columns=BULK_COLUMNS,
        export_name=_("批量查看预警"),
        title=_("批量查看特定对象预警"),
    )


def attachment_file(request, pk):
    """A subject's attachment, only to users who see the subject; on the access trail; always a download."""
    _require(request, Perm.VIEW_SUBJECTS)
    attachment = get_or_404(selectors.attachment_get, user=request.user, pk=pk)
    services.subject_attachment_read(acting_user=request.user, attachment=attachment)
    return uploads.response(attachment)
