"""单位监督检查 API under /api/v1/inspections/: the same selectors, services and scope as the pages; every write
on the operation log. A hazard's JSON carries ``notice_url``, the 整改通知书 PDF."""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.roles import Perm
from api.common import Paging, Rows, require
from org.models import Staff

from . import selectors, services
from .catalogue import CHECKLIST_BY_CODE
from .indicators import SPECS

router = Router(tags=["单位监督检查"])


class UnitOut(Schema):
    id: int
    name: str
    category: str
    category_label: str
    is_key_unit: bool
    supervised_by: str
    trade_type: str
    last_inspected: date | None
    has_overdue: bool
    open_hazards: int
    org_unit_id: int
    org_unit_name: str


class UnitFilters(Schema):
    q: str | None = None
    category: str | None = None
    key_unit: bool = False
    overdue: bool = False
    open_hazards: bool = False
    supervised_by: str | None = None


class InspectionIn(Schema):
    organization_id: int
    kind: str = Field("regular", description="regular 定期 / ad_hoc 临时 / special 专项（第六十九条）")
    trigger: str = Field("standing", description="standing / command / pushed / notice / complaint")
    inspected_on: date
    assistant_id: int | None = Field(None, description="协助的辅警、警务助理或民警（org.Staff），必填（第六十条）")
    recorder_ref: str = Field("", description="执法记录仪录像编号")
    answers: dict[str, dict] = Field(description='逐项结果，如 {"art58_1": {"ok": true, "note": ""}}')
    situation: str = ""
    serious: bool = False


class InspectionOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    kind: str
    trigger: str
    inspected_on: date
    inspector: str
    assistant: str
    recorder_ref: str
    answers: dict
    failed_items: list[str]
    serious: bool
    completed_tasks: list[int]


class HazardIn(Schema):
    item_code: str
    description: str
    requirement: str
    deadline: date | None = Field(None, description="整改期限，由民警确定（条文未规定天数）")
    warning: bool = False
    decided_at: datetime | None = None
    legal_basis: str = ""
    interviewee: str = Field("", description="约谈对象（场所行业必填，第七十条）")
    interview_note: str = ""


class HazardOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    inspection_id: int
    item_code: str
    item_label: str
    description: str
    requirement: str
    legal_basis: str
    warning: bool
    decided_at: datetime
    original_deadline: date
    deadline: date
    status: str
    status_label: str
    filed_at: datetime | None
    notice_number: str
    notice_url: str = Field(description="整改通知书 PDF")
    org_unit_id: int


class HazardFilters(Schema):
    q: str | None = None
    status: str | None = None
    overdue: bool = False


class ExtensionIn(Schema):
    applied_on: date
    requested_deadline: date
    reason: str
    officer_opinion: str


class ExtensionOut(Schema):
    id: int
    hazard_id: int
    organization_name: str
    hazard_description: str
    applied_on: date
    requested_deadline: date
    reason: str
    officer_opinion: str
    status: str
    decided_by: str
    decision_note: str


class DecideIn(Schema):
    approve: bool
    note: str = ""


class ReinspectionIn(Schema):
    reinspected_on: date
    on_request: bool = False
    assistant_id: int | None = None
    recorder_ref: str = ""
    result: str = Field(description="rectified / not_rectified")
    situation: str = ""
    escalation: str = Field("", description="未达到要求时必填：government / parent / station（第六十一条）")
    escalated_to: str = ""
    escalation_note: str = ""


def _unit_out(o) -> dict:
    try:
        supervision = o.supervision
        by, trade = supervision.supervised_by, supervision.trade_type
    except services.Supervision.DoesNotExist:
        by, trade = services.SupervisedBy.STATION.value, ""
    return {
        "id": o.pk,
        "name": o.name,
        "category": o.category,
        "category_label": o.get_category_display(),
        "is_key_unit": o.is_key_unit,
        "supervised_by": by,
        "trade_type": trade,
        "last_inspected": getattr(o, "last_inspected", None),
        "has_overdue": bool(getattr(o, "has_overdue", False)),
        "open_hazards": getattr(o, "open_hazards", 0),
        "org_unit_id": o.org_unit_id,
        "org_unit_name": o.org_unit.name,
    }


def _inspection_out(i) -> dict:
    return {
        "id": i.pk,
        "organization_id": i.organization_id,
        "organization_name": i.organization.name,
        "kind": i.kind,
        "trigger": i.trigger,
        "inspected_on": i.inspected_on,
        "inspector": i.inspector.display_name if i.inspector else "",
        "assistant": i.assistant.name,
        "recorder_ref": i.recorder_ref,
        "answers": i.answers,
        "failed_items": i.failed_items,
        "serious": i.serious,
        "completed_tasks": i.completed_tasks,
    }


