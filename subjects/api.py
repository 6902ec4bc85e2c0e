"""特定对象 API: the same selectors, services, scope, masking and access trail as the pages."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.roles import Perm
from api.common import Paging, Rows, require
from audit.masking import mask_id_number, mask_phone
from registry.selectors import resident_get

from . import selectors, services
from .models import SubjectApproval

router = Router(tags=["特定对象"])


class SubjectOut(Schema):
    id: int
    name: str
    id_number: str = Field(description="公民身份号码，无显示权限时脱敏")
    category: str
    category_label: str
    status: str
    risk_level: str
    risk_score: int
    has_overdue: bool
    org_unit_id: int
    org_unit_name: str
    effective_on: date | None


class SubjectDetailOut(SubjectOut):
    phone: str
    facts: dict
    unmasked: bool
    due: list[dict]
    timeline: list[dict]


class SubjectFilters(Schema):
    q: str | None = None
    category: str | None = None
    risk_level: str | None = None
    status: str | None = None
    overdue: bool = False


class MarkIn(Schema):
    resident_id: int
    category: str = Field(description="第三十七条类别代码，如 dv_perpetrator")
    facts: dict = Field(default_factory=dict, description='该类别的信息项，如 {"warning_served_on": "2025-03-02"}')


class DecideIn(Schema):
    approve: bool
    note: str = ""


class VisitIn(Schema):
    visited_on: date
    measure: str = "investigate"
    way: str = "in_person"
    met: str = "subject"
    met_names: str = ""
    findings: str
    recurrence_found: bool | None = None
    next_steps: str = ""


def _out(s, *, unmasked=False) -> dict:
    r = s.resident
    return {
        "id": s.pk,
        "name": r.name,
        "id_number": (r.id_number or "") if unmasked else mask_id_number(r.id_number or ""),
        "category": s.category,
        "category_label": s.get_category_display(),
        "status": s.status,
        "risk_level": s.risk_level,
        "risk_score": s.risk_score,
        "has_overdue": bool(getattr(s, "has_overdue", False)),
        "org_unit_id": s.org_unit_id,
        "org_unit_name": s.org_unit.name,
        "effective_on": s.effective_on,
    }


@router.get("", response=list[SubjectOut], summary="特定对象列表（脱敏）", description="权限：view_subjects")
@paginate(Paging)
def subject_list(request, filters: Query[SubjectFilters]):
    require(request, Perm.VIEW_SUBJECTS)
    return Rows(selectors.special_subject_list(user=request.auth, filters=filters.dict()), _out)


@router.post(
    "/mark",
    response={201: SubjectOut, 403: dict, 404: dict, 422: dict},
    summary="标注特定对象（待所领导审批）",
    description="权限：mark_subjects；规范001 第三十九条",
)
def subject_mark(request, payload: MarkIn):
    require(request, Perm.MARK_SUBJECTS)
    resident = resident_get(user=request.auth, pk=payload.resident_id)
    s = services.special_subject_mark(
        acting_user=request.auth, resident=resident, category=payload.category, facts=payload.facts
    )
    return Status(201, _out(s))


@router.post(
    "/approvals/{approval_id}/decide",
    response={200: dict, 403: dict, 404: dict, 422: dict},
    summary="审批标注/撤销标注",
    description="权限：approve_subjects；不同意须填写理由；规范001 第三十九条",
)
def approval_decide(request, approval_id: int, payload: DecideIn):
    require(request, Perm.APPROVE_SUBJECTS)
    approval = get_object_or_404(
        SubjectApproval.objects.visible_to(request.auth, perm=Perm.APPROVE_SUBJECTS), pk=approval_id
    )
    approval = services.subject_approval_decide(
        acting_user=request.auth, approval=approval, approve=payload.approve, note=payload.note
    )
    return {"id": approval.pk, "status": approval.status, "subject_status": approval.subject.status}


@router.post(
    "/{subject_id}/visits",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="记录走访/工作措施",
    description="权限：mark_subjects；完成相应规定任务并安排下一次；规范001 第四十条",
)
def visit_add(request, subject_id: int, payload: VisitIn):
    require(request, Perm.MARK_SUBJECTS)
    s = selectors.special_subject_get(user=request.auth, pk=subject_id)
    visit = services.visit_record(acting_user=request.auth, subject=s, **payload.dict())
    return Status(201, {"id": visit.pk, "completed_tasks": [t.pk for t in visit.completed_tasks]})


@router.get(
    "/{subject_id}",
    response={200: SubjectDetailOut, 404: dict},
    summary="特定对象详情（记录访问留痕）",
    description="权限：view_subjects；unmask=true 需 unmask_personal，另记一条留痕；规范001 第一百零九条",
)
def subject_detail(request, subject_id: int, unmask: bool = False):
    require(request, Perm.VIEW_SUBJECTS)
    s = selectors.special_subject_get(user=request.auth, pk=subject_id)
    unmasked = services.special_subject_read(acting_user=request.auth, subject=s, unmask=unmask, channel="api")
    return {
        **_out(s, unmasked=unmasked),
        "phone": s.resident.phone if unmasked else mask_phone(s.resident.phone),
        "facts": s.facts,
        "unmasked": unmasked,
        "due": [
            {"title": o["title"], "due_on": o["due_on"].isoformat(), "overdue": o["overdue"], "source": o["source"]}
            for o in selectors.subject_obligations(s)
        ],
        "timeline": [
            {"at": item["at"], "kind": item["kind"], "text": item["text"]} for item in selectors.subject_timeline(s)
        ],
    }
