"""State changes of 为民服务、关爱帮扶、警务公开 — one function each, keyword-only, one transaction, on the operation
log.

A service request (第八十七条、第九十一条) is received by the officer who answers for it (首问负责) and carries its
type's time limit, computed at intake from the station's limits (``limit_for``): 法定工作日 through the holiday
calendar, or hours; an urgent one is due within 24 hours (第九十三条(三)). The rules engine turns that due time into
the owner's standing task (adapter ``service_request``), so an overdue request escalates through the tasks module
like every other overdue task; it cannot be closed without its 超时处理 record (规范003 超时处理率100%). Closing
gives the resident a one-time 评价码: one rating per request, with or without an account (第九十三条(四)).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import Perm, Role
from accounts.scope import path_covered
from audit.services import operation_log_write
from org.models import OrgUnit, OrgUnitKind, Staff, path_prefixes
from rules import calendar
from rules.services import rules_recompute_record
from tasks.services import beat_officer, message_send, standing_tasks_complete

from . import errors
from .catalogue import (
    CARE_LABEL,
    CERTIFICATES,
    POST_HOURS,
    TYPE_BY_CODE,
    TYPE_FIELDS,
    URGENT_HOURS,
    CareGroup,
    Channel,
    ComplaintKind,
    PriorityGroup,
    Satisfaction,
)
from .models import (
    BeatPublicInfo,
    CareAlert,
    CareRecipient,
    CareVisit,
    Complaint,
    ComplaintStatus,
    LostFoundItem,
    LostFoundKind,
    LostFoundStatus,
    PostOpening,
    PublicContact,
    RepresentativeReport,
    RequestHandover,
    RequestStatus,
    ServiceLimit,
    ServiceRequest,
)

REQUEST_RECORD = "service_request"
CARE_RECORD = "care_recipient"
ALERT_RECORD = "care_alert"
LIMIT_MAX = {"workdays": 60, "days": 90, "hours": 24 * 30}
LIMIT_UNIT_KINDS = (OrgUnitKind.STATION, OrgUnitKind.BUREAU, OrgUnitKind.CITY_BUREAU)
PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
RATING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a slip
RATING_LENGTH = 8
PHOTO_MB = 5


def _require(acting_user, perm: str, path: str) -> None:
    """PermissionDenied unless ``perm`` over ``path`` (a system call, acting_user None, may do anything)."""
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def _log(acting_user, action: str, object_type: str, obj, summary: str, path: str, changes=None) -> None:
    operation_log_write(
        acting_user=acting_user,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        summary=summary,
        changes=changes,
        scope_path=path,
    )


def _problems_raise(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


def _is_beat(unit) -> bool:
    return isinstance(unit, OrgUnit) and unit.kind == OrgUnitKind.BEAT


def _station(unit: OrgUnit) -> OrgUnit:
    if unit.kind == OrgUnitKind.STATION:
        return unit
    return OrgUnit.objects.filter(path__in=path_prefixes(unit.path), kind=OrgUnitKind.STATION).first() or unit


def _recompute(record_type: str, pk, today: date | None = None) -> None:
    rules_recompute_record(acting_user=None, record_type=record_type, record_id=pk, as_of=today)


def public_figures_forget(beat_id: int) -> None:
    """The public page's figures are cached (≤1 hour, 规范003 阳光警务); a change in the beat shows at once."""
    cache.delete(f"outreach:public:{beat_id}")


# ---------------------------------------------------------------- time limits


def limit_for(service_type: str, unit: OrgUnit) -> int:
    """The limit in force for ``unit``: the nearest station/bureau/city above it that set one, else the type's
    default (the reading in ``catalogue.SERVICE_TYPES``)."""
    found = (
        ServiceLimit.objects.filter(service_type=service_type, org_unit__path__in=path_prefixes(unit.path))
        .order_by("-org_unit__depth")
        .values_list("value", flat=True)
        .first()
    )
    return found if found is not None else TYPE_BY_CODE[service_type]["default"]


def due_time(received_at: datetime, value: int, unit: str, *, urgent: bool = False) -> datetime:
    """When a request received at ``received_at`` falls due.

    ``workdays``: the end of the ``value``-th 法定工作日 after the day received (期间自次日起算; 调休 make-up days
    count, holidays do not — rules.calendar). ``days``: the end of the ``value``-th day after, moved to the next
    working day when it is a rest day. ``hours``: to the minute. Urgent: never later than 24 hours after receipt
    (第九十三条(三))."""
    local = timezone.localtime(received_at)
    tz = local.tzinfo
    if unit == "hours":
        due = received_at + timedelta(hours=value)
    else:
        if unit == "workdays":
            day = calendar.add_workdays(local.date(), value)
        else:
            day = calendar.next_workday(local.date() + timedelta(days=value))
        due = datetime.combine(day, time(23, 59, 59), tzinfo=tz)
    if urgent:
        due = min(due, received_at + timedelta(hours=URGENT_HOURS))
    return due


@transaction.atomic
def service_limit_set(*, acting_user, org_unit: OrgUnit, service_type: str, value: int | None) -> ServiceLimit | None:
    """Set (or, with ``value`` None, clear) a station's time limit for a type — manage_services over the unit
    (所领导 for the station, 基础管控中心 for the city). Applies to requests received from now on."""
    _require(acting_user, Perm.MANAGE_SERVICES, org_unit.path)
    row = TYPE_BY_CODE.get(service_type)
    if row is None:
        raise ValidationError({"service_type": [_(errors.TYPE_UNKNOWN).format(code=service_type)]})
    if org_unit.kind not in LIMIT_UNIT_KINDS:
        raise ValidationError({"org_unit": [_(errors.LIMIT_UNIT)]})
    top = LIMIT_MAX[row["unit"]]
    if value is not None and not (isinstance(value, int) and 1 <= value <= top):
        raise ValidationError({"value": [_(errors.LIMIT_VALUE).format(max=top)]})
    existing = ServiceLimit.objects.filter(org_unit=org_unit, service_type=service_type).first()
    if value is None:
        if existing:
            existing.delete()
            _log(acting_user, "service_limit_set", "service_limit", existing,
                 f"{org_unit.name}恢复“{row['label']}”默认时限", org_unit.path)  # fmt: skip
        return None
    limit = existing or ServiceLimit(org_unit=org_unit, service_type=service_type, value=value)
    limit.value, limit.set_by = value, acting_user
    limit.save()
    _log(acting_user, "service_limit_set", "service_limit", limit,
         f"{org_unit.name}设定“{row['label']}”时限为{value}", org_unit.path)  # fmt: skip
    return limit


