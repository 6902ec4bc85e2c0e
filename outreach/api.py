"""为民服务 API under /api/v1/outreach/: the same selectors, services and scope as the pages; every write on the
operation log, every opening of a request on the access trail (channel ``api``). The public side (警务公开) is HTML
only (``public_views``): the API stays behind sign-in like every other."""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.models import User
from accounts.roles import Perm
from api.common import Paging, Rows, require
from audit.masking import mask_phone
from org.models import OrgUnit

from . import indicators, selectors, services

router = Router(tags=["为民服务"])


class RequestOut(Schema):
    id: int
    number: str
    service_type: str
    service_type_label: str
    channel: str
    is_urgent: bool
    priority_group: str
    home_service: bool
    applicant_name: str
    applicant_phone: str = Field(description="脱敏")
    content: str
    details: dict
    received_at: datetime
    received_by: str
    owner: str
    limit: str
    due_at: datetime
    overdue: bool
    status: str
    done_at: datetime | None
    result: str
    referral_reason: str
    overdue_note: str
    satisfaction: str
    certificate_number: str
    certificate_url: str
    beat_id: int


class RequestFilters(Schema):
    q: str | None = None
    service_type: str | None = None
    status: str | None = Field(None, description="open（默认）/ done / referred / all")
    urgent: bool = False
    overdue: bool = False


class RequestIn(Schema):
    beat_id: int
    service_type: str
    channel: str = Field("window", description="window / phone / home / online_group / online")
    content: str
    applicant_name: str = ""
    applicant_phone: str = ""
    is_urgent: bool = False
    priority_group: str = Field("", description="elderly / disabled / seriously_ill / child（第九十二条(三)）")
    home_service: bool = False
    details: dict = Field(default_factory=dict, description="事项信息，如 external_ref、harm_suspected")


class CloseIn(Schema):
    result: str = ""
    referred: bool = False
    referral_reason: str = ""
    handed_over_to: str = ""
    overdue_note: str = ""


class CloseOut(Schema):
    request: RequestOut
    rating_code: str = Field(description="一次性评价码，仅此一次返回")


class HandoverIn(Schema):
    to_user_id: int
    reason: str


class NoteIn(Schema):
    overdue_note: str


class CertificateIn(Schema):
    holder: str
    facts: str
    purpose: str = ""


class IndicatorOut(Schema):
    code: str
    name: str
    source: str
    numerator: float
    denominator: float | None
    value: float | None
    target: float | None
    met: bool | None


def _request_out(o, *, unmasked: bool = False) -> dict:
    return {
        "id": o.pk,
        "number": o.number,
        "service_type": o.service_type,
        "service_type_label": o.get_service_type_display(),
        "channel": o.channel,
        "is_urgent": o.is_urgent,
        "priority_group": o.priority_group,
        "home_service": o.home_service,
        "applicant_name": o.applicant_name,
        "applicant_phone": o.applicant_phone if unmasked else mask_phone(o.applicant_phone),
        "content": o.content,
        "details": o.details,
        "received_at": o.received_at,
        "received_by": o.received_by.display_name if o.received_by else "",
        "owner": o.owner.display_name if o.owner else "",
        "limit": o.limit_label,
        "due_at": o.due_at,
        "overdue": o.overdue_as_of(timezone.now()),
        "status": o.status,
        "done_at": o.done_at,
        "result": o.result,
        "referral_reason": o.referral_reason,
        "overdue_note": o.overdue_note,
        "satisfaction": o.satisfaction,
        "certificate_number": o.certificate.number if o.certificate_id else "",
        "certificate_url": reverse("outreach:certificate_download", args=[o.pk]) if o.certificate_id else "",
        "beat_id": o.beat_id,
    }


def _beat(request, beat_id: int) -> OrgUnit:
    return OrgUnit.objects.visible_to(request.auth, perm=Perm.SERVE_RESIDENTS).get(pk=beat_id)


@router.get("/requests", response=list[RequestOut], summary="群众诉求", description="权限：view_services")
@paginate(Paging)
def request_list(request, filters: Query[RequestFilters]):
    require(request, Perm.VIEW_SERVICES)
    qs = selectors.request_list(user=request.auth, filters=filters.dict()).select_related("received_by", "certificate")
    # Rows: paged in the database before showing (issue 11).
    return Rows(qs, _request_out)


