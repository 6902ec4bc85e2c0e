"""Quality findings become verification work (核查任务) for the beat's officer.

One open 核查任务 per beat while the beat has open findings: it lists how many there are and links to the 信息核查
list, where each finding is verified and closed with its outcome (规范001 第二十九条: 核查即录入). The officer
reports back on the task; a beat that still has open findings after that task closes gets a new one at the next
sync. Synced after every import and entry, and by ``manage.py sync_verification_tasks`` (daily, with run_rules).
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from org.models import OrgUnit, OrgUnitKind
from rules.calendar import due_within
from tasks.models import OPEN_STATUSES, Task, TaskKind
from tasks.services import beat_officer, task_issue

from .models import FindingStatus, QualityFinding

RECORD_TYPE = "registry_findings"
SOURCE = "规范001 第二十九条"
DUE_DAYS = 7  # a week to verify a beat's findings: the station's working rhythm, adjustable here


def verification_tasks_sync(*, beats=None) -> int:
    """Issue the missing 核查任务 (for ``beats`` only when given); return how many were issued."""
    findings = QualityFinding.objects.filter(status=FindingStatus.OPEN, org_unit__kind=OrgUnitKind.BEAT)
    if beats is not None:
        findings = findings.filter(org_unit__in=beats)
    counts = dict(findings.values_list("org_unit").annotate(n=Count("id")).values_list("org_unit", "n"))
    if not counts:
        return 0
    covered = set(
        Task.objects.filter(
            kind=TaskKind.VERIFICATION,
            record_type=RECORD_TYPE,
            status__in=OPEN_STATUSES,
            record_id__in=[str(pk) for pk in counts],
        ).values_list("record_id", flat=True)
    )
    issued = 0
    today = timezone.localdate()
    due_on = due_within(today, DUE_DAYS)  # within 7 days
    for beat in OrgUnit.objects.filter(pk__in=[pk for pk in counts if str(pk) not in covered]).order_by("path"):
        task_issue(
            acting_user=None,
            kind=TaskKind.VERIFICATION,
            org_unit=beat,
            due_on=due_on,
            title=f"信息核查：{beat.name}有{counts[beat.pk]}条待核查",
            description="请在“一标三实 → 信息核查”中逐条核查并记录结果，完成后在此反馈。",
            assignee=beat_officer(beat),
            source=SOURCE,
            record=(RECORD_TYPE, str(beat.pk), beat.name),
        )
        issued += 1
    return issued
