"""State changes of the three-colour alerts (规范003 服务机制(一)) — one function each, keyword-only, one
transaction, on the operation log.

Raising an alert starts its clocks through the rules engine (``alerts.adapters``): the engine dispatches the
red alert's one-hour response and five-day closing tasks, or the yellow alert's 24-hour work order, to the beat's
officer; a clock missed is told to the station lead by the tasks' reminder job (escalation 0 days after the due
time). Responding and closing complete those tasks (``tasks.services.standing_tasks_complete``). A red alert
cannot close with fewer than three linked departments; an orange alert cannot close before its “双随机” plan is
drawn, and each draw is a task.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import Perm, Role
from accounts.scope import path_covered
from audit.services import operation_log_write
from org.models import OrgUnit, OrgUnitKind, path_prefixes
from rules.calendar import due_within
from rules.services import rules_recompute_record
from tasks.models import TaskKind
from tasks.services import beat_officer, message_send, standing_tasks_complete, task_issue

from . import errors
from .adapters import RECORD_TYPE
from .models import (
    Alert,
    AlertDepartment,
    AlertSetting,
    AlertStatus,
    Colour,
    Population,
    Purpose,
    RaisedBy,
    SamplingDraw,
    SamplingPlan,
    SourceKind,
)
from .rules import CHECK_RATE, MIN_DEPARTMENTS, SETTING_BY_CODE, VISIT_RATE

RESPONSE_TEMPLATE = "alert_response"
RED_RESPONSE, RED_CLOSE, YELLOW_CLOSE = "alert_red_response", "alert_red_close", "alert_yellow_close"
CLOSE_OBLIGATION = {Colour.RED: RED_CLOSE, Colour.YELLOW: YELLOW_CLOSE}
# Which role raised it, strongest first (a user holding several roles raises in the name of the highest).
RAISER_ROLES = (
    (Role.CONTROL_CENTRE, RaisedBy.CONTROL_CENTRE),
    (Role.COMMAND_CENTRE, RaisedBy.COMMAND_CENTRE),
    (Role.COMMAND_ROOM, RaisedBy.COMMAND_ROOM),
    (Role.STATION_LEAD, RaisedBy.STATION_LEAD),
    (Role.OFFICER, RaisedBy.OFFICER),
)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _require(acting_user, perm: str, path: str, message=errors.NOT_PERMITTED) -> None:
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(message))


def _log(acting_user, action: str, alert: Alert, summary: str, changes: dict | None = None) -> None:
    operation_log_write(
        acting_user=acting_user,
        action=action,
        object_type=RECORD_TYPE,
        object_id=alert.pk,
        summary=summary,
        changes=changes,
        scope_path=alert.scope_path,
    )


def _recompute(alert: Alert, now: datetime) -> None:
    rules_recompute_record(record_type=RECORD_TYPE, record_id=alert.pk, as_of=timezone.localdate(now))


def _handler(acting_user, alert: Alert):
    """The user completes the alert's tasks in their own name when they may handle tasks on its beat; otherwise
    (a station lead closing) the system does, and the operation log names the user on the alert."""
    if acting_user is not None and path_covered(acting_user, alert.scope_path, Perm.HANDLE_TASKS):
        return acting_user
    return None


def _complete(acting_user, alert: Alert, obligation: str, note: str, now: datetime) -> list:
    return standing_tasks_complete(
        acting_user=_handler(acting_user, alert),
        record_type=RECORD_TYPE,
        record_id=alert.record_id,
        template=RESPONSE_TEMPLATE,
        values={"measures": note},
        done_on=timezone.localdate(now),
        today=timezone.localdate(now),
        obligation=obligation,
    )


def raised_by_for(user, path: str) -> str:
    """The unit an alert is raised in the name of: the strongest of the user's roles that may raise it there."""
    roles = set(
        RoleAssignment.objects.filter(user=user, org_unit__path__in=path_prefixes(path)).values_list("role", flat=True)
    )
    for role, unit in RAISER_ROLES:
        if role in roles:
            return unit
    return RaisedBy.OFFICER


def _station_leads(path: str) -> list:
    rows = RoleAssignment.objects.filter(
        role=Role.STATION_LEAD, org_unit__path__in=path_prefixes(path), user__is_active=True
    ).select_related("user")
    return [a.user for a in rows]


