"""Reads of special subjects, always through the user's data scope (view_subjects)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Perm
from tasks.models import OPEN_STATUSES, Task

from .models import (
    ApprovalStatus,
    BulkReadWarning,
    PushedWarning,
    SpecialSubject,
    SubjectApproval,
    SubjectStatus,
    SubjectTransfer,
    TransferStatus,
)

RECORD_TYPE = "special_subject"


def _overdue_tasks(today: date):
    return Task.objects.filter(record_type=RECORD_TYPE, status__in=OPEN_STATUSES, due_on__lt=today).filter(
        record_id=_concat_id()
    )


def _concat_id():
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    return Concat(Value("S"), Cast(OuterRef("pk"), CharField()))


def special_subject_list(*, user, filters: dict | None = None, today: date | None = None):
    """Subjects in scope; filters: category, within (beat/station), risk_level, status, overdue, q (name)."""
    filters = filters or {}
    today = today or timezone.localdate()
    qs = SpecialSubject.objects.visible_to(user, perm=Perm.VIEW_SUBJECTS).select_related("resident", "org_unit")
    status = filters.get("status")
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=[SubjectStatus.ACTIVE, SubjectStatus.PENDING])
    if category := filters.get("category"):
        qs = qs.filter(category=category)
    if within := filters.get("within"):
        qs = qs.within(within)
    if risk := filters.get("risk_level"):
        qs = qs.filter(risk_level=risk)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(resident__name__icontains=q) | Q(resident__name_initials__startswith=q.lower()))
    qs = qs.annotate(has_overdue=Exists(_overdue_tasks(today)))
    if filters.get("overdue"):
        qs = qs.filter(has_overdue=True)
    return qs.order_by("scope_path", "category", "resident__name", "pk")


def special_subject_get(*, user, pk) -> SpecialSubject:
    return (
        SpecialSubject.objects.visible_to(user, perm=Perm.VIEW_SUBJECTS)
        .select_related("resident", "org_unit", "marked_by")
        .get(pk=pk)
    )


def subject_tasks(subject: SpecialSubject, *, open_only: bool = False):
    qs = Task.objects.filter(record_type=RECORD_TYPE, record_id=subject.record_id).select_related("template")
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("due_on", "id")


def subject_obligations(subject: SpecialSubject, *, today: date | None = None) -> list[dict]:
    """The subject's due and overdue work (open standing tasks), soonest first."""
    today = today or timezone.localdate()
    return [
        {"task": t, "due_on": t.due_on, "overdue": t.due_on < today, "title": t.title, "source": t.source}
        for t in subject_tasks(subject, open_only=True)
    ]


def subject_timeline(subject: SpecialSubject) -> list[dict]:
    """Marking, approvals, transfers, visits, records and tasks of one subject, newest first."""
    tz = timezone.get_current_timezone()
    items = []
    for a in subject.approvals.select_related("requested_by", "decided_by"):
        items.append(
            {
                "at": timezone.localtime(a.requested_at, tz),
                "kind": "approval",
                "text": f"申请{a.get_action_display()}（{a.requested_by or '系统'}）"
                + (f"：{a.reason}" if a.reason else ""),
            }
        )
        if a.decided_at:
            items.append(
                {
                    "at": timezone.localtime(a.decided_at, tz),
                    "kind": "decision",
                    "text": f"所领导{a.get_status_display()}{a.get_action_display()}（{a.decided_by}）"
                    + (f"：{a.decision_note}" if a.decision_note else ""),
                }
            )
    for t in subject.transfers.select_related("from_unit", "to_unit"):
        items.append(
            {
                "at": timezone.localtime(t.requested_at, tz),
                "kind": "transfer",
                "text": f"流转通报 {t.from_unit.name} → {t.to_unit.name}",
            }
        )
        if t.acknowledged_at:
            items.append(
                {"at": timezone.localtime(t.acknowledged_at, tz), "kind": "transfer", "text": f"{t.to_unit.name}已接收"}
            )
    files: dict[tuple[str, int], list] = {}
    for a in subject.attachments.only("pk", "name", "visit_id", "record_id").order_by("pk"):
        key = ("visit", a.visit_id) if a.visit_id else ("record", a.record_id)
        files.setdefault(key, []).append({"name": a.name, "url": reverse("subjects:attachment_file", args=[a.pk])})
    for v in subject.visits.all():
        text = f"{v.get_measure_display()}·{v.get_way_display()}（{v.get_met_display()}）：{v.findings[:80]}"
        if v.recurrence_found is not None:
            text += "；发现再次实施家庭暴力" if v.recurrence_found else "；未发现再次实施家庭暴力"
        items.append({"at": v.visited_on, "kind": "visit", "text": text, "files": files.get(("visit", v.pk), [])})
    for r in subject.records.all():
        items.append(
            {"at": r.done_on, "kind": "record", "text": r.get_kind_display(), "files": files.get(("record", r.pk), [])}
        )
    for t in subject_tasks(subject):
        # A done task sits at the day it was done; an open one at its due date.
        at = t.done_on if t.done_on and t.status == "closed" else t.due_on
        text = f"{t.title}（截止{t.due_on:%Y-%m-%d}，{t.get_status_display()}）"
        items.append({"at": at, "kind": "task", "text": text})

    def key(item):
        at = item["at"]
        return at.date() if hasattr(at, "date") and callable(at.date) else at

    return sorted(items, key=key, reverse=True)


