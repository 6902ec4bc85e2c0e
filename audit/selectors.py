from django.db.models import Q

from accounts.roles import Perm
from accounts.scope import scope_prefixes

from .models import AccessRecord, LoginRecord, OperationLog


def _audit_rows(model, *, user):
    qs = model.objects.visible_to(user, perm=Perm.VIEW_AUDIT)
    # An auditor of the whole city also sees rows tied to no unit (e.g. a failed sign-in as an unknown name).
    if any(p.count(".") == 1 for p in scope_prefixes(user, Perm.VIEW_AUDIT)):
        qs = model.objects.filter(Q(pk__in=qs.values("pk")) | Q(scope_path=""))
    return qs.select_related("user").order_by("-at", "-id")


def access_record_list(*, user, filters: dict | None = None):
    qs = _audit_rows(AccessRecord, user=user)
    filters = filters or {}
    if filters.get("username"):
        qs = qs.filter(username__icontains=filters["username"])
    if filters.get("object_label"):
        qs = qs.filter(object_label__icontains=filters["object_label"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    return _date_range(qs, filters)


def operation_log_list(*, user, filters: dict | None = None):
    qs = _audit_rows(OperationLog, user=user)
    filters = filters or {}
    if filters.get("username"):
        qs = qs.filter(username__icontains=filters["username"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    return _date_range(qs, filters)


def login_record_list(*, user, filters: dict | None = None):
    qs = _audit_rows(LoginRecord, user=user)
    filters = filters or {}
    if filters.get("username"):
        qs = qs.filter(username__icontains=filters["username"])
    if filters.get("outcome"):
        qs = qs.filter(outcome=filters["outcome"])
    return _date_range(qs, filters)


def _date_range(qs, filters):
    if filters.get("date_from"):
        qs = qs.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(at__date__lte=filters["date_to"])
    return qs
