"""云格 API under /api/v1/online-groups/: the same selectors, services and scope as the pages; lists paged in the
database; every write on the operation log, every opening of a request on the access trail (channel ``api``)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.roles import Perm
from api.common import Paging, Rows, require
from org.models import OrgUnit

from . import indicators, selectors, services

router = Router(tags=["云格警务"])


class FindingOut(Schema):
    level: str
    code: str
    message: str
    clause: str
    member: str


class GroupOut(Schema):
    id: int
    name: str
    chat_id: str
    is_manual: bool
    org_unit_id: int
    org_unit_name: str
    visibility: str
    visibility_label: str
    station_account: str
    specialist: str
    composition_ok: bool
    nickname_ok: bool
    dismissed_at: datetime | None
    snapshot_at: datetime | None


class MemberOut(Schema):
    id: int
    userid: str
    name: str
    nickname: str
    role: str
    role_label: str
    staff_id: int | None
    joined_at: datetime | None
    left_at: datetime | None


class GroupDetailOut(GroupOut):
    findings: list[FindingOut]
    members: list[MemberOut]


class GroupFilters(Schema):
    q: str | None = None
    visibility: str | None = Field(None, description="ok / not_customer / not_joined")
    compliance: str | None = Field(None, description="ok / composition / nickname")


class RequestOut(Schema):
    id: int
    number: str
    group_id: int | None
    group_name: str
    category: str
    category_label: str
    content: str
    resident_name: str
    source: str
    received_at: datetime
    respond_by: datetime
    first_response_minutes: int = Field(description="首次响应时限（分钟，解读）")
    acknowledged_at: datetime | None
    acknowledged_by: str
    response_minutes: float | None
    late: bool
    assigned_to: str
    status: str
    closed_at: datetime | None
    outcome: str
    converted_kind: str
    converted_ref: str


class RequestFilters(Schema):
    q: str | None = None
    category: str | None = None
    status: str | None = Field(None, description="open（默认）/ closed / all")
    late: bool = False


class RequestIn(Schema):
    group_id: int
    category: str = Field(description="police_report / help / dispute / consultation / suggestion / hazard / volunteer")
    content: str
    resident_name: str = ""
    received_at: datetime | None = Field(None, description="群众发出时间，默认现在")
    acknowledged: bool = Field(False, description="登记人已在群内回复（首次响应为现在）")


class AcknowledgeIn(Schema):
    at: datetime | None = None
    category: str | None = None


class CloseIn(Schema):
    outcome: str


class StatsOut(Schema):
    unit_id: int
    start: date
    end: date
    reading: str
    indicators: list[dict]
    response: dict


def _group_out(g) -> dict:
    return {
        "id": g.pk, "name": g.name, "chat_id": g.chat_id, "is_manual": g.is_manual, "org_unit_id": g.org_unit_id,
        "org_unit_name": g.org_unit.name, "visibility": g.visibility, "visibility_label": g.get_visibility_display(),
        "station_account": g.station_account, "specialist": g.specialist.name if g.specialist else "",
        "composition_ok": g.composition_ok, "nickname_ok": g.nickname_ok, "dismissed_at": g.dismissed_at,
        "snapshot_at": g.snapshot_at,
    }  # fmt: skip


def _request_out(o) -> dict:
    return {
        "id": o.pk, "number": o.number, "group_id": o.group_id, "group_name": o.group.name if o.group else "",
        "category": o.category, "category_label": o.get_category_display(), "content": o.content,
        "resident_name": o.resident_name, "source": o.source, "received_at": o.received_at,
        "respond_by": o.respond_by, "first_response_minutes": o.first_response_minutes,
        "acknowledged_at": o.acknowledged_at,
        "acknowledged_by": o.acknowledged_by.display_name if o.acknowledged_by else "",
        "response_minutes": o.response_minutes(), "late": o.late_as_of(timezone.now()),
        "assigned_to": o.assigned_to.display_name if o.assigned_to else "", "status": o.status,
        "closed_at": o.closed_at, "outcome": o.outcome, "converted_kind": o.converted_kind,
        "converted_ref": o.converted_ref,
    }  # fmt: skip


@router.get("/groups", response=list[GroupOut], summary="云格群组列表", description="权限：view_services")
@paginate(Paging)
def group_list(request, filters: Query[GroupFilters]):
    require(request, Perm.VIEW_SERVICES)
    return Rows(selectors.group_list(user=request.auth, filters=filters.dict()), _group_out)


@router.get(
    "/groups/{group_id}",
    response={200: GroupDetailOut, 404: dict},
    summary="云格群组详情（成员与核对结果）",
    description="权限：view_services；核对依据规范000 §4.1、§4.2.4、§7.2.1",
)
def group_detail(request, group_id: int):
    require(request, Perm.VIEW_SERVICES)
    g = selectors.group_get(user=request.auth, pk=group_id)
    members = [
        {"id": m.pk, "userid": m.userid, "name": m.name, "nickname": m.nickname, "role": m.role,
         "role_label": m.get_role_display(), "staff_id": m.staff_id, "joined_at": m.joined_at, "left_at": m.left_at}
        for m in selectors.group_members(g)
    ]  # fmt: skip
    return {**_group_out(g), "findings": g.findings, "members": members}


@router.get("/requests", response=list[RequestOut], summary="云格群众诉求列表", description="权限：view_services")
@paginate(Paging)
def request_list(request, filters: Query[RequestFilters]):
    require(request, Perm.VIEW_SERVICES)
    return Rows(selectors.request_list(user=request.auth, filters=filters.dict()), _request_out)


@router.get(
    "/requests/{request_id}",
    response={200: RequestOut, 404: dict},
    summary="云格群众诉求详情（留痕）",
    description="权限：view_services",
)
def request_detail(request, request_id: int):
    require(request, Perm.VIEW_SERVICES)
    obj = selectors.request_get(user=request.auth, pk=request_id)
    services.online_request_read(acting_user=request.auth, request=obj, channel="api")
    return _request_out(obj)


@router.post(
    "/requests",
    response={201: RequestOut, 403: dict, 404: dict, 422: dict},
    summary="登记云格群众诉求",
    description="权限：serve_residents；就近派给群组所在警务区的社区民警；规范000 §4.2.1、§5.2",
)
def request_add(request, payload: RequestIn):
    require(request, Perm.SERVE_RESIDENTS)
    data = payload.dict()
    group = selectors.intake_groups(user=request.auth).get(pk=data.pop("group_id"))
    obj = services.online_request_log(acting_user=request.auth, group=group, **data)
    return Status(201, _request_out(obj))


@router.post(
    "/requests/{request_id}/acknowledge",
    response={200: RequestOut, 403: dict, 404: dict, 422: dict},
    summary="记录民警首次回复",
    description="权限：serve_residents；规范000 §5.2 第一时间受理",
)
def request_acknowledge(request, request_id: int, payload: AcknowledgeIn):
    require(request, Perm.SERVE_RESIDENTS)
    obj = selectors.request_get(user=request.auth, pk=request_id)
    return _request_out(services.online_request_acknowledge(acting_user=request.auth, request=obj,
                                                            at=payload.at, category=payload.category))  # fmt: skip


@router.post(
    "/requests/{request_id}/close",
    response={200: RequestOut, 403: dict, 404: dict, 422: dict},
    summary="办结云格群众诉求",
    description="权限：serve_residents；规范000 §5.2 快速处置",
)
def request_close(request, request_id: int, payload: CloseIn):
    require(request, Perm.SERVE_RESIDENTS)
    obj = selectors.request_get(user=request.auth, pk=request_id)
    return _request_out(services.online_request_close(acting_user=request.auth, request=obj, outcome=payload.outcome))


@router.get(
    "/stats",
    response=StatsOut,
    summary="云格统计（解读）",
    description="权限：view_services；首次响应P50/P90、时限内比例、配置和昵称合规、警务区覆盖、宣传送达",
)
def stats(request, unit_id: int | None = None, start: date | None = None, end: date | None = None):
    require(request, Perm.VIEW_SERVICES)
    units = OrgUnit.objects.visible_to(request.auth, perm=Perm.VIEW_SERVICES)
    unit = units.get(pk=unit_id) if unit_id else units.order_by("path").first()
    if unit is None:
        raise OrgUnit.DoesNotExist
    end = end or timezone.localdate()
    start = start or end.replace(day=1)
    rows = []
    for spec in indicators.SPECS:
        m = spec.compute(unit, start, end)
        rows.append({
            "code": spec.code, "name": spec.name, "source": spec.source, "reading": spec.reading,
            "numerator": float(m.numerator), "denominator": None if m.denominator is None else float(m.denominator),
            "value": None if m.value is None else float(m.value), "met": spec.met(m.value),
        })  # fmt: skip
    return {"unit_id": unit.pk, "start": start, "end": end, "reading": "规范000缺§9评价与考核：口径与目标均为解读",
            "indicators": rows, "response": selectors.response_stats(unit, start, end)}  # fmt: skip