@router.get(
    "/requests/{request_id}",
    response={200: RequestOut, 404: dict},
    summary="诉求详情（留痕）",
    description="权限：view_services；unmask=true 且有 unmask_personal 时显示完整电话",
)
def request_detail(request, request_id: int, unmask: bool = False):
    require(request, Perm.VIEW_SERVICES)
    obj = selectors.request_get(user=request.auth, pk=request_id)
    unmasked = services.service_request_read(acting_user=request.auth, request=obj, unmask=unmask, channel="api")
    return _request_out(obj, unmasked=unmasked)


@router.post(
    "/requests",
    response={201: RequestOut, 403: dict, 404: dict, 422: dict},
    summary="受理群众诉求",
    description="权限：serve_residents；时限按事项类型，急需24小时；规范001 第八十七条、第九十一条、第九十三条",
)
def request_add(request, payload: RequestIn):
    require(request, Perm.SERVE_RESIDENTS)
    data = payload.dict()
    beat = _beat(request, data.pop("beat_id"))
    obj = services.service_request_receive(acting_user=request.auth, beat=beat, **data)
    return Status(201, _request_out(obj))


@router.post(
    "/requests/{request_id}/close",
    response={200: CloseOut, 403: dict, 404: dict, 422: dict},
    summary="办结（或告知引导）",
    description="权限：serve_residents；超时须有超时处理情况",
)
def request_close(request, request_id: int, payload: CloseIn):
    require(request, Perm.SERVE_RESIDENTS)
    obj = selectors.request_get(user=request.auth, pk=request_id)
    done, code = services.service_request_close(acting_user=request.auth, request=obj, **payload.dict())
    return {"request": _request_out(done), "rating_code": code}


@router.post(
    "/requests/{request_id}/hand-over",
    response={200: RequestOut, 403: dict, 404: dict, 422: dict},
    summary="移交（首问负责）",
    description="权限：serve_residents；须说明理由（第九十一条）",
)
def request_hand_over(request, request_id: int, payload: HandoverIn):
    require(request, Perm.SERVE_RESIDENTS)
    obj = selectors.request_get(user=request.auth, pk=request_id)
    to_user = User.objects.filter(pk=payload.to_user_id).first()
    return _request_out(
        services.service_request_hand_over(
            acting_user=request.auth, request=obj, to_user=to_user, reason=payload.reason
        )
    )


@router.post(
    "/requests/{request_id}/overdue-note",
    response={200: RequestOut, 403: dict, 404: dict, 422: dict},
    summary="超时处理记录",
    description="权限：serve_residents 或 manage_services；规范003 超时处理率100%",
)
def request_overdue_note(request, request_id: int, payload: NoteIn):
    require(request, Perm.VIEW_SERVICES)
    obj = selectors.request_get(user=request.auth, pk=request_id)
    return _request_out(services.service_request_overdue_note(acting_user=request.auth, request=obj,
                                                              note=payload.overdue_note))  # fmt: skip


@router.post(
    "/requests/{request_id}/certificate",
    response={201: RequestOut, 403: dict, 404: dict, 422: dict},
    summary="出具证明（PDF）",
    description="权限：serve_residents；第八十七条(五)、第九十一条",
)
def certificate_add(request, request_id: int, payload: CertificateIn):
    require(request, Perm.SERVE_RESIDENTS)
    obj = selectors.request_get(user=request.auth, pk=request_id)
    services.certificate_issue(acting_user=request.auth, request=obj, **payload.dict())
    return Status(201, _request_out(selectors.request_get(user=request.auth, pk=request_id)))


@router.get(
    "/indicators",
    response=list[IndicatorOut],
    summary="为民服务指标（第九十三条、第九十九条）",
    description="权限：view_services；unit_id 为本人范围内的派出所或警务区（默认本人范围内最上层的）",
)
def indicator_list(request, unit_id: int | None = None, start: date | None = None, end: date | None = None):
    require(request, Perm.VIEW_SERVICES)
    units = OrgUnit.objects.visible_to(request.auth, perm=Perm.VIEW_SERVICES)
    unit = units.get(pk=unit_id) if unit_id else units.filter(kind__in=("station", "beat")).order_by("path").first()
    if unit is None:
        raise OrgUnit.DoesNotExist
    end = end or timezone.localdate()
    start = start or end.replace(day=1)
    rows = []
    for spec in indicators.SPECS:
        m = spec.compute(unit, start, end)
        value = m.value
        rows.append({
            "code": spec.code, "name": spec.name, "source": spec.source, "numerator": float(m.numerator),
            "denominator": None if m.denominator is None else float(m.denominator),
            "value": None if value is None else float(value),
            "target": None if spec.target is None else float(spec.target), "met": spec.met(value),
        })  # fmt: skip
    return rows