# ---------------------------------------------------------------- service requests


def _details_clean(service_type: str, details: dict | None, problems: dict) -> dict:
    row = TYPE_BY_CODE[service_type]
    cleaned = {}
    for name in row["fields"]:
        _label, kind = TYPE_FIELDS[name]
        value = (details or {}).get(name)
        if kind == "bool":
            cleaned[name] = bool(value)
        else:
            cleaned[name] = str(value or "").strip()[:200]
    return cleaned


def _number(request: ServiceRequest) -> str:
    return f"FW{timezone.localtime(request.received_at):%Y%m%d}{request.pk:05d}"


@transaction.atomic
def service_request_receive(
    *,
    acting_user,
    beat: OrgUnit,
    service_type: str,
    channel: str,
    content: str,
    applicant_name: str = "",
    applicant_phone: str = "",
    resident=None,
    is_urgent: bool = False,
    priority_group: str = "",
    home_service: bool = False,
    details: dict | None = None,
    received_at: datetime | None = None,
) -> ServiceRequest:
    """受理 a resident's request (第八十七条、第九十一条): the receiver answers for it (首问负责) and its due time is
    fixed now from the type's limit in force (第九十三条(一)), urgent ones within 24 hours (第九十三条(三)). Officers
    and auxiliaries (serve_residents over the beat). Nothing is written on bad input."""
    problems: dict[str, list[str]] = {}
    if not _is_beat(beat):
        problems["beat"] = [_(errors.BEAT_KIND)]
    else:
        _require(acting_user, Perm.SERVE_RESIDENTS, beat.path)
    if service_type not in TYPE_BY_CODE:
        problems["service_type"] = [_(errors.TYPE_UNKNOWN).format(code=service_type)]
    if channel not in Channel.values:
        choices = "、".join(str(label) for label in Channel.labels)
        problems["channel"] = [_(errors.CHOICE).format(label=_("受理渠道"), choices=choices)]
    if priority_group not in PriorityGroup.values:
        choices = "、".join(str(label) for label in PriorityGroup.labels[1:])
        problems["priority_group"] = [_(errors.CHOICE).format(label=_("优先办对象"), choices=choices)]
    content = (content or "").strip()
    if not content:
        problems["content"] = [_(errors.REQUIRED).format(label=_("诉求内容"))]
    applicant_phone = (applicant_phone or "").strip()
    if applicant_phone and not PHONE_RE.match(applicant_phone):
        problems["applicant_phone"] = [_(errors.PHONE)]
    if (
        resident is not None
        and acting_user is not None
        and not path_covered(acting_user, resident.scope_path, Perm.VIEW_REGISTRY)
    ):
        problems["resident"] = [_(errors.RESIDENT_SCOPE)]
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        problems["received_at"] = [_(errors.DATE_FUTURE).format(label=_("受理时间"))]
    cleaned = _details_clean(service_type, details, problems) if service_type in TYPE_BY_CODE else {}
    _problems_raise(problems)
    row = TYPE_BY_CODE[service_type]
    value = limit_for(service_type, beat)
    request = ServiceRequest(
        number=f"tmp-{secrets.token_hex(8)}",
        beat=beat,
        service_type=service_type,
        channel=channel,
        is_urgent=bool(is_urgent),
        priority_group=priority_group,
        home_service=bool(home_service) or channel == Channel.HOME,
        applicant_name=(applicant_name or "").strip()[:60],
        applicant_phone=applicant_phone,
        resident=resident,
        content=content,
        details=cleaned,
        received_at=received_at,
        received_by=acting_user if acting_user is not None and acting_user.pk else None,
        owner=acting_user if acting_user is not None and acting_user.pk else beat_officer(beat),
        limit_value=value,
        limit_unit=row["unit"],
        due_at=due_time(received_at, value, row["unit"], urgent=is_urgent),
    )
    request.save()
    request.number = _number(request)
    request.save(update_fields=["number"])
    flag = "（急需）" if request.is_urgent else ""
    _log(acting_user, "service_request_receive", "service_request", request,
         f"受理{row['label']}{flag}{request.number}，时限{request.limit_label}", beat.path)  # fmt: skip
    _recompute(REQUEST_RECORD, request.pk, timezone.localdate(received_at))
    public_figures_forget(beat.pk)
    return request


def _open(request: ServiceRequest, action: str) -> None:
    if not request.is_open:
        raise ValidationError(_(errors.NOT_OPEN).format(status=request.get_status_display(), action=action))


def _station_staff_user(user, beat: OrgUnit) -> bool:
    station = _station(beat)
    return RoleAssignment.objects.filter(
        user=user, user__is_active=True, role__in=(Role.OFFICER, Role.AUXILIARY, Role.STATION_LEAD),
        org_unit__path__startswith=station.path,
    ).exists()  # fmt: skip


