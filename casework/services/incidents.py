"""State changes of incidents (案事件, 规范001 第七十七条至第八十五条、第八十八条) — one function each, keyword-only,
one transaction, on the operation log. 情指中心/综合指挥室 push (push_incidents); the beat's officers and
auxiliaries record the work (record_incidents). Every change that moves a clock calls ``rules_recompute_record``.

The case itself lives in 警综: an incident here keeps its number and the 立案/结案 dates, and the community
officer's own duties — arrival (第八十一条(一)), the people involved and their verification (第七十九条(三)), the
on-scene log (第七十九条, 第八十四条), follow-ups (第八十条) and the notices of a preventable case (第八十条(四)).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from audit.services import personal_record_read
from org.models import OrgUnit, OrgUnitKind
from registry.services import address_resolve
from rules.services import rules_recompute_record
from tasks.models import TaskKind
from tasks.services import beat_officer, message_send, standing_tasks_complete, task_issue

from .. import errors
from ..choices import (
    ACCIDENT_STEPS,
    CASE_KINDS,
    FOLLOW_UP_ITEMS,
    INCIDENT_NOTICE_KINDS,
    INCIDENT_SUBKINDS,
    PUSHED_SOURCES,
    SCENE_STEPS,
    SUBKIND_LABELS,
    FollowUpKind,
    IncidentKind,
    IncidentSource,
    IncidentStatus,
    PersonRole,
    RiskLevel,
)
from ..models import Incident, IncidentFollowUp, IncidentPerson, IncidentSceneEntry
from .common import log, now_or, require, today_or
from .disputes import SATISFACTION, _choices_text

RECORD_TYPE = "incident"
PERSON_RECORD_TYPE = "incident_person"
OBJECT_TYPE = "incident"
PERSON_OBJECT_TYPE = "incident_person"
FOLLOW_UP_FILED = "art80_incident_follow_up_filed"
FOLLOW_UP_CLOSED = "art80_incident_follow_up_closed"
FOLLOW_UP_LOCAL_3_DAYS = "local002_incident_follow_up_3_days"
CONTACT_FOLLOW_UP = "art77_no_scene_contact_follow_up"
COLLECTION = "art79_3_incident_person_collection"
# Which open tasks a follow-up of each kind completes (the 002 three-day row is off unless switched on).
FOLLOW_UP_OBLIGATIONS = {
    FollowUpKind.AFTER_FILING: (FOLLOW_UP_FILED, FOLLOW_UP_LOCAL_3_DAYS),
    FollowUpKind.AFTER_CLOSING: (FOLLOW_UP_CLOSED,),
    FollowUpKind.CONTACT: (CONTACT_FOLLOW_UP,),
    FollowUpKind.OTHER: (),
}
STEP_LABELS = {s["code"]: s["label"] for s in SCENE_STEPS}
FRAUD = "fraud"


def _recompute(acting_user, incident: Incident, today: date | None = None) -> None:
    rules_recompute_record(
        acting_user=acting_user, record_type=RECORD_TYPE, record_id=incident.record_id, as_of=today_or(today)
    )


def _recompute_person(acting_user, person: IncidentPerson, today: date | None = None) -> None:
    rules_recompute_record(
        acting_user=acting_user, record_type=PERSON_RECORD_TYPE, record_id=str(person.pk), as_of=today_or(today)
    )


def require_open(incident: Incident, action: str) -> None:
    if incident.status != IncidentStatus.OPEN:
        raise ValidationError(_(errors.INCIDENT_CLOSED).format(action=action), code="status")


def _incident_problems(*, beat, kind, subkind, summary, place_text, reported_at, occurred_at, now) -> dict:
    problems: dict[str, list[str]] = {}
    if beat is None or beat.kind != OrgUnitKind.BEAT:
        problems["beat"] = [_(errors.INCIDENT_BEAT_KIND)]
    if kind not in IncidentKind.values:
        problems["kind"] = [_(errors.CHOICE).format(label=_("案事件类别"), choices=_choices_text(IncidentKind.choices))]
    elif subkind not in dict(INCIDENT_SUBKINDS[kind]):
        problems["subkind"] = [
            _(errors.SUBKIND_OF_KIND).format(
                subkind=SUBKIND_LABELS.get(subkind, subkind or "—"),
                kind=IncidentKind(kind).label,
                choices=_choices_text(INCIDENT_SUBKINDS[kind]),
            )
        ]
    if not (summary or "").strip():
        problems["summary"] = [_(errors.REQUIRED).format(label=_("简要案情"))]
    if not (place_text or "").strip():
        problems["place_text"] = [_(errors.REQUIRED).format(label=_("发生地点"))]
    if reported_at is None:
        problems["reported_at"] = [_(errors.REQUIRED).format(label=_("接报时间"))]
    elif reported_at > now:
        problems["reported_at"] = [_(errors.DATE_FUTURE).format(label=_("接报时间"))]
    if occurred_at and reported_at and occurred_at > reported_at:
        problems["occurred_at"] = [_(errors.DATE_ORDER).format(later=_("接报时间"), earlier=_("发生时间"))]
    return problems


def _create(acting_user, *, beat, place_text, summary, **fields) -> Incident:
    resolution = address_resolve(acting_user=None, text=place_text.strip(), default_unit=beat)
    return Incident.objects.create(
        beat=beat,
        summary=summary.strip(),
        place_text=place_text.strip()[:300],
        address=resolution.address if not resolution.rejected else None,
        recorded_by=acting_user,
        **fields,
    )


@transaction.atomic
def incident_push(
    *,
    acting_user,
    beat: OrgUnit,
    kind: str,
    subkind: str,
    source: str,
    summary: str,
    place_text: str,
    reported_at: datetime | None,
    has_scene: bool = True,
    occurred_at: datetime | None = None,
    now: datetime | None = None,
) -> Incident:
    """情指中心/综合指挥室 push an incident of the beat to its community officer (第七十七条第三款, 第一百零四条第三款)
    — push_incidents over the beat. The officer is told at once in 消息中心; an emergency says "立即携带可用救援器材
    赶到现场" (第八十八条). The arrival limit counts from now (dispatched_at). Nothing is written on invalid input."""
    require(acting_user, Perm.PUSH_INCIDENTS, beat.path)
    now = now_or(now)
    problems = _incident_problems(
        beat=beat,
        kind=kind,
        subkind=subkind,
        summary=summary,
        place_text=place_text,
        reported_at=reported_at,
        occurred_at=occurred_at,
        now=now,
    )
    if source not in PUSHED_SOURCES:
        problems["source"] = [_(errors.PUSH_SOURCE)]
    officer = beat_officer(beat) if "beat" not in problems else None
    if officer is None and "beat" not in problems:
        problems["beat"] = [_(errors.NO_OFFICER)]
    if problems:
        raise ValidationError(problems, code="invalid")
    incident = _create(
        acting_user,
        beat=beat,
        kind=kind,
        subkind=subkind,
        source=source,
        summary=summary,
        place_text=place_text,
        reported_at=reported_at,
        occurred_at=occurred_at,
        has_scene=has_scene,
        dispatched_at=now,
        pushed_by=acting_user,
        officer=officer,
    )
    if kind == IncidentKind.EMERGENCY:
        text = _(
            "紧急求助（%(what)s）：请立即携带可用救援器材赶到现场，开展紧急救助并及时报告（第八十八条）。%(place)s"
        )
    elif has_scene:
        text = _("案事件推送（%(what)s）：请到达现场参与先期处置（第七十七条）。%(place)s")
    else:
        text = _(
            "案事件推送（%(what)s）：无现场，请尽快了解情况并联系受害人或当事人回访（第七十七条第二款）。%(place)s"
        )
    message_send(
        recipient=officer,
        text=text % {"what": incident.get_subkind_display(), "place": incident.place_text[:60]},
        key=f"incident_push:{incident.pk}",
    )
    log(
        acting_user,
        "incident_push",
        OBJECT_TYPE,
        incident.pk,
        f"推送{incident.label}至{beat.name}社区民警{officer}",
        beat.path,
    )
    _recompute(acting_user, incident, timezone.localdate(now))
    return incident


