"""State changes of 群众工作 — one function each, keyword-only, one transaction, on the operation log.

Who may do what (accounts/roles.py): 网格员/志愿者 report leads (report_leads), check in on patrol and redeem their
own points (patrol), and the grid worker reports residents (collect_residents); the beat officer reports leads to
the station and control centre, handles them, feeds back to residents, records visits and cards, keeps the
informant registers (handle_leads, manage_informants); the control centre judges (judge_leads, 第五十一条); the
station sets routes, the store and its points rules (manage_patrols). Nothing is written on invalid input.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm, Role
from accounts.scope import path_covered, scope_prefixes
from audit.services import operation_log_write
from fengqiao import uploads
from org.models import OrgUnit, OrgUnitKind, path_prefixes
from rules.services import rules_recompute_record
from tasks.services import message_send, standing_tasks_complete

from . import errors
from .choices import (
    SENTIMENT_KINDS,
    Channel,
    EntryKind,
    EventKind,
    InformantKind,
    LeadKind,
    LeadStatus,
    LinkKind,
    MeetingKind,
    ReportStatus,
    ResidentReportKind,
)
from .limits import AWARD_KINDS, NUMBER_BY_CODE, NUMBER_MAX, UNIT_LABELS, points_code
from .models import (
    CheckIn,
    CheckInPhoto,
    ContactCard,
    HouseholdVisit,
    Informant,
    Lead,
    LeadEvent,
    LeadLink,
    LocalNumber,
    MeetingRecord,
    PatrolPoint,
    PatrolRoute,
    PatrolTeam,
    PointsEntry,
    Questionnaire,
    Redemption,
    ResidentReport,
    StoreItem,
    SurveyAnswer,
)

LEAD_RECORD_TYPE = "lead"  # the rules engine's record type (feedback week, 规范002)
FEEDBACK_TEMPLATE = "resident_feedback"
NUMBER_UNIT_KINDS = (OrgUnitKind.STATION, OrgUnitKind.BUREAU, OrgUnitKind.CITY_BUREAU)
LEAD_UNIT_KINDS = (OrgUnitKind.BEAT, OrgUnitKind.COMMUNITY, OrgUnitKind.GRID)
TEAM_ROLES = (Role.GRID_WORKER, Role.VOLUNTEER)
PHOTO_MAX_MB = 10  # a phone photo of a patrol point


# ---------------------------------------------------------------- shared


def require(acting_user, perm: str, path: str) -> None:
    """PermissionDenied unless ``perm`` over ``path`` (a system call, acting_user None, may do anything)."""
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def log(acting_user, action: str, object_type: str, object_id, summary: str, path: str, changes=None) -> None:
    operation_log_write(
        acting_user=acting_user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        changes=changes,
        scope_path=path,
    )


def _choices_text(choices) -> str:
    return "、".join(str(label) for _code, label in choices)


def _add(problems: dict, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def _unit_given(org_unit, field: str = "org_unit") -> None:
    if org_unit is None:
        raise ValidationError({field: [_(errors.UNIT_REQUIRED)]})


def _raise(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


def beat_of(unit: OrgUnit) -> OrgUnit | None:
    """The beat at or above ``unit`` (a grid's or a community's beat)."""
    if unit.kind == OrgUnitKind.BEAT:
        return unit
    return OrgUnit.objects.filter(path__in=path_prefixes(unit.path), kind=OrgUnitKind.BEAT).first()


def station_of(unit: OrgUnit) -> OrgUnit | None:
    if unit.kind == OrgUnitKind.STATION:
        return unit
    return OrgUnit.objects.filter(path__in=path_prefixes(unit.path), kind=OrgUnitKind.STATION).first()


def patrol_unit(user) -> OrgUnit | None:
    """Where a person serves for the points ledger: the unit of their first patrol role."""
    from accounts.models import RoleAssignment

    rows = RoleAssignment.objects.filter(user=user, org_unit__is_active=True).select_related("org_unit")
    for row in rows.order_by("org_unit__path"):
        if path_covered(user, row.org_unit.path, Perm.PATROL):
            return row.org_unit
    return None


def number_value(code: str, unit: OrgUnit) -> int:
    """The number in force for ``unit``: the nearest station/bureau/city above it that set one, else the default."""
    row = NUMBER_BY_CODE[code]
    found = (
        LocalNumber.objects.filter(code=code, org_unit__path__in=path_prefixes(unit.path))
        .order_by("-org_unit__depth")
        .values_list("value", flat=True)
        .first()
    )
    return found if found is not None else row["default"]


@transaction.atomic
def local_number_set(*, acting_user, org_unit: OrgUnit, code: str, value: int | None) -> LocalNumber | None:
    """Set (or with ``value`` None, clear) a station's number: scores by whoever judges (judge_leads, 第五十二条),
    points rules by the station (manage_patrols, 规范004). Nothing is written on bad input."""
    row = NUMBER_BY_CODE.get(code)
    if row is None:
        raise ValidationError({"code": [_(errors.NUMBER_UNKNOWN).format(code=code)]})
    _unit_given(org_unit)
    perm = Perm.JUDGE_LEADS if row["unit"] == "score" else Perm.MANAGE_PATROLS
    require(acting_user, perm, org_unit.path)
    if org_unit.kind not in NUMBER_UNIT_KINDS:
        raise ValidationError({"org_unit": [_(errors.NUMBER_UNIT)]})
    top = NUMBER_MAX[row["unit"]]
    if value is not None and not (isinstance(value, int) and 1 <= value <= top):
        raise ValidationError({"value": [_(errors.NUMBER_VALUE).format(max=top)]})
    existing = LocalNumber.objects.filter(org_unit=org_unit, code=code).first()
    old = existing.value if existing else None
    if old == value:
        return existing
    record_pk = existing.pk if existing else None
    if value is None:
        existing.delete()
        number = None
    elif existing:
        existing.value, existing.set_by = value, acting_user
        existing.save(update_fields=["value", "set_by", "updated_at"])
        number = existing
    else:
        number = LocalNumber.objects.create(org_unit=org_unit, code=code, value=value, set_by=acting_user)
    shown = "默认值" if value is None else f"{value}{UNIT_LABELS[row['unit']]}"
    summary = f"{org_unit.name}设定“{row['label']}”为{shown}"
    log(
        acting_user,
        "leads_number_set",
        "leads_number",
        number.pk if number else record_pk,
        summary,
        org_unit.path,
        changes={"value": [old, value]},
    )
    return number


# ---------------------------------------------------------------- addresses a reporter may pick


def address_choices(user, perm: str = Perm.REPORT_LEADS):
    """The standard addresses a reporter may pick: those of their grids (a grid worker or volunteer anchored at a
    grid or community reaches the addresses assigned to it) and all of their beats (officers). Only the address
    itself: nothing about who lives there.

    Issue 11 (2.58 M addresses): the grids are looked up first, so the condition is two indexed lookups (scope
    path, grid id) rather than a join on the org tree for every address; and the list is ordered by an
    expression equal to ``full_text`` so PostgreSQL sorts the scope's few thousand addresses instead of walking
    the city's ``full_text`` index until 500 of them turn up (these permissions are held at a beat or a grid)."""
    from django.db.models import Q, Value
    from django.db.models.functions import Concat

    from registry.models import Address

    condition = Q()
    for prefix in scope_prefixes(user, perm):
        grids = list(OrgUnit.objects.filter(path__startswith=prefix).values_list("pk", flat=True))
        condition |= Q(scope_path__startswith=prefix) | Q(grid_id__in=grids)
    if not condition:
        return Address.objects.none()
    return Address.objects.filter(condition).order_by(Concat("full_text", Value("")).asc(), "pk")


def _address_ok(user, address) -> bool:
    return user is None or address_choices(user).filter(pk=address.pk).exists()


# ---------------------------------------------------------------- leads


def _event(lead: Lead, kind: str, at: datetime, by, note: str = "") -> LeadEvent:
    return LeadEvent.objects.create(lead=lead, kind=kind, at=at, by=by, note=note.strip())


def _text(value) -> str:
    return (value or "").strip()