@transaction.atomic
def service_request_hand_over(*, acting_user, request: ServiceRequest, to_user, reason: str) -> ServiceRequest:
    """首问负责: the current owner hands the request on with the reason (第九十一条 “说明情况和理由”); the new owner
    answers for it from now on, within the same time limit. serve_residents over the beat."""
    _require(acting_user, Perm.SERVE_RESIDENTS, request.beat.path)
    _open(request, _("移交"))
    problems: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        problems["reason"] = [_(errors.REQUIRED).format(label=_("移交理由"))]
    if to_user is None or to_user.pk == request.owner_id:
        problems["to_user"] = [_(errors.HANDOVER_SELF)]
    elif not _station_staff_user(to_user, request.beat):
        problems["to_user"] = [_(errors.HANDOVER_SCOPE)]
    _problems_raise(problems)
    RequestHandover.objects.create(
        request=request, from_user=request.owner, to_user=to_user, reason=reason, at=timezone.now()
    )
    request.owner = to_user
    request.save(update_fields=["owner", "updated_at"])
    message_send(
        recipient=to_user,
        text=f"群众诉求{request.number}已移交您办理（{reason[:60]}），"
        f"办结时限{timezone.localtime(request.due_at):%m-%d %H:%M}",
        key=f"outreach:handover:{request.pk}:{to_user.pk}:{request.handovers.count()}",
    )
    _log(acting_user, "service_request_hand_over", "service_request", request,
         f"诉求{request.number}移交{to_user.display_name}：{reason[:80]}", request.beat.path)  # fmt: skip
    return request


@transaction.atomic
def service_request_overdue_note(*, acting_user, request: ServiceRequest, note: str) -> ServiceRequest:
    """超时处理: why an overdue request is late and what was done (规范003 “首问负责+限时办结+超时问责”,
    超时处理率100%). The owner (serve_residents) or the station lead (manage_services)."""
    if not (
        acting_user is None
        or path_covered(acting_user, request.beat.path, Perm.SERVE_RESIDENTS)
        or path_covered(acting_user, request.beat.path, Perm.MANAGE_SERVICES)
    ):
        raise PermissionDenied(_(errors.NOT_PERMITTED))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"overdue_note": [_(errors.REQUIRED).format(label=_("超时处理情况"))]})
    request.overdue_note = note[:1000]
    request.overdue_noted_by = acting_user if acting_user is not None and acting_user.pk else None
    request.overdue_noted_at = timezone.now()
    request.save(update_fields=["overdue_note", "overdue_noted_by", "overdue_noted_at", "updated_at"])
    _log(acting_user, "service_request_overdue_note", "service_request", request,
         f"诉求{request.number}超时处理：{note[:80]}", request.beat.path)  # fmt: skip
    return request


def _rating_code() -> str:
    return "".join(secrets.choice(RATING_ALPHABET) for _i in range(RATING_LENGTH))


def rating_key(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace(" ", "").encode()).hexdigest()


@transaction.atomic
def service_request_close(
    *,
    acting_user,
    request: ServiceRequest,
    result: str = "",
    referred: bool = False,
    referral_reason: str = "",
    handed_over_to: str = "",
    overdue_note: str = "",
    done_at: datetime | None = None,
) -> tuple[ServiceRequest, str]:
    """办结 (or, where the post cannot serve it, 告知引导 with the reason — 第八十七条第二款、第九十一条第二款).
    An overdue request needs its 超时处理 record first (given here or before). A missing person suspected harmed
    needs the unit it was handed to (第八十七条(二)). Completes the owner's standing task and returns the request
    with a fresh one-time 评价码 for the resident (only its hash is kept). serve_residents over the beat."""
    _require(acting_user, Perm.SERVE_RESIDENTS, request.beat.path)
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    _open(request, _("办结"))
    now = timezone.now()
    done_at = done_at or now
    problems: dict[str, list[str]] = {}
    result = (result or "").strip()
    if referred and not (referral_reason or "").strip():
        problems["referral_reason"] = [_(errors.REFERRAL_REASON)]
    if not referred and not result:
        problems["result"] = [_(errors.RESULT_REQUIRED)]
    if request.details.get("harm_suspected") and not (handed_over_to or request.handed_over_to).strip():
        problems["handed_over_to"] = [_(errors.HARM_HANDOVER)]
    overdue_note = (overdue_note or "").strip()
    if done_at > request.due_at and not (request.overdue_note or overdue_note):
        due = f"{timezone.localtime(request.due_at):%Y-%m-%d %H:%M}"
        problems["overdue_note"] = [_(errors.OVERDUE_NOTE_REQUIRED).format(due=due)]
    _problems_raise(problems)
    if overdue_note:
        request.overdue_note = overdue_note[:1000]
        request.overdue_noted_by = acting_user if acting_user is not None and acting_user.pk else None
        request.overdue_noted_at = now
    code = _rating_code()
    request.status = RequestStatus.REFERRED if referred else RequestStatus.DONE
    request.result = result
    request.referral_reason = (referral_reason or "").strip()
    request.handed_over_to = (handed_over_to or request.handed_over_to).strip()[:100]
    request.done_at = done_at
    request.rating_key = rating_key(code)
    request.save()
    standing_tasks_complete(
        acting_user=acting_user,
        record_type=REQUEST_RECORD,
        record_id=str(request.pk),
        template="service_request",
        values={"result": (result or request.referral_reason)[:500]},
        done_on=timezone.localdate(done_at),
    )
    verb = "告知引导" if referred else "办结"
    _log(acting_user, "service_request_close", "service_request", request,
         f"{verb}诉求{request.number}", request.beat.path)  # fmt: skip
    _recompute(REQUEST_RECORD, request.pk, timezone.localdate(done_at))
    public_figures_forget(request.beat_id)
    return request, code


