"""三色预警 pages: thin views over the alerts' selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from web.forms import add_service_errors
from web.listing import Column, list_page
from web.shortcuts import get_or_404

from . import selectors, services
from .forms import AlertFilterForm, AlertForm, DepartmentForm, DrawForm, NoteForm
from .rules import COLOUR_RULES, MIN_DEPARTMENTS

ROW_CLASS = {"red": "table-danger", "orange": "table-warning", "yellow": "table-light"}


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项预警权限"))


def _clock(a) -> str:
    if not a.is_open:
        return str(_("已闭环"))
    return f"{a.next_due_title or ''} {selectors.clock_text(a.next_due_at)}".strip()


COLUMNS = [
    Column(_("预警等级"), lambda a: a.get_colour_display()),
    Column(_("预警事项"), lambda a: a.title),
    Column(_("警务区"), lambda a: a.beat.name),
    Column(_("发布单位"), lambda a: a.get_raised_by_unit_display()),
    Column(_("发布时间"), lambda a: timezone.localtime(a.raised_at).strftime("%Y-%m-%d %H:%M")),
    Column(_("状态"), lambda a: a.get_status_display()),
    Column(
        _("下一时限"), lambda a: timezone.localtime(a.next_due_at).strftime("%Y-%m-%d %H:%M") if a.next_due_at else ""
    ),
    Column(_("时限状态"), _clock),
    Column(_("联动部门"), lambda a: a.department_count if a.colour == "red" else ""),
]


def alert_board(request):
    _require(request, Perm.VIEW_ALERTS)
    form = AlertFilterForm(request.GET or None, user=request.user)
    actions = [(_("发布预警"), reverse("alerts:alert_new"))] if user_may(request.user, Perm.RAISE_ALERTS) else []
    return list_page(
        request,
        queryset=selectors.alert_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=COLUMNS,
        export_name=_("三色预警"),
        title=_("三色预警"),
        row_url=lambda a: reverse("alerts:alert_detail", args=[a.pk]),
        row_class=lambda a: ROW_CLASS.get(a.colour, "") if a.is_open else "",
        actions=actions,
    )


def alert_new(request):
    _require(request, Perm.RAISE_ALERTS)
    form = AlertForm(request.POST or None, user=request.user, initial={"colour": request.GET.get("colour", "red")})
    if request.method == "POST" and form.is_valid():
        try:
            alert = services.alert_raise(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("预警已发布，时限已开始计时并通知警务区民警和所领导"))
            return redirect("alerts:alert_detail", alert.pk)
    return render(request, "web/form.html", {"title": _("发布三色预警"), "form": form})


def alert_detail(request, pk):
    _require(request, Perm.VIEW_ALERTS)
    alert = get_or_404(selectors.alert_get, user=request.user, pk=pk)
    may_handle = user_may(request.user, Perm.HANDLE_ALERTS, alert.scope_path) and alert.is_open
    tasks = list(selectors.alert_tasks(alert))
    now = timezone.now()
    clocks = [
        {"task": t, "text": selectors.clock_text(t.due_at, now) if t.is_open else t.get_status_display()}
        for t in tasks
        if t.obligation_code
    ]
    plan = alert.plans.first() if alert.colour == "orange" else None
    context = {
        "title": str(alert),
        "alert": alert,
        "rule": COLOUR_RULES[alert.colour],
        "clocks": clocks,
        "departments": alert.departments.all(),
        "min_departments": MIN_DEPARTMENTS,
        "plan": plan,
        "draws": plan.draws.select_related("task") if plan else [],
        "may_handle": may_handle,
        "respond_form": NoteForm(prefix="respond"),
        "close_form": NoteForm(prefix="close"),
        "department_form": DepartmentForm(),
        "draw_form": DrawForm(),
    }
    return render(request, "alerts/alert_detail.html", context)


def _act(request, pk, action, form_class, prefix=None, ok=""):
    alert = get_or_404(selectors.alert_get, user=request.user, pk=pk)
    _require(request, Perm.HANDLE_ALERTS, alert.scope_path)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            action(alert, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ok)
            return redirect("alerts:alert_detail", alert.pk)
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, error if field == "__all__" else f"{form.fields[field].label}：{error}")
    return redirect("alerts:alert_detail", alert.pk)


@require_POST
def alert_respond(request, pk):
    def act(alert, data):
        services.alert_respond(acting_user=request.user, alert=alert, note=data["note"])

    return _act(request, pk, act, NoteForm, "respond", _("已响应"))


@require_POST
def alert_close(request, pk):
    def act(alert, data):
        services.alert_close(acting_user=request.user, alert=alert, note=data["note"])

    return _act(request, pk, act, NoteForm, "close", _("预警已闭环"))


@require_POST
def department_add(request, pk):
    def act(alert, data):
        services.alert_department_link(acting_user=request.user, alert=alert, **data)

    return _act(request, pk, act, DepartmentForm, None, _("已登记联动部门"))


@require_POST
def sampling_draw(request, pk):
    def act(alert, data):
        services.alert_sampling_draw(
            acting_user=request.user, alert=alert, population=data["population"], seed=data["seed"]
        )

    return _act(request, pk, act, DrawForm, None, _("已按随机种子抽取，任务已派发"))