def approval_list(*, user, pending_only: bool = True):
    qs = SubjectApproval.objects.visible_to(user, perm=Perm.APPROVE_SUBJECTS).select_related(
        "subject__resident", "subject__org_unit", "requested_by"
    )
    if pending_only:
        qs = qs.filter(status=ApprovalStatus.PENDING)
    return qs.order_by("requested_at", "id")


def approval_get(*, user, pk) -> SubjectApproval:
    return approval_list(user=user, pending_only=False).get(pk=pk)


def incoming_transfers(*, user):
    """Notices to the user's beats waiting for acknowledgement (the receiving side's scope is the target beat)."""
    return (
        SubjectTransfer.objects.visible_to(user, perm=Perm.MARK_SUBJECTS)
        .filter(status=TransferStatus.PENDING)
        .select_related("subject__resident", "from_unit", "to_unit")
    )


def transfer_get(*, user, pk) -> SubjectTransfer:
    return incoming_transfers(user=user).get(pk=pk)


STATION_LIST_ROWS = 20  # rows each of the overview's two lists shows; its "全部 N" link opens the rest


def station_overview(*, user, today: date | None = None) -> dict:
    """所领导 view: subjects in force with overdue work, high-risk subjects, pending approvals, by category.

    The figures are counted in the database and the two lists show their first ``STATION_LIST_ROWS`` rows (issue
    11: the whole city's 10 000 subjects were read and rendered, 2.7 s); the page links to the full lists."""
    qs = special_subject_list(user=user, filters={"status": SubjectStatus.ACTIVE}, today=today)
    labels = dict(SpecialSubject._meta.get_field("category").flatchoices)
    rank = {category: i for i, category in enumerate(labels)}
    per_category = dict(qs.order_by().values("category").annotate(n=Count("pk")).values_list("category", "n"))
    by_category = {
        str(labels.get(c, c)): n for c, n in sorted(per_category.items(), key=lambda item: rank.get(item[0], len(rank)))
    }
    overdue = qs.filter(has_overdue=True)
    high_risk = qs.filter(risk_level="high")
    return {
        "overdue": list(overdue[:STATION_LIST_ROWS]),
        "overdue_count": overdue.order_by().count(),
        "high_risk": list(high_risk[:STATION_LIST_ROWS]),
        "high_risk_count": high_risk.order_by().count(),
        "by_category": by_category,
        "total": sum(per_category.values()),
        "pending_approvals": approval_list(user=user).count(),
    }


def bulk_read_warning_list(*, user):
    return BulkReadWarning.objects.visible_to(user, perm=Perm.VIEW_AUDIT).order_by("-at", "-id")


def pushed_warning_list(*, user):
    return PushedWarning.objects.visible_to(user, perm=Perm.PUSH_TASKS).select_related("resident", "org_unit", "task")


def attachment_get(*, user, pk):
    """A visit's or record's attachment for whoever sees its subject (out of scope looks missing)."""
    from .models import SubjectAttachment

    attachment = SubjectAttachment.objects.get(pk=pk)
    attachment.subject = special_subject_get(user=user, pk=attachment.subject_id)
    return attachment