def _rate(acting_user, request: ServiceRequest, satisfaction: str, comment: str, channel: str) -> ServiceRequest:
    problems: dict[str, list[str]] = {}
    if request.is_open:
        raise ValidationError({"satisfaction": [_(errors.RATING_OPEN)]})
    if request.rated_at is not None:
        raise ValidationError({"satisfaction": [_(errors.RATING_DONE)]})
    if satisfaction not in Satisfaction.values:
        choices = "、".join(str(label) for label in Satisfaction.labels)
        problems["satisfaction"] = [_(errors.CHOICE).format(label=_("满意度"), choices=choices)]
    comment = (comment or "").strip()
    if satisfaction == Satisfaction.DISSATISFIED and not comment:
        problems["comment"] = [_(errors.RATING_COMMENT)]
    _problems_raise(problems)
    request.satisfaction = satisfaction
    request.rating_comment = comment[:300]
    request.rated_at = timezone.now()
    request.rating_channel = channel
    request.rating_key = ""  # used: the code cannot rate again
    request.save(update_fields=["satisfaction", "rating_comment", "rated_at", "rating_channel", "rating_key"])
    label = Satisfaction(satisfaction).label
    who = "群众凭评价码" if channel == "code" else "群众当面"
    _log(acting_user, "service_request_rate", "service_request", request,
         f"{who}评价诉求{request.number}：{label}", request.beat.path)  # fmt: skip
    public_figures_forget(request.beat_id)
    return request


@transaction.atomic
def service_request_rate(*, code: str, satisfaction: str, comment: str = "") -> ServiceRequest:
    """The resident rates a closed request with the one-time 评价码 from the receipt — no account (第九十三条(四)).
    One rating per request: the code is spent on use. An unknown or spent code says so without telling which."""
    key = rating_key(code or "")
    request = ServiceRequest.objects.select_for_update().filter(rating_key=key).exclude(rating_key="").first()
    if request is None or not (code or "").strip():
        raise ValidationError({"code": [_(errors.RATING_CODE)]})
    return _rate(None, request, satisfaction, comment, "code")


@transaction.atomic
def service_request_rate_record(
    *, acting_user, request: ServiceRequest, satisfaction: str, comment: str = ""
) -> ServiceRequest:
    """The resident rates at the window (on the officer's screen or a rating pad): recorded by the officer, once."""
    _require(acting_user, Perm.SERVE_RESIDENTS, request.beat.path)
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    return _rate(acting_user, request, satisfaction, comment, "window")


@transaction.atomic
def certificate_issue(*, acting_user, request: ServiceRequest, holder: str, facts: str, purpose: str = ""):
    """Issue the numbered certificate a request asks for (第八十七条(五)、第九十一条(二)(三)(六)), rendered to PDF
    through the shared notice pipeline; the request keeps it. serve_residents over the beat."""
    from inspections.notices import notice_issue

    _require(acting_user, Perm.SERVE_RESIDENTS, request.beat.path)
    row = TYPE_BY_CODE[request.service_type]
    problems: dict[str, list[str]] = {}
    if not row["certificate"]:
        raise ValidationError(_(errors.CERTIFICATE_TYPE).format(label=row["label"]))
    if request.certificate_id:
        raise ValidationError(_(errors.CERTIFICATE_DONE).format(number=request.certificate.number))
    holder, facts = (holder or "").strip(), (facts or "").strip()
    if not holder:
        problems["holder"] = [_(errors.REQUIRED).format(label=_("证明对象"))]
    if not facts:
        problems["facts"] = [_(errors.REQUIRED).format(label=_("证明事项"))]
    _problems_raise(problems)
    kind = f"outreach_{row['certificate']}"
    notice = notice_issue(
        acting_user=acting_user,
        kind=kind,
        org_unit=request.beat,
        subject=(REQUEST_RECORD, request.pk),
        recipient=holder,
        content={"facts": facts, "purpose": (purpose or "").strip()[:200], "request": request.number},
        legal_basis=CERTIFICATES[row["certificate"]]["source"],
    )
    request.certificate = notice
    request.save(update_fields=["certificate", "updated_at"])
    label = CERTIFICATES[row["certificate"]]["label"]
    _log(acting_user, "certificate_issue", "service_request", request,
         f"诉求{request.number}出具{label}{notice.number}", request.beat.path)  # fmt: skip
    return notice


# ---------------------------------------------------------------- the public side


PUBLIC_LIMIT = 10  # submissions per address per hour (ratings and suggestions together)


def public_throttle(ip: str) -> None:
    """At most ``PUBLIC_LIMIT`` public submissions per address per hour, so the form cannot be flooded."""
    key = f"outreach:throttle:{ip or '-'}"
    count = cache.get_or_set(key, 0, 3600)
    if count >= PUBLIC_LIMIT:
        raise ValidationError(_(errors.RATE_LIMITED), code="throttled")
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)


@transaction.atomic
def public_suggestion_submit(*, beat: OrgUnit, content: str, contact: str = "") -> ServiceRequest:
    """A suggestion or request sent from the beat's public page (第九十四条 接受群众监督; 规范002 反馈制度): it lands
    as an 意见建议 request owned by the beat's officer, due in a week. No account; no personal data required."""
    problems: dict[str, list[str]] = {}
    content = (content or "").strip()
    if not content:
        problems["content"] = [_(errors.REQUIRED).format(label=_("意见建议"))]
    contact = (contact or "").strip()
    if contact and not PHONE_RE.match(contact):
        problems["contact"] = [_(errors.PHONE)]
    _problems_raise(problems)
    request = service_request_receive(
        acting_user=None,
        beat=beat,
        service_type="suggestion",
        channel=Channel.ONLINE,
        content=content[:2000],
        applicant_phone=contact,
    )
    officer = request.owner
    if officer is not None:
        message_send(recipient=officer, text=f"收到群众意见建议{request.number}，请于一周内反馈",
                     key=f"outreach:suggestion:{request.pk}")  # fmt: skip
    return request


# ---------------------------------------------------------------- lost and found