def _recompute(acting_user, lead: Lead) -> None:
    rules_recompute_record(
        acting_user=acting_user, record_type=LEAD_RECORD_TYPE, record_id=lead.record_id, as_of=timezone.localdate()
    )


@transaction.atomic
def lead_report(
    *,
    acting_user,
    org_unit: OrgUnit,
    kind: str,
    channel: str,
    subject_text: str,
    occurred_at: datetime | None,
    place_text: str,
    event: str,
    address=None,
    cause: str = "",
    result: str = "",
    is_actionable: bool = False,
    oral_report_at: datetime | None = None,
    oral_report_to: str = "",
    resident=None,
    organization=None,
    commissioning_task=None,
    visit: HouseholdVisit | None = None,
    meeting: MeetingRecord | None = None,
    from_resident: bool = False,
    resident_name: str = "",
    resident_phone: str = "",
    received_on: date | None = None,
    within_duties: bool | None = None,
    now: datetime | None = None,
) -> Lead:
    """收集 a 社情民意 item or 情况线索 (第四十三至四十八条) with the four required elements 对象、时间、地点、事件 and
    the optional 原因、结果 (第四十六条): report_leads over ``org_unit`` (a grid worker or volunteer at their grid, the
    officer at the beat). An oral report given with it is recorded first (第四十九条). A resident's issue within the
    officer's duties starts the one-week feedback clock (规范002 反馈制度). Nothing is written on invalid input."""
    _unit_given(org_unit)
    require(acting_user, Perm.REPORT_LEADS, org_unit.path)
    now = now or timezone.now()
    problems: dict[str, list[str]] = {}
    if org_unit.kind not in LEAD_UNIT_KINDS:
        _add(problems, "org_unit", _(errors.UNIT_KIND))
    if kind not in LeadKind.values:
        _add(problems, "kind", _(errors.CHOICE).format(label=_("类别"), choices=_choices_text(LeadKind.choices)))
    if channel not in Channel.values:
        _add(problems, "channel", _(errors.CHOICE).format(label=_("来源渠道"), choices=_choices_text(Channel.choices)))
    for field, label, value in (
        ("subject_text", _("对象"), subject_text),
        ("place_text", _("地点"), place_text if not address else (place_text or str(address))),
        ("event", _("事件"), event),
    ):
        if not _text(value):
            _add(problems, field, _(errors.REQUIRED).format(label=label))
    if occurred_at is None:
        _add(problems, "occurred_at", _(errors.REQUIRED).format(label=_("时间")))
    elif occurred_at > now:
        _add(problems, "occurred_at", _(errors.FUTURE).format(label=_("时间")))
    if address is not None and not _address_ok(acting_user, address):
        _add(problems, "address", _(errors.ADDRESS_SCOPE))
    if resident is not None and acting_user is not None:
        from registry.models import Resident

        if not Resident.objects.visible_to(acting_user, perm=Perm.VIEW_REGISTRY).filter(pk=resident.pk).exists():
            _add(problems, "resident", _(errors.RECORD_SCOPE).format(label=_("实有人口")))
    if organization is not None and acting_user is not None:
        from registry.models import Organization

        visible = Organization.objects.visible_to(acting_user, perm=Perm.VIEW_REGISTRY)
        if not visible.filter(pk=organization.pk).exists():
            _add(problems, "organization", _(errors.RECORD_SCOPE).format(label=_("实有单位")))
    if commissioning_task is not None and acting_user is not None:
        from tasks.models import Task

        if not Task.objects.visible_to(acting_user, perm=Perm.VIEW_TASKS).filter(pk=commissioning_task.pk).exists():
            _add(problems, "commissioning_task", _(errors.TASK_SCOPE))
    oral_report_to = _text(oral_report_to)
    if oral_report_at is not None or oral_report_to:
        if not is_actionable:
            _add(problems, "oral_report_at", _(errors.ORAL_REPORT_NOT_ACTIONABLE))
        if oral_report_at is None:
            _add(problems, "oral_report_at", _(errors.REQUIRED).format(label=_("口头报告时间")))
        elif oral_report_at > now:
            _add(problems, "oral_report_at", _(errors.FUTURE).format(label=_("口头报告时间")))
        if not oral_report_to:
            _add(problems, "oral_report_to", _(errors.REQUIRED).format(label=_("口头报告接收人")))
    if from_resident and not _text(resident_name):
        _add(problems, "resident_name", _(errors.RESIDENT_NAME))
    _raise(problems)
    beat = beat_of(org_unit)
    lead = Lead.objects.create(
        org_unit=org_unit,
        beat=beat,
        kind=kind,
        channel=channel,
        subject_text=_text(subject_text)[:200],
        occurred_at=occurred_at,
        place_text=(_text(place_text) or (address.full_text if address else ""))[:300],
        address=address,
        event=_text(event),
        cause=_text(cause),
        result=_text(result),
        resident=resident,
        organization=organization,
        visit=visit,
        meeting=meeting,
        is_actionable=is_actionable,
        oral_report_at=oral_report_at,
        oral_report_to=oral_report_to[:60],
        commissioning_task=commissioning_task,
        due_on=commissioning_task.due_on if commissioning_task else None,
        reported_by=acting_user,
        from_resident=from_resident,
        resident_name=_text(resident_name)[:60] if from_resident else "",
        resident_phone=_text(resident_phone)[:20] if from_resident else "",
        received_on=(received_on or timezone.localdate(now)) if from_resident else None,
        within_duties=within_duties if from_resident else None,
    )
    _event(lead, EventKind.COLLECTED, now, acting_user, _("经%(c)s收集") % {"c": lead.get_channel_display()})
    if oral_report_at is not None:
        _event(lead, EventKind.ORAL_REPORT, oral_report_at, acting_user, _("口头报告%(to)s") % {"to": oral_report_to})
    group = _("社情民意") if kind in SENTIMENT_KINDS else _("情况线索")
    log(acting_user, "lead_report", "lead", lead.pk, f"收集{group}{lead.number}：{lead.event[:40]}", lead.scope_path)
    if lead.from_resident and lead.within_duties:
        _recompute(acting_user, lead)
    return lead


def _require_status(lead: Lead, allowed, action: str) -> None:
    if lead.status not in allowed:
        raise ValidationError(_(errors.STATUS).format(status=lead.get_status_display(), action=action), code="status")


@transaction.atomic
def lead_oral_report_record(*, acting_user, lead: Lead, at: datetime | None, receiver: str, now=None) -> Lead:
    """登记向派出所口头报告 of an actionable lead (第四十九条): its reporter or the beat officer (report_leads)."""
    require(acting_user, Perm.REPORT_LEADS, lead.scope_path)
    now = now or timezone.now()
    _require_status(lead, (LeadStatus.COLLECTED,), _("登记口头报告"))
    problems: dict[str, list[str]] = {}
    if not lead.is_actionable:
        _add(problems, "oral_report_at", _(errors.ORAL_REPORT_NOT_ACTIONABLE))
    elif lead.oral_report_at is not None:
        _add(problems, "oral_report_at", _(errors.ORAL_REPORT_DONE))
    if at is None:
        _add(problems, "oral_report_at", _(errors.REQUIRED).format(label=_("口头报告时间")))
    elif at > now:
        _add(problems, "oral_report_at", _(errors.FUTURE).format(label=_("口头报告时间")))
    if not _text(receiver):
        _add(problems, "oral_report_to", _(errors.REQUIRED).format(label=_("口头报告接收人")))
    _raise(problems)
    lead.oral_report_at, lead.oral_report_to = at, _text(receiver)[:60]
    lead.save(update_fields=["oral_report_at", "oral_report_to", "updated_at"])
    _event(lead, EventKind.ORAL_REPORT, at, acting_user, _("口头报告%(to)s") % {"to": lead.oral_report_to})
    log(
        acting_user,
        "lead_oral_report",
        "lead",
        lead.pk,
        f"线索{lead.number}向派出所口头报告（{lead.oral_report_to}）",
        lead.scope_path,
    )
    return lead


