"""Casework API: /api/v1/disputes/ (disputes, actions, agreements, mediators, hand-overs, indicators) and
/api/v1/incidents/ (incidents, push, arrival, people, on-scene log, 立案/结案, follow-ups, notices, indicators, the
monthly 警情通报) over the same selectors, services, scope, masking and access trail as the pages."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accounts.models import User
from accounts.roles import Perm
from accounts.selectors import user_may
from api.common import Paging, Rows, require
from audit.masking import mask_phone
from org.models import OrgUnit
from registry.models import Resident

from . import selectors, services
from .choices import (
    ActionKind,
    AssistRelation,
    DisputeDomain,
    DisputeSource,
    FollowUpKind,
    IncidentKind,
    IncidentSource,
    MediatorKind,
    Outcome,
    PartyRole,
    PersonRole,
    RiskLevel,
    SubjectConcern,
)
from .indicators import INCIDENT_SPECS
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
    # Rows: the page is sliced in the database before its rows are shown (the whole city was serialised, 6 s;
    # issue 11); the parties are prefetched for the page's rows only.
    qs = selectors.dispute_list(user=request.auth, filters=filters.dict()).prefetch_related("parties")
    return Rows(qs, _out)


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


# ---------------------------------------------------------------- incidents: /api/v1/incidents

incidents_router = Router(tags=["案事件"])


class IncidentIn(Schema):
    beat_id: int = Field(description="警务区")
    kind: IncidentKind
    subkind: str = Field(description="细类，如 burglary、fraud、fire、drowning")
    summary: str
    place_text: str
    reported_at: datetime
    occurred_at: datetime | None = None
    has_scene: bool = True


class IncidentRecordIn(IncidentIn):
    source: IncidentSource = IncidentSource.OFFICER
    arrived_at: datetime | None = None


class IncidentPushIn(IncidentIn):
    source: IncidentSource = Field(description="command_centre（情指中心）或 command_room（综合指挥室）")


class IncidentOut(Schema):
    id: int
    kind: str
    kind_label: str
    subkind: str
    subkind_label: str
    source: str
    has_scene: bool
    place_text: str
    reported_at: datetime
    dispatched_at: datetime | None
    arrived_at: datetime | None
    filed_on: date | None
    closed_on: date | None
    status: str
    status_label: str
    overdue_follow_up: bool
    beat_id: int
    beat_name: str


class IncidentFilters(Schema):
    q: str | None = None
    kind: IncidentKind | None = None
    has_scene: str | None = Field(None, description="yes / no")
    status: str | None = None
    overdue: bool = False
    pushed: bool = False


class ArrivalIn(Schema):
    arrived_at: datetime


class PersonIn(Schema):
    resident_id: int | None = Field(None, description="实有人口编号（已登记时）")
    name: str = ""
    phone: str = ""
    role: PersonRole
    is_foreign: bool = False
    note: str = ""


class LinkIn(Schema):
    resident_id: int


class DissuasionIn(Schema):
    due_on: date
    note: str = ""


class SceneIn(Schema):
    step: str = Field(
        description="第七十九条 stop/protect/verify/gaps/contact；第八十四条 report/evacuate/rescue/investigate/control"
    )
    note: str
    done_at: datetime | None = None


class FileIn(Schema):
    filed_on: date
    case_number: str


class CloseIn(Schema):
    closed_on: date
    result: str


class IncidentFollowUpIn(Schema):
    kind: FollowUpKind
    visited_on: date
    visited: str
    content: str
    risk_level: RiskLevel
    satisfaction: str = Field(description="satisfied / neutral / unsatisfied")
    items: list[str] = Field(default_factory=list, description="progress、execution、education、prevention、risk")
    preventable: bool = False


class NoticeIn(Schema):
    kind: str = Field(description="prevention_rectification（整改通知书）/ warning_advice / police_tip")
    recipient: str
    facts: str
    advice: str
    address: str = ""
    deadline: date | None = None


def _incident_out(i) -> dict:
    return {
        "id": i.pk,
        "kind": i.kind,
        "kind_label": i.get_kind_display(),
        "subkind": i.subkind,
        "subkind_label": i.get_subkind_display(),
        "source": i.source,
        "has_scene": i.has_scene,
        "place_text": i.place_text,
        "reported_at": i.reported_at,
        "dispatched_at": i.dispatched_at,
        "arrived_at": i.arrived_at,
        "filed_on": i.filed_on,
        "closed_on": i.closed_on,
        "status": i.status,
        "status_label": i.get_status_display(),
        "overdue_follow_up": bool(getattr(i, "has_overdue", False)),
        "beat_id": i.beat_id,
        "beat_name": i.beat.name,
    }


def _incident(request, pk, perm=Perm.VIEW_INCIDENTS):
    require(request, perm)
    return selectors.incident_get(user=request.auth, pk=pk, perm=perm)


def _person(request, pk, perm=Perm.RECORD_INCIDENTS):
    require(request, perm)
    return selectors.incident_person_get(user=request.auth, pk=pk, perm=perm)


def _beat(request, pk, perm):
    return get_object_or_404(OrgUnit.objects.visible_to(request.auth, perm=perm), pk=pk)


@incidents_router.get("", response=list[IncidentOut], summary="案事件列表", description="权限：view_incidents")
@paginate(Paging)
def incident_list(request, filters: Query[IncidentFilters]):
    require(request, Perm.VIEW_INCIDENTS)
    # Rows: paged in the database before showing (issue 11).
    return Rows(selectors.incident_list(user=request.auth, filters=filters.dict()), _incident_out)


@incidents_router.post(
    "",
    response={201: IncidentOut, 403: dict, 404: dict, 422: dict},
    summary="录入案事件",
    description="权限：record_incidents（本警务区）；规范001 第七十七条",
)
def incident_create(request, payload: IncidentRecordIn):
    require(request, Perm.RECORD_INCIDENTS)
    data = payload.dict()
    beat = _beat(request, data.pop("beat_id"), Perm.RECORD_INCIDENTS)
    return Status(201, _incident_out(services.incident_record(acting_user=request.auth, beat=beat, **data)))


@incidents_router.post(
    "/push",
    response={201: IncidentOut, 403: dict, 404: dict, 422: dict},
    summary="推送案事件至社区民警",
    description=(
        "权限：push_incidents（情指中心、综合指挥室）；即时通知民警，紧急求助要求立即到场；"
        "规范001 第七十七条第三款、第八十八条、第一百零四条"
    ),
)
def incident_push(request, payload: IncidentPushIn):
    require(request, Perm.PUSH_INCIDENTS)
    data = payload.dict()
    beat = _beat(request, data.pop("beat_id"), Perm.PUSH_INCIDENTS)
    return Status(201, _incident_out(services.incident_push(acting_user=request.auth, beat=beat, **data)))


@incidents_router.get(
    "/indicators",
    response=list[dict],
    summary="案事件处置指标（按单位）",
    description="权限：view_incidents；month=YYYY-MM；规范001 第八十一条、第三十条(三)",
)
def incident_indicators(request, month: str | None = None):
    require(request, Perm.VIEW_INCIDENTS)
    start, end = selectors.month_bounds(month)
    rows = selectors.indicator_table(
        user=request.auth, perm=Perm.VIEW_INCIDENTS, codes=[s.code for s in INCIDENT_SPECS], start=start, end=end
    )
    return [_indicator_row(unit, cells, start, end) for unit, cells in rows]


@incidents_router.get(
    "/monthly-notice",
    response={200: dict, 403: dict, 404: dict},
    summary="警情通报（月度，不含个人信息）",
    description="权限：view_incidents；unit_id=警务区或派出所，month=YYYY-MM；规范002 警务公开",
)
def incident_monthly_notice(request, unit_id: int, month: str | None = None):
    require(request, Perm.VIEW_INCIDENTS)
    unit = get_object_or_404(selectors.notice_units(user=request.auth), pk=unit_id)
    start, end = selectors.month_bounds(month)
    notice = selectors.monthly_notice(unit=unit, start=start, end=end)
    return {
        **{k: v for k, v in notice.items() if k not in ("unit", "cases")},
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "cases": [{**c, "date": c["date"].isoformat()} for c in notice["cases"]],
    }


@incidents_router.post(
    "/people/{person_id}/verify",
    response={200: dict, 403: dict, 404: dict, 422: dict},
    summary="核实涉案人员基本情况",
    description="权限：record_incidents；规范001 第七十九条(三)、第八十一条(二)",
)
def person_verify(request, person_id: int):
    p = services.incident_person_verify(acting_user=request.auth, person=_person(request, person_id))
    return {"id": p.pk, "verified": p.verified}


@incidents_router.post(
    "/people/{person_id}/link",
    response={200: dict, 403: dict, 404: dict, 422: dict},
    summary="涉案人员关联实有人口（完成采集任务）",
    description="权限：record_incidents；规范001 第三十条(三)",
)
def person_link(request, person_id: int, payload: LinkIn):
    person = _person(request, person_id)
    resident = _resident(request, payload.resident_id)
    p = services.incident_person_link(acting_user=request.auth, person=person, resident=resident)
    return {"id": p.pk, "resident_id": p.resident_id}


@incidents_router.post(
    "/people/{person_id}/dissuasion",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="下达电信网络诈骗受害人见面劝阻指令",
    description="权限：push_incidents 与 issue_command_tasks；规范001 第七十七条第二款",
)
def person_dissuasion(request, person_id: int, payload: DissuasionIn):
    person = _person(request, person_id, perm=Perm.PUSH_INCIDENTS)
    p = services.incident_dissuasion_instruct(acting_user=request.auth, person=person, **payload.dict())
    return Status(201, {"id": p.pk, "task_id": p.dissuasion_task_id})


@incidents_router.get(
    "/{incident_id}",
    response={200: dict, 404: dict},
    summary="案事件详情（涉案人员记录访问留痕）",
    description="权限：view_incidents；unmask=true 需 unmask_personal",
)
def incident_detail(request, incident_id: int, unmask: bool = False):
    i = _incident(request, incident_id)
    unmasked = services.incident_read(acting_user=request.auth, incident=i, unmask=unmask, channel="api")
    return {
        **_incident_out(i),
        "summary": i.summary,
        "case_number": i.case_number,
        "result": i.result,
        "officer": str(i.officer) if i.officer else None,
        "may_write": selectors.incident_may_write(request.auth, i),
        "unmasked": unmasked,
        "people": [
            {
                "id": p.pk,
                "name": p.name,
                "role": p.role,
                "phone": p.phone if unmasked else mask_phone(p.phone),
                "resident_id": p.resident_id,
                "is_foreign": p.is_foreign,
                "verified": p.verified,
                "dissuasion_task_id": p.dissuasion_task_id,
            }
            for p in i.people.all()
        ],
        "scene": [
            {"step": e.step, "label": e.get_step_display(), "done_at": e.done_at.isoformat(), "note": e.note}
            for e in i.scene_entries.all()
        ],
        "follow_ups": [
            {"kind": f.kind, "visited_on": f.visited_on.isoformat(), "items": f.items, "content": f.content}
            for f in i.follow_ups.all()
        ],
        "due": [
            {"title": o["title"], "due_on": o["due_on"].isoformat(), "overdue": o["overdue"]}
            for o in selectors.incident_obligations(i)
        ],
        "notices": [{"id": n.pk, "number": n.number, "kind": n.kind} for n in selectors.incident_notices(i)],
    }


@incidents_router.post(
    "/{incident_id}/arrival",
    response={200: IncidentOut, 403: dict, 404: dict, 422: dict},
    summary="登记到场",
    description="权限：record_incidents；规范001 第七十七条、第八十一条(一)",
)
def incident_arrival(request, incident_id: int, payload: ArrivalIn):
    i = _incident(request, incident_id, Perm.RECORD_INCIDENTS)
    return _incident_out(services.incident_arrive(acting_user=request.auth, incident=i, **payload.dict()))


@incidents_router.post(
    "/{incident_id}/people",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="添加涉案人员（未登记的生成采集任务）",
    description="权限：record_incidents；规范001 第七十九条(三)",
)
def incident_person_add(request, incident_id: int, payload: PersonIn):
    i = _incident(request, incident_id, Perm.RECORD_INCIDENTS)
    data = payload.dict()
    data["resident"] = _resident(request, data.pop("resident_id"))
    p = services.incident_person_add(acting_user=request.auth, incident=i, person=data)
    return Status(201, {"id": p.pk, "resident_id": p.resident_id, "role": p.role})


@incidents_router.post(
    "/{incident_id}/scene",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="记录现场处置",
    description="权限：record_incidents；规范001 第七十九条、第八十四条",
)
def incident_scene(request, incident_id: int, payload: SceneIn):
    i = _incident(request, incident_id, Perm.RECORD_INCIDENTS)
    e = services.incident_scene_record(acting_user=request.auth, incident=i, **payload.dict())
    return Status(201, {"id": e.pk, "step": e.step})


@incidents_router.post(
    "/{incident_id}/file",
    response={200: IncidentOut, 403: dict, 404: dict, 422: dict},
    summary="登记立案（警综）",
    description="权限：record_incidents；立案后一周内回访（规范001 第八十条）",
)
def incident_file(request, incident_id: int, payload: FileIn):
    i = _incident(request, incident_id, Perm.RECORD_INCIDENTS)
    return _incident_out(services.incident_file(acting_user=request.auth, incident=i, **payload.dict()))


@incidents_router.post(
    "/{incident_id}/close",
    response={200: IncidentOut, 403: dict, 404: dict, 422: dict},
    summary="结案/处置完毕",
    description="权限：record_incidents；治安灾害事故须先记录第八十四条五项先期处置；结案后回访（第八十条）",
)
def incident_close(request, incident_id: int, payload: CloseIn):
    i = _incident(request, incident_id, Perm.RECORD_INCIDENTS)
    return _incident_out(services.incident_close(acting_user=request.auth, incident=i, **payload.dict()))


@incidents_router.post(
    "/{incident_id}/follow-ups",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="回访受害人或当事人",
    description="权限：record_incidents；完成回访任务（规范001 第八十条、第七十七条第二款）",
)
def incident_follow_up(request, incident_id: int, payload: IncidentFollowUpIn):
    i = _incident(request, incident_id, Perm.RECORD_INCIDENTS)
    f = services.incident_follow_up_record(acting_user=request.auth, incident=i, **payload.dict())
    return Status(201, {"id": f.pk, "completed_tasks": [t.pk for t in f.completed_tasks]})


@incidents_router.post(
    "/{incident_id}/notices",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="可防性案件制发整改通知书、预警建议书或公安提示函",
    description="权限：record_incidents；规范001 第八十条(四)",
)
def incident_notice(request, incident_id: int, payload: NoticeIn):
    i = _incident(request, incident_id, Perm.RECORD_INCIDENTS)
    n = services.incident_notice_issue(acting_user=request.auth, incident=i, **payload.dict())
    return Status(201, {"id": n.pk, "number": n.number, "kind": n.kind})