@transaction.atomic
def lost_found_register(
    *,
    acting_user,
    beat: OrgUnit,
    kind: str,
    description: str,
    happened_on: date,
    place: str = "",
    person_name: str = "",
    person_phone: str = "",
    request: ServiceRequest | None = None,
) -> LostFoundItem:
    """登记 an item reported lost (第八十七条(三)) or handed in (第八十七条(四)). serve_residents over the beat."""
    problems: dict[str, list[str]] = {}
    if not _is_beat(beat):
        problems["beat"] = [_(errors.BEAT_KIND)]
    else:
        _require(acting_user, Perm.SERVE_RESIDENTS, beat.path)
    if kind not in LostFoundKind.values:
        choices = "、".join(str(label) for label in LostFoundKind.labels)
        problems["kind"] = [_(errors.CHOICE).format(label=_("类别"), choices=choices)]
    description = (description or "").strip()
    if not description:
        problems["description"] = [_(errors.REQUIRED).format(label=_("物品描述"))]
    if happened_on is None:
        problems["happened_on"] = [_(errors.REQUIRED).format(label=_("日期"))]
    elif happened_on > timezone.localdate():
        problems["happened_on"] = [_(errors.DATE_FUTURE).format(label=_("丢失/拾得日期"))]
    person_phone = (person_phone or "").strip()
    if person_phone and not PHONE_RE.match(person_phone):
        problems["person_phone"] = [_(errors.PHONE)]
    _problems_raise(problems)
    item = LostFoundItem.objects.create(
        beat=beat,
        kind=kind,
        description=description[:300],
        place=(place or "").strip()[:200],
        happened_on=happened_on,
        person_name=(person_name or "").strip()[:60],
        person_phone=person_phone,
        request=request,
        recorded_by=acting_user if acting_user is not None and acting_user.pk else None,
    )
    _log(acting_user, "lost_found_register", "lost_found_item", item,
         f"登记{item.get_kind_display()}：{description[:60]}", beat.path)  # fmt: skip
    return item


@transaction.atomic
def lost_found_match(*, acting_user, item: LostFoundItem, other: LostFoundItem) -> LostFoundItem:
    """比对: a reported loss and a found item of the same station are the same thing. serve_residents."""
    _require(acting_user, Perm.SERVE_RESIDENTS, item.beat.path)
    problems: dict[str, list[str]] = {}
    if other is None or {item.kind, other.kind} != {LostFoundKind.LOST, LostFoundKind.FOUND}:
        problems["other"] = [_(errors.LOST_SAME_KIND)]
    elif other.station_id != item.station_id:
        problems["other"] = [_(errors.LOST_OTHER_STATION)]
    for one in (item, other):
        if one is not None and one.status != LostFoundStatus.OPEN:
            problems.setdefault("other", []).append(_(errors.LOST_NOT_OPEN).format(status=one.get_status_display()))
    _problems_raise(problems)
    for one, match in ((item, other), (other, item)):
        one.matched_with, one.status = match, LostFoundStatus.MATCHED
        one.save(update_fields=["matched_with", "status"])
    _log(acting_user, "lost_found_match", "lost_found_item", item,
         f"比对认领：{item.description[:40]} ↔ {other.description[:40]}", item.beat.path)  # fmt: skip
    return item


@transaction.atomic
def lost_found_return(
    *, acting_user, item: LostFoundItem, outcome: str, disposed: bool = False, finder_told: bool = True
) -> LostFoundItem:
    """归还 to the owner (or 无主财物处理), and — for a found item — 向送交拣拾财物的群众反馈 (第八十七条(四)); a lost
    report's owner is told the result (第八十七条(三)). The matched item closes with it. serve_residents."""
    _require(acting_user, Perm.SERVE_RESIDENTS, item.beat.path)
    if item.status in (LostFoundStatus.RETURNED, LostFoundStatus.DISPOSED):
        raise ValidationError(_(errors.LOST_NOT_OPEN).format(status=item.get_status_display()))
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": [_(errors.OUTCOME_REQUIRED)]})
    now = timezone.now()
    status = LostFoundStatus.DISPOSED if disposed else LostFoundStatus.RETURNED
    for one in filter(None, (item, item.matched_with)):
        one.status, one.outcome, one.returned_at = status, outcome[:300], now
        one.finder_told_at = now if finder_told else None
        one.save(update_fields=["status", "outcome", "returned_at", "finder_told_at"])
    _log(acting_user, "lost_found_return", "lost_found_item", item,
         f"{LostFoundStatus(status).label}：{item.description[:40]}（{outcome[:60]}）", item.beat.path)  # fmt: skip
    return item


# ---------------------------------------------------------------- post opening


@transaction.atomic
def post_opening_record(
    *,
    acting_user,
    post: OrgUnit,
    day: date,
    opened_at: time,
    closed_at: time,
    reception_day: bool = False,
    note: str = "",
) -> PostOpening:
    """警务室开放记录 for one day (第九十三条(二) 服务时间一般不少于每天8小时): the hours are computed; a working
    day under 8 hours shows as a warning on the station page. serve_residents over the post."""
    problems: dict[str, list[str]] = {}
    if not isinstance(post, OrgUnit) or post.kind not in (OrgUnitKind.POLICE_POST, OrgUnitKind.BEAT):
        problems["post"] = [_(errors.POST_KIND)]
        _problems_raise(problems)
    _require(acting_user, Perm.SERVE_RESIDENTS, post.path)
    if day is None:
        problems["day"] = [_(errors.REQUIRED).format(label=_("日期"))]
    elif day > timezone.localdate():
        problems["day"] = [_(errors.DATE_FUTURE).format(label=_("日期"))]
    elif PostOpening.objects.filter(post=post, day=day).exists():
        problems["day"] = [_(errors.POST_DAY_TWICE).format(post=post.name, day=day.isoformat())]
    if opened_at is None or closed_at is None:
        problems["closed_at"] = [_(errors.REQUIRED).format(label=_("开放和关闭时间"))]
    elif closed_at <= opened_at:
        problems["closed_at"] = [_(errors.TIME_ORDER)]
    _problems_raise(problems)
    minutes = (closed_at.hour * 60 + closed_at.minute) - (opened_at.hour * 60 + opened_at.minute)
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    row = PostOpening.objects.create(
        post=post,
        day=day,
        opened_at=opened_at,
        closed_at=closed_at,
        hours=hours,
        is_workday=calendar.is_workday(day),
        reception_day=bool(reception_day),
        note=(note or "").strip()[:200],
        recorded_by=acting_user if acting_user is not None and acting_user.pk else None,
    )
    short = "（不足8小时）" if row.short else ""
    _log(acting_user, "post_opening_record", "post_opening", row,
         f"{post.name}{day:%Y-%m-%d}开放{hours}小时{short}", post.path)  # fmt: skip
    return row