@transaction.atomic
def lead_submit(*, acting_user, lead: Lead, note: str = "", now: datetime | None = None) -> Lead:
    """报告: the beat officer reports a collected lead through the prescribed channel to the control centre's 研判
    queue (handle_leads, 第四十九条). An actionable lead is refused until its oral report is recorded."""
    require(acting_user, Perm.HANDLE_LEADS, lead.scope_path)
    now = now or timezone.now()
    _require_status(lead, (LeadStatus.COLLECTED,), _("报告"))
    if lead.is_actionable and lead.oral_report_at is None:
        raise ValidationError({"oral_report_at": [_(errors.ORAL_REPORT_FIRST)]}, code="oral_report")
    lead.status, lead.submitted_by, lead.submitted_at = LeadStatus.REPORTED, acting_user, now
    lead.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    _event(lead, EventKind.REPORTED, now, acting_user, note)
    log(acting_user, "lead_submit", "lead", lead.pk, f"报告线索{lead.number}，待基础管控中心研判", lead.scope_path)
    return lead


@transaction.atomic
def lead_judge(*, acting_user, lead: Lead, adopt: bool, note: str = "", now: datetime | None = None) -> Lead:
    """研判 (第五十一条): the control centre adopts or does not adopt a reported lead (judge_leads). An adopted
    lead scores for the officer who reported it (第五十二条, ``leads.limits``) and, when a grid worker or volunteer
    collected it, credits their points (规范004). The officer is told at once."""
    require(acting_user, Perm.JUDGE_LEADS, lead.scope_path)
    now = now or timezone.now()
    _require_status(lead, (LeadStatus.REPORTED,), _("研判"))
    if not adopt and not _text(note):
        raise ValidationError({"note": [_(errors.JUDGE_NOTE)]})
    score = 0
    if adopt:
        score = number_value("score_adopted", lead.beat)
        if lead.is_actionable:
            score += number_value("score_actionable_bonus", lead.beat)
    lead.status = LeadStatus.ADOPTED if adopt else LeadStatus.NOT_ADOPTED
    lead.judged_by, lead.judged_at, lead.judge_note, lead.score = acting_user, now, _text(note), score
    lead.save(update_fields=["status", "judged_by", "judged_at", "judge_note", "score", "updated_at"])
    _event(lead, EventKind.ADOPTED if adopt else EventKind.NOT_ADOPTED, now, acting_user, note)
    verdict = f"采用，得{score}分" if adopt else "不采用"
    log(
        acting_user,
        "lead_judge",
        "lead",
        lead.pk,
        f"研判线索{lead.number}：{verdict}",
        lead.scope_path,
        changes={"status": [LeadStatus.REPORTED, lead.status], "score": [0, score]},
    )
    if adopt and lead.reported_by_id and lead.reported_by_id != lead.submitted_by_id:
        reporter = lead.reported_by
        unit = patrol_unit(reporter)
        if unit is not None and _holds_team_role(reporter):
            _credit(
                reporter,
                unit,
                EntryKind.LEAD_ADOPTED,
                number_value(points_code(EntryKind.LEAD_ADOPTED), unit),
                source=("lead", lead.pk),
                note=f"线索{lead.number}被采用",
                by=acting_user,
            )
    if lead.submitted_by_id:
        message_send(
            recipient=lead.submitted_by,
            text=f"线索{lead.number}经研判{verdict}：{lead.event[:60]}",
            key=f"lead-judged-{lead.pk}",
        )
    return lead


def _holds_team_role(user) -> bool:
    return user.role_assignments.filter(role__in=TEAM_ROLES).exists()


@transaction.atomic
def lead_handle(*, acting_user, lead: Lead, note: str, now: datetime | None = None) -> Lead:
    """处置: a measure taken on an adopted lead (第五十条: 针对性措施, 报所提请支援, 做好记录) — handle_leads."""
    require(acting_user, Perm.HANDLE_LEADS, lead.scope_path)
    now = now or timezone.now()
    _require_status(lead, (LeadStatus.ADOPTED, LeadStatus.HANDLING), _("处置"))
    if not _text(note):
        raise ValidationError({"note": [_(errors.REQUIRED).format(label=_("处置措施"))]})
    if lead.status != LeadStatus.HANDLING:
        lead.status = LeadStatus.HANDLING
        lead.save(update_fields=["status", "updated_at"])
    _event(lead, EventKind.HANDLING, now, acting_user, note)
    log(acting_user, "lead_handle", "lead", lead.pk, f"处置线索{lead.number}：{_text(note)[:40]}", lead.scope_path)
    return lead


def _linked_record(acting_user, kind: str, record_id: str):
    """(label, ok) of a record of another room the user may see; None when missing or out of scope."""
    from django.apps import apps

    spec = {
        LinkKind.DISPUTE: ("casework.Dispute", Perm.VIEW_DISPUTES),
        LinkKind.HAZARD: ("inspections.Hazard", Perm.VIEW_INSPECTIONS),
        LinkKind.INCIDENT: ("casework.Incident", Perm.VIEW_INCIDENTS),
        LinkKind.TASK: ("tasks.Task", Perm.VIEW_TASKS),
    }[kind]
    try:
        model = apps.get_model(spec[0])
    except LookupError:
        return None
    if not str(record_id).isdigit():
        return None
    qs = model.objects.visible_to(acting_user, perm=spec[1]) if acting_user is not None else model.objects.all()
    record = qs.filter(pk=int(record_id)).first()
    return str(record)[:200] if record is not None else None


@transaction.atomic
def lead_link_add(*, acting_user, lead: Lead, kind: str, record_id) -> LeadLink:
    """A lead spawned a dispute, a hazard, an incident or a task of another room: record the link (not a copy)."""
    require(acting_user, Perm.HANDLE_LEADS, lead.scope_path)
    if kind not in LinkKind.values:
        raise ValidationError({"kind": [_(errors.LINK_KIND).format(choices=_choices_text(LinkKind.choices))]})
    label = _linked_record(acting_user, kind, str(record_id))
    if label is None:
        raise ValidationError({"record_id": [_(errors.LINK_MISSING).format(label=LinkKind(kind).label)]})
    link, created = LeadLink.objects.get_or_create(
        lead=lead, kind=kind, record_id=str(record_id), defaults={"label": label, "created_by": acting_user}
    )
    if created:
        _event(lead, EventKind.LINKED, timezone.now(), acting_user, f"{LinkKind(kind).label}：{label}")
        log(
            acting_user,
            "lead_link_add",
            "lead",
            lead.pk,
            f"线索{lead.number}关联{LinkKind(kind).label}：{label[:40]}",
            lead.scope_path,
        )
    return link


@transaction.atomic
def lead_close(*, acting_user, lead: Lead, note: str, now: datetime | None = None) -> Lead:
    """办结 a judged lead (handle_leads)."""
    require(acting_user, Perm.HANDLE_LEADS, lead.scope_path)
    now = now or timezone.now()
    _require_status(lead, (LeadStatus.ADOPTED, LeadStatus.NOT_ADOPTED, LeadStatus.HANDLING), _("办结"))
    if not _text(note):
        raise ValidationError({"note": [_(errors.CLOSE_NOTE)]})
    lead.status, lead.closed_at, lead.close_note = LeadStatus.CLOSED, now, _text(note)
    lead.save(update_fields=["status", "closed_at", "close_note", "updated_at"])
    _event(lead, EventKind.CLOSED, now, acting_user, note)
    log(acting_user, "lead_close", "lead", lead.pk, f"办结线索{lead.number}", lead.scope_path)
    return lead


@transaction.atomic
def lead_withdraw(*, acting_user, lead: Lead, reason: str, now: datetime | None = None) -> Lead:
    """撤销 a lead found false: it keeps its whole history; an adopted lead loses its score (第五十二条: 弄虚作假)."""
    require(acting_user, Perm.HANDLE_LEADS, lead.scope_path)
    now = now or timezone.now()
    _require_status(
        lead, (*[s for s in LeadStatus.values if s not in (LeadStatus.CLOSED, LeadStatus.WITHDRAWN)],), _("撤销")
    )
    if not _text(reason):
        raise ValidationError({"reason": [_(errors.WITHDRAW_REASON)]})
    old = (lead.status, lead.score)
    lead.status, lead.withdrawn_reason, lead.score = LeadStatus.WITHDRAWN, _text(reason)[:300], 0
    lead.save(update_fields=["status", "withdrawn_reason", "score", "updated_at"])
    _event(lead, EventKind.WITHDRAWN, now, acting_user, reason)
    log(
        acting_user,
        "lead_withdraw",
        "lead",
        lead.pk,
        f"撤销线索{lead.number}：{_text(reason)[:40]}",
        lead.scope_path,
        changes={"status": [old[0], lead.status], "score": [old[1], 0]},
    )
    if lead.from_resident:
        _recompute(acting_user, lead)
    return lead


@transaction.atomic
def lead_feedback_give(*, acting_user, lead: Lead, note: str, at: datetime | None = None) -> Lead:
    """反馈居民本人 (规范002 工作情况反馈制度: 属职责范围内的, 一周内): closes the feedback task on time or late."""
    require(acting_user, Perm.HANDLE_LEADS, lead.scope_path)
    at = at or timezone.now()
    if not lead.from_resident:
        raise ValidationError({"note": [_(errors.FEEDBACK_NOT_RESIDENT)]})
    if lead.feedback_at is not None:
        raise ValidationError({"note": [_(errors.FEEDBACK_DONE)]})
    if not lead.within_duties:
        raise ValidationError({"note": [_(errors.FEEDBACK_DUTIES)]})
    if not _text(note):
        raise ValidationError({"note": [_(errors.REQUIRED).format(label=_("反馈情况"))]})
    lead.feedback_at, lead.feedback_note = at, _text(note)
    lead.save(update_fields=["feedback_at", "feedback_note", "updated_at"])
    _event(lead, EventKind.FEEDBACK, at, acting_user, note)
    log(acting_user, "lead_feedback", "lead", lead.pk, f"线索{lead.number}已反馈居民", lead.scope_path)
    standing_tasks_complete(
        acting_user=acting_user,
        record_type=LEAD_RECORD_TYPE,
        record_id=lead.record_id,
        template=FEEDBACK_TEMPLATE,
        values={"content": lead.feedback_note},
        done_on=timezone.localdate(at),
    )
    _recompute(acting_user, lead)
    return lead


@transaction.atomic
def lead_referral_record(*, acting_user, lead: Lead, referral_to: str, note: str = "", at=None) -> Lead:
    """属职责范围以外的: 及时上报和通报有关部门, 并告知居民本人 (规范002) — recorded once."""
    require(acting_user, Perm.HANDLE_LEADS, lead.scope_path)
    at = at or timezone.now()
    if not lead.from_resident:
        raise ValidationError({"referral_to": [_(errors.FEEDBACK_NOT_RESIDENT)]})
    if lead.feedback_at is not None:
        raise ValidationError({"referral_to": [_(errors.FEEDBACK_DONE)]})
    if not _text(referral_to):
        raise ValidationError({"referral_to": [_(errors.REQUIRED).format(label=_("通报部门"))]})
    lead.within_duties, lead.referral_to, lead.feedback_at = False, _text(referral_to)[:100], at
    lead.feedback_note = _text(note)
    lead.save(update_fields=["within_duties", "referral_to", "feedback_at", "feedback_note", "updated_at"])
    _event(lead, EventKind.REFERRAL, at, acting_user, f"{lead.referral_to}；{lead.feedback_note}".strip("；"))
    log(
        acting_user,
        "lead_referral",
        "lead",
        lead.pk,
        f"线索{lead.number}通报{lead.referral_to}并告知居民",
        lead.scope_path,
    )
    _recompute(acting_user, lead)
    return lead


# ---------------------------------------------------------------- visits and contact cards


@transaction.atomic
def household_visit_record(
    *,
    acting_user,
    org_unit: OrgUnit,
    visited_on: date,
    met_persons: str,
    content: str,
    address=None,
    address_text: str = "",
    knows_officer: bool | None = None,
) -> HouseholdVisit:
    """入户走访 (第四十八条(二)): the officer or auxiliary of the beat (handle_leads). Whether the household knows
    its officer feeds 第三十五条(一)'s 知晓率. What was learnt may become a lead (``lead_report(visit=…)``)."""
    _unit_given(org_unit)
    require(acting_user, Perm.HANDLE_LEADS, org_unit.path)
    problems: dict[str, list[str]] = {}
    if org_unit.kind != OrgUnitKind.BEAT:
        _add(problems, "org_unit", _(errors.UNIT_KIND))
    if address is None and not _text(address_text):
        _add(problems, "address", _(errors.VISIT_ADDRESS))
    if address is not None and not _address_ok(acting_user, address):
        _add(problems, "address", _(errors.ADDRESS_SCOPE))
    if visited_on is None:
        _add(problems, "visited_on", _(errors.REQUIRED).format(label=_("走访日期")))
    elif visited_on > timezone.localdate():
        _add(problems, "visited_on", _(errors.FUTURE).format(label=_("走访日期")))
    if not _text(met_persons):
        _add(problems, "met_persons", _(errors.REQUIRED).format(label=_("见面人员")))
    if not _text(content):
        _add(problems, "content", _(errors.REQUIRED).format(label=_("了解情况")))
    _raise(problems)
    visit = HouseholdVisit.objects.create(
        org_unit=org_unit,
        address=address,
        address_text=(_text(address_text) or address.full_text)[:300],
        visited_on=visited_on,
        met_persons=_text(met_persons)[:200],
        knows_officer=knows_officer,
        content=_text(content),
        visitor=acting_user,
    )
    log(
        acting_user,
        "household_visit_record",
        "household_visit",
        visit.pk,
        f"入户走访：{visit.address_text[:40]}",
        visit.scope_path,
    )
    return visit


@transaction.atomic
def contact_card_issue(*, acting_user, address, issued_on: date, holder_name: str = "") -> ContactCard:
    """发放警民联系卡 to a household (规范002 "每户一卡"; 第四十八条(一)) — handle_leads over the address's beat."""
    if address is None:
        raise ValidationError({"address": [_(errors.CARD_ADDRESS)]})
    require(acting_user, Perm.HANDLE_LEADS, address.scope_path)
    problems: dict[str, list[str]] = {}
    if ContactCard.objects.filter(address=address).exists():
        _add(problems, "address", _(errors.CARD_TAKEN))
    if issued_on is None:
        _add(problems, "issued_on", _(errors.REQUIRED).format(label=_("发放日期")))
    elif issued_on > timezone.localdate():
        _add(problems, "issued_on", _(errors.FUTURE).format(label=_("发放日期")))
    _raise(problems)
    card = ContactCard.objects.create(
        org_unit=address.org_unit,
        address=address,
        holder_name=_text(holder_name)[:60],
        issued_on=issued_on,
        issued_by=acting_user,
    )
    log(
        acting_user,
        "contact_card_issue",
        "contact_card",
        card.pk,
        f"发放警民联系卡：{address.full_text[:40]}",
        card.scope_path,
    )
    return card


# ---------------------------------------------------------------- informants (第四十八条(三))


@transaction.atomic
def informant_register(
    *,
    acting_user,
    org_unit: OrgUnit,
    kind: str,
    alias: str,
    name: str,
    recruited_on: date,
    phone: str = "",
    special_subject=None,
    field: str = "",
) -> Informant:
    """布建治安信息员 or 物建治安耳目 (第四十八条(三): a 耳目 among the special subjects) — manage_informants."""
    _unit_given(org_unit)
    require(acting_user, Perm.MANAGE_INFORMANTS, org_unit.path)
    problems: dict[str, list[str]] = {}
    if org_unit.kind != OrgUnitKind.BEAT:
        _add(problems, "org_unit", _(errors.UNIT_KIND))
    if kind not in InformantKind.values:
        _add(problems, "kind", _(errors.CHOICE).format(label=_("类别"), choices=_choices_text(InformantKind.choices)))
    if not _text(alias):
        _add(problems, "alias", _(errors.REQUIRED).format(label=_("代号")))
    elif Informant.objects.filter(org_unit=org_unit, alias=_text(alias)).exists():
        _add(problems, "alias", _(errors.ALIAS_TAKEN).format(alias=_text(alias)))
    if not _text(name):
        _add(problems, "name", _(errors.REQUIRED).format(label=_("姓名")))
    if recruited_on is None:
        _add(problems, "recruited_on", _(errors.REQUIRED).format(label=_("布建日期")))
    if kind == InformantKind.COVERT and special_subject is None:
        _add(problems, "special_subject", _(errors.INFORMANT_SUBJECT))
    if special_subject is not None and not special_subject.scope_path.startswith(org_unit.path):
        _add(problems, "special_subject", _(errors.INFORMANT_SUBJECT_SCOPE))
    _raise(problems)
    informant = Informant.objects.create(
        org_unit=org_unit,
        kind=kind,
        alias=_text(alias)[:30],
        name=_text(name)[:60],
        phone=_text(phone)[:20],
        special_subject=special_subject,
        field=_text(field)[:200],
        recruited_on=recruited_on,
        handler=acting_user,
    )
    # The log names the alias only: the operation log is read by auditors, who never see an informant's name.
    log(
        acting_user,
        "informant_register",
        "informant",
        informant.pk,
        f"布建{informant.get_kind_display()}（代号{informant.alias}）",
        informant.scope_path,
    )
    return informant


