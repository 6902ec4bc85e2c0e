"""Task pages: lists, detail with history and actions, issue a command/pushed task, station view, message
centre, handling rate. Each view parses, calls a selector or one service, and renders."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.scope import path_covered
from accounts.selectors import user_may
from fengqiao import uploads
from fengqiao.replica import reads_from_replica
from web.forms import add_service_errors
from web.listing import Column, list_page

from . import errors, selectors, services
from .forms import (
    BatchDispatchForm,
    DispatchForm,
    ExtensionForm,
    FeedbackForm,
    RateFilterForm,
    ReviewForm,
    StationTaskFilterForm,
    TaskFilterForm,
    TaskIssueForm,
)
from .indicators import HANDLING_RATE_MIN, SOURCE, handling_rates
from .models import Closer, ExtensionRequest, Message, Task, TaskKind, TaskStatus


def _task_or_404(user, pk) -> Task:
    try:
        return selectors.task_get(user=user, pk=pk)
    except (Task.DoesNotExist, ValueError):
        raise Http404 from None


def _need(user, perm):
    if not user_may(user, perm):
        raise PermissionDenied(_("您没有权限执行此操作"))


ASSUMED_CALENDAR = _("按周一至周五推算")  # the due date's year has no entered 放假安排 (rules.calendar)


def _overdue(t: Task) -> bool:
    return selectors.task_is_overdue(t, now=timezone.now())


def overdue_row(t: Task) -> str:
    """Every task list highlights an overdue row."""
    return "table-danger" if _overdue(t) else ""


def assumed_badge(t: Task) -> str:
    return ASSUMED_CALENDAR if t.due_assumed else ""


TASK_COLUMNS = [
    Column(_("任务名称"), lambda t: t.title),
    Column(_("任务类别"), lambda t: t.get_kind_display()),
    Column(_("状态"), lambda t: t.get_status_display()),
    Column(_("责任单位"), lambda t: t.org_unit.name),
    Column(_("承办人"), lambda t: t.assignee or "—"),
    Column(_("截止"), lambda t: t.due_at or t.due_on, badge=assumed_badge),
    Column(_("逾期"), lambda t: _("逾期") if _overdue(t) else ""),
    Column(_("依据"), lambda t: t.source),
]


def task_list(request):
    _need(request.user, Perm.VIEW_TASKS)
    form = TaskFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"open": True}
    actions = []
    if user_may(request.user, Perm.ISSUE_COMMAND_TASKS) or user_may(request.user, Perm.PUSH_TASKS):
        actions.append((_("下发任务"), reverse("tasks:task_issue")))
    return list_page(
        request,
        queryset=selectors.task_list(user=request.user, filters=filters),
        filter_form=form,
        columns=TASK_COLUMNS,
        export_name="任务",
        title=_("任务列表"),
        row_url=lambda t: reverse("tasks:task_detail", args=[t.pk]),
        actions=actions,
        row_class=overdue_row,
    )


def task_detail(request, pk):
    task = _task_or_404(request.user, pk)
    user, path = request.user, task.org_unit.path
    may_handle = task.is_open and task.status != TaskStatus.SUBMITTED and path_covered(user, path, Perm.HANDLE_TASKS)
    may_manage = path_covered(user, path, Perm.MANAGE_TASKS) or path_covered(user, path, Perm.ISSUE_COMMAND_TASKS)
    closer = task.template.closer
    may_review = task.status == TaskStatus.SUBMITTED and (
        (closer in (Closer.STATION_LEAD, Closer.ASSIGNEE) and path_covered(user, path, Perm.MANAGE_TASKS))
        or (closer == Closer.ISSUER and (user == task.issuer or may_manage))
    )
    context = {
        "title": task.title,
        "task": task,
        "overdue": selectors.task_is_overdue(task),
        "events": task.events.select_related("actor"),
        "evidence": task.evidence.all(),
        "feedback_rows": [(s["label"], task.feedback.get(s["name"], "—")) for s in task.template.fields]
        if task.feedback
        else [],
        "may_handle": may_handle,
        "may_accept": may_handle and task.status == TaskStatus.DISPATCHED,
        "may_review": may_review,
        "may_dispatch": may_manage and task.is_open and task.status != TaskStatus.SUBMITTED,
        "feedback_form": kwargs_form(request, "feedback_form") or FeedbackForm(template=task.template),
        "extension_form": ExtensionForm(),
        "review_form": ReviewForm(),
        "dispatch_form": DispatchForm(task=task) if may_manage else None,
        "extensions": task.extensions.all(),
    }
    return render(request, "tasks/task_detail.html", context)


def kwargs_form(request, name):
    return getattr(request, f"_{name}", None)


@require_POST
def task_accept_view(request, pk):
    task = _task_or_404(request.user, pk)
    try:
        services.task_accept(acting_user=request.user, task=task)
        messages.success(request, _("已接收任务"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("tasks:task_detail", pk=pk)


def task_feedback_view(request, pk):
    task = _task_or_404(request.user, pk)
    if request.method != "POST":
        return redirect("tasks:task_detail", pk=pk)
    form = FeedbackForm(request.POST, request.FILES, template=task.template)
    if form.is_valid():
        try:
            services.task_feedback_submit(
                acting_user=request.user,
                task=task,
                data=form.data_for_service(),
                files=request.FILES.getlist("evidence"),
            )
            messages.success(request, _("反馈已提交"))
            return redirect("tasks:task_detail", pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    request._feedback_form = form  # redisplay with what was typed and the errors on the fields
    task.refresh_from_db()
    return task_detail(request, pk)


@require_POST
def task_review_view(request, pk):
    task = _task_or_404(request.user, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.task_review(
            acting_user=request.user,
            task=task,
            approve=request.POST.get("decision") == "approve",
            note=form.cleaned_data.get("note", ""),
        )
        messages.success(request, _("已审核"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("tasks:task_detail", pk=pk)


@require_POST
def task_dispatch_view(request, pk):
    task = _task_or_404(request.user, pk)
    form = DispatchForm(request.POST, task=task)
    if form.is_valid():
        try:
            services.task_dispatch(acting_user=request.user, task=task, assignee=form.cleaned_data["assignee"])
            messages.success(request, _("已派发"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("请选择承办人"))
    return redirect("tasks:task_detail", pk=pk)


@require_POST
def task_extension_view(request, pk):
    task = _task_or_404(request.user, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            services.task_extension_request(acting_user=request.user, task=task, **form.cleaned_data)
            messages.success(request, _("延期申请已提交，待所领导审批"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("tasks:task_detail", pk=pk)


@require_POST
def extension_decide_view(request, pk):
    try:
        extension = selectors.extension_get(user=request.user, pk=pk)
    except ExtensionRequest.DoesNotExist:
        raise Http404 from None
    try:
        services.task_extension_decide(
            acting_user=request.user, extension=extension, approve=request.POST.get("decision") == "approve"
        )
        messages.success(request, _("已审批"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("tasks:task_detail", pk=extension.task_id)


def task_issue(request):
    kinds = [
        k
        for k, p in ((TaskKind.COMMAND, Perm.ISSUE_COMMAND_TASKS), (TaskKind.PUSHED, Perm.PUSH_TASKS))
        if user_may(request.user, p)
    ]
    if not kinds:
        raise PermissionDenied(_("您没有下发任务的权限"))
    form = TaskIssueForm(request.POST or None, user=request.user, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_issue(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("任务已下发"))
            return redirect("tasks:task_detail", pk=task.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "web/form.html", {"title": _("下发任务"), "form": form, "back": "tasks:task_list"})


STATION_COLUMNS = [
    Column(_("任务名称"), lambda t: t.title),
    Column(_("警务区"), lambda t: t.org_unit.name),
    Column(_("任务类别"), lambda t: t.get_kind_display()),
    Column(_("状态"), lambda t: t.get_status_display()),
    Column(_("承办人"), lambda t: t.assignee or "—"),
    Column(_("截止"), lambda t: t.due_at or t.due_on, badge=assumed_badge),
    Column(_("逾期"), lambda t: _("逾期") if _overdue(t) else ""),
]


@reads_from_replica
def station_view(request):
    """本所任务: the station's open tasks with beat, due date, overdue flag and status; filters; tick several
    and dispatch or reassign them at once (``task_dispatch_batch`` / ``task_reassign_batch``)."""
    _need(request.user, Perm.MANAGE_TASKS)
    form = StationTaskFilterForm(request.GET or None, user=request.user)
    return list_page(
        request,
        queryset=selectors.station_task_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=STATION_COLUMNS,
        export_name="本所任务",
        title=_("本所任务"),
        row_url=lambda t: reverse("tasks:task_detail", args=[t.pk]),
        row_class=overdue_row,
        template="tasks/station.html",
        extra_context={
            "selectable": True,
            "batch_form": BatchDispatchForm(handlers=selectors.station_handlers(user=request.user)),
            **selectors.station_task_summary(user=request.user),
        },
    )


@require_POST
def station_batch_view(request):
    _need(request.user, Perm.MANAGE_TASKS)
    back = reverse("tasks:station") + (f"?{request.POST['back']}" if request.POST.get("back") else "")
    form = BatchDispatchForm(request.POST, handlers=selectors.station_handlers(user=request.user))
    ids = {int(i) for i in request.POST.getlist("ids") if i.isdigit()}
    if not form.is_valid():
        messages.error(request, _("请选择承办人"))
        return redirect(back)
    tasks = list(selectors.station_task_list(user=request.user).filter(pk__in=ids))
    service = services.task_reassign_batch if request.POST.get("do") == "reassign" else services.task_dispatch_batch
    try:
        if len(tasks) != len(ids):
            raise ValidationError({"ids": [_(errors.BATCH_NOT_FOUND).format(n=len(ids) - len(tasks))]})
        service(acting_user=request.user, tasks=tasks, assignee=form.cleaned_data["assignee"])
        messages.success(request, _("已处理 %(n)s 个任务") % {"n": len(tasks)})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(back)


def message_list(request):
    context = {"title": _("消息中心"), "messages_list": selectors.message_list(user=request.user)[:200]}
    return render(request, "tasks/messages.html", context)


@require_POST
def message_read_view(request, pk):
    try:
        message = selectors.message_list(user=request.user).get(pk=pk)
    except (Message.DoesNotExist, ValueError):
        raise Http404 from None
    services.message_read(acting_user=request.user, message=message)
    return redirect(reverse("tasks:task_detail", args=[message.task_id]) if message.task_id else "tasks:messages")


@reads_from_replica
def rates_view(request):
    _need(request.user, Perm.VIEW_TASKS)
    form = RateFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    end = filters.get("end") or timezone.localdate()
    start = filters.get("start") or end - timedelta(days=30)
    rates = handling_rates(user=request.user, start=start, end=end, group_by=filters.get("group_by") or "beat")
    context = {
        "title": _("任务管处率"),
        "form": form,
        "rates": rates,
        "start": start,
        "end": end,
        "source": SOURCE,
        "minimum": int(HANDLING_RATE_MIN * 100),
    }
    return render(request, "tasks/rates.html", context)


def task_evidence_file(request, pk):
    """A 佐证材料 file, only to users who see its task; always a download (``fengqiao.uploads.response``)."""
    try:
        evidence = selectors.task_evidence_get(user=request.user, pk=pk)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None
    return uploads.response(evidence)