def post_is_short(row: PostOpening) -> bool:
    return row.is_workday and row.hours < POST_HOURS


# ---------------------------------------------------------------- complaints


@transaction.atomic
def complaint_record(
    *, acting_user, beat: OrgUnit, officer: Staff, kind: str, content: str, received_on: date, request=None
) -> Complaint:
    """登记 a resident's complaint of 不作为/慢作为/乱作为 against a station officer (第九十三条第二款). The station
    lead (manage_services)."""
    problems: dict[str, list[str]] = {}
    if not _is_beat(beat):
        problems["beat"] = [_(errors.BEAT_KIND)]
        _problems_raise(problems)
    _require(acting_user, Perm.MANAGE_SERVICES, beat.path)
    from org.models import POLICE_KINDS

    if officer is None or officer.kind not in POLICE_KINDS or officer.station_id != beat.station_id:
        problems["officer"] = [_(errors.COMPLAINT_OFFICER)]
    if kind not in ComplaintKind.values:
        choices = "、".join(str(label) for label in ComplaintKind.labels)
        problems["kind"] = [_(errors.CHOICE).format(label=_("投诉类别"), choices=choices)]
    content = (content or "").strip()
    if not content:
        problems["content"] = [_(errors.REQUIRED).format(label=_("投诉内容"))]
    if received_on is None:
        problems["received_on"] = [_(errors.REQUIRED).format(label=_("受理日期"))]
    elif received_on > timezone.localdate():
        problems["received_on"] = [_(errors.DATE_FUTURE).format(label=_("受理日期"))]
    _problems_raise(problems)
    complaint = Complaint.objects.create(
        beat=beat, officer=officer, kind=kind, content=content, received_on=received_on, request=request,
        recorded_by=acting_user if acting_user is not None and acting_user.pk else None,
    )  # fmt: skip
    _log(acting_user, "complaint_record", "complaint", complaint,
         f"登记对{officer.name}的投诉（{complaint.get_kind_display()}）", beat.path)  # fmt: skip
    return complaint


@transaction.atomic
def complaint_decide(
    *, acting_user, complaint: Complaint, substantiated: bool, finding: str, decided_on: date | None = None
) -> Complaint:
    """调查结论. A substantiated complaint bars the officer from 优秀 in that year's evaluation (第九十三条第二款;
    ``selectors.excellence_barred``). The station lead (manage_services)."""
    _require(acting_user, Perm.MANAGE_SERVICES, complaint.beat.path)
    if complaint.status != ComplaintStatus.OPEN:
        raise ValidationError(_(errors.COMPLAINT_DECIDED))
    finding = (finding or "").strip()
    if not finding:
        raise ValidationError({"finding": [_(errors.FINDING_REQUIRED)]})
    complaint.status = ComplaintStatus.SUBSTANTIATED if substantiated else ComplaintStatus.UNFOUNDED
    complaint.finding = finding
    complaint.decided_on = decided_on or timezone.localdate()
    complaint.decided_by = acting_user if acting_user is not None and acting_user.pk else None
    complaint.save(update_fields=["status", "finding", "decided_on", "decided_by"])
    outcome = "调查属实，当年度考核不得评为优秀" if substantiated else "查无实据"
    _log(acting_user, "complaint_decide", "complaint", complaint,
         f"对{complaint.officer.name}的投诉：{outcome}", complaint.beat.path)  # fmt: skip
    return complaint


# ---------------------------------------------------------------- care (关爱帮扶)


def _resident_labels(resident, add: str | None = None, remove: str | None = None) -> None:
    labels = [x for x in (resident.labels or []) if x != remove]
    if add and add not in labels:
        labels.append(add)
    if labels != (resident.labels or []):
        resident.labels = labels
        resident.save(update_fields=["labels"])


@transaction.atomic
def care_recipient_add(
    *, acting_user, resident, group: str, situation: str = "", since: date | None = None,
    committee_notified_on: date | None = None,
) -> CareRecipient:  # fmt: skip
    """纳入关爱帮扶 a resident of one of the five 第九十八条 groups; the resident carries the 关爱对象 label and the
    engine schedules the home visits (frequency as rule rows, 第九十九条(三)). serve_residents over the resident."""
    problems: dict[str, list[str]] = {}
    _require(acting_user, Perm.SERVE_RESIDENTS, resident.scope_path)
    if group not in CareGroup.values:
        choices = "、".join(str(label) for label in CareGroup.labels)
        problems["group"] = [_(errors.CHOICE).format(label=_("关爱类别"), choices=choices)]
    elif CareRecipient.objects.filter(resident=resident, group=group, is_active=True).exists():
        problems["group"] = [_(errors.CARE_ACTIVE).format(group=CareGroup(group).label)]
    since = since or timezone.localdate()
    if since > timezone.localdate():
        problems["since"] = [_(errors.DATE_FUTURE).format(label=_("纳入日期"))]
    _problems_raise(problems)
    recipient = CareRecipient.objects.create(
        resident=resident, group=group, situation=(situation or "").strip(), since=since,
        committee_notified_on=committee_notified_on,
        recorded_by=acting_user if acting_user is not None and acting_user.pk else None,
    )  # fmt: skip
    _resident_labels(resident, add=CARE_LABEL)
    _log(acting_user, "care_recipient_add", "care_recipient", recipient,
         f"纳入关爱帮扶（{recipient.get_group_display()}，编号{recipient.pk}）", recipient.scope_path)  # fmt: skip
    _recompute(CARE_RECORD, recipient.pk, since)
    return recipient