@transaction.atomic
def incident_record(
    *,
    acting_user,
    beat: OrgUnit,
    kind: str,
    subkind: str,
    summary: str,
    place_text: str,
    reported_at: datetime | None,
    source: str = IncidentSource.OFFICER,
    has_scene: bool = True,
    occurred_at: datetime | None = None,
    arrived_at: datetime | None = None,
    now: datetime | None = None,
) -> Incident:
    """录入案事件 the officer found or a resident reported (record_incidents over the beat). A case with no scene
    starts the contact follow-up clock (第七十七条第二款)."""
    require(acting_user, Perm.RECORD_INCIDENTS, beat.path)
    now = now_or(now)
    problems = _incident_problems(
        beat=beat,
        kind=kind,
        subkind=subkind,
        summary=summary,
        place_text=place_text,
        reported_at=reported_at,
        occurred_at=occurred_at,
        now=now,
    )
    if source in PUSHED_SOURCES or source not in IncidentSource.values:
        problems["source"] = [_(errors.RECORD_SOURCE)]
    problems.update(_arrival_problems(arrived_at, reported_at, now, has_scene))
    if problems:
        raise ValidationError(problems, code="invalid")
    incident = _create(
        acting_user,
        beat=beat,
        kind=kind,
        subkind=subkind,
        source=source,
        summary=summary,
        place_text=place_text,
        reported_at=reported_at,
        occurred_at=occurred_at,
        has_scene=has_scene,
        arrived_at=arrived_at if has_scene else None,
        officer=acting_user,
    )
    log(acting_user, "incident_record", OBJECT_TYPE, incident.pk, f"录入{incident.label}", beat.path)
    _recompute(acting_user, incident, timezone.localdate(now))
    return incident


