"""Reads of the rules app. Obligations are not personal data and not scoped by unit: every user who may see
tasks may read the rules behind them; tracked records are read through their beat's scope."""

from django.db.models import Count, Q

from accounts.roles import Perm
from accounts.selectors import user_may

from .models import DayKind, HolidayDay, HolidayYear, Obligation, RuleRun, TrackedRecord


def obligation_list(*, user, filters: dict | None = None):
    if not (user_may(user, Perm.VIEW_TASKS) or user_may(user, Perm.MANAGE_OBLIGATIONS)):
        return Obligation.objects.none()
    qs = Obligation.objects.all()
    if q := (filters or {}).get("q"):
        qs = qs.filter(title__icontains=q) | qs.filter(source__icontains=q) | qs.filter(code__icontains=q)
    return qs.order_by("code")


def obligation_get(*, user, pk) -> Obligation:
    return obligation_list(user=user).get(pk=pk)


def rule_run_list(*, user):
    return RuleRun.objects.all() if user_may(user, Perm.MANAGE_OBLIGATIONS) else RuleRun.objects.none()


def tracked_record_list(*, user):
    return TrackedRecord.objects.visible_to(user, perm=Perm.VIEW_TASKS).select_related("beat")


def _may_read_rules(user) -> bool:
    return user_may(user, Perm.VIEW_TASKS) or user_may(user, Perm.MANAGE_OBLIGATIONS)


def holiday_year_list(*, user):
    """The entered (or seeded) years with their counts of days off and weekend days worked; not scoped by unit:
    the calendar is the same for everyone who may read the rules."""
    if not _may_read_rules(user):
        return HolidayYear.objects.none()
    return HolidayYear.objects.select_related("entered_by").annotate(
        rest_days=Count("days", filter=Q(days__kind=DayKind.REST)),
        work_days=Count("days", filter=Q(days__kind=DayKind.WORK)),
    )


def holiday_day_list(*, user, year: int):
    if not _may_read_rules(user):
        return HolidayDay.objects.none()
    return HolidayDay.objects.filter(year__year=year).order_by("day")


def assumed_due_counts(*, user) -> dict[int, int]:
    """Open tasks in the user's scope whose due date the system computed on an assumed Mon–Fri calendar, by year."""
    from django.db.models.functions import ExtractYear

    from tasks.models import OPEN_STATUSES, Task, TaskKind

    known = set(HolidayYear.objects.values_list("year", flat=True))
    rows = (
        Task.objects.visible_to(user, perm=Perm.VIEW_TASKS)
        .filter(status__in=OPEN_STATUSES, kind__in=(TaskKind.STANDING, TaskKind.VERIFICATION), due_at__isnull=True)
        .annotate(year=ExtractYear("due_on"))
        .exclude(year__in=known)
        .order_by()
        .values_list("year")
        .annotate(n=Count("id"))
    )
    return dict(sorted(rows))
