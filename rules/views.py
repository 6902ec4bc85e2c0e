"""Rules pages: the obligations (规定任务规则) with their articles and readings; the control centre adjusts the
parameters (each change on the operation log); the engine's run log."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.selectors import user_may
from web.forms import FilterForm, StyledForm, add_service_errors
from web.listing import Column, list_page

from . import selectors
from .models import Obligation
from .services import ADJUSTABLE, obligation_update


class ObligationFilterForm(FilterForm):
    q = forms.CharField(label=_("名称/条款/代码"), required=False, max_length=100)


class ObligationForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Obligation
        fields = list(ADJUSTABLE)


def _due(o: Obligation) -> str:
    if o.repeat_mode == "calendar":
        return o.get_calendar_period_display()
    first = f"{o.get_anchor_display()} {o.first_due}{o.get_first_due_unit_display()}"
    if o.repeat_mode == "after_done":
        return f"{first}，此后每{o.repeat_every}{o.get_repeat_unit_display()}"
    return first


COLUMNS = [
    Column(_("规则名称"), lambda o: o.title),
    Column(_("依据条款"), lambda o: o.source),
    Column(_("期限/重复"), _due),
    Column(_("终止条件"), lambda o: o.get_stop_display()),
    Column(_("提前提醒（天）"), lambda o: o.remind_before_days),
    Column(_("逾期上报（天）"), lambda o: o.escalate_after_days),
    Column(_("启用"), lambda o: o.is_active),
]


def obligation_list(request):
    if not (user_may(request.user, Perm.VIEW_TASKS) or user_may(request.user, Perm.MANAGE_OBLIGATIONS)):
        raise PermissionDenied
    form = ObligationFilterForm(request.GET or None)
    return list_page(
        request,
        queryset=selectors.obligation_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=COLUMNS,
        export_name="规定任务规则",
        title=_("规定任务规则"),
        row_url=lambda o: reverse("rules:obligation_detail", args=[o.pk]),
    )


def obligation_detail(request, pk):
    try:
        obligation = selectors.obligation_get(user=request.user, pk=pk)
    except Obligation.DoesNotExist:
        raise Http404 from None
    may_edit = user_may(request.user, Perm.MANAGE_OBLIGATIONS)
    form = ObligationForm(request.POST or None, instance=Obligation.objects.get(pk=pk)) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                obligation_update(
                    acting_user=request.user,
                    obligation=obligation,
                    **{f: form.cleaned_data[f] for f in ADJUSTABLE},
                )
                messages.success(request, _("已保存，下次运行规则时生效"))
                return redirect("rules:obligation_detail", pk=pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
    context = {"title": obligation.title, "obligation": obligation, "form": form, "due": _due(obligation)}
    return render(request, "rules/obligation_detail.html", context)


def rule_run_list(request):
    if not user_may(request.user, Perm.MANAGE_OBLIGATIONS):
        raise PermissionDenied
    runs = selectors.rule_run_list(user=request.user)[:100]
    return render(request, "rules/run_list.html", {"title": _("规则运行记录"), "runs": runs})