@transaction.atomic
def informant_retire(*, acting_user, informant: Informant, on: date, reason: str) -> Informant:
    require(acting_user, Perm.MANAGE_INFORMANTS, informant.scope_path)
    if not informant.is_active:
        raise ValidationError(_(errors.INFORMANT_RETIRED))
    if not _text(reason):
        raise ValidationError({"reason": [_(errors.REQUIRED).format(label=_("撤销原因"))]})
    informant.is_active, informant.retired_on, informant.retire_reason = False, on, _text(reason)[:200]
    informant.save(update_fields=["is_active", "retired_on", "retire_reason"])
    log(
        acting_user,
        "informant_retire",
        "informant",
        informant.pk,
        f"撤销{informant.get_kind_display()}（代号{informant.alias}）",
        informant.scope_path,
    )
    return informant


# ---------------------------------------------------------------- patrols (第五十五条(二))


@transaction.atomic
def patrol_team_create(*, acting_user, org_unit: OrgUnit, name: str, leader_name: str = "", members=()) -> PatrolTeam:
    _unit_given(org_unit)
    require(acting_user, Perm.MANAGE_PATROLS, org_unit.path)
    if not _text(name):
        raise ValidationError({"name": [_(errors.REQUIRED).format(label=_("巡逻队名称"))]})
    team = PatrolTeam.objects.create(org_unit=org_unit, name=_text(name)[:100], leader_name=_text(leader_name)[:60])
    if members:
        team.members.set(members)
    log(acting_user, "patrol_team_create", "patrol_team", team.pk, f"组建巡逻队“{team.name}”", team.scope_path)
    return team


@transaction.atomic
def patrol_route_create(
    *,
    acting_user,
    org_unit: OrgUnit,
    name: str,
    points: list[dict],
    must_lines: str = "",
    team: PatrolTeam | None = None,
    times_per_week: int | None = None,
) -> PatrolRoute:
    """设定巡逻路线 with its 必巡线 and 必到点 (第五十五条(二)) — manage_patrols (officer or station lead). How often
    it is walked is the station's number (no article gives one)."""
    _unit_given(org_unit)
    require(acting_user, Perm.MANAGE_PATROLS, org_unit.path)
    problems: dict[str, list[str]] = {}
    if org_unit.kind not in LEAD_UNIT_KINDS:
        _add(problems, "org_unit", _(errors.ROUTE_UNIT))
    if not _text(name):
        _add(problems, "name", _(errors.REQUIRED).format(label=_("路线名称")))
    named = [p for p in points if _text(p.get("name"))]
    if not named:
        _add(problems, "points", _(errors.ROUTE_POINTS))
    beat = beat_of(org_unit) or org_unit
    for p in named:
        if p.get("address") is not None and not p["address"].scope_path.startswith(beat.path):
            _add(problems, "points", _(errors.ADDRESS_SCOPE))
    if times_per_week is not None and not (1 <= times_per_week <= 100):
        _add(problems, "times_per_week", _(errors.NUMBER_VALUE).format(max=100))
    _raise(problems)
    route = PatrolRoute.objects.create(
        org_unit=org_unit,
        name=_text(name)[:100],
        team=team,
        must_lines=_text(must_lines),
        times_per_week=times_per_week,
        created_by=acting_user,
    )
    for i, p in enumerate(named, start=1):
        PatrolPoint.objects.create(
            route=route,
            name=_text(p["name"])[:100],
            address=p.get("address"),
            is_must_visit=p.get("is_must_visit", True),
            position=i,
        )
    log(
        acting_user,
        "patrol_route_create",
        "patrol_route",
        route.pk,
        f"设定巡逻路线“{route.name}”（{len(named)}个点）",
        route.scope_path,
    )
    return route


def patrol_route_reachable(user, route: PatrolRoute) -> bool:
    """A patroller reaches the routes of their own units and of the units above them up to the beat (a volunteer
    of a grid walks the beat's route)."""
    for prefix in scope_prefixes(user, Perm.PATROL):
        if route.scope_path.startswith(prefix) or prefix.startswith(route.scope_path):
            return True
    return False


def _credit(user, unit: OrgUnit, kind: str, points: int, *, source, note: str, by) -> PointsEntry | None:
    """Append one line to the ledger (a source credits once: None when it already did). The caller holds the
    transaction; the person's row is locked so two credits or a credit and a redemption never race."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    source_type, source_id = source
    if PointsEntry.objects.filter(user=user, kind=kind, source_type=source_type, source_id=str(source_id)).exists():
        return None
    balance = points_balance(user) + points
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(
                org_unit=unit,
                user=user,
                kind=kind,
                points=points,
                balance_after=balance,
                source_type=source_type,
                source_id=str(source_id),
                note=note[:200],
                created_by=by,
            )
    except IntegrityError:
        return None
    log(
        by,
        "points_credit",
        "points_entry",
        entry.pk,
        f"{user.display_name}：{entry.get_kind_display()}{points:+d}积分",
        entry.scope_path,
    )
    return entry


def points_balance(user) -> int:
    return PointsEntry.objects.filter(user=user).aggregate(total=Sum("points"))["total"] or 0


@transaction.atomic
def checkin_record(
    *, acting_user, point: PatrolPoint, client_id, checked_at: datetime | None = None, note: str = "", photo=None
) -> tuple[CheckIn, bool]:
    """巡逻签到 at a point of a route the person may walk (patrol). ``client_id`` is made on the phone: the same
    check-in sent twice returns the first and credits nothing more. Points: the station's rule for a check-in, once
    per person, point and day (规范004). An optional ``photo`` is checked by its content (fengqiao.uploads: JPG,
    PNG, WebP, HEIC) before anything is written. Returns (check-in, created)."""
    checked_photo = uploads.check(photo, field="photo", kinds=uploads.PHOTOS, max_mb=PHOTO_MAX_MB) if photo else None
    try:
        client_uuid = uuid.UUID(str(client_id))
    except (TypeError, ValueError):
        raise ValidationError({"client_id": [_(errors.CHECKIN_ID)]}) from None
    existing = CheckIn.objects.filter(client_id=client_uuid).first()
    if existing is not None:
        if acting_user is not None and existing.user_id != acting_user.pk:
            raise ValidationError({"client_id": [_(errors.CHECKIN_ID)]})
        return existing, False
    route = point.route
    if acting_user is None or not patrol_route_reachable(acting_user, route):
        raise PermissionDenied(_(errors.POINT_SCOPE))
    if not route.is_active:
        raise ValidationError({"point": [_(errors.POINT_INACTIVE)]})
    now = timezone.now()
    checked_at = checked_at or now
    if checked_at > now:
        raise ValidationError({"checked_at": [_(errors.CHECKIN_FUTURE)]})
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                route=route,
                point=point,
                user=acting_user,
                checked_at=checked_at,
                client_id=client_uuid,
                note=_text(note)[:300],
            )
    except IntegrityError:  # the same id arrived twice at once: the other one won
        return CheckIn.objects.get(client_id=client_uuid), False
    if checked_photo is not None:
        CheckInPhoto.objects.create(checkin=checkin, **checked_photo.facts())
    log(
        acting_user,
        "checkin_record",
        "checkin",
        checkin.pk,
        f"巡逻签到：{route.name} · {point.name}" + ("（附照片）" if checked_photo else ""),
        checkin.scope_path,
    )
    unit = patrol_unit(acting_user)
    if unit is not None:
        day = timezone.localdate(checked_at)
        _credit(
            acting_user,
            unit,
            EntryKind.CHECKIN,
            number_value(points_code(EntryKind.CHECKIN), unit),
            source=("checkin_day", f"{point.pk}:{day.isoformat()}"),
            note=f"{route.name} · {point.name}",
            by=acting_user,
        )
    return checkin, True


# ---------------------------------------------------------------- points and the 积分超市 (规范004)


@transaction.atomic
def points_award(*, acting_user, user, kind: str, note: str, source_id: str = "") -> PointsEntry:
    """登记 points for help the rules cannot see (协助化解纠纷, 防范宣传) — manage_patrols over where the person
    serves; the amount is the station's rule, never typed in."""
    unit = patrol_unit(user)
    if unit is None or not _holds_team_role(user):
        raise ValidationError({"user": [_(errors.AWARD_USER)]})
    require(acting_user, Perm.MANAGE_PATROLS, unit.path)
    if kind not in AWARD_KINDS:
        choices = [(k, EntryKind(k).label) for k in AWARD_KINDS]
        raise ValidationError({"kind": [_(errors.AWARD_KIND).format(choices=_choices_text(choices))]})
    if not _text(note):
        raise ValidationError({"note": [_(errors.REQUIRED).format(label=_("说明"))]})
    source = ("award", _text(source_id) or uuid.uuid4().hex)
    entry = _credit(
        user, unit, kind, number_value(points_code(kind), unit), source=source, note=_text(note), by=acting_user
    )
    if entry is None:
        raise ValidationError({"source_id": [_(errors.FEEDBACK_DONE)]})
    return entry