@transaction.atomic
def care_recipient_end(*, acting_user, recipient: CareRecipient, ended_on: date | None = None) -> CareRecipient:
    """结束关爱帮扶: visits stop; the label goes when no other care remains. serve_residents."""
    _require(acting_user, Perm.SERVE_RESIDENTS, recipient.scope_path)
    if not recipient.is_active:
        raise ValidationError(_(errors.CARE_ENDED))
    recipient.is_active, recipient.ended_on = False, ended_on or timezone.localdate()
    recipient.save(update_fields=["is_active", "ended_on", "updated_at"])
    if not CareRecipient.objects.filter(resident=recipient.resident, is_active=True).exists():
        _resident_labels(recipient.resident, remove=CARE_LABEL)
    _log(acting_user, "care_recipient_end", "care_recipient", recipient,
         f"结束关爱帮扶（编号{recipient.pk}）", recipient.scope_path)  # fmt: skip
    _recompute(CARE_RECORD, recipient.pk)
    return recipient


@transaction.atomic
def care_alert_raise(*, acting_user, recipient: CareRecipient, description: str) -> CareAlert:
    """监测预警 (第九十九条(二)): a danger noticed for a cared-for person becomes a visit task for the beat officer
    (rule ``art99_2_care_alert_visit``), who is told at once. serve_residents (officers, auxiliaries)."""
    _require(acting_user, Perm.SERVE_RESIDENTS, recipient.scope_path)
    if not recipient.is_active:
        raise ValidationError(_(errors.CARE_ENDED))
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": [_(errors.REQUIRED).format(label=_("预警情况"))]})
    alert = CareAlert.objects.create(
        recipient=recipient, description=description, raised_at=timezone.now(),
        raised_by=acting_user if acting_user is not None and acting_user.pk else None,
    )  # fmt: skip
    _log(acting_user, "care_alert_raise", "care_alert", alert,
         f"关爱对象预警（编号{recipient.pk}）：{description[:60]}", recipient.scope_path)  # fmt: skip
    _recompute(ALERT_RECORD, alert.pk)
    beat = OrgUnit.objects.get(pk=recipient.resident.org_unit_id)
    officer = beat_officer(beat) if beat.kind == OrgUnitKind.BEAT else None
    if officer is not None:
        message_send(recipient=officer, text=f"关爱帮扶对象（编号{recipient.pk}）出现预警，请及时查访",
                     key=f"outreach:care_alert:{alert.pk}")  # fmt: skip
    return alert


@transaction.atomic
def care_visit_record(
    *, acting_user, recipient: CareRecipient, visited_on: date, situation: str, help_given: str = "",
    alert: CareAlert | None = None,
) -> CareVisit:  # fmt: skip
    """家访/查访 a care recipient (第九十九条(二)(三)): completes the open visit task (and the alert's, closing the
    alert). serve_residents over the recipient."""
    _require(acting_user, Perm.SERVE_RESIDENTS, recipient.scope_path)
    problems: dict[str, list[str]] = {}
    situation = (situation or "").strip()
    if not situation:
        problems["situation"] = [_(errors.REQUIRED).format(label=_("走访情况"))]
    if visited_on is None:
        problems["visited_on"] = [_(errors.REQUIRED).format(label=_("走访日期"))]
    elif visited_on > timezone.localdate():
        problems["visited_on"] = [_(errors.DATE_FUTURE).format(label=_("走访日期"))]
    if alert is not None and (alert.recipient_id != recipient.pk or alert.closed_at is not None):
        problems["alert"] = [_(errors.ALERT_CLOSED)]
    _problems_raise(problems)
    visit = CareVisit.objects.create(
        recipient=recipient, alert=alert, visited_on=visited_on, situation=situation,
        help_given=(help_given or "").strip(),
        visited_by=acting_user if acting_user is not None and acting_user.pk else None,
    )  # fmt: skip
    values = {"situation": situation[:500]}
    if alert is None:
        alert = recipient.alerts.filter(closed_at=None).order_by("raised_at").first()
    if alert is not None:
        alert.closed_at = timezone.now()
        alert.save(update_fields=["closed_at"])
        standing_tasks_complete(acting_user=acting_user, record_type=ALERT_RECORD, record_id=str(alert.pk),
                                template="care_visit", values=values, done_on=visited_on)  # fmt: skip
        visit.alert = alert
        visit.save(update_fields=["alert"])
    standing_tasks_complete(acting_user=acting_user, record_type=CARE_RECORD, record_id=str(recipient.pk),
                            template="care_visit", values=values, done_on=visited_on)  # fmt: skip
    _log(acting_user, "care_visit_record", "care_recipient", recipient,
         f"关爱走访（编号{recipient.pk}，{visited_on:%Y-%m-%d}）", recipient.scope_path)  # fmt: skip
    return visit


# ---------------------------------------------------------------- public information (警务公开)


