"""The schedule engine: obligations × records × what was done → the tasks that should be open, as of a date.

``occurrences`` is pure (facts and history in, wanted occurrences out), so the same inputs always give the same
tasks. ``reconcile`` compares them with the tasks already there and creates, moves, reopens or closes — never
duplicates (one task per obligation × record × occurrence key, also a database constraint).

Rules of reconciliation:
* once / after_done obligations have at most one open task per record; when a record changes, that task is
  moved (new key and dates), not duplicated.
* calendar obligations have one task per period; an open task of a past period stays open (it is overdue and
  counts against the handling rate) unless the record stopped.
* when a record stops (unmarked, term ended, no longer matches the obligation), open tasks that are not yet
  overdue are closed as "no longer applies"; overdue ones stay, the work was due.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from fengqiao.bulk import copy_insert
from tasks.models import OPEN_STATUSES, Task, TaskEvent, TaskKind, TaskStatus, TaskTemplate

from .adapters import PREDICATES, RecordFacts, adapter_for
from .calendar import add_workdays, period_bounds, roll, shift
from .models import Anchor, Obligation, RepeatMode, Stop

CLOSE_REASON = "规则不再适用（{why}）"
CREATED_NOTE = "依规则生成并自动派发给警务区社区民警"
CREATED_UNASSIGNED_NOTE = "依规则生成，警务区无社区民警账号，待派发"


@dataclass(frozen=True)
class Done:
    done_on: date
    bad: bool  # the outcome field reported a problem (e.g. recurrence found)
    key: str


@dataclass(frozen=True)
class Occurrence:
    key: str
    start_on: date | None
    due_on: date
    due_at: datetime | None = None


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    closed: int = 0

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.closed += other.closed


@dataclass
class Wanted:
    occurrences: list[Occurrence] = field(default_factory=list)
    stopped: str = ""  # why the record no longer carries this obligation ("" = it does)


def applies(ob: Obligation, facts: RecordFacts) -> bool:
    if ob.categories and facts.category not in ob.categories:
        return False
    return not (ob.predicate and not PREDICATES[ob.predicate](facts))


def first_occurrence(ob: Obligation, facts: RecordFacts, event, key: str) -> Occurrence:
    """The first due window counted from ``event`` (a date, or a datetime for hour limits).

    Every date-based due date goes through ``rules.calendar.roll`` with the row's ``roll``: a last day on a rest
    day moves to the previous working day (or, where the row's reading says so, the next). Hour limits never move.
    """
    if ob.first_due_unit == "hours":
        start = event if isinstance(event, datetime) else timezone.make_aware(datetime.combine(event, time()))
        due_at = start + timedelta(hours=facts.limit_hours or ob.first_due)
        return Occurrence(key, timezone.localdate(start), timezone.localdate(due_at), due_at)
    if ob.anchor == Anchor.AFTER:
        # 期间自事件次日起算: served on the 2nd, within 7 days → the 9th (a Sunday 9th → Friday the 7th).
        due = shift(event, ob.first_due, ob.first_due_unit)
        return Occurrence(key, event, roll(due, ob.roll, not_before=event + timedelta(days=1)))
    if ob.anchor == Anchor.BY_BEFORE:
        return Occurrence(key, None, roll(shift(event, -ob.first_due, ob.first_due_unit), ob.roll))
    # WITHIN_BEFORE: the window of the last N units before the event; due the last one before it.
    start = shift(event, -ob.first_due, ob.first_due_unit)
    due = add_workdays(event, -1) if ob.first_due_unit == "workdays" else event - timedelta(days=1)
    return Occurrence(key, start, roll(due, ob.roll, not_before=start))


def occurrences(ob: Obligation, facts: RecordFacts, done: list[Done], as_of: date) -> Wanted:
    """What should be open for this record, as of ``as_of``."""
    if not applies(ob, facts):
        return Wanted(stopped="不再符合适用条件")
    if not facts.active:
        return Wanted(stopped="已撤销列管或注销")
    if ob.stop == Stop.TERM_ENDED and facts.ends_on and as_of > facts.ends_on:
        return Wanted(stopped="期限已满")
    event = getattr(facts, ob.trigger) if ob.trigger else None
    if ob.trigger and event is None:
        return Wanted()
    done = sorted(done, key=lambda d: d.done_on)

    if ob.repeat_mode == RepeatMode.ONCE:
        return Wanted() if done else Wanted([first_occurrence(ob, facts, event, "once")])

    if ob.repeat_mode == RepeatMode.AFTER_DONE:
        event_day = event.date() if isinstance(event, datetime) else event
        anchor, last, clean, count = event_day, None, 0, 0
        for d in done:
            if d.done_on < event_day:
                continue  # before the current trigger (e.g. a new warning letter was served since)
            count += 1
            if d.bad:
                anchor, last, clean = d.done_on, None, 0  # a problem found restarts the cycle
            else:
                last, clean = d.done_on, clean + 1
        if ob.stop == Stop.CLEAN_STREAK and clean >= ob.stop_after_clean:
            return Wanted(stopped=f"连续{ob.stop_after_clean}次未发现问题")
        key = f"{event_day.isoformat()}#{count + 1}"
        if last is None:
            return Wanted([first_occurrence(ob, facts, anchor, key)])
        due = roll(shift(last, ob.repeat_every, ob.repeat_unit), ob.roll, not_before=last + timedelta(days=1))
        return Wanted([Occurrence(key, last, due)])

    # CALENDAR: one task for the period containing as_of, unless already done in it.
    start, end, key = period_bounds(as_of, ob.calendar_period)
    if event is not None and event > end:
        return Wanted()
    if any(d.key == key or start <= d.done_on <= end for d in done):
        return Wanted()
    due = min(end, facts.ends_on) if facts.ends_on and ob.stop == Stop.TERM_ENDED else end
    start = max(start, event) if event else start
    # A weekly task is due on the week's last working day (Friday, or a 调休 Saturday), never on Sunday.
    return Wanted([Occurrence(key, start, roll(due, ob.roll, not_before=start))])


@dataclass
class ExistingTask:
    pk: int
    key: str
    status: str
    start_on: date | None
    due_on: date
    due_at: datetime | None


class Reconciler:
    """Collects the writes of one run and applies them in bulk."""

    def __init__(self, *, as_of: date, acting_user=None):
        self.as_of = as_of
        self.acting_user = acting_user
        self.now = timezone.now()
        self.counts = Counts()
        self._templates = {t.code: t for t in TaskTemplate.objects.all()}
        self._officers: dict[int, int] | None = None
        self.new: list[dict] = []
        self.changed: dict[int, dict] = {}
        self.events: list[tuple[int, str, str]] = []  # (task id, action, note) of moved and closed tasks

    def officer_of(self, beat_id: int) -> int | None:
        if self._officers is None:
            from accounts.models import RoleAssignment
            from accounts.roles import Role

            self._officers = {}
            rows = RoleAssignment.objects.filter(role=Role.OFFICER, user__is_active=True).order_by("user_id")
            for beat, user in rows.values_list("org_unit_id", "user_id"):
                self._officers.setdefault(beat, user)
        return self._officers.get(beat_id)

    def obligation(self, ob: Obligation, facts_list, tasks_by_record: dict[str, list], done_by_record) -> None:
        for facts in facts_list:
            wanted = occurrences(ob, facts, done_by_record.get(facts.record_id, []), self.as_of)
            self.record(ob, facts, wanted, tasks_by_record.get(facts.record_id, []))

    def record(self, ob: Obligation, facts: RecordFacts, wanted: Wanted, existing: list[ExistingTask]) -> None:
        open_tasks = [t for t in existing if t.status in OPEN_STATUSES]
        if wanted.stopped:
            for t in open_tasks:
                if t.due_on >= self.as_of:
                    self._close(t, CLOSE_REASON.format(why=wanted.stopped))
            return
        by_key = {t.key: t for t in existing}
        if ob.repeat_mode != RepeatMode.CALENDAR:
            occ = wanted.occurrences[0] if wanted.occurrences else None
            if occ is None:
                for t in open_tasks:
                    if t.due_on >= self.as_of:
                        self._close(t, CLOSE_REASON.format(why="已完成"))
                return
            target = by_key.get(occ.key)
            if target is None or target.status not in OPEN_STATUSES:
                target = open_tasks[0] if open_tasks else target
            for t in open_tasks:
                if t is not target:
                    self._close(t, CLOSE_REASON.format(why="已被新的周期取代"))
            self._ensure(ob, facts, occ, target)
            return
        for occ in wanted.occurrences:
            self._ensure(ob, facts, occ, by_key.get(occ.key))

    def _ensure(self, ob, facts, occ: Occurrence, task: ExistingTask | None) -> None:
        if task is None:
            self._create(ob, facts, occ)
            return
        if task.status == TaskStatus.CLOSED:
            return  # that occurrence was done
        fields = {}
        if task.status == TaskStatus.CANCELLED:
            fields.update(status=TaskStatus.DISPATCHED, close_reason="", closed_at=None)
        if (task.key, task.start_on, task.due_on, task.due_at) != (occ.key, occ.start_on, occ.due_on, occ.due_at):
            fields.update(occurrence_key=occ.key, start_on=occ.start_on, due_on=occ.due_on, due_at=occ.due_at)
        if fields:
            self.changed.setdefault(task.pk, {}).update(fields)
            note = f"按规则调整：截止日期 {occ.due_on:%Y-%m-%d}" if "due_on" in fields else "规则重新适用，任务恢复"
            self.events.append((task.pk, "rules_update", note))
            self.counts.updated += 1

    def _close(self, task: ExistingTask, reason: str) -> None:
        self.changed.setdefault(task.pk, {}).update(
            status=TaskStatus.CANCELLED, close_reason=reason, closed_at=self.now
        )
        self.events.append((task.pk, "rules_close", reason))
        self.counts.closed += 1

    def _create(self, ob: Obligation, facts: RecordFacts, occ: Occurrence) -> None:
        officer = self.officer_of(facts.beat_id)
        # A plain row, not a Task: the first run creates ~1.5 tasks per record and writes them with COPY.
        self.new.append(
            {
                "kind": TaskKind.STANDING,
                "title": f"{ob.title}：{facts.label}"[:200],
                "template_id": self._templates[ob.template_code].pk,
                "status": TaskStatus.DISPATCHED if officer else TaskStatus.CREATED,
                "org_unit_id": facts.beat_id,
                "assignee_id": officer,
                "source": ob.source,
                "obligation_code": ob.code,
                "record_type": ob.record_type,
                "record_id": facts.record_id,
                "record_label": facts.label[:100],
                "occurrence_key": occ.key,
                "start_on": occ.start_on,
                "due_on": occ.due_on,
                "due_at": occ.due_at,
                "remind_before_days": ob.remind_before_days,
                "escalate_after_days": ob.escalate_after_days,
                "dispatched_at": self.now if officer else None,
                "created_at": self.now,
            }
        )
        self.counts.created += 1

    @transaction.atomic
    def flush(self) -> Counts:
        """Write the run: new tasks and every history row set-wise (COPY on PostgreSQL), moved and closed tasks in
        one UPDATE per set of changed fields."""
        events = [{"task_id": pk, "action": action, "note": note, "at": self.now} for pk, action, note in self.events]
        if self.new:
            for pk, row in zip(copy_insert(Task, self.new), self.new, strict=True):
                note = CREATED_NOTE if row["assignee_id"] else CREATED_UNASSIGNED_NOTE
                events.append({"task_id": pk, "action": "rules_create", "note": note, "at": self.now})
        if self.changed:
            by_fields: dict[tuple, list[Task]] = defaultdict(list)
            for pk, fields in self.changed.items():
                by_fields[tuple(sorted(fields))].append(Task(pk=pk, **fields))
            for names, objs in by_fields.items():
                Task.objects.bulk_update(objs, list(names), batch_size=2000)
        copy_insert(TaskEvent, events)
        self.new, self.changed, self.events = [], {}, []
        return self.counts


def load_existing(ob: Obligation, record_ids: list[str] | None):
    """Tasks of one obligation (optionally for some records): (by record: ExistingTask list, by record: Done list)."""
    return load_existing_many([ob], record_ids)[ob.code]


def load_existing_many(obligations: list[Obligation], record_ids: list[str] | None) -> dict:
    """``load_existing`` for several obligations of one record type in one query: {code: (tasks, done)}."""
    by_code = {ob.code: ob for ob in obligations}
    qs = Task.objects.filter(obligation_code__in=list(by_code), record_type=obligations[0].record_type)
    if record_ids is not None:
        qs = qs.filter(record_id__in=record_ids)
    rows = qs.order_by("id").values_list(
        "obligation_code", "id", "record_id", "occurrence_key", "status", "start_on", "due_on", "due_at", "done_on",
        "feedback",
    )  # fmt: skip
    found = {code: (defaultdict(list), defaultdict(list)) for code in by_code}
    # A whole obligation streams through a server-side cursor; a few records are one round trip.
    rows = rows.iterator(chunk_size=5000) if record_ids is None else rows
    for code, pk, record_id, key, status, start_on, due_on, due_at, done_on, feedback in rows:
        tasks, done = found[code]
        tasks[record_id].append(ExistingTask(pk, key, status, start_on, due_on, due_at))
        if status == TaskStatus.CLOSED and done_on is not None:
            field = by_code[code].outcome_field
            bad = bool(field) and (feedback or {}).get(field) == "yes"
            done[record_id].append(Done(done_on, bad, key))
    return found


def run_records(obligations: list[Obligation], reconciler: Reconciler, record_ids: list[str]) -> None:
    """Recompute some records under every obligation of their type, with one read of their facts and one of their
    tasks (a changed record: the incremental run a module triggers)."""
    if not obligations:
        return
    facts = list(adapter_for(obligations[0].record_type).facts(ids=record_ids))  # every category: a record that
    existing = load_existing_many(obligations, record_ids)  # left one of them still has its tasks closed
    for ob in obligations:
        tasks, done = existing[ob.code]
        reconciler.obligation(ob, facts, tasks, done)


MAX_REVIEW = 5000  # records to recompute by id in a nightly run; more, and it reads the whole obligation


@dataclass(frozen=True)
class Baseline:
    """The previous full or nightly run: the date it was computed as of, when it started, and the instant from
    which a record's change counts as new (a margin earlier, for transactions still open when it started)."""

    as_of: date
    started: datetime
    since: datetime


class ReviewFinder:
    """Which records a nightly run must recompute: nothing else can have changed since ``baseline``.

    A record's due tasks change only when its facts change (``changed_ids``: saved since), when one of its
    obligation's tasks was done or cancelled since, when its term ended in between (``ending_between``), when the
    obligation itself was adjusted, or when the calendar period rolled over (a calendar obligation: every record).
    ``None`` means "all records" (and an adapter that cannot answer those questions gets all of them).
    """

    def __init__(self, baseline: Baseline | None, as_of: date):
        if baseline is not None and (as_of < baseline.as_of or timezone.now() < baseline.started):
            baseline = None  # an earlier day than last time, or a clock set back: recompute everything
        self.baseline, self.as_of = baseline, as_of
        self._changed: dict[str, set[str] | None] = {}
        self._ending: dict[str, set[str] | None] = {}
        self._done: dict[tuple[str, str], set[str]] | None = None

    def records(self, ob: Obligation) -> set[str] | None:
        b = self.baseline
        if b is None or ob.updated_at >= b.started:
            return None
        if ob.repeat_mode == RepeatMode.CALENDAR and (
            period_bounds(self.as_of, ob.calendar_period)[2] != period_bounds(b.as_of, ob.calendar_period)[2]
        ):
            return None
        adapter = adapter_for(ob.record_type)
        changed = self._cached(self._changed, ob.record_type, adapter, "changed_ids", b.since)
        ending = self._cached(self._ending, ob.record_type, adapter, "ending_between", b.as_of, self.as_of)
        if changed is None or ending is None:
            return None
        records = changed | ending | self._done_since().get((ob.code, ob.record_type), set())
        return None if len(records) > MAX_REVIEW else records  # past that, reading everything is cheaper

    @staticmethod
    def _cached(cache, record_type, adapter, method, *args):
        if record_type not in cache:
            ask = getattr(adapter, method, None)
            cache[record_type] = None if ask is None else {str(i) for i in ask(*args)}
        return cache[record_type]

    def _done_since(self) -> dict[tuple[str, str], set[str]]:
        if self._done is None:
            self._done = defaultdict(set)
            rows = Task.objects.filter(closed_at__gte=self.baseline.since).exclude(obligation_code="")
            for code, record_type, record_id in rows.values_list("obligation_code", "record_type", "record_id"):
                self._done[(code, record_type)].add(record_id)
        return self._done


def run_obligation(ob: Obligation, reconciler: Reconciler, record_ids: list[str] | None = None) -> None:
    adapter = adapter_for(ob.record_type)
    facts = list(adapter.facts(ids=record_ids, categories=ob.categories or None))
    if record_ids is not None:
        # A record that no longer matches the categories still needs its open tasks closed.
        seen = {f.record_id for f in facts}
        missing = [i for i in record_ids if i not in seen]
        if missing:
            facts += [f for f in adapter.facts(ids=missing) if f.record_id not in seen]
    tasks, done = load_existing(ob, record_ids if record_ids is not None else None)
    if record_ids is None and ob.categories:
        # Records that left the categories since the last run: close their open tasks.
        seen = {f.record_id for f in facts}
        strays = [rid for rid, ts in tasks.items() if rid not in seen and any(t.status in OPEN_STATUSES for t in ts)]
        if strays:
            facts += list(adapter.facts(ids=strays))
    reconciler.obligation(ob, facts, tasks, done)