@transaction.atomic
def store_item_save(
    *, acting_user, station: OrgUnit, name: str, cost, stock, item: StoreItem | None = None, is_active: bool = True
) -> StoreItem:
    """上架 or change an article of the station's 积分超市 (manage_patrols)."""
    if item is None:
        _unit_given(station, "station")
    require(acting_user, Perm.MANAGE_PATROLS, (item.org_unit if item else station).path)
    problems: dict[str, list[str]] = {}
    if not _text(name):
        _add(problems, "name", _(errors.REQUIRED).format(label=_("商品")))
    if not (isinstance(cost, int) and 1 <= cost <= 100_000):
        _add(problems, "cost", _(errors.ITEM_COST))
    if not (isinstance(stock, int) and 0 <= stock <= 100_000):
        _add(problems, "stock", _(errors.ITEM_STOCK))
    if item is None and station.kind != OrgUnitKind.STATION:
        _add(problems, "station", _(errors.NUMBER_UNIT))
    _raise(problems)
    if item is None:
        item = StoreItem.objects.create(org_unit=station, name=_text(name)[:100], cost=cost, stock=stock)
        action, summary = "store_item_create", f"积分超市上架“{item.name}”（{cost}积分，库存{stock}）"
    else:
        before = {"cost": item.cost, "stock": item.stock, "is_active": item.is_active}
        item.name, item.cost, item.stock, item.is_active = _text(name)[:100], cost, stock, is_active
        item.save(update_fields=["name", "cost", "stock", "is_active"])
        action, summary = "store_item_update", f"修改积分超市商品“{item.name}”（{cost}积分，库存{stock}）"
        log(acting_user, action, "store_item", item.pk, summary, item.scope_path, changes={"before": before})
        return item
    log(acting_user, action, "store_item", item.pk, summary, item.scope_path)
    return item


def store_reachable(user, item: StoreItem) -> bool:
    """A volunteer shops in the store of the station above them."""
    return any(prefix.startswith(item.scope_path) for prefix in scope_prefixes(user, Perm.PATROL))


@transaction.atomic
def redemption_make(*, acting_user, item: StoreItem, quantity: int = 1, now: datetime | None = None) -> Redemption:
    """兑换: a volunteer or grid worker spends their own points on an article of their station's store (patrol).
    Refused beyond the balance or the stock; the balance and the stock are read under lock."""
    unit = patrol_unit(acting_user) if acting_user is not None else None
    if unit is None or not store_reachable(acting_user, item):
        raise PermissionDenied(_(errors.NOT_PERMITTED))
    now = now or timezone.now()
    get_user_model().objects.select_for_update().filter(pk=acting_user.pk).first()
    item = StoreItem.objects.select_for_update().get(pk=item.pk)
    problems: dict[str, list[str]] = {}
    if not item.is_active:
        _add(problems, "item", _(errors.ITEM_INACTIVE))
    if not (isinstance(quantity, int) and 1 <= quantity <= 20):
        _add(problems, "quantity", _(errors.QUANTITY))
    _raise(problems)
    need, balance = item.cost * quantity, points_balance(acting_user)
    if item.stock < quantity:
        _add(problems, "quantity", _(errors.OUT_OF_STOCK).format(stock=item.stock))
    if need > balance:
        _add(problems, "quantity", _(errors.OVER_BALANCE).format(need=need, balance=balance))
    _raise(problems)
    ref = uuid.uuid4().hex
    entry = PointsEntry.objects.create(
        org_unit=unit,
        user=acting_user,
        kind=EntryKind.REDEMPTION,
        points=-need,
        balance_after=balance - need,
        source_type="redemption",
        source_id=ref,
        note=f"兑换{item.name}×{quantity}",
        created_by=acting_user,
    )
    item.stock -= quantity
    item.save(update_fields=["stock"])
    redemption = Redemption.objects.create(
        item=item, user=acting_user, quantity=quantity, points=need, entry=entry, redeemed_at=now
    )
    log(
        acting_user,
        "redemption_make",
        "redemption",
        redemption.pk,
        f"{acting_user.display_name}兑换{item.name}×{quantity}，消耗{need}积分",
        redemption.scope_path,
    )
    return redemption


@transaction.atomic
def redemption_hand_over(*, acting_user, redemption: Redemption, now: datetime | None = None) -> Redemption:
    require(acting_user, Perm.MANAGE_PATROLS, redemption.scope_path)
    if redemption.handed_over_at is not None:
        raise ValidationError(_(errors.HANDED_OVER))
    redemption.handed_over_at, redemption.handed_over_by = now or timezone.now(), acting_user
    redemption.save(update_fields=["handed_over_at", "handed_over_by"])
    log(
        acting_user,
        "redemption_hand_over",
        "redemption",
        redemption.pk,
        f"发放兑换商品{redemption.item.name}×{redemption.quantity}",
        redemption.scope_path,
    )
    return redemption


# ---------------------------------------------------------------- the grid worker's collection (第二十七条)


