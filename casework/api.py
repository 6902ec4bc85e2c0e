"""Casework API: /api/v1/disputes/ (disputes, actions, agreements, mediators, hand-overs, indicators) over the
same selectors, services, scope, masking and access trail as the pages."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accounts.models import User
from accounts.roles import Perm
from accounts.selectors import user_may
from api.common import Paging, require
from audit.masking import mask_phone
from org.models import OrgUnit
from registry.models import Resident

from . import selectors, services
from .choices import (
    ActionKind,
    AssistRelation,
    DisputeDomain,
    DisputeSource,
    MediatorKind,
    Outcome,
    PartyRole,
    RiskLevel,
    SubjectConcern,
)
from .indicators import SPECS as DISPUTE_SPECS
from .models import DisputeParty

disputes_router = Router(tags=["矛盾纠纷"])


class PartyIn(Schema):
    resident_id: int | None = Field(None, description="实有人口编号（已登记时）")
    name: str = ""
    phone: str = ""
    role: PartyRole = PartyRole.PARTY
    subject_concern: SubjectConcern = SubjectConcern.NONE
    note: str = ""


class AssistIn(Schema):
    unit_id: int
    relation: AssistRelation


class DisputeIn(Schema):
    beat_id: int = Field(description="事发地警务区")
    domain: DisputeDomain
    source: DisputeSource
    summary: str
    place_text: str
    reported_at: datetime
    occurred_at: datetime | None = None
    risk_level: RiskLevel
    risk_reasons: list[str] = Field(default_factory=list, description="如 civil_to_criminal、repeat_calls")
    risk_note: str = ""
    is_police_matter: bool = True
    is_major: bool = False
    parties: list[PartyIn]
    assists: list[AssistIn] = Field(default_factory=list)


class DisputeOut(Schema):
    id: int
    domain: str
    domain_label: str
    source: str
    place_text: str
    reported_at: datetime
    risk_level: str
    status: str
    status_label: str
    repeat_of_id: int | None
    pending_repeat: bool
    overdue_follow_up: bool
    beat_id: int
    beat_name: str
    parties: list[str]


class DisputeFilters(Schema):
    q: str | None = None
    domain: DisputeDomain | None = None
    risk_level: RiskLevel | None = None
    status: str | None = None
    repeat: str | None = Field(None, description="yes / pending / no")
    overdue: bool = False


class ActionIn(Schema):
    kind: ActionKind
    note: str
    done_at: datetime | None = None
    target: str = ""
    outcome: Outcome = Outcome.NONE


class FollowUpIn(Schema):
    visited_on: date
    visited: str
    progress: str
    risk_level: RiskLevel
    satisfaction: str = Field(description="satisfied / neutral / unsatisfied")


class AgreementIn(Schema):
    reached: bool
    parties_text: str
    terms: str = ""
    signed_on: date | None = None


class PerformanceIn(Schema):
    performed: bool
    checked_on: date


class ResolveIn(Schema):
    resolved_on: date
    resolution: str


class DecideIn(Schema):
    confirm: bool


class MarkingIn(Schema):
    category: SubjectConcern
    facts: dict = Field(default_factory=dict, description='该类别的信息项，如 {"warning_served_on": "2025-03-02"}')


class MediatorIn(Schema):
    org_unit_id: int
    name: str
    kind: MediatorKind
    organization: str
    tags: list[str] = Field(default_factory=list, description="人、事、物、地、组织、网络")
    speciality: str = ""
    phone: str = ""
    username: str | None = None


class ResultIn(Schema):
    success: bool
    note: str


def _out(d) -> dict:
    return {
        "id": d.pk,
        "domain": d.domain,
        "domain_label": d.get_domain_display(),
        "source": d.source,
        "place_text": d.place_text,
        "reported_at": d.reported_at,
        "risk_level": d.risk_level,
        "status": d.status,
        "status_label": d.get_status_display(),
        "repeat_of_id": d.repeat_of_id,
        "pending_repeat": bool(getattr(d, "has_pending_repeat", False)),
        "overdue_follow_up": bool(getattr(d, "has_overdue", False)),
        "beat_id": d.beat_id,
        "beat_name": d.beat.name,
        "parties": [p.name for p in d.parties.all()],
    }


def _may(request, perm) -> bool:
    return user_may(request.auth, perm)


def _resident(request, pk):
    if pk is None:
        return None
    return get_object_or_404(Resident.objects.visible_to(request.auth, perm=Perm.VIEW_REGISTRY), pk=pk)


def _dispute(request, pk):
    require(request, Perm.VIEW_DISPUTES)
    return selectors.dispute_get(user=request.auth, pk=pk)


@disputes_router.get("", response=list[DisputeOut], summary="矛盾纠纷列表", description="权限：view_disputes")
@paginate(Paging)
def dispute_list(request, filters: Query[DisputeFilters]):
    require(request, Perm.VIEW_DISPUTES)
    qs = selectors.dispute_list(user=request.auth, filters=filters.dict()).prefetch_related("parties")
    return [_out(d) for d in qs]


@disputes_router.post(
    "",
    response={201: DisputeOut, 403: dict, 404: dict, 422: dict},
    summary="录入矛盾纠纷",
    description="权限：record_disputes（事发地警务区）；规范001 第七十三条、第七十四条",
)
def dispute_create(request, payload: DisputeIn):
    require(request, Perm.RECORD_DISPUTES)
    data = payload.dict()
    beat = get_object_or_404(
        OrgUnit.objects.visible_to(request.auth, perm=Perm.RECORD_DISPUTES), pk=data.pop("beat_id")
    )
    parties = [{**p, "resident": _resident(request, p.pop("resident_id"))} for p in data.pop("parties")]
    assists = [(get_object_or_404(OrgUnit, pk=a["unit_id"]), a["relation"]) for a in data.pop("assists")]
    d = services.dispute_record(acting_user=request.auth, beat=beat, parties=parties, assists=assists, **data)
    return Status(201, _out(d))


@disputes_router.get(
    "/indicators",
    response=list[dict],
    summary="矛盾纠纷排查化解指标（按单位）",
    description="权限：view_disputes；month=YYYY-MM；规范001 第七十六条",
)
def indicators(request, month: str | None = None):
    require(request, Perm.VIEW_DISPUTES)
    start, end = selectors.month_bounds(month)
    rows = selectors.indicator_table(
        user=request.auth, perm=Perm.VIEW_DISPUTES, codes=[s.code for s in DISPUTE_SPECS], start=start, end=end
    )
    return [_indicator_row(unit, cells, start, end) for unit, cells in rows]


def _indicator_row(unit, cells, start, end) -> dict:
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "unit_kind": unit.kind,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "indicators": [
            {
                "code": c.spec.code,
                "name": c.spec.name,
                "source": c.spec.source,
                "numerator": c.measure.numerator,
                "denominator": c.measure.denominator,
                "value": str(c.value) if c.value is not None else None,
                "target": str(c.spec.target) if c.spec.target is not None else None,
                "met": c.met,
            }
            for c in cells
        ],
    }


@disputes_router.get(
    "/mediators",
    response=list[dict],
    summary="在线调解人才资源库",
    description="权限：view_disputes 或 manage_casework；规范004",
)
@paginate(Paging)
def mediator_list(request, q: str | None = None, tag: str | None = None):
    perm = Perm.MANAGE_CASEWORK if _may(request, Perm.MANAGE_CASEWORK) else Perm.VIEW_DISPUTES
    require(request, perm)
    return [
        {
            "id": m.pk,
            "name": m.name,
            "kind": m.kind,
            "organization": m.organization,
            "tags": m.tags,
            "speciality": m.speciality,
            "phone": mask_phone(m.phone),
            "org_unit_id": m.org_unit_id,
        }
        for m in selectors.mediator_list(user=request.auth, filters={"q": q, "tag": tag}, perm=perm)
    ]


@disputes_router.post(
    "/mediators",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="调解员入库",
    description="权限：manage_casework；规范004",
)
def mediator_create(request, payload: MediatorIn):
    require(request, Perm.MANAGE_CASEWORK)
    data = payload.dict()
    unit = get_object_or_404(
        OrgUnit.objects.visible_to(request.auth, perm=Perm.MANAGE_CASEWORK), pk=data.pop("org_unit_id")
    )
    username = data.pop("username")
    data["user"] = get_object_or_404(User, username=username) if username else None
    m = services.mediator_register(acting_user=request.auth, org_unit=unit, data=data)
    return Status(201, {"id": m.pk, "name": m.name})


@disputes_router.get(
    "/handovers",
    response=list[dict],
    summary="调解移交（调解员只见移交给本人的）",
    description="权限：mediate_disputes（本人的移交）或 view_disputes（可见纠纷的移交）；规范004",
)
@paginate(Paging)
def handover_list(request, status: str | None = None):
    if _may(request, Perm.MEDIATE_DISPUTES) and not _may(request, Perm.VIEW_DISPUTES):
        qs = selectors.my_handovers(user=request.auth, filters={"status": status})
    else:
        require(request, Perm.VIEW_DISPUTES)
        qs = selectors.handover_list(user=request.auth, filters={"status": status})
    return [_handover_out(h) for h in qs]


def _handover_out(h) -> dict:
    return {
        "id": h.pk,
        "dispute_id": h.dispute_id,
        "mediator_id": h.mediator_id,
        "mediator_name": h.mediator.name,
        "status": h.status,
        "status_label": h.get_status_display(),
        "handed_at": h.handed_at.isoformat(),
        "accept_due_at": h.accept_due_at.isoformat() if h.accept_due_at else None,
        "mediation_due_on": h.mediation_due_on.isoformat() if h.mediation_due_on else None,
        "result_note": h.result_note,
    }


@disputes_router.post(
    "/handovers/{handover_id}/accept",
    response={200: dict, 403: dict, 404: dict, 422: dict},
    summary="调解员接收移交",
    description="权限：mediate_disputes（仅移交给本人的）",
)
def handover_accept(request, handover_id: int):
    require(request, Perm.MEDIATE_DISPUTES)
    h = selectors.my_handover_get(user=request.auth, pk=handover_id)
    return _handover_out(services.handover_accept(acting_user=request.auth, handover=h))


@disputes_router.post(
    "/handovers/{handover_id}/result",
    response={200: dict, 403: dict, 404: dict, 422: dict},
    summary="调解员反馈调解结果",
    description="权限：mediate_disputes；调解不成功的第一时间通知值班民警（规范004）",
)
def handover_result(request, handover_id: int, payload: ResultIn):
    require(request, Perm.MEDIATE_DISPUTES)
    h = selectors.my_handover_get(user=request.auth, pk=handover_id)
    return _handover_out(services.handover_result(acting_user=request.auth, handover=h, **payload.dict()))


@disputes_router.post(
    "/candidates/{candidate_id}/decide",
    response={200: dict, 403: dict, 404: dict, 422: dict},
    summary="确认或排除疑似重复纠纷",
    description="权限：record_disputes；规范001 第七十六条(二)",
)
def candidate_decide(request, candidate_id: int, payload: DecideIn):
    require(request, Perm.RECORD_DISPUTES)
    c = selectors.candidate_get(user=request.auth, pk=candidate_id)
    c = services.repeat_candidate_decide(acting_user=request.auth, candidate=c, confirm=payload.confirm)
    return {"id": c.pk, "status": c.status, "repeat_of_id": c.dispute.repeat_of_id}


@disputes_router.post(
    "/agreements/{agreement_id}/performance",
    response={200: dict, 403: dict, 404: dict, 422: dict},
    summary="登记治安调解协议履行情况",
    description="权限：record_disputes；未履行的生成报所任务（规范001 第七十四条第二款）",
)
def agreement_performance(request, agreement_id: int, payload: PerformanceIn):
    require(request, Perm.RECORD_DISPUTES)
    a = selectors.agreement_get(user=request.auth, pk=agreement_id)
    a = services.agreement_performance_record(acting_user=request.auth, agreement=a, **payload.dict())
    return {"id": a.pk, "performed": a.performed, "failed_at": a.failed_at}


@disputes_router.post(
    "/parties/{party_id}/marking",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="从纠纷当事人申请标注特定对象",
    description="权限：record_disputes；进入所领导标注审批（规范001 第七十五条第二款、第三十九条）",
)
def marking_request(request, party_id: int, payload: MarkingIn):
    require(request, Perm.RECORD_DISPUTES)
    party = get_object_or_404(
        DisputeParty.objects.filter(dispute__in=selectors.disputes_visible(request.auth)), pk=party_id
    )
    party = services.dispute_marking_request(
        acting_user=request.auth, party=party, category=payload.category, facts=payload.facts
    )
    return Status(201, {"party_id": party.pk, "subject_id": party.marking_id, "status": party.marking.status})


@disputes_router.get(
    "/{dispute_id}",
    response={200: dict, 404: dict},
    summary="矛盾纠纷详情（当事人记录访问留痕）",
    description="权限：view_disputes（事发地或配合警务区）；unmask=true 需 unmask_personal",
)
def dispute_detail(request, dispute_id: int, unmask: bool = False):
    d = _dispute(request, dispute_id)
    unmasked = services.dispute_read(acting_user=request.auth, dispute=d, unmask=unmask, channel="api")
    return {
        **_out(d),
        "summary": d.summary,
        "risk_reasons": d.risk_reasons,
        "is_police_matter": d.is_police_matter,
        "is_major": d.is_major,
        "intervened_on": d.intervened_on.isoformat(),
        "may_write": selectors.dispute_may_write(request.auth, d),
        "unmasked": unmasked,
        "parties": [
            {
                "id": p.pk,
                "name": p.name,
                "role": p.role,
                "phone": p.phone if unmasked else mask_phone(p.phone),
                "resident_id": p.resident_id,
                "subject_concern": p.subject_concern,
                "marking_id": p.marking_id,
            }
            for p in d.parties.all()
        ],
        "assists": [{"unit_id": a.unit_id, "relation": a.relation} for a in d.assists.all()],
        "candidates": [
            {"id": c.pk, "earlier_id": c.earlier_id, "reasons": c.reasons, "status": c.status}
            for c in selectors.repeat_candidates_of(d)
        ],
        "timeline": [
            {"kind": a.kind, "done_at": a.done_at.isoformat(), "target": a.target, "outcome": a.outcome, "note": a.note}
            for a in selectors.dispute_timeline(d)
        ],
        "due": [
            {"title": o["title"], "due_on": o["due_on"].isoformat(), "overdue": o["overdue"]}
            for o in selectors.dispute_obligations(d)
        ],
        "agreements": [
            {"id": a.pk, "reached": a.reached, "performed": a.performed, "failed_at": a.failed_at}
            for a in d.agreements.all()
        ],
        "handovers": [_handover_out(h) for h in d.handovers.select_related("mediator")],
    }


@disputes_router.post(
    "/{dispute_id}/actions",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="记录处置措施",
    description="权限：record_disputes（事发地）；规范001 第七十四条",
)
def action_add(request, dispute_id: int, payload: ActionIn):
    require(request, Perm.RECORD_DISPUTES)
    d = _dispute(request, dispute_id)
    a = services.dispute_action_record(acting_user=request.auth, dispute=d, **payload.dict())
    return Status(201, {"id": a.pk, "kind": a.kind, "completed_tasks": [t.pk for t in a.completed_tasks]})


@disputes_router.post(
    "/{dispute_id}/follow-ups",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="跟进回访",
    description="权限：record_disputes；完成回访任务（规范001 第七十五条）",
)
def follow_up_add(request, dispute_id: int, payload: FollowUpIn):
    require(request, Perm.RECORD_DISPUTES)
    d = _dispute(request, dispute_id)
    f = services.dispute_follow_up_record(acting_user=request.auth, dispute=d, **payload.dict())
    return Status(201, {"id": f.pk, "completed_tasks": [t.pk for t in f.completed_tasks]})


@disputes_router.post(
    "/{dispute_id}/agreements",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="治安调解协议",
    description="权限：record_disputes；未达成的生成报所任务（规范001 第七十四条第二款）",
)
def agreement_add(request, dispute_id: int, payload: AgreementIn):
    require(request, Perm.RECORD_DISPUTES)
    d = _dispute(request, dispute_id)
    a = services.agreement_record(acting_user=request.auth, dispute=d, **payload.dict())
    return Status(201, {"id": a.pk, "reached": a.reached, "failed_at": a.failed_at})


@disputes_router.post(
    "/{dispute_id}/resolve",
    response={200: dict, 403: dict, 404: dict, 422: dict},
    summary="化解完毕",
    description="权限：record_disputes；未到期的回访任务关闭，已逾期的保留",
)
def resolve(request, dispute_id: int, payload: ResolveIn):
    require(request, Perm.RECORD_DISPUTES)
    d = _dispute(request, dispute_id)
    d = services.dispute_resolve(acting_user=request.auth, dispute=d, **payload.dict())
    return {"id": d.pk, "status": d.status, "resolved_on": d.resolved_on.isoformat()}


@disputes_router.post(
    "/{dispute_id}/handovers",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="移交调解员（须附两类材料）",
    description="权限：record_disputes；multipart：mediator_id、note、evidence（前期调查取证）、intake（案事件接报材料）；规范004",
)
def handover_create(
    request,
    dispute_id: int,
    mediator_id: Form[int],
    note: Form[str] = "",
    evidence: File[list[UploadedFile]] = None,
    intake: File[list[UploadedFile]] = None,
):
    require(request, Perm.RECORD_DISPUTES)
    d = _dispute(request, dispute_id)
    mediator = get_object_or_404(selectors.mediators_for(d), pk=mediator_id)
    h = services.handover_create(
        acting_user=request.auth,
        dispute=d,
        mediator=mediator,
        files={"evidence": evidence or [], "intake": intake or []},
        note=note,
    )
    return Status(201, _handover_out(h))