def _arrival_problems(arrived_at, start, now, has_scene) -> dict:
    if arrived_at is None:
        return {}
    if not has_scene:
        return {"arrived_at": [_(errors.NO_SCENE)]}
    if arrived_at > now:
        return {"arrived_at": [_(errors.DATE_FUTURE).format(label=_("到场时间"))]}
    # Forms give minutes: an arrival entered in the minute of the push is not "before" it.
    if start and arrived_at < start.replace(second=0, microsecond=0):
        return {"arrived_at": [_(errors.DATE_ORDER).format(later=_("到场时间"), earlier=_("接报/推送时间"))]}
    return {}


@transaction.atomic
def incident_arrive(*, acting_user, incident: Incident, arrived_at: datetime | None, now=None) -> Incident:
    """到场: the time the officer reached the scene (第七十七条 "必到现场"; 第八十一条(一) measures it against the
    station's limit for the kind)."""
    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    now = now_or(now)
    if incident.arrived_at is not None:
        raise ValidationError({"arrived_at": [_(errors.ARRIVED_ALREADY)]}, code="arrived")
    if arrived_at is None:
        raise ValidationError({"arrived_at": [_(errors.REQUIRED).format(label=_("到场时间"))]}, code="invalid")
    problems = _arrival_problems(arrived_at, incident.dispatched_at or incident.reported_at, now, incident.has_scene)
    if problems:
        raise ValidationError(problems, code="invalid")
    incident.arrived_at = arrived_at
    incident.save(update_fields=["arrived_at", "updated_at"])
    log(
        acting_user,
        "incident_arrive",
        OBJECT_TYPE,
        incident.pk,
        f"到达现场（{timezone.localtime(arrived_at):%Y-%m-%d %H:%M}）",
        incident.beat.path,
    )
    return incident


# ---------------------------------------------------------------- people involved (第七十九条(三))


@transaction.atomic
def incident_person_add(*, acting_user, incident: Incident, person: dict, today: date | None = None) -> IncidentPerson:
    """Add a victim, suspect, party or relative: linked to a registry resident, or — unknown to the registry — with
    a collection task for the beat's officer (实有人口采集, rule art79_3_incident_person_collection)."""
    from registry.models import PopulationType, Resident

    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    today = today_or(today)
    resident = person.get("resident")
    problems: dict[str, list[str]] = {}
    if resident is None and not (person.get("name") or "").strip():
        problems["name"] = [_(errors.PERSON_NAME)]
    if resident is not None and acting_user is not None:
        if not Resident.objects.visible_to(acting_user, perm=Perm.VIEW_REGISTRY).filter(pk=resident.pk).exists():
            problems["resident"] = [_(errors.PERSON_RESIDENT_SCOPE)]
    if person.get("role") not in PersonRole.values:
        problems["role"] = [_(errors.CHOICE).format(label=_("身份"), choices=_choices_text(PersonRole.choices))]
    if problems:
        raise ValidationError(problems, code="invalid")
    created = IncidentPerson.objects.create(
        incident=incident,
        resident=resident,
        name=(person.get("name") or "").strip()[:60] or resident.name,
        phone=(person.get("phone") or "").strip()[:20] or (resident.phone if resident else ""),
        role=person["role"],
        is_foreign=bool(person.get("is_foreign"))
        or bool(resident and resident.population_type == PopulationType.FOREIGN),
        note=(person.get("note") or "").strip()[:200],
        added_on=today,
    )
    log(
        acting_user,
        "incident_person_add",
        OBJECT_TYPE,
        incident.pk,
        f"添加{created.get_role_display()}" + ("（已关联实有人口）" if resident else "（未登记，生成采集任务）"),
        incident.beat.path,
    )
    if resident is None:
        _recompute_person(acting_user, created, today)
    return created