@transaction.atomic
def alert_raise(
    *,
    acting_user,
    beat: OrgUnit | None,
    colour: str,
    title: str,
    description: str = "",
    source_kind: str = "",
    source_ref: str = "",
    raised_at: datetime | None = None,
    now: datetime | None = None,
) -> Alert:
    """Raise a red, orange or yellow alert on a beat (规范003 服务机制(一)). The control centre, the command centre,
    the station's command room, the station lead or the beat's officer (``raise_alerts`` over the beat). Its clocks
    start at ``raised_at`` (default now); the beat's officer and the station leads are told at once."""
    now = _now(now)
    raised_at = raised_at or now
    problems: dict[str, list[str]] = {}
    if beat is None or beat.kind != OrgUnitKind.BEAT:
        problems["beat"] = [_(errors.BEAT_REQUIRED)]
    else:
        _require(acting_user, Perm.RAISE_ALERTS, beat.path, errors.NOT_RAISER)
    if colour not in Colour.values:
        problems["colour"] = [_(errors.COLOUR_UNKNOWN)]
    if not (title or "").strip():
        problems["title"] = [_(errors.TITLE_REQUIRED)]
    if raised_at > now + timedelta(minutes=1):
        problems["raised_at"] = [_(errors.RAISED_IN_FUTURE)]
    if source_kind not in SourceKind.values:
        source_kind = SourceKind.OTHER
    if problems:
        raise ValidationError(problems, code="invalid")
    alert = Alert.objects.create(
        beat=beat,
        colour=colour,
        title=title.strip()[:200],
        description=description.strip(),
        raised_by_unit=raised_by_for(acting_user, beat.path) if acting_user else RaisedBy.CONTROL_CENTRE,
        raised_by=acting_user,
        raised_at=raised_at,
        source_kind=source_kind,
        source_ref=(source_ref or "").strip()[:40],
    )
    _log(acting_user, "alert_raise", alert, f"发布{alert.get_colour_display()}“{alert.title}”（{beat.name}）")
    _recompute(alert, now)
    text = (
        f"{alert.get_colour_display()}：{alert.title}（{beat.name}，{timezone.localtime(raised_at):%m-%d %H:%M}发布）"
    )
    recipients = [u for u in [beat_officer(beat), *_station_leads(beat.path)] if u is not None]
    for user in {u.pk: u for u in recipients}.values():
        message_send(recipient=user, text=text, key=f"alert:{alert.pk}")
    return alert


@transaction.atomic
def alert_respond(*, acting_user, alert: Alert, note: str, now: datetime | None = None) -> Alert:
    """Record the response to an open alert (red: the “1小时响应”). ``handle_alerts`` over the beat."""
    now = _now(now)
    _require(acting_user, Perm.HANDLE_ALERTS, alert.scope_path)
    if alert.status == AlertStatus.CLOSED:
        raise ValidationError(_(errors.ALREADY_CLOSED), code="closed")
    if alert.status == AlertStatus.RESPONDED:
        raise ValidationError(_(errors.ALREADY_RESPONDED), code="responded")
    if not (note or "").strip():
        raise ValidationError({"note": [_(errors.NOTE_REQUIRED)]}, code="required")
    alert.status, alert.responded_at, alert.responded_by = AlertStatus.RESPONDED, now, acting_user
    alert.response_note = note.strip()
    alert.save(update_fields=["status", "responded_at", "responded_by", "response_note", "updated_at"])
    late = alert.colour == Colour.RED and now > alert.raised_at + timedelta(hours=1)
    _log(
        acting_user,
        "alert_respond",
        alert,
        f"响应{alert.get_colour_display()}“{alert.title}”" + ("（超时）" if late else ""),
    )
    if alert.colour == Colour.RED:
        _complete(acting_user, alert, RED_RESPONSE, alert.response_note, now)
    return alert


@transaction.atomic
def alert_department_link(
    *, acting_user, alert: Alert, name: str, contact: str = "", task: str = "", now: datetime | None = None
) -> AlertDepartment:
    """Link a department to a red alert (“3部门联动”). ``handle_alerts`` over the beat."""
    now = _now(now)
    _require(acting_user, Perm.HANDLE_ALERTS, alert.scope_path)
    if alert.status == AlertStatus.CLOSED:
        raise ValidationError(_(errors.ALREADY_CLOSED), code="closed")
    if alert.colour != Colour.RED:
        raise ValidationError({"name": [_(errors.RED_ONLY)]}, code="red_only")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_(errors.DEPARTMENT_REQUIRED)]}, code="required")
    if alert.departments.filter(name=name).exists():
        raise ValidationError({"name": [_(errors.DEPARTMENT_DUPLICATE)]}, code="duplicate")
    department = AlertDepartment.objects.create(
        alert=alert,
        name=name[:100],
        contact=contact.strip()[:100],
        task=task.strip()[:200],
        linked_at=now,
        linked_by=acting_user,
    )
    _log(acting_user, "alert_department_link", alert, f"红色预警“{alert.title}”联动部门：{department.name}")
    return department


