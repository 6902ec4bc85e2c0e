"""State changes of the rules app: running the engine, adjusting an obligation, tracked records.

Each is one transaction and writes the operation log. The engine itself is in ``rules.engine``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered
from accounts.selectors import user_may
from audit.services import operation_log_write

from . import calendar, errors
from .adapters import adapter_for
from .engine import Baseline, Counts, Reconciler, ReviewFinder, run_obligation, run_records
from .holidays import EnteredDay, bundled_years
from .models import CalendarSource, DayKind, HolidayDay, HolidayYear, Obligation, RuleRun, TrackedRecord
from .obligations import OBLIGATIONS
from .validation import obligation_problems

# What the control centre may adjust on a shipped obligation (the rest is the standard's wording).
ADJUSTABLE = (
    "first_due",
    "repeat_every",
    "stop_after_clean",
    "remind_before_days",
    "escalate_after_days",
    "is_active",
)


def obligation_catalogue_load(*, using: str = "default") -> int:
    """Create the shipped obligations that are missing; on existing rows refresh what is the standard's wording
    and the engine's vocabulary (title, source, reading, roll …) and keep the parameters the control centre
    adjusted (``ADJUSTABLE``)."""
    existing = {o.code: o for o in Obligation.objects.using(using).all()}
    shipped = [f.name for f in Obligation._meta.fields if f.name not in {"id", "updated_at", *ADJUSTABLE}]
    new, changed = [], []
    for row in OBLIGATIONS:
        fresh = Obligation(**row)
        current = existing.get(row["code"])
        if current is None:
            new.append(fresh)
        elif any(getattr(current, name) != getattr(fresh, name) for name in shipped):
            for name in shipped:
                setattr(current, name, getattr(fresh, name))
            changed.append(current)
    Obligation.objects.using(using).bulk_create(new)
    if changed:
        Obligation.objects.using(using).bulk_update(changed, shipped)
    return len(new)


@dataclass
class RunResult:
    date: date
    created: int
    updated: int
    closed: int
    obligations: int
    calendar_note: str
    duration_ms: int

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "created": self.created,
            "updated": self.updated,
            "closed": self.closed,
            "obligations": self.obligations,
            "calendar_note": self.calendar_note,
            "duration_ms": self.duration_ms,
        }


def _calendar_note() -> str:
    years = sorted(calendar.assumed_years())
    return _(errors.CALENDAR_FALLBACK).format(years="、".join(map(str, years))) if years else ""


@transaction.atomic
def rules_run(
    *, acting_user=None, as_of: date | None = None, codes: list[str] | None = None, full: bool = False
) -> RunResult:
    """Derive the due standing tasks of every active obligation as of ``as_of`` (default today).

    The nightly run recomputes only the records whose tasks may differ from the previous full or nightly run's
    (``engine.ReviewFinder``: changed, done, term ended, obligation adjusted, period rolled over) — the same
    result as recomputing everything, at the cost of finding them. ``full=True`` (or ``codes``, or no previous
    run) recomputes every record: after a holiday calendar was entered or data was loaded behind the services'
    back. Deterministic and idempotent: running twice creates nothing new. System job (acting_user None) or a
    control-centre user. 规范001 第三十条(四) counts these tasks in the handling rate.
    """
    from tasks.services import task_template_catalogue_load

    started = time.perf_counter()
    started_at = timezone.now()
    calendar.assumed_reset()
    as_of = as_of or timezone.localdate()
    task_template_catalogue_load()
    obligation_catalogue_load()
    obligations = Obligation.objects.filter(is_active=True).order_by("code")
    if codes:
        obligations = obligations.filter(code__in=codes)
    full = full or bool(codes)
    finder = ReviewFinder(None if full else _baseline(), as_of)
    reconciler = Reconciler(as_of=as_of, acting_user=acting_user)
    n = 0
    for ob in obligations:
        records = finder.records(ob)
        if records is None:
            run_obligation(ob, reconciler)
        elif records:
            run_obligation(ob, reconciler, record_ids=sorted(records))
        n += 1
    counts = reconciler.flush()
    return _finish(acting_user, as_of, "full" if finder.baseline is None else "nightly", counts, n, started,
                   started_at)  # fmt: skip


def _baseline() -> Baseline | None:
    last = RuleRun.objects.filter(scope__in=["full", "nightly"]).exclude(started_at=None).order_by("-id").first()
    # A minute's margin: a record saved in a transaction still open when the previous run started is looked at
    # again (the services' transactions take milliseconds; an obligation is adjusted in one of them).
    return Baseline(last.as_of, last.started_at, last.started_at - timedelta(minutes=1)) if last else None


def _finish(acting_user, as_of, scope, counts: Counts, n, started, started_at=None) -> RunResult:
    duration = int((time.perf_counter() - started) * 1000)
    note = _calendar_note()
    run = RuleRun.objects.create(
        started_at=started_at,
        as_of=as_of,
        scope=scope[:100],
        created=counts.created,
        updated=counts.updated,
        closed=counts.closed,
        calendar_note=note,
        duration_ms=duration,
    )
    if counts.created or counts.updated or counts.closed or scope == "full":
        operation_log_write(
            acting_user=acting_user,
            action="rules_run",
            object_type="rule_run",
            object_id=run.pk,
            summary=(
                f"规则计算（{run.scope_label}，{as_of:%Y-%m-%d}）："
                f"新建{counts.created}，调整{counts.updated}，关闭{counts.closed}"
            ),
        )
    return RunResult(as_of, counts.created, counts.updated, counts.closed, n, note, duration)


@transaction.atomic
def rules_recompute_record(
    *, acting_user=None, record_type: str, record_id, as_of: date | None = None, codes: list[str] | None = None
) -> RunResult:
    """Incremental run: only the obligations on this record type (or ``codes``), only this record.

    Modules call it when a record changes (marked, unmarked, a term or deadline moved, a visit recorded).
    """
    started = time.perf_counter()
    calendar.assumed_reset()
    as_of = as_of or timezone.localdate()
    obligations = Obligation.objects.filter(is_active=True, record_type=record_type).order_by("code")
    if codes:
        obligations = obligations.filter(code__in=codes)
    reconciler = Reconciler(as_of=as_of, acting_user=acting_user)
    obligations = list(obligations)
    run_records(obligations, reconciler, [str(record_id)])
    counts = reconciler.flush()
    return _finish(acting_user, as_of, f"{record_type}:{record_id}", counts, len(obligations), started)


def on_task_closed(task) -> None:
    """tasks hook: a standing task was done → recompute its obligation for its record, as of the day done."""
    if task.obligation_code:
        rules_recompute_record(
            acting_user=None,
            record_type=task.record_type,
            record_id=task.record_id,
            as_of=task.done_on or timezone.localdate(),
            codes=[task.obligation_code],
        )


def holiday_calendar_seed(*, using: str = "default") -> int:
    """Create the years chinese-calendar knows that nobody entered yet (entered years are never overwritten)."""
    existing = set(HolidayYear.objects.using(using).values_list("year", flat=True))
    added = 0
    for year, days in sorted(bundled_years().items()):
        if year in existing:
            continue
        row = HolidayYear.objects.using(using).create(
            year=year, source=CalendarSource.BUNDLED, notice="chinese-calendar（国务院办公厅历年节假日安排）"
        )
        HolidayDay.objects.using(using).bulk_create(
            HolidayDay(year=row, day=d.day, kind=d.kind, name=d.name) for d in days
        )
        added += 1
    calendar.forget()
    return added


def _holiday_problems(year, days: list[EnteredDay], notice: str) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        return {"year": [_(errors.CALENDAR_YEAR_INVALID)]}
    if not notice.strip():
        problems["notice"] = [_(errors.CALENDAR_NOTICE_REQUIRED)]
    bad, seen = [], set()
    for d in days:
        text = f"{d.day:%Y-%m-%d}"
        if d.day.year != year:
            bad.append(_(errors.CALENDAR_DAY_OTHER_YEAR).format(line=d.line, day=text, year=year))
        elif d.day in seen:
            bad.append(_(errors.CALENDAR_DAY_TWICE).format(line=d.line, day=text))
        elif d.kind == DayKind.WORK and d.day.weekday() < 5:
            bad.append(_(errors.CALENDAR_WORK_ON_WEEKDAY).format(line=d.line, day=text))
        seen.add(d.day)
    if not days:
        bad.append(_(errors.CALENDAR_NO_DAYS))
    if bad:
        problems["days"] = bad
    return problems


def holiday_year_enter(
    *, acting_user, year: int, days: list[EnteredDay], notice: str, as_of: date | None = None
) -> tuple[HolidayYear, RunResult]:
    """Enter (or correct) one year's 放假安排: its days off and its weekend days worked (调休上班).

    Needs manage_obligations (基础管控中心). The whole year is checked first and nothing is written on a problem.
    The year's days replace what was there (a year seeded from chinese-calendar becomes an entered one); the
    change is on the operation log; then the rules engine runs as of today, so every open task whose due date
    rested on the assumed Monday–Friday calendar moves to the entered one (规范001 第三十条(四) counts on time).
    """
    if acting_user is not None and not user_may(acting_user, Perm.MANAGE_OBLIGATIONS):
        raise PermissionDenied(_(errors.CALENDAR_NOT_PERMITTED))
    problems = _holiday_problems(year, days, notice)
    if problems:
        raise ValidationError(problems, code="invalid")
    try:
        with transaction.atomic():
            row, _created = HolidayYear.objects.update_or_create(
                year=year,
                defaults={"source": CalendarSource.ENTERED, "notice": notice.strip()[:200], "entered_by": acting_user},
            )
            kinds = dict(DayKind.choices)
            before = {f"{d:%Y-%m-%d} {kinds[k]} {n}".strip() for d, k, n in row.days.values_list("day", "kind", "name")}
            after = {f"{d.day:%Y-%m-%d} {kinds[d.kind]} {d.name}".strip() for d in days}
            row.days.all().delete()
            HolidayDay.objects.bulk_create(HolidayDay(year=row, day=d.day, kind=d.kind, name=d.name) for d in days)
            rest = sum(1 for d in days if d.kind == DayKind.REST)
            operation_log_write(
                acting_user=acting_user,
                action="holiday_year_enter",
                object_type="holiday_year",
                object_id=year,
                summary=f"录入{year}年节假日安排：放假{rest}天，调休上班{len(days) - rest}天（{row.notice}）",
                changes={"added": sorted(after - before), "removed": sorted(before - after)},
            )
            calendar.forget()
            result = rules_run(acting_user=acting_user, as_of=as_of, full=True)  # every due date may move
    finally:
        calendar.forget()  # committed or rolled back: read the calendar afresh
    return row, result


@transaction.atomic
def obligation_update(*, acting_user, obligation: Obligation, **fields) -> Obligation:
    """Adjust an obligation's parameters (期限、间隔、提醒、上报、启用). Needs manage_obligations (control centre).

    The new values are validated like the shipped rows (rules.checks); the change is on the operation log.
    Open tasks follow at the next run.
    """
    from tasks.catalogue import TEMPLATES

    if acting_user is not None and not user_may(acting_user, Perm.MANAGE_OBLIGATIONS):
        raise PermissionDenied(_(errors.OBLIGATION_NOT_PERMITTED))
    changes = {}
    for name, value in fields.items():
        if name not in ADJUSTABLE:
            raise ValidationError({name: _(errors.PARAMETER_NOT_ADJUSTABLE).format(field=name)}, code="not_adjustable")
        old = getattr(obligation, name)
        if old != value:
            changes[name] = [old, value]
            setattr(obligation, name, value)
    if not changes:
        return obligation
    row = {f.name: getattr(obligation, f.name) for f in Obligation._meta.fields}
    problems = obligation_problems(row, template_codes={t["code"] for t in TEMPLATES})
    if problems:
        raise ValidationError(
            {
                p[1]: _(errors.OBLIGATION_FIELD_INVALID).format(code=obligation.code, field=p[1], why=p[2])
                for p in problems
            },
            code="invalid",
        )
    obligation.save(update_fields=[*changes, "updated_at"])
    operation_log_write(
        acting_user=acting_user,
        action="obligation_update",
        object_type="obligation",
        object_id=obligation.pk,
        summary=f"调整规则“{obligation.title}”",
        changes=changes,
    )
    return obligation


TRACKED_FIELDS = (
    "record_type",
    "category",
    "label",
    "beat",
    "started_on",
    "started_at",
    "ends_on",
    "limit_hours",
    "is_key_unit",
    "is_active",
)


def _require_beat(acting_user, beat) -> None:
    if acting_user is not None and not path_covered(acting_user, beat.path, Perm.VIEW_ORG):
        raise PermissionDenied(_(errors.RECORD_BEAT_OUT_OF_SCOPE))


@transaction.atomic
def tracked_record_create(*, acting_user, as_of: date | None = None, **fields) -> TrackedRecord:
    """Register a tracked record (stand-in for a marked subject, registered unit, filed incident …) and derive
    its tasks at once (incremental run)."""
    _require_beat(acting_user, fields["beat"])
    if not getattr(adapter_for(fields["record_type"]), "reads_stand_in", False):
        raise ValidationError({"record_type": [_(errors.STAND_IN_RETIRED)]}, code="stand_in_retired")
    record = TrackedRecord(**{k: v for k, v in fields.items() if k in TRACKED_FIELDS})
    record.full_clean()
    record.save()
    operation_log_write(
        acting_user=acting_user,
        action="tracked_record_create",
        object_type="tracked_record",
        object_id=record.pk,
        summary=f"登记跟踪对象“{record.label}”（{record.get_record_type_display()}）",
        scope_path=record.beat.path,
    )
    rules_recompute_record(acting_user=acting_user, record_type=record.record_type, record_id=record.pk, as_of=as_of)
    return record


@transaction.atomic
def tracked_record_update(*, acting_user, record: TrackedRecord, as_of: date | None = None, **fields) -> TrackedRecord:
    """Change a tracked record (term moved, unmarked, key-unit flag …); its open tasks move or close."""
    _require_beat(acting_user, record.beat)
    changes = {}
    for name, value in fields.items():
        if name not in TRACKED_FIELDS or name == "record_type":
            raise ValueError(f"field {name!r} cannot be changed here")
        old = getattr(record, name)
        if old != value:
            changes[name] = [str(old), str(value)]
            setattr(record, name, value)
    if changes:
        record.full_clean()
        record.save(update_fields=[*changes, "updated_at"])
        operation_log_write(
            acting_user=acting_user,
            action="tracked_record_update",
            object_type="tracked_record",
            object_id=record.pk,
            summary=f"修改跟踪对象“{record.label}”",
            changes=changes,
            scope_path=record.beat.path,
        )
        rules_recompute_record(
            acting_user=acting_user, record_type=record.record_type, record_id=record.pk, as_of=as_of
        )
    return record