@transaction.atomic
def incident_person_link(*, acting_user, person: IncidentPerson, resident, today: date | None = None) -> IncidentPerson:
    """关联实有人口: the person was found in (or collected into) the registry; their collection task is done."""
    from registry.models import PopulationType, Resident

    incident = person.incident
    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    today = today_or(today)
    if person.resident_id:
        raise ValidationError({"resident": [_(errors.PERSON_LINKED)]}, code="linked")
    if acting_user is not None and not (
        Resident.objects.visible_to(acting_user, perm=Perm.VIEW_REGISTRY).filter(pk=resident.pk).exists()
    ):
        raise ValidationError({"resident": [_(errors.PERSON_RESIDENT_SCOPE)]}, code="scope")
    person.resident = resident
    person.is_foreign = person.is_foreign or resident.population_type == PopulationType.FOREIGN
    person.save(update_fields=["resident", "is_foreign", "updated_at"])
    standing_tasks_complete(
        acting_user=acting_user,
        record_type=PERSON_RECORD_TYPE,
        record_id=str(person.pk),
        template="person_collection",
        values={"result": f"已关联实有人口（编号{resident.pk}）"},
        done_on=today,
        today=today,
        obligation=COLLECTION,
    )
    log(
        acting_user,
        "incident_person_link",
        OBJECT_TYPE,
        incident.pk,
        f"{person.get_role_display()}关联实有人口（编号{resident.pk}）",
        incident.beat.path,
    )
    _recompute_person(acting_user, person, today)
    return person


@transaction.atomic
def incident_person_verify(*, acting_user, person: IncidentPerson, now: datetime | None = None) -> IncidentPerson:
    """核实涉案人、当事人及其关系人基本情况 (第七十九条(三); 第八十一条(二) counts it)."""
    incident = person.incident
    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    if person.verified:
        raise ValidationError(_(errors.PERSON_VERIFIED), code="verified")
    person.verified, person.verified_at, person.verified_by = True, now_or(now), acting_user
    person.save(update_fields=["verified", "verified_at", "verified_by", "updated_at"])
    log(
        acting_user,
        "incident_person_verify",
        OBJECT_TYPE,
        incident.pk,
        f"核实{person.get_role_display()}基本情况",
        incident.beat.path,
    )
    return person


@transaction.atomic
def incident_dissuasion_instruct(
    *, acting_user, person: IncidentPerson, due_on: date | None, note: str = ""
) -> IncidentPerson:
    """根据指令对涉电信网络诈骗受害人进行见面劝阻 (第七十七条第二款): 情指中心/综合指挥室 (push_incidents and
    issue_command_tasks) give the beat's officer a command task to meet the victim, with a deadline."""
    incident = person.incident
    require(acting_user, Perm.PUSH_INCIDENTS, incident.beat.path)
    if incident.subkind != FRAUD or person.role != PersonRole.VICTIM:
        raise ValidationError({"person": [_(errors.DISSUASION_NOT_FRAUD)]}, code="not_fraud")
    if person.dissuasion_task_id:
        raise ValidationError({"person": [_(errors.DISSUASION_TWICE)]}, code="twice")
    if due_on is None:
        raise ValidationError({"due_on": [_(errors.REQUIRED).format(label=_("劝阻期限"))]}, code="invalid")
    officer = beat_officer(incident.beat)
    task = task_issue(
        acting_user=acting_user,
        kind=TaskKind.COMMAND,
        title=f"见面劝阻电信网络诈骗受害人（案事件编号{incident.pk}）",
        description=(note.strip() or "按指令与受害人见面劝阻，防止再次被骗。"),
        org_unit=incident.beat,
        assignee=officer,
        due_on=due_on,
        source="规范001 第七十七条第二款",
        template_code="fraud_dissuasion",
        record=(RECORD_TYPE, incident.record_id, incident.label),
    )
    person.dissuasion_task = task
    person.save(update_fields=["dissuasion_task", "updated_at"])
    log(
        acting_user,
        "incident_dissuasion_instruct",
        OBJECT_TYPE,
        incident.pk,
        f"下达见面劝阻指令（{due_on:%Y-%m-%d}前）",
        incident.beat.path,
    )
    return person


