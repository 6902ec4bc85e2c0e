"""Forms: they parse and label input in Chinese; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from org.models import OrgUnitKind
from web.forms import FilterForm, StyledForm, UnitChoiceField, scoped_units

from .models import AlertStatus, Colour, Population, SourceKind

YES_ONLY = [("", _("全部")), ("1", _("是"))]
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class AlertFilterForm(FilterForm):
    q = forms.CharField(label=_("预警事项"), required=False, max_length=100)
    colour = forms.ChoiceField(label=_("预警等级"), required=False, choices=[("", _("全部等级")), *Colour.choices])
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("未闭环")), ("all", _("全部")), *AlertStatus.choices]
    )
    overdue = forms.TypedChoiceField(label=_("已超时"), required=False, choices=YES_ONLY, coerce=lambda v: v == "1")
    within = UnitChoiceField(label=_("警务区/派出所"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_ALERTS, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT]
        )


class AlertForm(StyledForm):
    colour = forms.ChoiceField(label=_("预警等级"), choices=Colour.choices, widget=forms.RadioSelect)
    beat = UnitChoiceField(label=_("警务区"), queryset=None, empty_label=_("请选择警务区"))
    title = forms.CharField(label=_("预警事项"), max_length=200)
    description = forms.CharField(label=_("预警内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source_kind = forms.ChoiceField(label=_("来源"), required=False, choices=SourceKind.choices)
    source_ref = forms.CharField(label=_("来源编号"), required=False, max_length=40)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beat"].queryset = scoped_units(user, Perm.RAISE_ALERTS, kinds=[OrgUnitKind.BEAT])
        self.fields["beat"].error_messages["required"] = _("请选择预警所在的警务区")
        self.fields["title"].error_messages["required"] = _("请填写预警事项")
        self.fields["colour"].error_messages["required"] = _("请选择预警等级：红色、橙色或黄色")


class NoteForm(StyledForm):
    note = forms.CharField(label=_("处置情况"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _("请填写处置情况")


class DepartmentForm(StyledForm):
    name = forms.CharField(label=_("联动部门"), max_length=100)
    contact = forms.CharField(label=_("联系人及电话"), required=False, max_length=100)
    task = forms.CharField(label=_("承担工作"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("请填写联动部门名称")


class DrawForm(StyledForm):
    population = forms.ChoiceField(label=_("抽样对象"), choices=Population.choices)
    seed = forms.IntegerField(
        label=_("随机种子"),
        required=False,
        min_value=1,
        max_value=2**62,
        help_text=_("留空由系统生成并记录；同一种子必得同一抽样结果"),
    )