def setting_value(code: str, unit: OrgUnit) -> int:
    """The station's value of a ``rules.SETTINGS`` row (the nearest unit up the tree wins), else its default."""
    values = dict(
        AlertSetting.objects.filter(code=code, org_unit__path__in=path_prefixes(unit.path)).values_list(
            "org_unit__path", "value"
        )
    )
    for path in reversed(path_prefixes(unit.path)):
        if path in values:
            return values[path]
    return SETTING_BY_CODE[code]["default"]


@transaction.atomic
def alert_setting_set(*, acting_user, org_unit: OrgUnit, code: str, value) -> AlertSetting:
    """A station lead (or the control centre for the city) sets a number the text leaves open."""
    _require(acting_user, Perm.MANAGE_ALERTS, org_unit.path)
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if code not in SETTING_BY_CODE or not 1 <= value <= 365:
        raise ValidationError({"value": [_(errors.SETTING_INVALID)]}, code="invalid")
    setting, _created = AlertSetting.objects.update_or_create(
        org_unit=org_unit, code=code, defaults={"value": value, "set_by": acting_user}
    )
    operation_log_write(
        acting_user=acting_user,
        action="alert_setting_set",
        object_type="alert_setting",
        object_id=setting.pk,
        summary=f"{org_unit.name}：{SETTING_BY_CODE[code]['label']}设为{value}{SETTING_BY_CODE[code]['unit']}",
        scope_path=org_unit.path,
    )
    return setting


def _population(alert: Alert, population: str) -> list[tuple[int, str]]:
    """The units or households of the alert's beat, in a stable order (by id), so a seed always draws the same."""
    from registry.models import House, Organization

    if population == Population.UNIT:
        rows = Organization.objects.filter(scope_path__startswith=alert.beat.path, is_active=True).order_by("pk")
        return [(pk, name) for pk, name in rows.values_list("pk", "name")]
    rows = House.objects.filter(scope_path__startswith=alert.beat.path).select_related("address").order_by("pk")
    return [(h.pk, str(h)) for h in rows]


def sample_sizes(n: int) -> tuple[int, int]:
    """≥30 % for checks and ≥20 % for visits, rounded up (“以上” includes the number, 规范001 第一百二十五条)."""
    return math.ceil(n * CHECK_RATE), math.ceil(n * VISIT_RATE)


def sample_draw(keys: list[int], seed: int) -> tuple[list[int], list[int]]:
    """The two independent random draws (抽检, 走访) from ``keys`` with ``seed``: the same seed, the same draw."""
    keys = sorted(keys)
    checks, visits = sample_sizes(len(keys))
    rng = random.Random(seed)
    return sorted(rng.sample(keys, checks)), sorted(rng.sample(keys, visits))


