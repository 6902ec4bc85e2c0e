from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
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
        raise PermissionDenied("您没有账号管理权限")


def _user_or_404(request, pk) -> User:
    try:
        return selectors.user_get(user=request.user, pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None


USER_COLUMNS = [
    Column("登录名", lambda u: u.username),
    Column("姓名", lambda u: u.full_name),
    Column("角色", lambda u: "；".join(f"{a.get_role_display()}@{a.org_unit.name}" for a in u.role_assignments.all())),
    Column("状态", lambda u: "在用" if u.is_active else "停用"),
    Column("最近登录", lambda u: u.last_login.strftime("%Y-%m-%d %H:%M") if u.last_login else ""),
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
        title="账号管理",
        row_url=lambda u: reverse("web:user_detail", args=[u.pk]),
        actions=[("开设账号", reverse("web:user_new"))],
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
            messages.success(request, f"已开设账号“{created.username}”，首次登录须修改密码")
            return redirect("web:user_detail", pk=created.pk)
    return render(request, "web/form.html", {"title": "开设账号", "form": form, "back": "web:user_list"})


def user_detail(request, pk):
    _require_manager(request)
    account = _user_or_404(request, pk)
    context = {
        "title": f"账号：{account.username}",
        "account": account,
        "roles": selectors.user_roles(account),
        "role_form": RoleAssignForm(user=request.user),
        "password_form": PasswordResetForm(),
    }
    return render(request, "web/accounts/user_detail.html", context)


def _act(request, pk, action):
    _require_manager(request)
    account = _user_or_404(request, pk)
    try:
        message = action(account)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, message)
    return redirect("web:user_detail", pk=account.pk)


@require_POST
def user_disable_view(request, pk):
    return _act(request, pk, lambda a: user_disable(acting_user=request.user, user=a) and f"已停用“{a.username}”")


@require_POST
def user_enable_view(request, pk):
    return _act(request, pk, lambda a: user_enable(acting_user=request.user, user=a) and f"已启用“{a.username}”")


@require_POST
def user_role_assign_view(request, pk):
    _require_manager(request)
    account = _user_or_404(request, pk)
    form = RoleAssignForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            user_role_assign(acting_user=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已授权")
            return redirect("web:user_detail", pk=account.pk)
    context = {
        "title": f"账号：{account.username}",
        "account": account,
        "roles": selectors.user_roles(account),
        "role_form": form,
        "password_form": PasswordResetForm(),
    }
    return render(request, "web/accounts/user_detail.html", context, status=400)


@require_POST
def user_role_revoke_view(request, pk, assignment_pk):
    def revoke(account):
        try:
            assignment = account.role_assignments.get(pk=assignment_pk)
        except RoleAssignment.DoesNotExist:
            raise Http404 from None
        user_role_revoke(acting_user=request.user, assignment=assignment)
        return "已撤销授权"

    return _act(request, pk, revoke)


@require_POST
def user_password_reset_view(request, pk):
    _require_manager(request)
    account = _user_or_404(request, pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            user_password_reset(acting_user=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已重置“{account.username}”的密码，对方下次登录须修改")
            return redirect("web:user_detail", pk=account.pk)
    context = {
        "title": f"账号：{account.username}",
        "account": account,
        "roles": selectors.user_roles(account),
        "role_form": RoleAssignForm(user=request.user),
        "password_form": form,
    }
    return render(request, "web/accounts/user_detail.html", context, status=400)