@transaction.atomic
def resident_report_submit(
    *,
    acting_user,
    org_unit: OrgUnit,
    kind: str,
    name: str,
    address_text: str = "",
    address=None,
    gender: str = "",
    id_number: str = "",
    phone: str = "",
    population_type: str = "",
    detail: str = "",
) -> ResidentReport:
    """网格员 report a new resident, a change or a departure (collect_residents); nothing enters the registry until
    the officer verifies it (第二十七条, 第二十九条)."""
    _unit_given(org_unit)
    require(acting_user, Perm.COLLECT_RESIDENTS, org_unit.path)
    problems: dict[str, list[str]] = {}
    if org_unit.kind not in (OrgUnitKind.GRID, OrgUnitKind.COMMUNITY):
        _add(problems, "org_unit", _(errors.REPORT_GRID))
    if kind not in ResidentReportKind.values:
        _add(
            problems,
            "kind",
            _(errors.CHOICE).format(label=_("报告类别"), choices=_choices_text(ResidentReportKind.choices)),
        )
    if not _text(name):
        _add(problems, "name", _(errors.REQUIRED).format(label=_("姓名")))
    if address is None and not _text(address_text):
        _add(problems, "address_text", _(errors.REQUIRED).format(label=_("居住地址")))
    if address is not None and not _address_ok(acting_user, address):
        _add(problems, "address", _(errors.ADDRESS_SCOPE))
    number = _text(id_number).upper()
    if number and not (len(number) == 18 and number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        _add(problems, "id_number", _(errors.ID_NUMBER))
    _raise(problems)
    report = ResidentReport.objects.create(
        org_unit=org_unit,
        kind=kind,
        name=_text(name)[:60],
        gender=_text(gender)[:10],
        id_number=number,
        phone=_text(phone)[:20],
        population_type=_text(population_type)[:20],
        address=address,
        address_text=(_text(address_text) or (address.full_text if address else ""))[:300],
        detail=_text(detail),
        reported_by=acting_user,
    )
    log(
        acting_user,
        "resident_report_submit",
        "resident_report",
        report.pk,
        f"网格员报告{report.get_kind_display()}（{report.name}），待民警核实",
        report.scope_path,
    )
    beat = beat_of(org_unit)
    if beat is not None:
        from tasks.services import beat_officer

        officer = beat_officer(beat)
        if officer is not None:
            message_send(
                recipient=officer,
                text=f"网格员报告{report.get_kind_display()}：{report.name}，请核实",
                key=f"resident-report-{report.pk}",
            )
    return report


def _require_pending(report: ResidentReport) -> None:
    if report.status != ReportStatus.PENDING:
        raise ValidationError(_(errors.REPORT_DECIDED))


@transaction.atomic
def resident_report_confirm(*, acting_user, report: ResidentReport, data: dict | None = None, note: str = ""):
    """核实 a grid worker's report (handle_leads + edit_registry over its beat). A new resident is registered through
    the registry's own service (its checks, findings and duplicate candidates apply); a change or departure is
    confirmed for the officer to make in the registry."""
    require(acting_user, Perm.HANDLE_LEADS, report.scope_path)
    require(acting_user, Perm.EDIT_REGISTRY, report.scope_path)
    _require_pending(report)
    resident = None
    if report.kind == ResidentReportKind.NEW:
        from registry.services import resident_create

        fields = {
            "name": report.name,
            "id_number": report.id_number,
            "gender": report.gender,
            "phone": report.phone,
            "population_type": report.population_type or "registered",
            "address_text": report.address.full_text if report.address else report.address_text,
        } | (data or {})
        resident = resident_create(acting_user=acting_user, data=fields, org_unit=beat_of(report.org_unit))
    report.status, report.decided_by, report.decided_at = ReportStatus.CONFIRMED, acting_user, timezone.now()
    report.decision_note, report.resident = _text(note)[:300], resident
    report.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "resident"])
    log(
        acting_user,
        "resident_report_decide",
        "resident_report",
        report.pk,
        f"核实网格员报告（{report.name}）：已核实入库",
        report.scope_path,
    )
    return report


@transaction.atomic
def resident_report_reject(*, acting_user, report: ResidentReport, note: str) -> ResidentReport:
    require(acting_user, Perm.HANDLE_LEADS, report.scope_path)
    _require_pending(report)
    if not _text(note):
        raise ValidationError({"note": [_(errors.REQUIRED).format(label=_("核实情况"))]})
    report.status, report.decided_by, report.decided_at = ReportStatus.REJECTED, acting_user, timezone.now()
    report.decision_note = _text(note)[:300]
    report.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    log(
        acting_user,
        "resident_report_decide",
        "resident_report",
        report.pk,
        f"核实网格员报告（{report.name}）：核实不符",
        report.scope_path,
    )
    return report


# ---------------------------------------------------------------- meetings (第二十五条, 第四十八条(四)(五)(六))


@transaction.atomic
def meeting_record(
    *,
    acting_user,
    org_unit: OrgUnit,
    kind: str,
    held_at: datetime | None,
    place: str,
    met_persons: str,
    attendees,
    topics: str,
    issues=(),
    issue_kind: str = LeadKind.SENTIMENT_VOICE,
    now: datetime | None = None,
) -> MeetingRecord:
    """记录 a beat meeting (handle_leads over the beat): it closes that period's open meeting task of the rules
    engine (``choices.MEETING_TASKS``: weekly 第二十五条, monthly 第四十八条(五), quarterly 第四十八条(六)) and
    each issue raised becomes a lead of channel 会议 with the meeting's 对象 (who attended), 时间, 地点 and the
    issue as 事件 (第四十六条). Nothing is written on invalid input."""
    from .choices import MEETING_TASKS

    _unit_given(org_unit)
    require(acting_user, Perm.HANDLE_LEADS, org_unit.path)
    now = now or timezone.now()
    issues = [_text(i) for i in (issues or []) if _text(i)]
    problems: dict[str, list[str]] = {}
    if org_unit.kind != OrgUnitKind.BEAT:
        _add(problems, "org_unit", _(errors.MEETING_UNIT))
    if kind not in MeetingKind.values:
        _add(problems, "kind", _(errors.MEETING_KIND).format(choices=_choices_text(MeetingKind.choices)))
    if held_at is None:
        _add(problems, "held_at", _(errors.REQUIRED).format(label=_("会议时间")))
    elif held_at > now:
        _add(problems, "held_at", _(errors.FUTURE).format(label=_("会议时间")))
    for field, label, value in (
        ("place", _("会议地点"), place),
        ("met_persons", _("参加人员"), met_persons),
        ("topics", _("会议议题"), topics),
    ):
        if not _text(value):
            _add(problems, field, _(errors.REQUIRED).format(label=label))
    if not (isinstance(attendees, int) and 1 <= attendees <= 100_000):
        _add(problems, "attendees", _(errors.ATTENDEES))
    if issues and issue_kind not in LeadKind.values:
        _add(problems, "issue_kind", _(errors.ISSUE_LEAD_KIND))
    _raise(problems)
    obligation, template, _source = MEETING_TASKS[kind]
    held_on = timezone.localdate(held_at)
    meeting = MeetingRecord.objects.create(
        org_unit=org_unit,
        kind=kind,
        held_at=held_at,
        place=_text(place)[:200],
        met_persons=_text(met_persons)[:200],
        attendees=attendees,
        topics=_text(topics),
        issues=issues,
        recorded_by=acting_user,
    )
    log(
        acting_user,
        "meeting_record",
        "meeting_record",
        meeting.pk,
        f"{meeting.get_kind_display()}：{held_on}，{attendees}人，提出问题{len(issues)}个",
        meeting.scope_path,
    )
    content = meeting.topics + ("\n" + _("提出的问题：") + "；".join(issues) if issues else "")
    done = standing_tasks_complete(
        acting_user=acting_user,
        record_type="beat",
        record_id=str(org_unit.pk),
        template=template,
        obligation=obligation,
        values={"met_persons": meeting.met_persons, "audience": attendees, "content": content},
        done_on=held_on,
        today=timezone.localdate(now),
    )
    if done:
        meeting.task = done[0]
        meeting.save(update_fields=["task"])
    for issue in issues:
        lead_report(
            acting_user=acting_user,
            org_unit=org_unit,
            kind=issue_kind,
            channel=Channel.MEETING,
            subject_text=meeting.met_persons,
            occurred_at=held_at,
            place_text=meeting.place,
            event=issue,
            meeting=meeting,
            now=now,
        )
    return meeting


# ---------------------------------------------------------------- questionnaires (第四十八条(七), 第三十五条(一))


def _questions_ok(questions) -> bool:
    if not isinstance(questions, list) or not questions:
        return False
    codes = set()
    for q in questions:
        if not isinstance(q, dict) or not _text(q.get("code")) or not _text(q.get("text")):
            return False
        choices = q.get("choices")
        if not isinstance(choices, list) or len(choices) < 2 or q["code"] in codes:
            return False
        if q.get("aware") is not None and q["aware"] not in [c[0] for c in choices]:
            return False
        codes.add(q["code"])
    return True