@transaction.atomic
def alert_sampling_draw(
    *, acting_user, alert: Alert, population: str, seed: int | None = None, now: datetime | None = None
) -> SamplingPlan:
    """Draw an orange alert's “双随机” plan (规范003 服务机制(一)2): ≥30 % of the beat's units (or households) for
    checks and ≥20 % for visits, from a recorded seed; each draw a task for the beat's officer. Once only."""
    now = _now(now)
    _require(acting_user, Perm.HANDLE_ALERTS, alert.scope_path)
    if alert.status == AlertStatus.CLOSED:
        raise ValidationError(_(errors.ALREADY_CLOSED), code="closed")
    if alert.colour != Colour.ORANGE:
        raise ValidationError({"population": [_(errors.ORANGE_ONLY)]}, code="orange_only")
    if SamplingPlan.objects.filter(alert=alert).exists():
        raise ValidationError({"population": [_(errors.PLAN_EXISTS)]}, code="exists")
    if population not in Population.values:
        raise ValidationError({"population": [_(errors.POPULATION_UNKNOWN)]}, code="invalid")
    rows = _population(alert, population)
    if not rows:
        what = Population(population).label
        raise ValidationError({"population": [_(errors.POPULATION_EMPTY).format(what=what)]}, code="empty")
    seed = int(seed) if seed is not None else random.SystemRandom().randrange(1, 2**31)
    labels = dict(rows)
    checks, visits = sample_draw(list(labels), seed)
    today = timezone.localdate(now)
    due_on = due_within(today, setting_value("orange_sample_days", alert.beat))  # on a rest day: the last workday
    plan = SamplingPlan.objects.create(
        alert=alert,
        population=population,
        population_size=len(rows),
        seed=seed,
        check_rate=CHECK_RATE,
        visit_rate=VISIT_RATE,
        due_on=due_on,
        drawn_at=now,
        drawn_by=acting_user,
    )
    officer = beat_officer(alert.beat)
    for purpose, keys in ((Purpose.CHECK, checks), (Purpose.VISIT, visits)):
        for key in keys:
            label = labels[key]
            task = task_issue(
                acting_user=None,
                kind=TaskKind.VERIFICATION,
                title=f"{Purpose(purpose).label}：{label}"[:200],
                description=f"橙色预警“{alert.title}”双随机{Purpose(purpose).label}（种子{seed}）",
                org_unit=alert.beat,
                due_on=max(due_on, today),
                assignee=officer,
                source="规范003 服务机制(一)2",
                template_code=f"alert_sample_{purpose}",
                record=(RECORD_TYPE, alert.record_id, str(alert)),
            )
            SamplingDraw.objects.create(plan=plan, purpose=purpose, object_id=key, label=label[:200], task=task)
    if alert.status == AlertStatus.OPEN:
        alert.status, alert.responded_at, alert.responded_by = AlertStatus.RESPONDED, now, acting_user
        alert.save(update_fields=["status", "responded_at", "responded_by", "updated_at"])
    _log(
        acting_user,
        "alert_sampling_draw",
        alert,
        f"橙色预警“{alert.title}”双随机抽样：{len(rows)}个{Population(population).label}中抽检{len(checks)}、走访{len(visits)}（种子{seed}）",
    )
    return plan


@transaction.atomic
def alert_close(*, acting_user, alert: Alert, note: str, now: datetime | None = None) -> Alert:
    """Close an alert (闭环). Red: responded and at least three departments linked (“3部门联动”); orange: its plan
    drawn. Completes the closing task (red 5 days, yellow 24 hours) and stops the engine's clocks."""
    now = _now(now)
    _require(acting_user, Perm.HANDLE_ALERTS, alert.scope_path)
    if alert.status == AlertStatus.CLOSED:
        raise ValidationError(_(errors.ALREADY_CLOSED), code="closed")
    problems: dict[str, list[str]] = {}
    if not (note or "").strip():
        problems["note"] = [_(errors.NOTE_REQUIRED)]
    if alert.colour == Colour.RED:
        have = alert.departments.count()
        if alert.status != AlertStatus.RESPONDED:
            problems.setdefault("__all__", []).append(_(errors.NOT_RESPONDED))
        if have < MIN_DEPARTMENTS:
            problems.setdefault("__all__", []).append(
                _(errors.DEPARTMENTS_TOO_FEW).format(need=MIN_DEPARTMENTS, have=have)
            )
    if alert.colour == Colour.ORANGE and not SamplingPlan.objects.filter(alert=alert).exists():
        problems.setdefault("__all__", []).append(_(errors.PLAN_REQUIRED))
    if problems:
        raise ValidationError(problems, code="invalid")
    note = note.strip()
    if alert.colour in CLOSE_OBLIGATION:
        _complete(acting_user, alert, CLOSE_OBLIGATION[alert.colour], note, now)
    alert.status, alert.closed_at, alert.closed_by, alert.close_note = AlertStatus.CLOSED, now, acting_user, note
    if alert.responded_at is None:
        alert.responded_at, alert.responded_by = now, acting_user
    alert.save(
        update_fields=["status", "closed_at", "closed_by", "close_note", "responded_at", "responded_by", "updated_at"]
    )
    _log(acting_user, "alert_close", alert, f"{alert.get_colour_display()}“{alert.title}”闭环")
    _recompute(alert, now)
    return alert


def due_times(alert: Alert) -> dict[str, datetime]:
    """The clocks the text sets, from the raising time (shown beside the engine's tasks)."""
    from .rules import COLOUR_RULES

    row = COLOUR_RULES[alert.colour]
    clocks = {}
    if "response_hours" in row:
        clocks["respond"] = alert.raised_at + timedelta(hours=row["response_hours"])
    if "close_hours" in row:
        clocks["close"] = alert.raised_at + timedelta(hours=row["close_hours"])
    return clocks
