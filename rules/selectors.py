"""Reads of the rules app. Obligations are not personal data and not scoped by unit: every user who may see
tasks may read the rules behind them; tracked records are read through their beat's scope."""

from accounts.roles import Perm
from accounts.selectors import user_may

from .models import Obligation, RuleRun, TrackedRecord


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
