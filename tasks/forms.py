"""Forms of the task pages: they parse and label input; ``tasks.services`` validates and writes.

The feedback form is built from the task's 任务标准件, so every template gets its typed fields; the service
validates again (the same rules apply to the API), and errors come back onto the fields.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Perm, Role
from org.models import OrgUnit, OrgUnitKind
from web.forms import FilterForm, StyledForm, UnitChoiceField, scoped_units

from .models import OPEN_STATUSES, TaskKind, TaskStatus


class TaskFilterForm(FilterForm):
    q = forms.CharField(label=_("任务/对象"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("任务类别"), required=False, choices=[("", _("全部类别")), *TaskKind.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *TaskStatus.choices])
    mine = forms.BooleanField(label=_("只看我的"), required=False)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)


DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class FeedbackForm(StyledForm):
    evidence = forms.FileField(
        label=_("佐证材料"), required=False, widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": False})
    )

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for spec in template.fields:
            # Required is checked by the service (one set of messages for pages and API), not here.
            label, kind = spec["label"], spec["type"]
            if kind == "textarea":
                field = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
            elif kind == "date":
                field = forms.CharField(label=label, required=False, widget=DATE_WIDGET)
            elif kind == "choice":
                field = forms.ChoiceField(label=label, required=False, choices=[("", "—"), *spec["choices"]])
            elif kind == "bool":
                field = forms.BooleanField(label=label, required=False)
            else:
                field = forms.CharField(label=label, required=False)
            field.template_required = spec.get("required", True) and kind != "bool"
            fields[spec["name"]] = field
        evidence = self.fields.pop("evidence")
        self.fields.update(fields)
        self.fields["evidence"] = evidence
        self.fields["evidence"].label = _("佐证材料（必传）") if template.evidence_required else _("佐证材料")
        self.order_fields([*fields, "evidence"])
        for name, field in self.fields.items():
            if name != "evidence" and not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "evidence"}


class ReviewForm(StyledForm):
    note = forms.CharField(label=_("审核意见"), required=False, max_length=300)


class ExtensionForm(StyledForm):
    new_due_on = forms.DateField(label=_("申请延至"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("延期理由"), max_length=300)


def handlers_within(unit: OrgUnit):
    station = unit if unit.kind == OrgUnitKind.STATION else None
    path = unit.path
    if station is None:
        # a beat's task may go to any officer/auxiliary of the same station
        path = path[: path.rfind(".", 0, len(path) - 1) + 1]
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=(Role.OFFICER, Role.AUXILIARY),
            role_assignments__org_unit__path__startswith=path,
        )
        .distinct()
        .order_by("username")
    )


class DispatchForm(StyledForm):
    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none())

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers_within(task.org_unit)


class TaskIssueForm(StyledForm):
    submit_label = _("下发")
    kind = forms.ChoiceField(label=_("任务类别"), choices=[])
    title = forms.CharField(label=_("任务名称"), max_length=200)
    description = forms.CharField(label=_("任务要求"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    org_unit = UnitChoiceField(label=_("下发至（派出所/警务区）"), queryset=OrgUnit.objects.none())
    due_on = forms.DateField(label=_("截止日期"), widget=DATE_WIDGET)
    source = forms.CharField(label=_("依据"), required=False, max_length=100)

    def __init__(self, *args, user, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, TaskKind(k).label) for k in kinds]
        perm = Perm.ISSUE_COMMAND_TASKS if TaskKind.COMMAND in kinds else Perm.PUSH_TASKS
        self.fields["org_unit"].queryset = scoped_units(user, perm, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT])


class RateFilterForm(FilterForm):
    start = forms.DateField(label=_("到期日自"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("至"), required=False, widget=DATE_WIDGET)
    group_by = forms.ChoiceField(
        label=_("统计口径"),
        required=False,
        choices=[("beat", _("按警务区")), ("officer", _("按民警")), ("station", _("按派出所"))],
    )


class StationTaskFilterForm(FilterForm):
    q = forms.CharField(label=_("任务/对象"), required=False, max_length=100)
    beat = UnitChoiceField(
        label=_("警务区"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("全部警务区")
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部在办")), *[(s, TaskStatus(s).label) for s in OPEN_STATUSES]],
    )
    kind = forms.ChoiceField(label=_("任务类别"), required=False, choices=[("", _("全部类别")), *TaskKind.choices])
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beat"].queryset = scoped_units(user, Perm.MANAGE_TASKS, kinds=[OrgUnitKind.BEAT])


class BatchDispatchForm(StyledForm):
    """批量派发/改派: the ticked tasks (``ids``) to one officer or auxiliary of the user's stations."""

    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none(), empty_label=_("请选择"))

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers
