"""Task endpoints under /api/v1/tasks: the same selectors and services as the pages, under the data scope.
Validation → 422 with per-field Chinese messages, no permission → 403, out of scope → 404 (api.errors)."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.roles import Perm
from accounts.selectors import user_may
from api.common import Paging, Rows
from org.models import OrgUnit

from . import selectors, services
from .models import TaskKind, TaskStatus

router = Router(tags=["任务"])


class TaskOut(Schema):
    id: int
    kind: TaskKind
    kind_label: str
    title: str
    status: TaskStatus
    status_label: str
    org_unit_id: int
    org_unit_name: str
    assignee_id: int | None
    assignee_name: str
    source: str
    obligation_code: str
    record_label: str
    start_on: date | None
    due_on: date
    due_at: datetime | None
    overdue: bool
    due_assumed: bool  # the due date was computed on an assumed Mon–Fri calendar (its year not entered yet)
    template_code: str


class TaskDetailOut(TaskOut):
    description: str
    feedback: dict[str, Any]
    done_on: date | None
    template_fields: list[dict[str, Any]]
    history: list[dict[str, Any]]


class ErrorOut(Schema):
    detail: Any


class TaskFilters(Schema):
    q: str | None = None
    kind: TaskKind | None = None
    status: TaskStatus | None = None
    mine: bool = False
    open: bool = False
    overdue: bool = False


class TaskIn(Schema):
    kind: TaskKind = TaskKind.COMMAND
    title: str
    org_unit_id: int
    due_on: date
    description: str = ""
    source: str = ""


class FeedbackIn(Schema):
    data: dict[str, Any]


class ReviewIn(Schema):
    approve: bool
    note: str = ""


class PanelOut(Schema):
    today: int
    soon: int
    overdue: int
    by_kind: dict[str, int]


def _require(request, perm):
    if not user_may(request.auth, perm):
        raise PermissionDenied(_("您没有权限执行此操作"))


def _out(t, detail=False) -> dict:
    data = {
        "id": t.pk,
        "kind": t.kind,
        "kind_label": t.get_kind_display(),
        "title": t.title,
        "status": t.status,
        "status_label": t.get_status_display(),
        "org_unit_id": t.org_unit_id,
        "org_unit_name": t.org_unit.name,
        "assignee_id": t.assignee_id,
        "assignee_name": str(t.assignee or ""),
        "source": t.source,
        "obligation_code": t.obligation_code,
        "record_label": t.record_label,
        "start_on": t.start_on,
        "due_on": t.due_on,
        "due_at": t.due_at,
        "overdue": selectors.task_is_overdue(t),
        "due_assumed": t.due_assumed,
        "template_code": t.template.code,
    }
    if detail:
        data.update(
            description=t.description,
            feedback=t.feedback,
            done_on=t.done_on,
            template_fields=t.template.fields,
            history=[
                {"at": e.at, "action": e.action, "actor": str(e.actor or "系统"), "note": e.note}
                for e in t.events.select_related("actor")
            ],
        )
    return data


@router.get("", response=list[TaskOut], summary="任务列表", description="权限：view_tasks（数据范围内）")
@paginate(Paging)
def task_list(request, filters: Query[TaskFilters]):
    _require(request, Perm.VIEW_TASKS)
    return Rows(selectors.task_list(user=request.auth, filters=filters.dict()), _out)


@router.get("/panel", response=PanelOut, summary="我的任务：今日、即将到期、逾期", description="权限：view_tasks")
def task_panel(request):
    panel = selectors.my_task_panel(user=request.auth)
    return {**panel.counts, "by_kind": panel.by_kind}


@router.get(
    "/{task_id}",
    response={200: TaskDetailOut, 404: ErrorOut},
    summary="任务详情（含办理记录）",
    description="权限：view_tasks",
)
def task_detail(request, task_id: int):
    return _out(selectors.task_get(user=request.auth, pk=task_id), detail=True)


@router.post(
    "",
    response={201: TaskDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="下发任务",
    description="指令任务：issue_command_tasks；推送任务：push_tasks（规范001 第四十条(二)）",
)
def task_issue(request, payload: TaskIn):
    data = payload.dict()
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.auth), pk=data.pop("org_unit_id"))
    task = services.task_issue(acting_user=request.auth, org_unit=unit, **data)
    return Status(201, _out(task, detail=True))


@router.post(
    "/{task_id}/accept",
    response={200: TaskOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="接收任务",
    description="权限：handle_tasks",
)
def task_accept(request, task_id: int):
    task = selectors.task_get(user=request.auth, pk=task_id)
    return _out(services.task_accept(acting_user=request.auth, task=task))


@router.post(
    "/{task_id}/feedback",
    response={200: TaskDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="提交反馈（按任务标准件校验）",
    description="权限：handle_tasks；data 的字段见任务详情 template_fields；须上传佐证材料的任务请在页面提交",
)
def task_feedback(request, task_id: int, payload: FeedbackIn):
    task = selectors.task_get(user=request.auth, pk=task_id)
    return _out(services.task_feedback_submit(acting_user=request.auth, task=task, data=payload.data), detail=True)


@router.post(
    "/{task_id}/review",
    response={200: TaskDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="审核反馈：办结或退回",
    description="权限：任务标准件规定的办结人（manage_tasks 或下发单位）",
)
def task_review(request, task_id: int, payload: ReviewIn):
    task = selectors.task_get(user=request.auth, pk=task_id)
    return _out(services.task_review(acting_user=request.auth, task=task, **payload.dict()), detail=True)
