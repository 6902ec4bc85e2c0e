"""What the casework pages share: the permission guard and the form → service → redirect step."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_may
from web.forms import add_service_errors


def require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项矛盾纠纷/案事件权限"))


def form_step(
    request,
    form,
    call: Callable[[], object],
    *,
    done: str,
    to: Callable[[object], str],
    title: str,
    template: str = "web/form.html",
    context: dict | None = None,
):
    """A POSTed valid form calls the service; its refusals go on the form's fields; success redirects."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(to(result))
    return render(request, template, {"title": title, "form": form, **(context or {})})


def post_step(request, call: Callable[[], object], *, done: str, to: str):
    """A POST button: call the service, say what happened (or why not), go back."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(to)