@transaction.atomic
def public_info_update(*, acting_user, beat: OrgUnit, data: dict) -> BeatPublicInfo:
    """What the beat publishes (第九十五条): duties, reception times, the post's phone, supervision and commitment.
    The station lead (manage_services) or the beat's officer (serve_residents)."""
    if not _is_beat(beat):
        raise ValidationError({"beat": [_(errors.BEAT_KIND)]})
    _require(acting_user, Perm.SERVE_RESIDENTS, beat.path)
    info = BeatPublicInfo.objects.filter(beat=beat).first() or BeatPublicInfo(beat=beat)
    problems: dict[str, list[str]] = {}
    phone = (data.get("office_phone") or "").strip()
    if phone and not PHONE_RE.match(phone.replace(" ", "")):
        problems["office_phone"] = [_(errors.PHONE)]
    _problems_raise(problems)
    for name in ("duties", "reception_times", "office_phone", "supervision", "commitment"):
        if name in data:
            setattr(info, name, (data.get(name) or "").strip())
    info.updated_by = acting_user if acting_user is not None and acting_user.pk else None
    info.save()
    _log(acting_user, "public_info_update", "beat_public_info", info, f"修改{beat.name}警务公开信息", beat.path)
    public_figures_forget(beat.pk)
    return info


@transaction.atomic
def public_contact_update(
    *, acting_user, staff: Staff, official_phone: str, duties: str = "", published: bool = True, photo=None
) -> PublicContact:
    """A team member's published contact (第九十五条): the official phone (never the personal one), duties, an
    optional photo. serve_residents over the member's unit."""
    _require(acting_user, Perm.SERVE_RESIDENTS, staff.scope_path)
    problems: dict[str, list[str]] = {}
    official_phone = (official_phone or "").strip()
    if official_phone and not PHONE_RE.match(official_phone.replace(" ", "")):
        problems["official_phone"] = [_(errors.PHONE)]
    if photo is not None:
        name = (photo.name or "").lower()
        if not name.endswith((".jpg", ".jpeg", ".png")) or photo.size > PHOTO_MB * 1024 * 1024:
            problems["photo"] = [_(errors.PHOTO_KIND).format(mb=PHOTO_MB)]
    _problems_raise(problems)
    contact = PublicContact.objects.filter(staff=staff).first() or PublicContact(staff=staff)
    contact.official_phone, contact.duties, contact.published = official_phone, (duties or "").strip(), published
    if photo is not None:
        contact.photo.save(f"staff-{staff.pk}{'.png' if name.endswith('.png') else '.jpg'}", photo, save=False)
    contact.save()
    _log(acting_user, "public_contact_update", "public_contact", contact,
         f"修改{staff.name}公开联系方式", staff.scope_path)  # fmt: skip
    public_figures_forget(staff.org_unit_id)
    return contact


# ---------------------------------------------------------------- quarterly report to residents (第九十六条)


@transaction.atomic
def representative_report_record(
    *, acting_user, beat: OrgUnit, held_on: date, attendance: int, summary: str, place: str = "", questions: str = ""
) -> RepresentativeReport:
    """每季度向辖区群众代表报告一次总体工作情况，回答涉及群众切身利益的问题 (第九十六条第一款): the record completes the
    beat's open quarterly task (rule ``art48_6_quarterly_resident_report``). serve_residents over the beat."""
    problems: dict[str, list[str]] = {}
    if not _is_beat(beat):
        problems["beat"] = [_(errors.BEAT_KIND)]
        _problems_raise(problems)
    _require(acting_user, Perm.SERVE_RESIDENTS, beat.path)
    if held_on is None:
        problems["held_on"] = [_(errors.REQUIRED).format(label=_("报告日期"))]
    elif held_on > timezone.localdate():
        problems["held_on"] = [_(errors.DATE_FUTURE).format(label=_("报告日期"))]
    if attendance is None or attendance < 1:
        problems["attendance"] = [_(errors.ATTENDANCE)]
    summary = (summary or "").strip()
    if not summary:
        problems["summary"] = [_(errors.REQUIRED).format(label=_("报告内容"))]
    _problems_raise(problems)
    report = RepresentativeReport.objects.create(
        beat=beat, held_on=held_on, place=(place or "").strip()[:200], attendance=attendance, summary=summary,
        questions=(questions or "").strip(),
        recorded_by=acting_user if acting_user is not None and acting_user.pk else None,
    )  # fmt: skip
    standing_tasks_complete(
        acting_user=acting_user, record_type="beat", record_id=str(beat.pk), template="resident_report",
        values={"audience": attendance, "content": f"{summary}\n{questions}".strip()[:2000]}, done_on=held_on,
        obligation="art48_6_quarterly_resident_report",
    )  # fmt: skip
    _log(acting_user, "representative_report_record", "representative_report", report,
         f"{beat.name}{held_on:%Y-%m-%d}向群众代表报告工作（{attendance}人）", beat.path)  # fmt: skip
    return report


# ---------------------------------------------------------------- reads that leave a trail


def service_request_read(*, acting_user, request: ServiceRequest, unmask: bool = False, channel: str = "web") -> bool:
    """Opening a request names a resident: on the access trail; returns whether the phone may be shown."""
    from audit.services import personal_record_read

    return personal_record_read(
        acting_user=acting_user, object_type="service_request", object_id=request.pk,
        object_label=request.number, scope_path=request.scope_path, unmask=unmask, channel=channel,
    )  # fmt: skip


def care_recipient_read(*, acting_user, recipient: CareRecipient, unmask: bool = False, channel: str = "web") -> bool:
    """Opening a care recipient (a vulnerable person, 第九十四条第二款 隐私): on the access trail."""
    from audit.services import personal_record_read

    return personal_record_read(
        acting_user=acting_user, object_type="care_recipient", object_id=recipient.pk,
        object_label=f"关爱帮扶对象（编号{recipient.pk}）", scope_path=recipient.scope_path, unmask=unmask,
        channel=channel,
    )  # fmt: skip


def lost_found_read(*, acting_user, item: LostFoundItem, unmask: bool = False, channel: str = "web") -> bool:
    from audit.services import personal_record_read

    return personal_record_read(
        acting_user=acting_user, object_type="lost_found_item", object_id=item.pk,
        object_label=item.description[:40], scope_path=item.scope_path, unmask=unmask, channel=channel,
    )  # fmt: skip