# ---------------------------------------------------------------- on scene (第七十九条, 第八十四条)


@transaction.atomic
def incident_scene_record(
    *, acting_user, incident: Incident, step: str, note: str, done_at: datetime | None = None, now=None
) -> IncidentSceneEntry:
    """One line of the on-scene log: a duty of 第七十九条(一)–(五), or for an accident a first-response step of
    第八十四条(一)–(五) (all five must be on the log before the accident closes)."""
    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    require_open(incident, _("记录现场处置"))
    now = now_or(now)
    done_at = done_at or now
    problems: dict[str, list[str]] = {}
    if step not in STEP_LABELS:
        problems["step"] = [_(errors.CHOICE).format(label=_("处置工作"), choices="、".join(STEP_LABELS.values()))]
    elif step in ACCIDENT_STEPS and incident.kind != IncidentKind.ACCIDENT:
        problems["step"] = [_(errors.STEP_ACCIDENT_ONLY).format(step=STEP_LABELS[step])]
    if not (note or "").strip():
        problems["note"] = [_(errors.REQUIRED).format(label=_("情况"))]
    if done_at > now:
        problems["done_at"] = [_(errors.DATE_FUTURE).format(label=_("时间"))]
    elif done_at < incident.reported_at:
        problems["done_at"] = [_(errors.DATE_ORDER).format(later=_("时间"), earlier=_("接报时间"))]
    if problems:
        raise ValidationError(problems, code="invalid")
    entry = IncidentSceneEntry.objects.create(
        incident=incident, step=step, done_at=done_at, note=note.strip(), recorded_by=acting_user
    )
    log(
        acting_user,
        "incident_scene_record",
        OBJECT_TYPE,
        incident.pk,
        f"现场处置：{entry.get_step_display()}",
        incident.beat.path,
    )
    return entry


def missing_accident_steps(incident: Incident) -> list[str]:
    if incident.kind != IncidentKind.ACCIDENT:
        return []
    done = set(incident.scene_entries.values_list("step", flat=True))
    return [code for code in ACCIDENT_STEPS if code not in done]


# ---------------------------------------------------------------- 立案 and 办结


@transaction.atomic
def incident_file(
    *, acting_user, incident: Incident, filed_on: date | None, case_number: str, today: date | None = None
) -> Incident:
    """登记立案 (from 警综): the after-filing follow-up falls due within a week (第八十条)."""
    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    today = today_or(today)
    problems: dict[str, list[str]] = {}
    if incident.kind not in CASE_KINDS:
        problems["filed_on"] = [_(errors.FILE_ONLY_CASES)]
    elif incident.filed_on is not None:
        problems["filed_on"] = [_(errors.FILED_ALREADY)]
    elif filed_on is None:
        problems["filed_on"] = [_(errors.REQUIRED).format(label=_("立案日期"))]
    elif filed_on > today:
        problems["filed_on"] = [_(errors.DATE_FUTURE).format(label=_("立案日期"))]
    elif filed_on < timezone.localdate(incident.reported_at):
        problems["filed_on"] = [_(errors.DATE_ORDER).format(later=_("立案日期"), earlier=_("接报日期"))]
    if not (case_number or "").strip():
        problems["case_number"] = [_(errors.CASE_NUMBER)]
    if problems:
        raise ValidationError(problems, code="invalid")
    incident.filed_on, incident.case_number = filed_on, case_number.strip()[:60]
    incident.save(update_fields=["filed_on", "case_number", "updated_at"])
    log(
        acting_user,
        "incident_file",
        OBJECT_TYPE,
        incident.pk,
        f"登记立案（{filed_on:%Y-%m-%d}，警综编号{incident.case_number}）",
        incident.beat.path,
    )
    _recompute(acting_user, incident, today)
    return incident


