"""Forms of the subjects pages: they parse and label input in Chinese; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from org.models import OrgUnitKind
from web.forms import EMPTY_CHOICE, FilterForm, StyledForm, UnitChoiceField, scoped_units

from .categories import CATEGORY_BY_CODE, CATEGORY_CHOICES, MEASURES, MET, RECORD_KIND_BY_CODE, WAYS
from .models import RiskLevel, SubjectStatus

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        return [super(MultipleFileField, self).clean(d, initial) for d in (data if isinstance(data, list) else [data])]


class SubjectFilterForm(FilterForm):
    q = forms.CharField(label=_("姓名/拼音首字母"), required=False, max_length=50)
    category = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别")), *CATEGORY_CHOICES])
    within = UnitChoiceField(label=_("警务区"), required=False, queryset=None, empty_label=_("全部警务区"))
    risk_level = forms.ChoiceField(label=_("风险等级"), required=False, choices=[("", _("全部")), *RiskLevel.choices])
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("在管及待审批")), *SubjectStatus.choices]
    )
    overdue = forms.BooleanField(label=_("仅看有逾期工作"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_SUBJECTS, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT]
        )


class MarkForm(StyledForm):
    """标注: the category and its own facts (one field per fact of every category; the page shows the chosen
    category's)."""

    category = forms.ChoiceField(label=_("特定对象类别（第三十七条）"), choices=CATEGORY_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, row in CATEGORY_BY_CODE.items():
            for spec in row["facts"]:
                name = f"{code}__{spec['name']}"
                if spec["type"] == "date":
                    field = forms.DateField(label=spec["label"], required=False, widget=DATE)
                elif spec["type"] == "choice":
                    field = forms.ChoiceField(
                        label=spec["label"], required=False, choices=[("", "—"), *spec["choices"]]
                    )
                else:
                    field = forms.CharField(label=spec["label"], required=False, max_length=200)
                field.widget.attrs["data-category"] = code
                self.fields[name] = field
        for field in self.fields.values():
            base = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", base)

    def groups(self):
        """[(category row, its bound fact fields)] for the page."""
        return [
            (row, [self[f"{code}__{spec['name']}"] for spec in row["facts"]]) for code, row in CATEGORY_BY_CODE.items()
        ]

    def facts(self) -> dict:
        category = self.cleaned_data["category"]
        prefix = f"{category}__"
        return {
            k.removeprefix(prefix): v
            for k, v in self.cleaned_data.items()
            if k.startswith(prefix) and v not in (None, "")
        }

    def service_field(self, name: str) -> str:
        category = self.data.get("category", "")
        candidate = f"{category}__{name}"
        return candidate if candidate in self.fields else name


class ReasonForm(StyledForm):
    submit_label = _("提交审批")
    reason = forms.CharField(
        label=_("撤销理由"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(StyledForm):
    note = forms.CharField(label=_("审批意见（不同意须填写理由）"), max_length=300, required=False)


class VisitForm(StyledForm):
    marked_required = frozenset({"visited_on", "measure", "way", "met", "findings"})
    visited_on = forms.DateField(
        label=_("走访日期"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("走访日期不是有效日期，请按“年-月-日”填写")},
    )
    measure = forms.ChoiceField(label=_("工作措施（第四十条）"), choices=MEASURES)
    way = forms.ChoiceField(label=_("方式"), choices=WAYS)
    met = forms.ChoiceField(label=_("面见/查访对象"), choices=[("", "—"), *MET], required=False)
    met_names = forms.CharField(label=_("见面人员姓名"), required=False, max_length=200)
    findings = forms.CharField(label=_("了解情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recurrence_found = forms.NullBooleanField(
        label=_("是否发现再次实施家庭暴力（家庭暴力加害人必填）"),
        required=False,
        widget=forms.Select(choices=[("unknown", EMPTY_CHOICE), ("false", _("未发现")), ("true", _("发现再次实施"))]),
    )
    next_steps = forms.CharField(label=_("下一步措施"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachments = MultipleFileField(label=_("附件"), required=False)


class RecordForm(StyledForm):
    """A category record; its fields come from categories.RECORD_KINDS for the chosen kind."""

    done_on = forms.DateField(label=_("日期"), required=False, widget=DATE)
    attachments = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = RECORD_KIND_BY_CODE[kind]
        for spec in self.kind["fields"]:
            if spec["type"] == "choice":
                field = forms.ChoiceField(label=spec["label"], required=False, choices=[("", "—"), *spec["choices"]])
                field.widget.attrs["class"] = "form-select"
            else:
                field = forms.CharField(label=spec["label"], required=False, widget=forms.Textarea(attrs={"rows": 3}))
                field.widget.attrs["class"] = "form-control"
            self.fields[spec["name"]] = field

    def data_fields(self) -> dict:
        return {spec["name"]: self.cleaned_data.get(spec["name"], "") for spec in self.kind["fields"]}


class TransferForm(StyledForm):
    submit_label = _("通报")
    to_unit = UnitChoiceField(label=_("流入警务区"), queryset=None)
    notice = forms.CharField(label=_("通报内容"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from org.models import OrgUnit

        super().__init__(*args, **kwargs)
        # 通报可发往任何警务区（跨所流转由派出所通报，第三十九条）: the receiving beat need not be in scope.
        self.fields["to_unit"].queryset = OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, is_active=True).order_by("path")


class PushForm(StyledForm):
    submit_label = _("推送")
    content = forms.CharField(label=_("预警内容"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    limit_hours = forms.IntegerField(label=_("面见时限（小时）"), initial=24, min_value=1, max_value=720)
