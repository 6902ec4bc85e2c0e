"""State changes of 云格警务 — one function each, keyword-only, one transaction, on the operation log.

* The group register (§3, §4.1, §4.2.4): a group the gateway reports (``group_snapshot_apply``), or one registered
  by hand because the WeCom API cannot see it (a group started from personal WeChat answers 90501:
  ``group_register``). Every change of members re-runs the composition and nickname checks (``group_check``:
  facts from our staff records, judged by the pure functions of ``compliance``).
* The online request log (§4.2.1, §4.2.4, §5.2 第一时间就近受理、快速处置): logged by the officer from the phone
  page or by the gateway from a 微信客服 message (exact receive time), given at once to the nearest beat officer;
  the first-response clock and the close limit are fixed at intake from the readings; the close limit becomes the
  beat officer's standing task through the rules engine (record type ``online_request``).
* 宣传 (§4.2.1): a message for chosen groups becomes a 群发 whose targets the gateway reports on; over this
  month's cap a target is held here, queued, never dropped (``broadcast_release_held``).

Nothing here imports the gateway (``wecom``): the two meet only in the spool (``spool``, ``inbox``).
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered
from audit.services import operation_log_write
from org.models import AUXILIARY_KINDS, OrgUnit, OrgUnitKind, Staff, StaffKind, path_prefixes
from rules.services import rules_recompute_record

from . import compliance, errors, spool
from .catalogue import (
    LEAD_KIND_OF,
    NUMBER_BY_CODE,
    NUMBER_MAX,
    SERVICE_TYPE_OF,
    UNIT_LABELS,
    Category,
    Conversion,
    MemberRole,
    RequestStatus,
    Source,
    TargetStatus,
    Visibility,
)
from .models import (
    Broadcast,
    BroadcastTarget,
    GroupMember,
    LocalNumber,
    OnlineGroup,
    OnlineRequest,
    StaffAccount,
)

logger = logging.getLogger(__name__)

REQUEST_RECORD = "online_request"
GROUP_UNIT_KINDS = (OrgUnitKind.COMMUNITY, OrgUnitKind.GRID, OrgUnitKind.BEAT)
NUMBER_UNIT_KINDS = (OrgUnitKind.STATION, OrgUnitKind.BUREAU, OrgUnitKind.CITY_BUREAU)
BUREAU_KINDS = (OrgUnitKind.BUREAU, OrgUnitKind.CITY_BUREAU)


def _require(acting_user, perm: str, path: str) -> None:
    """PermissionDenied unless ``perm`` over ``path`` (a system call, acting_user None, may do anything)."""
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def _log(acting_user, action: str, object_type: str, obj, summary: str, path: str, changes=None) -> None:
    operation_log_write(acting_user=acting_user, action=action, object_type=object_type, object_id=obj.pk,
                        summary=summary, changes=changes, scope_path=path)  # fmt: skip


def _raise(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


def _add(problems: dict, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def _choices_text(choices) -> str:
    return "、".join(str(label) for _v, label in choices)


def _text(value) -> str:
    return str(value or "").strip()


def _user(acting_user):
    return acting_user if acting_user is not None and acting_user.pk else None


def unit_above(unit: OrgUnit, kind: str) -> OrgUnit | None:
    """``unit`` itself or the nearest unit above it of ``kind``."""
    if unit.kind == kind:
        return unit
    return OrgUnit.objects.filter(path__in=path_prefixes(unit.path), kind=kind).order_by("-depth").first()


def beat_of(unit: OrgUnit) -> OrgUnit | None:
    return unit_above(unit, OrgUnitKind.BEAT)


def station_of(unit: OrgUnit) -> OrgUnit | None:
    return unit_above(unit, OrgUnitKind.STATION)


def _recompute(pk, day=None) -> None:
    rules_recompute_record(acting_user=None, record_type=REQUEST_RECORD, record_id=pk, as_of=day)


# ---------------------------------------------------------------- numbers (readings)


def number_value(code: str, unit: OrgUnit) -> int:
    """The number in force for ``unit``: the nearest station/bureau/city above it that set one, else the default
    (a reading, ``catalogue.NUMBERS``)."""
    found = (
        LocalNumber.objects.filter(code=code, org_unit__path__in=path_prefixes(unit.path))
        .order_by("-org_unit__depth")
        .values_list("value", flat=True)
        .first()
    )
    return found if found is not None else NUMBER_BY_CODE[code]["default"]


@transaction.atomic
def local_number_set(*, acting_user, org_unit: OrgUnit, code: str, value: int | None) -> LocalNumber | None:
    """Set (``value`` None: clear) a station's 云格 number — a response clock, the 群发 cap, the statistics target
    (readings; 规范000 lacks §8/§9). manage_services over the unit. Nothing is written on bad input."""
    row = NUMBER_BY_CODE.get(code)
    if row is None:
        raise ValidationError({"code": [_(errors.NUMBER_UNKNOWN).format(code=code)]})
    _require(acting_user, Perm.MANAGE_SERVICES, org_unit.path)
    if org_unit.kind not in NUMBER_UNIT_KINDS:
        raise ValidationError({"org_unit": [_(errors.NUMBER_UNIT)]})
    top = NUMBER_MAX[row["unit"]]
    if value is not None and not (isinstance(value, int) and 1 <= value <= top):
        raise ValidationError({"value": [_(errors.NUMBER_VALUE).format(max=top)]})
    existing = LocalNumber.objects.filter(org_unit=org_unit, code=code).first()
    old = existing.value if existing else None
    if value is None:
        if existing:
            existing.delete()
            _log(acting_user, "online_number_set", "online_number", existing,
                 f"{org_unit.name}恢复“{row['label']}”默认值", org_unit.path, {"value": [old, None]})  # fmt: skip
        return None
    number = existing or LocalNumber(org_unit=org_unit, code=code, value=value)
    number.value, number.set_by = value, _user(acting_user)
    number.save()
    _log(acting_user, "online_number_set", "online_number", number,
         f"{org_unit.name}设定“{row['label']}”为{value}{UNIT_LABELS[row['unit']]}", org_unit.path,
         {"value": [old, value]})  # fmt: skip
    return number


# ---------------------------------------------------------------- staff ↔ WeCom


@transaction.atomic
def staff_account_set(
    *, acting_user, staff: Staff, wecom_userid: str, group: OnlineGroup | None = None
) -> StaffAccount:
    """Record a staff member's 企业微信 userid, so group members are matched to our staff records. serve_residents
    over the staff member's unit — or, matching a member of ``group``, over the group, for staff of its station or
    above it (a 分局机关民警)."""
    if group is not None:
        _require(acting_user, Perm.SERVE_RESIDENTS, group.scope_path)
        station = station_of(group.org_unit)
        if station is None or not (
            station.path.startswith(staff.scope_path) or staff.scope_path.startswith(station.path)
        ):
            raise ValidationError({"staff": [_(errors.STAFF_SCOPE)]})
    else:
        _require(acting_user, Perm.SERVE_RESIDENTS, staff.scope_path)
    userid = _text(wecom_userid)
    if not userid:
        raise ValidationError({"wecom_userid": [_(errors.REQUIRED).format(label=_("企业微信账号"))]})
    taken = StaffAccount.objects.filter(wecom_userid=userid).exclude(staff=staff).select_related("staff").first()
    if taken:
        raise ValidationError({"wecom_userid": [_(errors.USERID_TAKEN).format(userid=userid, name=taken.staff.name)]})
    account, _created = StaffAccount.objects.update_or_create(staff=staff, defaults={"wecom_userid": userid})
    _log(acting_user, "staff_wecom_account_set", "staff_wecom_account", account,
         f"{staff.name}的企业微信账号登记为{userid}", staff.scope_path)  # fmt: skip
    for member in GroupMember.objects.filter(userid=userid, left_at=None).select_related("group"):
        member_match(member)
        member.save(update_fields=["staff", "role"])
        group_check(member.group)
    return account


def role_of_staff(staff: Staff) -> str:
    """The 1+2+2+N role our staff record gives (§4.1): 其他民警/所领导 of a bureau are 分局机关民警, of a station
    派出所非社区民警. An informant is never shown as one (a resident, as far as the group can tell)."""
    if staff.kind == StaffKind.COMMUNITY_OFFICER:
        return MemberRole.COMMUNITY_OFFICER
    if staff.kind in (StaffKind.STATION_LEAD, StaffKind.OTHER_POLICE):
        return MemberRole.BUREAU_POLICE if staff.org_unit.kind in BUREAU_KINDS else MemberRole.STATION_POLICE
    if staff.kind in AUXILIARY_KINDS:
        return MemberRole.AUXILIARY
    if staff.kind == StaffKind.GRID_WORKER:
        return MemberRole.GRID_WORKER
    if staff.kind in (StaffKind.VOLUNTEER, StaffKind.SECURITY_COMMITTEE):
        return MemberRole.VOLUNTEER
    return MemberRole.RESIDENT


def member_match(member: GroupMember) -> None:
    """Match a member to our staff records by WeCom userid and set its role (unless set by hand); unsaved."""
    if member.userid and member.userid == member.group.station_account:
        member.staff, member.role = None, MemberRole.STATION_ACCOUNT
        return
    account = StaffAccount.objects.filter(wecom_userid=member.userid).select_related("staff__org_unit").first()
    if member.userid and account and account.staff.is_active:
        member.staff = account.staff
        if not member.role_by_hand:
            member.role = role_of_staff(account.staff)
    elif not member.role_by_hand:
        member.staff = None
        # An unmatched 企业成员 is one of ours not yet registered: its role stays open (never a resident).
        member.role = "" if member.member_type == 1 else MemberRole.RESIDENT


def _staff_facts(staff: Staff) -> compliance.StaffFacts:
    from outreach.models import PublicContact

    units = OrgUnit.objects.filter(path__in=path_prefixes(staff.org_unit.path)).order_by("-depth")
    phones = [staff.phone, *PublicContact.objects.filter(staff=staff).values_list("official_phone", flat=True)]
    return compliance.StaffFacts(
        name=staff.name, phones=tuple(p for p in phones if p), units=tuple(units.values_list("name", flat=True))
    )


def member_facts(member: GroupMember) -> compliance.MemberFacts:
    return compliance.MemberFacts(
        label=member.nickname or member.name or member.userid or f"#{member.pk}",
        role=member.role,
        nickname=member.nickname,
        staff=_staff_facts(member.staff) if member.staff_id else None,
        is_station_account=member.role == MemberRole.STATION_ACCOUNT,
    )


def group_check(group: OnlineGroup) -> compliance.Result:
    """Re-run the §4.1 and §7.2.1 checks on the group's current members and store the result (a derived state,
    not an operation of its own: the change that caused it is on the log)."""
    members = group.members.filter(left_at=None).select_related("staff__org_unit")
    result = compliance.check(
        [member_facts(m) for m in members],
        station_account=group.station_account,
        has_specialist=group.specialist_id is not None,
    )
    group.composition_ok, group.nickname_ok = result.composition_ok, result.nickname_ok
    group.findings = [f.as_dict() for f in result.findings]
    group.checked_at = timezone.now()
    group.save(update_fields=["composition_ok", "nickname_ok", "findings", "checked_at", "updated_at"])
    return result


# ---------------------------------------------------------------- the group register


def _group_problems(acting_user, org_unit, specialist, problems) -> None:
    if not isinstance(org_unit, OrgUnit) or org_unit.kind not in GROUP_UNIT_KINDS:
        _add(problems, "org_unit", _(errors.GROUP_UNIT))
    else:
        _require(acting_user, Perm.SERVE_RESIDENTS, org_unit.path)
        if specialist is not None:
            station = station_of(org_unit)
            police = (StaffKind.COMMUNITY_OFFICER, StaffKind.STATION_LEAD, StaffKind.OTHER_POLICE, *AUXILIARY_KINDS)
            if station is None or not specialist.scope_path.startswith(station.path) or specialist.kind not in police:
                _add(problems, "specialist", _(errors.SPECIALIST_SCOPE))


@transaction.atomic
def group_register(
    *,
    acting_user,
    org_unit: OrgUnit,
    name: str,
    chat_id: str = "",
    visibility: str = Visibility.NOT_CUSTOMER,
    station_account: str = "",
    specialist: Staff | None = None,
    kf_open_id: str = "",
) -> OnlineGroup:
    """Register a group by hand (§3): one the WeCom API cannot see (not a 客户群, errcode 90501) or has not joined,
    at a community, grid or beat. serve_residents over the unit. Its members are then added by hand."""
    problems: dict[str, list[str]] = {}
    _group_problems(acting_user, org_unit, specialist, problems)
    name, chat_id = _text(name), _text(chat_id)
    if not name:
        _add(problems, "name", _(errors.REQUIRED).format(label=_("群名称")))
    if visibility not in Visibility.values:
        _add(
            problems,
            "visibility",
            _(errors.CHOICE).format(label=_("可见状态"), choices=_choices_text(Visibility.choices)),
        )
    if chat_id and (taken := OnlineGroup.objects.filter(chat_id=chat_id).first()):
        _add(problems, "chat_id", _(errors.CHAT_ID_TAKEN).format(chat_id=chat_id, name=taken.name))
    _raise(problems)
    group = OnlineGroup.objects.create(
        org_unit=org_unit, name=name[:100], chat_id=chat_id or f"manual-tmp-{secrets.token_hex(8)}",
        is_manual=True, visibility=visibility, station_account=_text(station_account)[:80], specialist=specialist,
        kf_open_id=_text(kf_open_id)[:80], registered_by=_user(acting_user),
    )  # fmt: skip
    if not chat_id:
        group.chat_id = f"manual-{group.pk}"
        group.save(update_fields=["chat_id"])
    group_check(group)
    _log(acting_user, "online_group_register", "online_group", group,
         f"登记云格群组“{group.name}”（{group.get_visibility_display()}）", group.scope_path)  # fmt: skip
    return group


@transaction.atomic
def group_update(*, acting_user, group: OnlineGroup, **fields) -> OnlineGroup:
    """Correct where a group belongs, its station account, 云格岗专员 or 客服 account. serve_residents over the
    group (and the new unit)."""
    _require(acting_user, Perm.SERVE_RESIDENTS, group.scope_path)
    org_unit = fields.get("org_unit", group.org_unit)
    specialist = fields.get("specialist", group.specialist)
    problems: dict[str, list[str]] = {}
    _group_problems(acting_user, org_unit, specialist, problems)
    if "name" in fields and not _text(fields["name"]):
        _add(problems, "name", _(errors.REQUIRED).format(label=_("群名称")))
    if fields.get("visibility", group.visibility) not in Visibility.values:
        _add(
            problems,
            "visibility",
            _(errors.CHOICE).format(label=_("可见状态"), choices=_choices_text(Visibility.choices)),
        )
    _raise(problems)
    changes = {}
    for key in ("org_unit", "name", "visibility", "station_account", "specialist", "kf_open_id"):
        if key in fields:
            value = fields[key] if key in ("org_unit", "specialist") else _text(fields[key])
            if getattr(group, key) != value:
                changes[key] = [str(getattr(group, key) or ""), str(value or "")]
                setattr(group, key, value)
    group.save()
    if "station_account" in changes:
        for member in group.members.filter(left_at=None):
            member_match(member)
            member.save(update_fields=["staff", "role"])
    group_check(group)
    _log(acting_user, "online_group_update", "online_group", group, f"修改云格群组“{group.name}”",
         group.scope_path, changes)  # fmt: skip
    return group


@transaction.atomic
def member_add(
    *,
    acting_user,
    group: OnlineGroup,
    name: str = "",
    nickname: str = "",
    role: str = "",
    staff: Staff | None = None,
    userid: str = "",
    joined_at: datetime | None = None,
) -> GroupMember:
    """Add a member to a group by hand (a group the API cannot see): the role comes from the staff record when one
    is chosen, else as given. serve_residents over the group."""
    _require(acting_user, Perm.SERVE_RESIDENTS, group.scope_path)
    problems: dict[str, list[str]] = {}
    if group.dismissed_at:
        _add(problems, "group", _(errors.GROUP_DISMISSED))
    if staff is not None:
        # Our staff of the station's subtree, or above it (a 分局机关民警 works at the bureau).
        station = station_of(group.org_unit)
        if station is None or not (
            station.path.startswith(staff.scope_path) or staff.scope_path.startswith(station.path)
        ):
            _add(problems, "staff", _(errors.STAFF_SCOPE))
    if role and role not in MemberRole.values:
        _add(problems, "role", _(errors.CHOICE).format(label=_("身份"), choices=_choices_text(MemberRole.choices)))
    if staff is None and not role:
        _add(problems, "role", _(errors.REQUIRED).format(label=_("身份")))
    if not (_text(name) or _text(nickname) or staff is not None):
        _add(problems, "name", _(errors.REQUIRED).format(label=_("名称或群昵称")))
    now = timezone.now()
    if joined_at and joined_at > now + timedelta(minutes=5):
        _add(problems, "joined_at", _(errors.FUTURE).format(label=_("入群时间")))
    _raise(problems)
    member = GroupMember(
        group=group,
        userid=_text(userid)[:100],
        member_type=0,
        name=(_text(name) or (staff.name if staff else ""))[:100],
        nickname=_text(nickname)[:100],
        staff=staff,
        role=role or role_of_staff(staff),
        role_by_hand=bool(role),
        joined_at=joined_at or now,
    )
    member.save()
    group_check(group)
    _log(acting_user, "online_group_member_add", "online_group", group,
         f"“{group.name}”登记成员{member}（{member.get_role_display() or '未核对'}）", group.scope_path)  # fmt: skip
    return member


@transaction.atomic
def member_leave(*, acting_user, member: GroupMember, at: datetime | None = None) -> GroupMember:
    """Mark a member gone from a hand-registered group. serve_residents over the group."""
    group = member.group
    _require(acting_user, Perm.SERVE_RESIDENTS, group.scope_path)
    if member.left_at:
        raise ValidationError(_(errors.MEMBER_LEFT))
    member.left_at = at or timezone.now()
    member.save(update_fields=["left_at"])
    group_check(group)
    _log(acting_user, "online_group_member_leave", "online_group", group, f"“{group.name}”成员{member}退群",
         group.scope_path)  # fmt: skip
    return member


@transaction.atomic
def group_recheck(*, acting_user, group: OnlineGroup) -> compliance.Result:
    """Re-run the checks now (after staff records changed: a phone, a unit). view_services over the group."""
    _require(acting_user, Perm.VIEW_SERVICES, group.scope_path)
    result = group_check(group)
    _log(acting_user, "online_group_check", "online_group", group,
         f"核对“{group.name}”：{'合规' if group.composition_ok and group.nickname_ok else '有问题'}",
         group.scope_path)  # fmt: skip
    return result


# ---------------------------------------------------------------- applying the gateway's reports (system calls)


def _epoch(value) -> datetime | None:
    if value in (None, "", 0):
        return None
    return datetime.fromtimestamp(int(value), tz=timezone.get_current_timezone())


def _placement(payload: dict) -> OrgUnit | None:
    """Where a group the register does not know yet belongs: the unit of the first member (owner first) that is one
    of our staff. It lands there to be moved to its community or grid by the officer."""
    userids = [payload.get("owner", ""), *[a.get("userid", "") for a in payload.get("admin_list") or []]]
    userids += [m.get("userid", "") for m in payload.get("members") or [] if m.get("type") == 1]
    for userid in [u for u in userids if u]:
        account = StaffAccount.objects.filter(wecom_userid=userid).select_related("staff__org_unit").first()
        if account and account.staff.is_active:
            unit = account.staff.org_unit
            return unit if unit.kind in GROUP_UNIT_KINDS else None
    return None


@transaction.atomic
def group_snapshot_apply(*, payload: dict, at: datetime) -> OnlineGroup | None:
    """The full state of one 客户群 (gateway ``group_snapshot``): update the group, replace its member list (members
    gone are marked left at ``at``), re-run the checks. A group not registered yet is registered where its owner
    (or another of our members) works; None when nobody of ours is in it (the receipt keeps it)."""
    chat_id = _text(payload.get("chat_id"))
    if not chat_id:
        raise ValueError("group_snapshot without chat_id")
    group = OnlineGroup.objects.select_for_update().filter(chat_id=chat_id).first()
    created = group is None
    if created:
        unit = _placement(payload)
        if unit is None:
            return None
        group = OnlineGroup(org_unit=unit, chat_id=chat_id, name=_text(payload.get("name"))[:100] or chat_id)
        # The station's account is the same in all its groups: taken from another group of the station.
        sibling = OnlineGroup.objects.filter(station_id=unit.station_id).exclude(station_account="").first()
        group.station_account = sibling.station_account if sibling else ""
    group.name = _text(payload.get("name"))[:100] or group.name
    group.owner_userid = _text(payload.get("owner"))[:80]
    group.notice = _text(payload.get("notice"))
    group.created_on_wecom = _epoch(payload.get("create_time")) or group.created_on_wecom
    group.visibility, group.visibility_detail = Visibility.OK, ""
    group.snapshot_at = at
    group.save()
    current = {m.userid: m for m in group.members.filter(left_at=None)}
    seen = set()
    for row in payload.get("members") or []:
        userid = _text(row.get("userid"))
        if not userid or userid in seen:
            continue
        seen.add(userid)
        member = current.get(userid) or GroupMember(
            group=group, userid=userid[:100], joined_at=_epoch(row.get("join_time")) or at
        )
        member.member_type = int(row.get("type") or 0)
        member.name = _text(row.get("name"))[:100] or member.name
        member.nickname = _text(row.get("group_nickname"))[:100]
        member_match(member)
        member.save()
    gone = [m.pk for userid, m in current.items() if userid not in seen]
    GroupMember.objects.filter(pk__in=gone).update(left_at=at)
    group_check(group)
    cause = _text(payload.get("cause")) or "snapshot"
    _log(None, "online_group_snapshot", "online_group", group,
         f"企业微信同步“{group.name}”（{cause}）：{len(seen)}人在群，{len(gone)}人退群", group.scope_path)  # fmt: skip
    return group


@transaction.atomic
def group_dismissed_apply(*, payload: dict, at: datetime) -> OnlineGroup | None:
    group = OnlineGroup.objects.filter(chat_id=_text(payload.get("chat_id"))).first()
    if group is None:
        return None
    when = _epoch(payload.get("dismissed_at")) or at
    group.dismissed_at = when
    group.save(update_fields=["dismissed_at", "updated_at"])
    group.members.filter(left_at=None).update(left_at=when)
    _log(None, "online_group_dismissed", "online_group", group, f"企业微信报告“{group.name}”已解散", group.scope_path)
    return group


@transaction.atomic
def group_not_visible_apply(*, payload: dict, at: datetime) -> OnlineGroup | None:
    """The API cannot see the group (90501: not a 客户群, or outside the app's range): flagged, kept for the
    officer to register its members by hand."""
    group = OnlineGroup.objects.filter(chat_id=_text(payload.get("chat_id"))).first()
    if group is None:
        return None
    group.visibility = Visibility.NOT_CUSTOMER
    group.visibility_detail = f"{payload.get('errcode', '')} {_text(payload.get('errmsg'))}".strip()[:200]
    group.save(update_fields=["visibility", "visibility_detail", "updated_at"])
    _log(None, "online_group_not_visible", "online_group", group,
         f"企业微信接口不可见“{group.name}”（{group.visibility_detail}）", group.scope_path)  # fmt: skip
    return group


def kf_message_apply(*, payload: dict, at: datetime) -> OnlineRequest | None:
    """A resident wrote to the 微信客服 account pinned in a group: an online request with the exact send time.
    Placed in its group (by chat_id, else the only group of that 客服 account); None when it cannot be placed."""
    msgid = _text(payload.get("msgid"))
    if msgid and OnlineRequest.objects.filter(kf_msgid=msgid).exists():
        return OnlineRequest.objects.get(kf_msgid=msgid)
    group = None
    if chat_id := _text(payload.get("chat_id")):
        group = OnlineGroup.objects.filter(chat_id=chat_id).first()
    if group is None and (kf := _text(payload.get("open_kfid"))):
        groups = list(OnlineGroup.objects.filter(kf_open_id=kf, dismissed_at=None)[:2])
        group = groups[0] if len(groups) == 1 else None
    if group is None:
        return None
    text = _text(payload.get("text")) or f"[{_text(payload.get('msgtype')) or 'message'}]"
    # A send time ahead of our clock (the gateway's or WeCom's clock runs ahead of the core's) is taken as now:
    # the message is kept, never refused as "sent in the future".
    received = min(_epoch(payload.get("send_time")) or at, timezone.now())
    return online_request_log(
        acting_user=None, group=group, category=Category.CONSULTATION, content=text,
        resident_ref=_text(payload.get("external_userid")), received_at=received, source=Source.KF, kf_msgid=msgid,
    )  # fmt: skip


# ---------------------------------------------------------------- online requests


def _number(request: OnlineRequest) -> str:
    return f"YG{timezone.localtime(request.received_at):%Y%m%d}{request.pk:05d}"


def _clocks(request: OnlineRequest, unit: OrgUnit) -> None:
    request.first_response_minutes = number_value(f"first_response.{request.category}", unit)
    request.close_hours = number_value(f"close.{request.category}", unit)
    request.respond_by = request.received_at + timedelta(minutes=request.first_response_minutes)
    request.close_by = request.received_at + timedelta(hours=request.close_hours)


@transaction.atomic
def online_request_log(
    *,
    acting_user,
    group: OnlineGroup,
    category: str,
    content: str,
    resident_name: str = "",
    resident_ref: str = "",
    received_at: datetime | None = None,
    acknowledged: bool = False,
    source: str = Source.SIDEBAR,
    kf_msgid: str = "",
) -> OnlineRequest:
    """Log a resident's request from a group (§4.2.1 接受群众求助, §5.2 第一时间就近受理): the time the resident
    wrote (``received_at``, default now), given at once to the group's beat officer (就近); ``acknowledged``: the
    officer logging it has already replied in the group (the first response, now). The clocks of its category are
    fixed now (readings). serve_residents over the group. Nothing is written on bad input."""
    _require(acting_user, Perm.SERVE_RESIDENTS, group.scope_path)
    problems: dict[str, list[str]] = {}
    if category not in Category.values:
        _add(problems, "category", _(errors.CHOICE).format(label=_("类别"), choices=_choices_text(Category.choices)))
    content = _text(content)
    if not content:
        _add(problems, "content", _(errors.REQUIRED).format(label=_("内容")))
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        _add(problems, "received_at", _(errors.FUTURE).format(label=_("群众发出时间")))
    if source not in Source.values:
        _add(problems, "source", _(errors.CHOICE).format(label=_("来源"), choices=_choices_text(Source.choices)))
    _raise(problems)
    from tasks.services import beat_officer

    beat = beat_of(group.org_unit)
    request = OnlineRequest(
        number=f"tmp-{secrets.token_hex(8)}", group=group, org_unit=group.org_unit, beat=beat,
        resident_name=_text(resident_name)[:100], resident_ref=_text(resident_ref)[:100], category=category,
        content=content, source=source, kf_msgid=kf_msgid[:100], received_at=received_at,
        logged_by=_user(acting_user), assigned_to=beat_officer(beat) if beat else None,
    )  # fmt: skip
    _clocks(request, group.org_unit)
    if acknowledged and acting_user is not None:
        request.acknowledged_at, request.acknowledged_by = max(now, received_at), _user(acting_user)
    request.save()
    request.number = _number(request)
    request.save(update_fields=["number"])
    _log(acting_user, "online_request_log", "online_request", request,
         f"{request.get_source_display()}：{group.name} {request.get_category_display()}{request.number}，"
         f"{request.first_response_minutes}分钟内首次响应", request.scope_path)  # fmt: skip
    _recompute(request.pk, timezone.localdate(received_at))
    return request


def _open(request: OnlineRequest, action: str) -> None:
    if not request.is_open:
        raise ValidationError(_(errors.NOT_OPEN).format(action=action))


@transaction.atomic
def online_request_acknowledge(
    *, acting_user, request: OnlineRequest, at: datetime | None = None, category: str | None = None
) -> OnlineRequest:
    """The first reply by police in the group (§5.2 第一时间): when (default now) and by whom; the category may be
    corrected at the same time (its clocks then follow, still counted from the resident's message). Officers and
    auxiliaries (serve_residents over the request)."""
    _require(acting_user, Perm.SERVE_RESIDENTS, request.scope_path)
    _open(request, _("回复"))
    problems: dict[str, list[str]] = {}
    if request.acknowledged_at:
        local = timezone.localtime(request.acknowledged_at)
        _add(problems, "at", _(errors.ALREADY_ACKNOWLEDGED).format(at=f"{local:%Y-%m-%d %H:%M}"))
    now = timezone.now()
    at = at or now
    if at > now + timedelta(minutes=5):
        _add(problems, "at", _(errors.FUTURE).format(label=_("首次回复时间")))
    elif at < request.received_at:
        local = timezone.localtime(request.received_at)
        _add(problems, "at", _(errors.BEFORE_RECEIVED).format(at=f"{local:%Y-%m-%d %H:%M}"))
    if category and category not in Category.values:
        _add(problems, "category", _(errors.CHOICE).format(label=_("类别"), choices=_choices_text(Category.choices)))
    _raise(problems)
    fields = ["acknowledged_at", "acknowledged_by", "updated_at"]
    if category and category != request.category:
        request.category = category
        _clocks(request, request.org_unit)
        fields += ["category", "first_response_minutes", "respond_by", "close_hours", "close_by"]
    request.acknowledged_at, request.acknowledged_by = at, _user(acting_user)
    request.save(update_fields=fields)
    late = "（超时）" if request.late_as_of(at) else ""
    _log(acting_user, "online_request_acknowledge", "online_request", request,
         f"{request.number}首次回复{late}，用时{int(request.response_minutes())}分钟", request.scope_path)  # fmt: skip
    if "category" in fields:
        _recompute(request.pk)
    return request


@transaction.atomic
def online_request_close(*, acting_user, request: OnlineRequest, outcome: str) -> OnlineRequest:
    """Close with the outcome (§5.2 快速处置): completes the beat officer's standing task. serve_residents."""
    from tasks.services import standing_tasks_complete

    _require(acting_user, Perm.SERVE_RESIDENTS, request.scope_path)
    _open(request, _("办结"))
    outcome = _text(outcome)
    if not outcome:
        raise ValidationError({"outcome": [_(errors.OUTCOME_REQUIRED)]})
    now = timezone.now()
    request.status, request.closed_at, request.outcome = RequestStatus.CLOSED, now, outcome
    fields = ["status", "closed_at", "outcome", "updated_at"]
    if request.acknowledged_at is None and acting_user is not None:  # closing it is a reply at the latest
        request.acknowledged_at, request.acknowledged_by = now, _user(acting_user)
        fields += ["acknowledged_at", "acknowledged_by"]
    request.save(update_fields=fields)
    standing_tasks_complete(
        acting_user=acting_user,
        record_type=REQUEST_RECORD,
        record_id=str(request.pk),
        template="service_request",
        values={"result": outcome},
        done_on=timezone.localdate(now),
    )
    _log(acting_user, "online_request_close", "online_request", request, f"{request.number}办结：{outcome[:60]}",
         request.scope_path)  # fmt: skip
    _recompute(request.pk)
    return request


@transaction.atomic
def online_request_convert(*, acting_user, request: OnlineRequest, kind: str, ref: str = "") -> OnlineRequest:
    """Carry the request on into another module (a link): a 为民服务 service request (outreach) or a 线索 (leads) is
    made through that module's own service, channel 云格; a dispute or incident is recorded by its number (those
    modules are entered on their own pages). serve_residents over the request."""
    _require(acting_user, Perm.SERVE_RESIDENTS, request.scope_path)
    if request.converted_kind:
        raise ValidationError(_(errors.CONVERTED).format(kind=request.get_converted_kind_display(),
                                                         ref=request.converted_ref))  # fmt: skip
    if kind not in Conversion.values:
        choices = _choices_text(Conversion.choices)
        raise ValidationError({"kind": [_(errors.CHOICE).format(label=_("转办去向"), choices=choices)]})
    label = Conversion(kind).label
    if kind in (Conversion.SERVICE_REQUEST, Conversion.LEAD) and request.beat is None:
        raise ValidationError({"kind": [_(errors.CONVERT_NO_BEAT)]})
    if kind == Conversion.SERVICE_REQUEST:
        from outreach.services import service_request_receive

        service_type = SERVICE_TYPE_OF.get(request.category, "general_help")
        made = service_request_receive(
            acting_user=acting_user, beat=request.beat, service_type=service_type,
            channel="online_group", content=f"{request.content}\n（云格{request.number}）",
            applicant_name=request.resident_name, received_at=request.received_at,
        )  # fmt: skip
        ref = made.number
    elif kind == Conversion.LEAD:
        from leads.services import lead_report

        lead_kind = LEAD_KIND_OF.get(request.category, "sentiment_voice")
        place = request.group.name if request.group else request.org_unit.name
        made = lead_report(
            acting_user=acting_user, org_unit=request.org_unit, kind=lead_kind,
            channel="online_group", subject_text=request.resident_name or _("群内群众"),
            occurred_at=request.received_at, place_text=place,
            event=f"{request.content}（云格{request.number}）", from_resident=bool(request.resident_name),
            resident_name=request.resident_name, received_on=timezone.localdate(request.received_at),
        )  # fmt: skip
        ref = made.number
    else:
        ref = _text(ref)
        if not ref:
            raise ValidationError({"ref": [_(errors.CONVERT_REF).format(kind=label)]})
    request.converted_kind, request.converted_ref = kind, ref[:60]
    request.save(update_fields=["converted_kind", "converted_ref", "updated_at"])
    _log(acting_user, "online_request_convert", "online_request", request, f"{request.number}转为{label}{ref}",
         request.scope_path)  # fmt: skip
    return request


def online_request_read(*, acting_user, request: OnlineRequest, channel: str = "web") -> bool:
    """Opening a request names a resident: on the access trail."""
    from audit.services import personal_record_read

    return personal_record_read(
        acting_user=acting_user, object_type="online_request", object_id=request.pk, object_label=request.number,
        scope_path=request.scope_path, unmask=False, channel=channel,
    )  # fmt: skip


# ---------------------------------------------------------------- 宣传 群发


def _month_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _month_used(group: OnlineGroup, now: datetime) -> int:
    """群发 handed to the gateway for this group this month (failed ones do not count)."""
    return (
        BroadcastTarget.objects.filter(group=group, held=False, handed_at__gte=_month_start(now))
        .exclude(status=TargetStatus.FAILED)
        .count()
    )


def _hand_over(broadcast: Broadcast, targets: list[BroadcastTarget], now: datetime) -> str:
    """Give targets to the gateway in one ``broadcast`` envelope (written once the transaction commits)."""
    sent_before = broadcast.targets.exclude(outbound_id="").values("outbound_id").distinct().count()
    outbound = f"broadcast-{broadcast.pk}-{sent_before + 1}"
    for target in targets:
        target.held, target.outbound_id, target.handed_at = False, outbound, now
        target.detail = ""
    BroadcastTarget.objects.bulk_update(targets, ["held", "outbound_id", "handed_at", "detail"])
    data = spool.envelope(outbound, "broadcast", {
        "sender": broadcast.sender, "chat_ids": [t.group.chat_id for t in targets], "text": broadcast.text,
        "requested_at": timezone.localtime(broadcast.requested_at).isoformat(),
    })  # fmt: skip
    transaction.on_commit(lambda: spool.write(spool.TO_GATEWAY, data))
    return outbound


def _common_unit(groups: list[OnlineGroup]) -> OrgUnit | None:
    """The deepest unit above all the groups (a beat when they share one, else their station …)."""
    paths = [g.scope_path for g in groups]
    common = paths[0]
    for path in paths[1:]:
        while not path.startswith(common):
            common = common[: len(common) - 8]  # one path segment (accounts.scope: 7 digits and a dot)
    return OrgUnit.objects.filter(path=common).first() if common else None


@transaction.atomic
def broadcast_create(*, acting_user, groups: list[OnlineGroup], text: str) -> Broadcast:
    """宣传 for chosen groups of one station (§4.2.1 安全防范宣传, §4.2.4 企业微信号): a 群发 by the station account,
    held at the deepest unit the groups share (the officer's beat, or the station). A group over this month's cap
    (a reading) is held here, queued for next month — never dropped. serve_residents over every group. Nothing is
    written on bad input."""
    problems: dict[str, list[str]] = {}
    groups = list(dict.fromkeys(groups))
    for g in groups:
        _require(acting_user, Perm.SERVE_RESIDENTS, g.scope_path)
    text = _text(text)
    if not text:
        _add(problems, "text", _(errors.REQUIRED).format(label=_("宣传内容")))
    if not groups:
        _add(problems, "groups", _(errors.GROUPS_REQUIRED))
        _raise(problems)
    unit = _common_unit(groups)
    station = station_of(unit) if unit else None
    if station is None:
        _add(problems, "groups", _(errors.GROUPS_ONE_STATION))
    if dismissed := [g.name for g in groups if g.dismissed_at]:
        _add(problems, "groups", _(errors.GROUP_DISMISSED_NAMED).format(names="、".join(dismissed)))
    for g in groups:
        if not g.station_account:
            _add(problems, "groups", _(errors.NO_STATION_ACCOUNT).format(name=g.name))
    _raise(problems)
    now = timezone.now()
    senders = [g.station_account for g in groups]
    broadcast = Broadcast.objects.create(org_unit=unit, text=text, sender=max(set(senders), key=senders.count),
                                         requested_at=now, requested_by=_user(acting_user))  # fmt: skip
    cap = number_value("broadcast_monthly_cap", station)
    targets = []
    for g in groups:
        held = _month_used(g, now) >= cap
        targets.append(BroadcastTarget.objects.create(
            broadcast=broadcast, group=g, held=held,
            detail=f"本月群发已达上限（{cap}次，解读），次月自动提交" if held else "",
        ))  # fmt: skip
    ready = [t for t in targets if not t.held]
    if ready:
        _hand_over(broadcast, ready, now)
    held = len(groups) - len(ready)
    _log(acting_user, "broadcast_create", "broadcast", broadcast,
         f"宣传群发{len(groups)}个群（{held}个超出本月上限排队）：{text[:40]}", broadcast.scope_path)  # fmt: skip
    return broadcast


@transaction.atomic
def broadcast_release_held(*, now: datetime | None = None) -> int:
    """Hand held targets to the gateway once their group's month has room again (a system run, each inbox pass)."""
    now = now or timezone.now()
    released = 0
    held = BroadcastTarget.objects.filter(held=True).select_related("broadcast", "group").order_by("pk")
    by_broadcast: dict[int, list[BroadcastTarget]] = {}
    for target in held:
        cap = number_value("broadcast_monthly_cap", target.broadcast.org_unit)
        if _month_used(target.group, now) < cap:
            by_broadcast.setdefault(target.broadcast_id, []).append(target)
            target.held = False  # counted from here on for the next target of the same group
            target.handed_at = now
            target.save(update_fields=["held", "handed_at"])
    for targets in by_broadcast.values():
        outbound = _hand_over(targets[0].broadcast, targets, now)
        released += len(targets)
        _log(None, "broadcast_release", "broadcast", targets[0].broadcast,
             f"次月提交排队的宣传群发{len(targets)}个群（{outbound}）", targets[0].broadcast.scope_path)  # fmt: skip
    return released


STATUS_OF = {
    "queued_cap": TargetStatus.QUEUED,
    "submitted": TargetStatus.SUBMITTED,
    "confirmed": TargetStatus.CONFIRMED,
    "sent": TargetStatus.SENT,
    "failed": TargetStatus.FAILED,
}
ORDER = [TargetStatus.QUEUED, TargetStatus.SUBMITTED, TargetStatus.CONFIRMED, TargetStatus.SENT]


@transaction.atomic
def broadcast_status_apply(*, payload: dict, at: datetime) -> BroadcastTarget | None:
    """The gateway reports a step of one target (``broadcast_status``). A report older than what is known (sent,
    then a late “submitted”) does not move it back; ``queued_cap`` keeps it queued with the gateway's note."""
    status = STATUS_OF.get(_text(payload.get("status")))
    if status is None:
        raise ValueError(f"unknown broadcast status {payload.get('status')!r}")
    target = (
        BroadcastTarget.objects.select_for_update()
        .filter(outbound_id=_text(payload.get("outbound_id")), group__chat_id=_text(payload.get("chat_id")))
        .select_related("broadcast")
        .first()
    )
    if target is None:
        return None
    final = target.status in (TargetStatus.SENT, TargetStatus.FAILED)
    backwards = target.status in ORDER and status in ORDER and ORDER.index(status) < ORDER.index(target.status)
    if not final and not backwards:
        target.status = status
    target.msgid = _text(payload.get("msgid"))[:100] or target.msgid
    detail = _text(payload.get("detail"))
    if payload.get("status") == "queued_cap":
        detail = detail or "企业微信群发次数已达上限，网关排队待发"
    target.detail = detail[:300] or target.detail
    target.save(update_fields=["status", "msgid", "detail", "updated_at"])
    return target


def broadcast_status(broadcast: Broadcast) -> dict[str, int]:
    """Counts of its targets by status (the page's summary)."""
    counts = {value: 0 for value in TargetStatus.values}
    for value in broadcast.targets.values_list("status", flat=True):
        counts[value] += 1
    return counts


def groups_of_station(station: OrgUnit):
    return OnlineGroup.objects.filter(scope_path__startswith=station.path, dismissed_at=None).filter(
        ~Q(station_account="")
    )