@transaction.atomic
def incident_close(
    *, acting_user, incident: Incident, closed_on: date | None, result: str, today: date | None = None
) -> Incident:
    """办结: a case's 结案 (then the after-closing follow-up, 第八十条), or the end of the handling of an accident
    (only with the five 第八十四条 steps on the log), a mass incident or an emergency."""
    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    require_open(incident, _("办结"))
    today = today_or(today)
    problems: dict[str, list[str]] = {}
    if closed_on is None:
        problems["closed_on"] = [_(errors.REQUIRED).format(label=_("办结日期"))]
    elif closed_on > today:
        problems["closed_on"] = [_(errors.DATE_FUTURE).format(label=_("办结日期"))]
    elif closed_on < (incident.filed_on or timezone.localdate(incident.reported_at)):
        problems["closed_on"] = [_(errors.DATE_ORDER).format(later=_("办结日期"), earlier=_("立案/接报日期"))]
    if incident.kind in CASE_KINDS and incident.filed_on is None:
        problems["closed_on"] = [_(errors.CLOSE_NOT_FILED)]
    missing = missing_accident_steps(incident)
    if missing:
        problems["steps"] = [_(errors.CLOSE_ACCIDENT_STEPS).format(missing="、".join(STEP_LABELS[m] for m in missing))]
    if not (result or "").strip():
        problems["result"] = [_(errors.REQUIRED).format(label=_("办结情况"))]
    if problems:
        raise ValidationError(problems, code="invalid")
    incident.status, incident.closed_on, incident.result = IncidentStatus.CLOSED, closed_on, result.strip()
    incident.save(update_fields=["status", "closed_on", "result", "updated_at"])
    log(
        acting_user,
        "incident_close",
        OBJECT_TYPE,
        incident.pk,
        f"{'结案' if incident.kind in CASE_KINDS else '处置完毕'}（{closed_on:%Y-%m-%d}）",
        incident.beat.path,
    )
    _recompute(acting_user, incident, today)
    return incident


# ---------------------------------------------------------------- follow-ups (第八十条) and notices (第八十条(四))


def _follow_up_kind_problem(incident: Incident, kind: str) -> str | None:
    if kind not in FollowUpKind.values:
        return _(errors.CHOICE).format(label=_("回访类别"), choices=_choices_text(FollowUpKind.choices))
    why = None
    if kind == FollowUpKind.AFTER_FILING and incident.filed_on is None:
        why = _(errors.FOLLOW_UP_NOT_FILED)
    elif kind == FollowUpKind.AFTER_CLOSING and (incident.filed_on is None or incident.closed_on is None):
        why = _(errors.FOLLOW_UP_NOT_CLOSED)
    elif kind == FollowUpKind.CONTACT and incident.has_scene:
        why = _(errors.FOLLOW_UP_HAS_SCENE)
    return _(errors.FOLLOW_UP_KIND).format(kind=FollowUpKind(kind).label, why=why) if why else None


