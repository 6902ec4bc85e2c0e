from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from accounts.services import user_password_change

from ..forms import PasswordChangeZhForm, SignInForm, add_service_errors


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


def password_change(request):
    form = PasswordChangeZhForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改"))
            return redirect("web:workbench")
    return render(request, "web/password_change.html", {"form": form, "title": _("修改密码")})
