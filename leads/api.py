"""群众工作 API: /api/v1/leads/ (leads, 研判, informants), /api/v1/patrols/ (routes, check-ins with a client id) and
/api/v1/points/ (the caller's balance and history, the store, redemption) — the same selectors, services, scope,
masking and access trail as the pages."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.roles import Perm
from api.common import Paging, Rows, require
from audit.masking import mask_phone
from org.models import OrgUnit

from . import selectors, services
from .choices import Channel, LeadKind

leads_router = Router(tags=["群众工作：社情民意与线索"])
patrols_router = Router(tags=["群众工作：巡逻"])
points_router = Router(tags=["群众工作：积分"])


class LeadIn(Schema):
    org_unit_id: int = Field(description="所属网格或警务区（网格员、志愿者：本人所在网格）")
    kind: LeadKind
    channel: Channel
    subject_text: str = Field("", description="对象（必备要素，第四十六条）")
    occurred_at: datetime | None = Field(None, description="时间（必备要素）")
    place_text: str = Field("", description="地点（必备要素；或给出 address_id）")
    address_id: int | None = None
    event: str = Field("", description="事件（必备要素）")
    cause: str = ""
    result: str = ""
    is_actionable: bool = Field(False, description="行动性、指向性线索：报告前须登记口头报告（第四十九条）")
    oral_report_at: datetime | None = None
    oral_report_to: str = ""
    from_resident: bool = False
    resident_name: str = ""
    resident_phone: str = ""
    within_duties: bool | None = None


class LeadOut(Schema):
    id: int
    number: str
    kind: str
    kind_label: str
    channel: str
    subject_text: str
    occurred_at: datetime
    place_text: str
    event: str
    cause: str
    result: str
    is_actionable: bool
    oral_report_at: datetime | None
    oral_report_to: str
    status: str
    status_label: str
    score: int
    beat_id: int
    org_unit_id: int
    submitted_at: datetime | None
    judged_at: datetime | None
    history: list[dict] = Field(default_factory=list)


class LeadFilters(Schema):
    q: str | None = None
    kind: str | None = None
    status: str | None = None
    queue: bool = False
    mine: bool = False


class OralReportIn(Schema):
    at: datetime
    receiver: str


class NoteIn(Schema):
    note: str = ""


class JudgeIn(Schema):
    adopt: bool
    note: str = ""


class InformantOut(Schema):
    id: int
    kind: str
    alias: str
    name: str
    phone: str
    recruited_on: date
    is_active: bool
    org_unit_id: int


class RouteOut(Schema):
    id: int
    name: str
    org_unit_id: int
    must_lines: str
    times_per_week: int | None
    points: list[dict]


class CheckInIn(Schema):
    point_id: int
    client_id: str = Field(description="由手机生成的UUID：同一签到重复提交只计一次")
    checked_at: datetime | None = None
    note: str = ""


class CheckInOut(Schema):
    id: int
    point_id: int
    route_id: int
    checked_at: datetime
    client_id: str
    created: bool
    balance: int


class PointsOut(Schema):
    balance: int
    checkins: int
    adopted: int
    entries: list[dict]


class ItemOut(Schema):
    id: int
    name: str
    cost: int
    stock: int


class RedeemIn(Schema):
    item_id: int
    quantity: int = 1


def _aware(value):
    return timezone.make_aware(value) if value is not None and timezone.is_naive(value) else value


def _lead_out(lead, history=False) -> dict:
    out = {
        "id": lead.pk,
        "number": lead.number,
        "kind": lead.kind,
        "kind_label": lead.get_kind_display(),
        "channel": lead.channel,
        "subject_text": lead.subject_text,
        "occurred_at": lead.occurred_at,
        "place_text": lead.place_text,
        "event": lead.event,
        "cause": lead.cause,
        "result": lead.result,
        "is_actionable": lead.is_actionable,
        "oral_report_at": lead.oral_report_at,
        "oral_report_to": lead.oral_report_to,
        "status": lead.status,
        "status_label": lead.get_status_display(),
        "score": lead.score,
        "beat_id": lead.beat_id,
        "org_unit_id": lead.org_unit_id,
        "submitted_at": lead.submitted_at,
        "judged_at": lead.judged_at,
    }
    if history:
        out["history"] = [
            {"kind": e.kind, "label": e.get_kind_display(), "at": e.at, "note": e.note} for e in lead.events.all()
        ]
    return out


def _unit(request, pk: int, perm: str) -> OrgUnit:
    return OrgUnit.objects.visible_to(request.auth, perm=perm).get(pk=pk)


@leads_router.get(
    "", response=list[LeadOut], summary="社情民意与线索", description="权限：view_leads（网格员、志愿者：本人报告的）"
)
@paginate(Paging)
def lead_list(request, filters: Query[LeadFilters]):
    if not _may(request, Perm.VIEW_LEADS):
        require(request, Perm.REPORT_LEADS)
    return Rows(selectors.lead_list(user=request.auth, filters=filters.dict()), _lead_out)


def _may(request, perm):
    from accounts.selectors import user_may

    return user_may(request.auth, perm)


@leads_router.post(
    "",
    response={201: LeadOut, 403: dict, 404: dict, 422: dict},
    summary="报告社情民意/线索",
    description="权限：report_leads；对象、时间、地点、事件为必备要素（规范001 第四十六条）",
)
def lead_add(request, payload: LeadIn):
    require(request, Perm.REPORT_LEADS)
    data = payload.dict()
    unit = _unit(request, data.pop("org_unit_id"), Perm.REPORT_LEADS)
    address_id = data.pop("address_id")
    data["address"] = services.address_choices(request.auth).filter(pk=address_id).first() if address_id else None
    for key in ("occurred_at", "oral_report_at"):
        data[key] = _aware(data[key])
    lead = services.lead_report(acting_user=request.auth, org_unit=unit, **data)
    return Status(201, _lead_out(lead, history=True))


@leads_router.get("/{lead_id}", response={200: LeadOut, 404: dict}, summary="线索详情（含流转记录）")
def lead_detail(request, lead_id: int):
    lead = selectors.lead_get(user=request.auth, pk=lead_id)
    selectors.lead_read(user=request.auth, lead=lead, channel="api")
    return _lead_out(lead, history=True)


@leads_router.post(
    "/{lead_id}/oral-report",
    response={200: LeadOut, 403: dict, 404: dict, 422: dict},
    summary="登记向派出所口头报告",
    description="权限：report_leads；规范001 第四十九条",
)
def lead_oral_report(request, lead_id: int, payload: OralReportIn):
    lead = selectors.lead_get(user=request.auth, pk=lead_id)
    services.lead_oral_report_record(
        acting_user=request.auth, lead=lead, at=_aware(payload.at), receiver=payload.receiver
    )
    return _lead_out(lead, history=True)


@leads_router.post(
    "/{lead_id}/submit",
    response={200: LeadOut, 403: dict, 404: dict, 422: dict},
    summary="报告（提交研判）",
    description="权限：handle_leads；行动性、指向性线索须先登记口头报告（第四十九条）",
)
def lead_submit(request, lead_id: int, payload: NoteIn):
    lead = selectors.lead_get(user=request.auth, pk=lead_id)
    services.lead_submit(acting_user=request.auth, lead=lead, note=payload.note)
    return _lead_out(lead, history=True)


@leads_router.post(
    "/{lead_id}/judge",
    response={200: LeadOut, 403: dict, 404: dict, 422: dict},
    summary="研判：采用/不采用",
    description="权限：judge_leads（基础管控中心）；规范001 第五十一条、第五十二条",
)
def lead_judge(request, lead_id: int, payload: JudgeIn):
    require(request, Perm.JUDGE_LEADS)
    lead = selectors.lead_get(user=request.auth, pk=lead_id)
    services.lead_judge(acting_user=request.auth, lead=lead, adopt=payload.adopt, note=payload.note)
    return _lead_out(lead, history=True)


@leads_router.get(
    "/informants/",
    response=list[InformantOut],
    summary="治安信息员和耳目（只列代号）",
    description="权限：view_informants；姓名和电话只在详情中给出，每次读取记入访问留痕",
)
@paginate(Paging)
def informant_list(request):
    require(request, Perm.VIEW_INFORMANTS)

    def show(i):
        return {
            "id": i.pk,
            "kind": i.kind,
            "alias": i.alias,
            "name": "",
            "phone": "",
            "recruited_on": i.recruited_on,
            "is_active": i.is_active,
            "org_unit_id": i.org_unit_id,
        }

    return Rows(selectors.informant_list(user=request.auth), show)


@leads_router.get(
    "/informants/{informant_id}",
    response={200: InformantOut, 403: dict, 404: dict},
    summary="治安信息员/耳目详情",
    description="权限：view_informants；记入访问留痕，电话按权限脱敏",
)
def informant_detail(request, informant_id: int):
    require(request, Perm.VIEW_INFORMANTS)
    informant, unmasked = selectors.informant_open(user=request.auth, pk=informant_id, channel="api")
    return {
        "id": informant.pk,
        "kind": informant.kind,
        "alias": informant.alias,
        "name": informant.name if unmasked else informant.name[:1] + "*" * (len(informant.name) - 1),
        "phone": informant.phone if unmasked else mask_phone(informant.phone),
        "recruited_on": informant.recruited_on,
        "is_active": informant.is_active,
        "org_unit_id": informant.org_unit_id,
    }


# ---------------------------------------------------------------- patrols


def _route_out(route) -> dict:
    return {
        "id": route.pk,
        "name": route.name,
        "org_unit_id": route.org_unit_id,
        "must_lines": route.must_lines,
        "times_per_week": route.times_per_week,
        "points": [{"id": p.pk, "name": p.name, "is_must_visit": p.is_must_visit} for p in route.points.all()],
    }


@patrols_router.get(
    "/routes", response=list[RouteOut], summary="巡逻路线（必巡线、必到点）", description="权限：patrol 或 view_leads"
)
@paginate(Paging)
def route_list(request):
    if not _may(request, Perm.VIEW_LEADS):
        require(request, Perm.PATROL)
    return Rows(selectors.route_list(user=request.auth).prefetch_related("points"), _route_out)


@patrols_router.post(
    "/checkins",
    response={200: CheckInOut, 201: CheckInOut, 403: dict, 404: dict, 422: dict},
    summary="巡逻签到",
    description="权限：patrol；client_id 由手机生成，重复提交返回原签到（200），只计一次积分",
)
def checkin_add(request, payload: CheckInIn):
    require(request, Perm.PATROL)
    point = selectors.point_get(user=request.auth, pk=payload.point_id)
    checkin, created = services.checkin_record(
        acting_user=request.auth,
        point=point,
        client_id=payload.client_id,
        checked_at=_aware(payload.checked_at),
        note=payload.note,
    )
    out = {
        "id": checkin.pk,
        "point_id": checkin.point_id,
        "route_id": checkin.route_id,
        "checked_at": checkin.checked_at,
        "client_id": str(checkin.client_id),
        "created": created,
        "balance": services.points_balance(request.auth),
    }
    return Status(201 if created else 200, out)


# ---------------------------------------------------------------- points


@points_router.get("/me", response=PointsOut, summary="我的积分（服务次数、成效、明细）", description="权限：patrol")
def my_points(request):
    require(request, Perm.PATROL)
    data = selectors.my_points(user=request.auth)
    entries = [
        {
            "kind": e.kind,
            "label": e.get_kind_display(),
            "points": e.points,
            "balance_after": e.balance_after,
            "note": e.note,
            "created_at": e.created_at,
        }
        for e in data["entries"][:200]
    ]
    return {"balance": data["balance"], "checkins": data["checkins"], "adopted": data["adopted"], "entries": entries}


@points_router.get("/store", response=list[ItemOut], summary="积分超市商品", description="权限：patrol")
def store(request):
    require(request, Perm.PATROL)
    return [
        {"id": i.pk, "name": i.name, "cost": i.cost, "stock": i.stock} for i in selectors.store_items(user=request.auth)
    ]


@points_router.post(
    "/redemptions",
    response={201: dict, 403: dict, 404: dict, 422: dict},
    summary="积分兑换",
    description="权限：patrol；超出结余或库存的兑换被拒绝",
)
def redeem(request, payload: RedeemIn):
    require(request, Perm.PATROL)
    item = selectors.store_item_get(user=request.auth, pk=payload.item_id)
    redemption = services.redemption_make(acting_user=request.auth, item=item, quantity=payload.quantity)
    return Status(
        201, {"id": redemption.pk, "points": redemption.points, "balance": services.points_balance(request.auth)}
    )