@transaction.atomic
def incident_follow_up_record(
    *,
    acting_user,
    incident: Incident,
    kind: str,
    visited_on: date | None,
    visited: str,
    content: str,
    risk_level: str,
    satisfaction: str,
    items=(),
    preventable: bool = False,
    today: date | None = None,
) -> IncidentFollowUp:
    """回访受害人或者当事人 (第八十条, its five contents; 第七十七条第二款 for a case with no scene): completes the open
    follow-up task of its kind, recorded in the module as the article asks ("及时录入社区警务工作模块")."""
    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    today = today_or(today)
    items = list(dict.fromkeys(items))
    problems: dict[str, list[str]] = {}
    if problem := _follow_up_kind_problem(incident, kind):
        problems["kind"] = [problem]
    if visited_on is None:
        problems["visited_on"] = [_(errors.REQUIRED).format(label=_("回访日期"))]
    elif visited_on > today:
        problems["visited_on"] = [_(errors.DATE_FUTURE).format(label=_("回访日期"))]
    elif visited_on < timezone.localdate(incident.reported_at):
        problems["visited_on"] = [_(errors.DATE_ORDER).format(later=_("回访日期"), earlier=_("接报日期"))]
    for name, label, value in (("visited", _("回访对象"), visited), ("content", _("回访情况"), content)):
        if not (value or "").strip():
            problems[name] = [_(errors.REQUIRED).format(label=label)]
    unknown = [i for i in items if i not in dict(FOLLOW_UP_ITEMS)]
    if unknown:
        problems["items"] = [_(errors.FOLLOW_UP_ITEM).format(code=unknown[0])]
    if risk_level not in RiskLevel.values:
        problems["risk_level"] = [
            _(errors.CHOICE).format(label=_("风险等级评估"), choices=_choices_text(RiskLevel.choices))
        ]
    if satisfaction not in dict(SATISFACTION):
        problems["satisfaction"] = [_(errors.CHOICE).format(label=_("满意度"), choices=_choices_text(SATISFACTION))]
    if problems:
        raise ValidationError(problems, code="invalid")
    follow_up = IncidentFollowUp.objects.create(
        incident=incident,
        kind=kind,
        visited_on=visited_on,
        visited=visited.strip()[:100],
        items=items,
        content=content.strip(),
        risk_level=risk_level,
        satisfaction=satisfaction,
        preventable=preventable,
        recorded_by=acting_user,
    )
    completed = []
    for code in FOLLOW_UP_OBLIGATIONS[kind]:
        completed += standing_tasks_complete(
            acting_user=acting_user,
            record_type=RECORD_TYPE,
            record_id=incident.record_id,
            template="follow_up",
            values={"visited": follow_up.visited, "satisfaction": satisfaction, "content": follow_up.content[:2000]},
            done_on=visited_on,
            today=today,
            obligation=code,
        )
    follow_up.completed_tasks = completed
    log(
        acting_user,
        "incident_follow_up_record",
        OBJECT_TYPE,
        incident.pk,
        f"{follow_up.get_kind_display()}（{visited_on:%Y-%m-%d}）" + ("，完成回访任务" if completed else ""),
        incident.beat.path,
    )
    return follow_up


@transaction.atomic
def incident_notice_issue(
    *,
    acting_user,
    incident: Incident,
    kind: str,
    recipient: str,
    facts: str,
    advice: str,
    address: str = "",
    deadline: date | None = None,
    today: date | None = None,
):
    """可防性案件分析 → 整改通知书、预警建议书或公安提示函 to the department or unit concerned (第八十条(四)),
    numbered and printed through the shared notice pipeline (inspections.notices)."""
    from inspections.notices import notice_issue

    require(acting_user, Perm.RECORD_INCIDENTS, incident.beat.path)
    today = today_or(today)
    problems: dict[str, list[str]] = {}
    if kind not in dict(INCIDENT_NOTICE_KINDS):
        problems["kind"] = [_(errors.NOTICE_KIND).format(choices=_choices_text(INCIDENT_NOTICE_KINDS))]
    if not (recipient or "").strip():
        problems["recipient"] = [_(errors.NOTICE_RECIPIENT)]
    if not (facts or "").strip() or not (advice or "").strip():
        problems["advice"] = [_(errors.NOTICE_FACTS)]
    if deadline is not None and deadline < today:
        problems["deadline"] = [_(errors.DEADLINE_PAST)]
    if problems:
        raise ValidationError(problems, code="invalid")
    notice = notice_issue(
        acting_user=acting_user,
        kind=kind,
        org_unit=incident.beat,
        subject=(RECORD_TYPE, incident.pk),
        recipient=recipient.strip(),
        address=address.strip(),
        content={"facts": facts.strip(), "advice": advice.strip()},
        deadline=deadline,
        legal_basis="规范001 第八十条(四)",
        dated=today,
    )
    log(
        acting_user,
        "incident_notice_issue",
        OBJECT_TYPE,
        incident.pk,
        f"可防性案件分析，制发{dict(INCIDENT_NOTICE_KINDS)[kind]}{notice.number}",
        incident.beat.path,
    )
    return notice


# ---------------------------------------------------------------- reads on the trail


def incident_read(*, acting_user, incident: Incident, unmask: bool = False, channel: str = "web") -> bool:
    """Opening an incident shows the people involved: one 访问留痕 row per person (and one per unmasked person when
    the user may unmask). Returns whether phones may be shown unmasked."""
    unmasked = False
    for person in incident.people.all():
        unmasked = personal_record_read(
            acting_user=acting_user,
            object_type=PERSON_OBJECT_TYPE,
            object_id=person.pk,
            object_label=f"{person.name}（案事件{incident.pk}）",
            scope_path=incident.beat.path,
            unmask=unmask,
            channel=channel,
        )
    return unmasked