def _hazard_out(h) -> dict:
    item = CHECKLIST_BY_CODE.get(h.item_code)
    return {
        "id": h.pk,
        "organization_id": h.organization_id,
        "organization_name": h.organization.name,
        "inspection_id": h.inspection_id,
        "item_code": h.item_code,
        "item_label": item.label if item else "",
        "description": h.description,
        "requirement": h.requirement,
        "legal_basis": h.legal_basis,
        "warning": h.warning,
        "decided_at": h.decided_at,
        "original_deadline": h.original_deadline,
        "deadline": h.deadline,
        "status": h.status,
        "status_label": h.get_status_display(),
        "filed_at": h.filed_at,
        "notice_number": h.notice.number if h.notice_id else "",
        "notice_url": reverse("inspections:notice_download", args=[h.notice_id]) if h.notice_id else "",
        "org_unit_id": h.org_unit_id,
    }


def _extension_out(e) -> dict:
    return {
        "id": e.pk,
        "hazard_id": e.hazard_id,
        "organization_name": e.hazard.organization.name,
        "hazard_description": e.hazard.description,
        "applied_on": e.applied_on,
        "requested_deadline": e.requested_deadline,
        "reason": e.reason,
        "officer_opinion": e.officer_opinion,
        "status": e.status,
        "decided_by": e.decided_by.display_name if e.decided_by else "",
        "decision_note": e.decision_note,
    }


def _assistant(organization, pk: int | None) -> Staff | None:
    """The named staff member; the service refuses one outside the unit's station (ASSISTANT_INVALID)."""
    return Staff.objects.filter(pk=pk).first() if pk else None


@router.get("/units", response=list[UnitOut], summary="监督检查单位", description="权限：view_inspections")
@paginate(Paging)
def unit_list(request, filters: Query[UnitFilters]):
    require(request, Perm.VIEW_INSPECTIONS)
    return Rows(selectors.unit_list(user=request.auth, filters=filters.dict()), _unit_out)


@router.get("/inspections", response=list[InspectionOut], summary="检查记录", description="权限：view_inspections")
@paginate(Paging)
def inspection_list(request, q: str | None = None):
    require(request, Perm.VIEW_INSPECTIONS)
    return Rows(selectors.inspection_list(user=request.auth, filters={"q": q}), _inspection_out)


@router.get(
    "/inspections/{inspection_id}",
    response={200: InspectionOut, 404: dict},
    summary="检查记录详情",
    description="权限：view_inspections",
)
def inspection_detail(request, inspection_id: int):
    require(request, Perm.VIEW_INSPECTIONS)
    return _inspection_out(selectors.inspection_get(user=request.auth, pk=inspection_id))


@router.post(
    "/inspections",
    response={201: InspectionOut, 403: dict, 404: dict, 422: dict},
    summary="记录监督检查（逐项）",
    description="权限：inspect_units；须有协助人员和执法记录仪录像编号；规范001 第五十八至六十条、第六十九条、第七十条",
)
def inspection_add(request, payload: InspectionIn):
    require(request, Perm.INSPECT_UNITS)
    org = selectors.unit_get(user=request.auth, pk=payload.organization_id)
    data = payload.dict()
    data.pop("organization_id")
    data["assistant"] = _assistant(org, data.pop("assistant_id"))
    inspection = services.inspection_record(acting_user=request.auth, organization=org, **data)
    return Status(201, _inspection_out(inspection))


@router.post(
    "/inspections/{inspection_id}/hazards",
    response={201: HazardOut, 403: dict, 404: dict, 422: dict},
    summary="责令限期整改（生成整改通知书）",
    description="权限：inspect_units；整改期限由民警确定；规范001 第六十一条、第七十条",
)
def hazard_add(request, inspection_id: int, payload: HazardIn):
    require(request, Perm.INSPECT_UNITS)
    inspection = selectors.inspection_get(user=request.auth, pk=inspection_id)
    data = payload.dict()
    if data["decided_at"] is not None and timezone.is_naive(data["decided_at"]):
        data["decided_at"] = timezone.make_aware(data["decided_at"])
    hazard = services.hazard_raise(acting_user=request.auth, inspection=inspection, **data)
    return Status(201, _hazard_out(hazard))


@router.get("/hazards", response=list[HazardOut], summary="治安隐患", description="权限：view_inspections")
@paginate(Paging)
def hazard_list(request, filters: Query[HazardFilters]):
    require(request, Perm.VIEW_INSPECTIONS)
    return Rows(selectors.hazard_list(user=request.auth, filters=filters.dict()), _hazard_out)


