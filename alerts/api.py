"""三色预警 API under /api/v1/alerts/: the same selectors, services and scope as the pages; every write on the
operation log. Each alert carries its clocks (the engine's tasks) with their due times."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.roles import Perm
from api.common import Paging, Rows, require
from org.models import OrgUnit, OrgUnitKind

from . import selectors, services

router = Router(tags=["三色预警"])


class ClockOut(Schema):
    task_id: int
    obligation: str
    title: str
    due_at: datetime | None
    status: str
    status_label: str
    clock: str


class DepartmentOut(Schema):
    name: str
    contact: str
    task: str
    linked_at: datetime


class DrawOut(Schema):
    purpose: str
    object_id: int
    label: str
    task_id: int | None


class PlanOut(Schema):
    population: str
    population_size: int
    seed: int
    check_rate: float
    visit_rate: float
    due_on: str
    draws: list[DrawOut]


class AlertOut(Schema):
    id: int
    colour: str
    colour_label: str
    title: str
    description: str
    beat_id: int
    beat_name: str
    raised_by_unit: str
    raised_by_unit_label: str
    raised_at: datetime
    source_kind: str
    source_ref: str
    status: str
    status_label: str
    responded_at: datetime | None
    response_note: str
    closed_at: datetime | None
    close_note: str
    next_due_at: datetime | None
    department_count: int


class AlertDetailOut(AlertOut):
    clocks: list[ClockOut]
    departments: list[DepartmentOut]
    plan: PlanOut | None


class AlertFilters(Schema):
    colour: str | None = Field(None, description="red / orange / yellow")
    status: str | None = Field(None, description="空：未闭环；all：全部；open / responded / closed")
    overdue: bool = False
    q: str | None = None
    within: int | None = Field(None, description="派出所或警务区编号")


class AlertIn(Schema):
    colour: str = Field(description="red 红色 / orange 橙色 / yellow 黄色")
    beat_id: int
    title: str
    description: str = ""
    source_kind: str = Field("", description="lead / dispute / incident / hazard / care / other")
    source_ref: str = ""
    raised_at: datetime | None = Field(None, description="发布时间，默认当前时间；时限自此起算")


class NoteIn(Schema):
    note: str


class DepartmentIn(Schema):
    name: str
    contact: str = ""
    task: str = ""


class DrawIn(Schema):
    population: str = Field(description="unit 单位 / household 住户")
    seed: int | None = Field(None, description="随机种子；留空由系统生成并记录")


def _out(a) -> dict:
    return {
        "id": a.pk,
        "colour": a.colour,
        "colour_label": a.get_colour_display(),
        "title": a.title,
        "description": a.description,
        "beat_id": a.beat_id,
        "beat_name": a.beat.name,
        "raised_by_unit": a.raised_by_unit,
        "raised_by_unit_label": a.get_raised_by_unit_display(),
        "raised_at": a.raised_at,
        "source_kind": a.source_kind,
        "source_ref": a.source_ref,
        "status": a.status,
        "status_label": a.get_status_display(),
        "responded_at": a.responded_at,
        "response_note": a.response_note,
        "closed_at": a.closed_at,
        "close_note": a.close_note,
        "next_due_at": getattr(a, "next_due_at", None),
        "department_count": getattr(a, "department_count", None) or a.departments.count(),
    }


def _detail(a) -> dict:
    now = timezone.now()
    plan = a.plans.first()
    return {
        **_out(a),
        "clocks": [
            {
                "task_id": t.pk,
                "obligation": t.obligation_code,
                "title": t.title,
                "due_at": t.due_at,
                "status": t.status,
                "status_label": t.get_status_display(),
                "clock": selectors.clock_text(t.due_at, now) if t.is_open else "",
            }
            for t in selectors.alert_tasks(a)
            if t.obligation_code
        ],
        "departments": [
            {"name": d.name, "contact": d.contact, "task": d.task, "linked_at": d.linked_at}
            for d in a.departments.all()
        ],
        "plan": None
        if plan is None
        else {
            "population": plan.population,
            "population_size": plan.population_size,
            "seed": plan.seed,
            "check_rate": float(plan.check_rate),
            "visit_rate": float(plan.visit_rate),
            "due_on": plan.due_on.isoformat(),
            "draws": [
                {"purpose": d.purpose, "object_id": d.object_id, "label": d.label, "task_id": d.task_id}
                for d in plan.draws.all()
            ],
        },
    }


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


@router.get("", response=list[AlertOut], summary="三色预警（含下一时限）", description="权限：view_alerts")
@paginate(Paging)
def alert_list(request, filters: Query[AlertFilters]):
    require(request, Perm.VIEW_ALERTS)
    data = filters.dict()
    if data.get("within"):
        data["within"] = get_object_or_404(OrgUnit.objects.visible_to(request.auth), pk=data["within"])
    return Rows(selectors.alert_list(user=request.auth, filters=data), _out)


@router.get(
    "/{alert_id}",
    response={200: AlertDetailOut, 404: dict},
    summary="预警详情（时限、联动部门、抽样方案）",
    description="权限：view_alerts",
)
def alert_detail(request, alert_id: int):
    require(request, Perm.VIEW_ALERTS)
    return _detail(selectors.alert_get(user=request.auth, pk=alert_id))


@router.post(
    "",
    response={201: AlertDetailOut, 403: dict, 404: dict, 422: dict},
    summary="发布预警",
    description="权限：raise_alerts（基础管控中心、情指中心、综合指挥室、所领导、社区民警）；规范003 服务机制(一)",
)
def alert_add(request, payload: AlertIn):
    require(request, Perm.RAISE_ALERTS)
    beat = get_object_or_404(
        OrgUnit.objects.visible_to(request.auth, perm=Perm.RAISE_ALERTS).filter(kind=OrgUnitKind.BEAT),
        pk=payload.beat_id,
    )
    data = payload.dict()
    data.pop("beat_id")
    data["raised_at"] = _aware(data["raised_at"])
    alert = services.alert_raise(acting_user=request.auth, beat=beat, **data)
    return Status(201, _detail(selectors.alert_get(user=request.auth, pk=alert.pk)))


@router.post(
    "/{alert_id}/respond",
    response={200: AlertDetailOut, 403: dict, 404: dict, 422: dict},
    summary="响应（红色：1小时内）",
    description="权限：handle_alerts",
)
def alert_respond(request, alert_id: int, payload: NoteIn):
    alert = selectors.alert_get(user=request.auth, pk=alert_id)
    services.alert_respond(acting_user=request.auth, alert=alert, note=payload.note)
    return _detail(selectors.alert_get(user=request.auth, pk=alert_id))


@router.post(
    "/{alert_id}/departments",
    response={201: AlertDetailOut, 403: dict, 404: dict, 422: dict},
    summary="登记联动部门（红色：3部门联动）",
    description="权限：handle_alerts",
)
def department_add(request, alert_id: int, payload: DepartmentIn):
    alert = selectors.alert_get(user=request.auth, pk=alert_id)
    services.alert_department_link(acting_user=request.auth, alert=alert, **payload.dict())
    return Status(201, _detail(selectors.alert_get(user=request.auth, pk=alert_id)))


@router.post(
    "/{alert_id}/draw",
    response={201: AlertDetailOut, 403: dict, 404: dict, 422: dict},
    summary="“双随机”抽样（橙色：抽检≥30%、走访≥20%）",
    description="权限：handle_alerts；同一种子必得同一抽样结果，每一抽中对象一项任务",
)
def sampling_draw(request, alert_id: int, payload: DrawIn):
    alert = selectors.alert_get(user=request.auth, pk=alert_id)
    services.alert_sampling_draw(
        acting_user=request.auth, alert=alert, population=payload.population, seed=payload.seed
    )
    return Status(201, _detail(selectors.alert_get(user=request.auth, pk=alert_id)))


@router.post(
    "/{alert_id}/close",
    response={200: AlertDetailOut, 403: dict, 404: dict, 422: dict},
    summary="闭环（红色须已响应且不少于3个联动部门；橙色须已抽样）",
    description="权限：handle_alerts",
)
def alert_close(request, alert_id: int, payload: NoteIn):
    alert = selectors.alert_get(user=request.auth, pk=alert_id)
    services.alert_close(acting_user=request.auth, alert=alert, note=payload.note)
    return _detail(selectors.alert_get(user=request.auth, pk=alert_id))
