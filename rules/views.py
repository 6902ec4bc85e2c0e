"""Rules pages: the obligations (规定任务规则) with their articles and readings; the control centre adjusts the
parameters (each change on the operation log); the engine's run log."""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.selectors import user_may
from web.forms import FilterForm, StyledForm, add_service_errors
from web.listing import Column, list_page

from . import selectors
from .holidays import parse
from .models import Obligation
from .services import ADJUSTABLE, holiday_year_enter, obligation_update

EXAMPLE_FILE = Path(__file__).parent / "data" / "holidays-2027.example.csv"


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
    context = {
        "title": obligation.title,
        "obligation": obligation,
        "form": form,
        "due": _due(obligation),
        **_readable(obligation),
    }
    return render(request, "rules/obligation_detail.html", context)


PREDICATE_LABELS = {"is_key_unit": _("重点单位"), "not_key_unit": _("非重点单位")}


def _readable(o: Obligation) -> dict:
    """The row's vocabulary in words, not codes (record type, categories, condition, trigger, task template)."""
    from audit.labels import object_label
    from tasks.models import TaskTemplate

    from .models import TrackedRecord
    from .obligations import CATEGORY_LABELS

    trigger = str(TrackedRecord._meta.get_field(o.trigger).verbose_name) if o.trigger else ""
    template = TaskTemplate.objects.filter(code=o.template_code).values_list("name", flat=True).first()
    return {
        "record_type_label": object_label(o.record_type),
        "category_labels": [str(CATEGORY_LABELS.get(c, c)) for c in o.categories],
        "predicate_label": str(PREDICATE_LABELS.get(o.predicate, o.predicate)),
        "trigger_label": trigger,
        "template_label": template or o.template_code,
    }


def rule_run_list(request):
    if not user_may(request.user, Perm.MANAGE_OBLIGATIONS):
        raise PermissionDenied
    runs = selectors.rule_run_list(user=request.user)[:100]
    return render(request, "rules/run_list.html", {"title": _("规则运行记录"), "runs": runs})


class HolidayYearForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    notice = forms.CharField(
        label=_("依据"), max_length=200, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知")
    )
    days = forms.CharField(
        label=_("放假与调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "2027-01-01,放假,元旦\n2027-02-20,上班,春节"}),
        help_text=_("每行“日期,类型,名称”，类型为“放假”或“上班”；放假期间的周末也要列出。也可以上传同样格式的文件。"),
    )
    file = forms.FileField(label=_("或上传文件（CSV，UTF-8 或 GB18030）"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if not upload and not (data.get("days") or "").strip():
            self.add_error("days", _("请填写日期或上传文件"))
        return data

    def content(self):
        upload = self.cleaned_data.get("file")
        return upload.read() if upload else self.cleaned_data["days"]


def _need_rules_reader(user):
    if not (user_may(user, Perm.VIEW_TASKS) or user_may(user, Perm.MANAGE_OBLIGATIONS)):
        raise PermissionDenied


def holiday_calendar(request):
    """节假日安排: the years known, the years assumed (with the open tasks that rest on them), and for the control
    centre the form that enters or imports a year (``holiday_year_enter`` recomputes the open tasks)."""
    _need_rules_reader(request.user)
    may_enter = user_may(request.user, Perm.MANAGE_OBLIGATIONS)
    if request.method == "POST" and not may_enter:
        raise PermissionDenied
    today = timezone.localdate()
    form = None
    if may_enter:
        form = HolidayYearForm(request.POST or None, request.FILES or None, initial={"year": today.year + 1})
    if request.method == "POST" and form.is_valid():
        days, problems = parse(form.content())
        if problems:
            form.add_error("days", problems)
        else:
            try:
                row, run = holiday_year_enter(
                    acting_user=request.user,
                    year=form.cleaned_data["year"],
                    days=days,
                    notice=form.cleaned_data["notice"],
                )
                messages.success(
                    request,
                    _("已录入{year}年节假日安排，规定任务已按新日历重算：调整{updated}个，新建{created}个").format(
                        year=row.year, updated=run.updated, created=run.created
                    ),
                )
                return redirect("rules:calendar_year", year=row.year)
            except ValidationError as exc:
                add_service_errors(form, exc)
    years = list(selectors.holiday_year_list(user=request.user))
    known = {y.year for y in years}
    context = {
        "title": _("节假日安排"),
        "years": years,
        "missing": [y for y in (today.year, today.year + 1) if y not in known],
        "assumed": selectors.assumed_due_counts(user=request.user),
        "form": form,
    }
    return render(request, "rules/calendar.html", context)


def holiday_year_detail(request, year):
    _need_rules_reader(request.user)
    row = selectors.holiday_year_list(user=request.user).filter(year=year).first()
    if row is None:
        raise Http404
    days = selectors.holiday_day_list(user=request.user, year=year)
    return render(
        request,
        "rules/calendar_year.html",
        {"title": _("%(year)s年节假日安排") % {"year": year}, "row": row, "days": days},
    )


def holiday_example(request):
    _need_rules_reader(request.user)
    return FileResponse(EXAMPLE_FILE.open("rb"), as_attachment=True, filename="holidays-2027.example.csv")