@router.get(
    "/hazards/{hazard_id}",
    response={200: HazardOut, 404: dict},
    summary="治安隐患详情（含 notice_url）",
    description="权限：view_inspections",
)
def hazard_detail(request, hazard_id: int):
    require(request, Perm.VIEW_INSPECTIONS)
    return _hazard_out(selectors.hazard_get(user=request.auth, pk=hazard_id))


@router.post(
    "/hazards/{hazard_id}/file",
    response={200: HazardOut, 403: dict, 404: dict, 422: dict},
    summary="报所备案",
    description="权限：inspect_units；决定后二十四小时内；规范001 第六十一条",
)
def hazard_file(request, hazard_id: int):
    require(request, Perm.INSPECT_UNITS)
    hazard = selectors.hazard_get(user=request.auth, pk=hazard_id)
    return _hazard_out(services.hazard_file(acting_user=request.auth, hazard=hazard))


@router.get("/extensions", response=list[ExtensionOut], summary="延期整改申请", description="权限：view_inspections")
@paginate(Paging)
def extension_list(request, pending: bool = False, q: str | None = None):
    require(request, Perm.VIEW_INSPECTIONS)
    return Rows(selectors.extension_list(user=request.auth, pending_only=pending, q=q or ""), _extension_out)


@router.post(
    "/hazards/{hazard_id}/extensions",
    response={201: ExtensionOut, 403: dict, 404: dict, 422: dict},
    summary="登记书面延期整改申请",
    description="权限：inspect_units；由所领导审批；规范001 第六十一条",
)
def extension_add(request, hazard_id: int, payload: ExtensionIn):
    require(request, Perm.INSPECT_UNITS)
    hazard = selectors.hazard_get(user=request.auth, pk=hazard_id)
    extension = services.extension_record(acting_user=request.auth, hazard=hazard, **payload.dict())
    return Status(201, _extension_out(extension))


@router.post(
    "/extensions/{extension_id}/decide",
    response={200: ExtensionOut, 403: dict, 404: dict, 422: dict},
    summary="审批延期整改申请（所领导）",
    description="权限：decide_inspections（报所定）；不同意须填写理由；规范001 第六十一条",
)
def extension_decide(request, extension_id: int, payload: DecideIn):
    require(request, Perm.VIEW_INSPECTIONS)
    extension = selectors.extension_get(user=request.auth, pk=extension_id)
    extension = services.extension_decide(
        acting_user=request.auth, extension=extension, approve=payload.approve, note=payload.note
    )
    return _extension_out(extension)


@router.post(
    "/hazards/{hazard_id}/reinspections",
    response={201: HazardOut, 403: dict, 404: dict, 422: dict},
    summary="整改复查",
    description="权限：inspect_units；未达到要求须报告/通报/报所；规范001 第六十一条",
)
def reinspection_add(request, hazard_id: int, payload: ReinspectionIn):
    require(request, Perm.INSPECT_UNITS)
    hazard = selectors.hazard_get(user=request.auth, pk=hazard_id)
    data = payload.dict()
    data["assistant"] = _assistant(hazard.organization, data.pop("assistant_id"))
    services.reinspection_record(acting_user=request.auth, hazard=hazard, **data)
    hazard.refresh_from_db()
    return Status(201, _hazard_out(hazard))


class IndicatorOut(Schema):
    org_unit_id: int
    org_unit_name: str
    start: date
    end: date
    indicators: list[dict]


@router.get(
    "/indicators",
    response=list[IndicatorOut],
    summary="单位监督检查指标（按单位）",
    description="权限：view_inspections；规范001 第六十二条、第七十一条；within=单位ID，quarter=1..4",
)
def indicator_list(request, year: int | None = None, quarter: int | None = None, within: int | None = None):
    require(request, Perm.VIEW_INSPECTIONS)
    from org.models import OrgUnit

    unit = OrgUnit.objects.visible_to(request.auth, perm=Perm.VIEW_INSPECTIONS).get(pk=within) if within else None
    start, end = selectors.period_bounds(
        year or timezone.localdate().year, quarter if quarter in (1, 2, 3, 4) else None
    )
    rows = selectors.indicator_table(
        units=selectors.indicator_units(user=request.auth, within=unit), start=start, end=end
    )
    return [
        {
            "org_unit_id": row.unit.pk,
            "org_unit_name": row.unit.name,
            "start": start,
            "end": end,
            "indicators": [
                {
                    "code": spec.code,
                    "name": spec.name,
                    "source": spec.source,
                    "numerator": row.measures[spec.code].numerator,
                    "denominator": row.measures[spec.code].denominator,
                    "value": str(row.measures[spec.code].value) if row.measures[spec.code].value is not None else None,
                    "target": str(spec.target) if spec.target is not None else None,
                    "met": spec.met(row.measures[spec.code].value),
                }
                for spec in SPECS
            ],
        }
        for row in rows
    ]
