from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import selectors
from accounts.models import RoleAssignment, User
from accounts.roles import Perm
from accounts.services import (
    user_create,
    user_disable,
    user_enable,
    user_password_reset,
    user_role_assign,
    user_role_revoke,
)

from ..forms import PasswordResetForm, RoleAssignForm, UserCreateForm, UserFilterForm, add_service_errors
from ..listing import Column, list_page


def _require_manager(request):
    if not selectors.user_may(request.user, Perm.MANAGE_STAFF):
        raise PermissionDenied(_("您没有账号管理权限"))


def _user_or_404(request, pk) -> User:
    try:
        return selectors.user_get(user=request.user, pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None


USER_COLUMNS = [
    Column(_("登录名"), lambda u: u.username),
    Column(_("姓名"), lambda u: u.full_name),
    Column(
        _("角色"), lambda u: "；".join(f"{a.get_role_display()}@{a.org_unit.name}" for a in u.role_assignments.all())
    ),
    Column(_("状态"), lambda u: "在用" if u.is_active else "停用"),
    Column(_("最近登录"), lambda u: u.last_login),
]


def user_list(request):
    _require_manager(request)
    form = UserFilterForm(request.GET or None)
    qs = selectors.user_list(user=request.user, filters=form.filters() if request.GET else {})
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=USER_COLUMNS,
        export_name="账号",
        title=_("账号管理"),
        row_url=lambda u: reverse("web:user_detail", args=[u.pk]),
        actions=[(_("开设账号"), reverse("web:user_new"))],
    )


def user_new(request):
    _require_manager(request)
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = user_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已开设账号“{username}”，首次登录须修改密码").format(username=created.username))
            return redirect("web:user_detail", pk=created.pk)
    return render(request, "web/form.html", {"title": _("开设账号"), "form": form, "back": "web:user_list"})


def _render_detail(request, account, *, role_form=None, password_form=None, status=200):
    context = {
        "title": f"账号：{account.username}",
        "account": account,
        "roles": selectors.user_roles(account),
        "role_form": role_form or RoleAssignForm(user=request.user),
        "password_form": password_form or PasswordResetForm(),
    }
    return render(request, "web/accounts/user_detail.html", context, status=status)


def user_detail(request, pk):
    _require_manager(request)
    return _render_detail(request, _user_or_404(request, pk))


def _act(request, pk, action, success: str):
    """Run one account service from a button; its validation message comes back as a flash message."""
    _require_manager(request)
    account = _user_or_404(request, pk)
    try:
        action(account)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success.format(username=account.username))
    return redirect("web:user_detail", pk=account.pk)


@require_POST
def user_disable_view(request, pk):
    return _act(request, pk, lambda a: user_disable(acting_user=request.user, user=a), "已停用“{username}”")


@require_POST
def user_enable_view(request, pk):
    return _act(request, pk, lambda a: user_enable(acting_user=request.user, user=a), "已启用“{username}”")


def _form_action(request, pk, form, service, success: str, form_slot: str):
    """Validate a form posted from the account page, run the service, or show the page with field errors."""
    _require_manager(request)
    account = _user_or_404(request, pk)
    if form.is_valid():
        try:
            service(acting_user=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success.format(username=account.username))
            return redirect("web:user_detail", pk=account.pk)
    return _render_detail(request, account, status=400, **{form_slot: form})


@require_POST
def user_role_assign_view(request, pk):
    form = RoleAssignForm(request.POST, user=request.user)
    return _form_action(request, pk, form, user_role_assign, "已授权", "role_form")


@require_POST
def user_role_revoke_view(request, pk, assignment_pk):
    def revoke(account):
        try:
            assignment = account.role_assignments.get(pk=assignment_pk)
        except RoleAssignment.DoesNotExist:
            raise Http404 from None
        user_role_revoke(acting_user=request.user, assignment=assignment)

    return _act(request, pk, revoke, "已撤销授权")


@require_POST
def user_password_reset_view(request, pk):
    form = PasswordResetForm(request.POST)
    return _form_action(
        request, pk, form, user_password_reset, "已重置“{username}”的密码，对方下次登录须修改", "password_form"
    )