@transaction.atomic
def questionnaire_create(
    *, acting_user, org_unit: OrgUnit, title: str, questions: list[dict], source: str = ""
) -> Questionnaire:
    """设置 a questionnaire (第四十八条(七): 按照要求对群众代表进行问卷调查) — manage_patrols or handle_leads over the
    unit. ``questions``: [{code, text, choices: [[value, label], …], aware: value}] — a question with ``aware``
    asks whether the household knows its officer (第三十五条(一) 知晓率)."""
    _unit_given(org_unit)
    require(acting_user, Perm.HANDLE_LEADS, org_unit.path)
    problems: dict[str, list[str]] = {}
    if not _text(title):
        _add(problems, "title", _(errors.REQUIRED).format(label=_("问卷名称")))
    if not _questions_ok(questions):
        _add(problems, "questions", _(errors.QUESTIONS))
    _raise(problems)
    questionnaire = Questionnaire.objects.create(
        org_unit=org_unit, title=_text(title)[:100], source=_text(source)[:100], questions=questions
    )
    log(
        acting_user,
        "questionnaire_create",
        "questionnaire",
        questionnaire.pk,
        f"设置调查问卷“{questionnaire.title}”（{len(questions)}题）",
        questionnaire.scope_path,
    )
    return questionnaire


@transaction.atomic
def survey_answer_record(
    *,
    acting_user,
    questionnaire: Questionnaire,
    org_unit: OrgUnit,
    answered_on: date | None,
    answers: dict,
    respondent: str = "",
    visit: HouseholdVisit | None = None,
) -> SurveyAnswer:
    """记录 one answered questionnaire (handle_leads over the beat), on a household visit or at a survey. Every
    question must be answered with one of its choices; the answer to the 知晓 question is kept as ``aware``."""
    _unit_given(org_unit)
    require(acting_user, Perm.HANDLE_LEADS, org_unit.path)
    problems: dict[str, list[str]] = {}
    if not questionnaire.is_active:
        _add(problems, "questionnaire", _(errors.QUESTIONNAIRE_INACTIVE))
    if not org_unit.path.startswith(questionnaire.scope_path):
        _add(problems, "questionnaire", _(errors.QUESTIONNAIRE_SCOPE))
    if org_unit.kind != OrgUnitKind.BEAT:
        _add(problems, "org_unit", _(errors.UNIT_KIND))
    if visit is not None and not visit.scope_path.startswith(org_unit.path):
        _add(problems, "visit", _(errors.VISIT_SCOPE))
    if answered_on is None:
        _add(problems, "answered_on", _(errors.REQUIRED).format(label=_("调查日期")))
    elif answered_on > timezone.localdate():
        _add(problems, "answered_on", _(errors.FUTURE).format(label=_("调查日期")))
    kept, aware = {}, None
    for q in questionnaire.questions:
        value = _text((answers or {}).get(q["code"]))
        values = [c[0] for c in q["choices"]]
        if not value:
            _add(problems, f"q_{q['code']}", _(errors.ANSWER_MISSING).format(question=q["text"]))
        elif value not in values:
            choices = "、".join(c[1] for c in q["choices"])
            _add(problems, f"q_{q['code']}", _(errors.ANSWER_CHOICE).format(question=q["text"], choices=choices))
        else:
            kept[q["code"]] = value
            if q.get("aware") is not None:
                aware = value == q["aware"]
    _raise(problems)
    answer = SurveyAnswer.objects.create(
        org_unit=org_unit,
        questionnaire=questionnaire,
        visit=visit,
        respondent=_text(respondent)[:60],
        answered_on=answered_on,
        answers=kept,
        aware=aware,
        taken_by=acting_user,
    )
    log(
        acting_user,
        "survey_answer_record",
        "survey_answer",
        answer.pk,
        f"问卷“{questionnaire.title}”答卷（{answered_on}）",
        answer.scope_path,
    )
    return answer


# ---------------------------------------------------------------- route and team changes (第五十五条(二))


def _team_ok(team: PatrolTeam | None, unit: OrgUnit) -> bool:
    """A route's team serves its unit, a unit below it, or one above it up to the station."""
    if team is None:
        return True
    return unit.path.startswith(team.scope_path) or team.scope_path.startswith(unit.path)


@transaction.atomic
def patrol_route_update(
    *,
    acting_user,
    route: PatrolRoute,
    name: str,
    points: list[dict],
    must_lines: str = "",
    team: PatrolTeam | None = None,
    times_per_week: int | None = None,
    is_active: bool = True,
) -> PatrolRoute:
    """修改巡逻路线 (manage_patrols): name, 必巡线, team, how often, active; the points listed are kept (matched by
    name), new names are added, points no longer listed are dropped unless someone checked in there (then they
    stay, as 非必到点, so the check-ins keep their point)."""
    require(acting_user, Perm.MANAGE_PATROLS, route.scope_path)
    problems: dict[str, list[str]] = {}
    if not _text(name):
        _add(problems, "name", _(errors.REQUIRED).format(label=_("路线名称")))
    named = [p for p in points if _text(p.get("name"))]
    if not named:
        _add(problems, "points", _(errors.ROUTE_POINTS))
    if times_per_week is not None and not (1 <= times_per_week <= 100):
        _add(problems, "times_per_week", _(errors.NUMBER_VALUE).format(max=100))
    if not _team_ok(team, route.org_unit):
        _add(problems, "team", _(errors.TEAM_SCOPE))
    _raise(problems)
    before = {"name": route.name, "points": list(route.points.values_list("name", flat=True))}
    route.name, route.must_lines, route.team = _text(name)[:100], _text(must_lines), team
    route.times_per_week, route.is_active = times_per_week, is_active
    route.save(update_fields=["name", "must_lines", "team", "times_per_week", "is_active"])
    existing = {p.name: p for p in route.points.all()}
    wanted = [_text(p["name"])[:100] for p in named]
    for position, point_name in enumerate(wanted, start=1):
        point = existing.get(point_name)
        if point is None:
            PatrolPoint.objects.create(route=route, name=point_name, position=position, is_must_visit=True)
        else:
            point.position, point.is_must_visit = position, True
            point.save(update_fields=["position", "is_must_visit"])
    for point_name, point in existing.items():
        if point_name in wanted:
            continue
        if point.checkins.exists():
            point.is_must_visit, point.position = False, len(wanted) + 1
            point.save(update_fields=["is_must_visit", "position"])
        else:
            point.delete()
    log(
        acting_user,
        "patrol_route_update",
        "patrol_route",
        route.pk,
        f"修改巡逻路线“{route.name}”（{len(wanted)}个必到点）",
        route.scope_path,
        changes={"before": before, "points": wanted},
    )
    return route


def _members_ok(acting_user, members, unit: OrgUnit) -> bool:
    from accounts.models import RoleAssignment

    for member in members:
        rows = RoleAssignment.objects.filter(user=member, role__in=TEAM_ROLES)
        if not any(
            r.org_unit.path.startswith(unit.path) or unit.path.startswith(r.org_unit.path)
            for r in rows.select_related("org_unit")
        ):
            return False
    return True


@transaction.atomic
def patrol_team_save(
    *,
    acting_user,
    name: str,
    org_unit: OrgUnit | None = None,
    leader_name: str = "",
    members=(),
    team: PatrolTeam | None = None,
) -> PatrolTeam:
    """组建 or change a patrol team (manage_patrols): its members are grid workers or volunteers of its unit (or of
    the units below or above it)."""
    unit = team.org_unit if team is not None else org_unit
    _unit_given(unit)
    require(acting_user, Perm.MANAGE_PATROLS, unit.path)
    problems: dict[str, list[str]] = {}
    if not _text(name):
        _add(problems, "name", _(errors.REQUIRED).format(label=_("巡逻队名称")))
    if team is None and unit.kind not in (*LEAD_UNIT_KINDS, OrgUnitKind.STATION):
        _add(problems, "org_unit", _(errors.ROUTE_UNIT))
    members = list(members or [])
    if not _members_ok(acting_user, members, unit):
        _add(problems, "members", _(errors.TEAM_MEMBERS))
    _raise(problems)
    if team is None:
        team = PatrolTeam.objects.create(org_unit=unit, name=_text(name)[:100], leader_name=_text(leader_name)[:60])
        action, summary = "patrol_team_create", f"组建巡逻队“{team.name}”（{len(members)}人）"
    else:
        team.name, team.leader_name = _text(name)[:100], _text(leader_name)[:60]
        team.save(update_fields=["name", "leader_name"])
        action, summary = "patrol_team_update", f"修改巡逻队“{team.name}”（{len(members)}人）"
    team.members.set(members)
    log(acting_user, action, "patrol_team", team.pk, summary, team.scope_path)
    return team
