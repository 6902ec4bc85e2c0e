"""Forms: they parse and label input in Chinese; the services validate and write."""

from __future__ import annotations

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from org.models import AUXILIARY_KINDS, POLICE_KINDS, OrgUnitKind, Staff
from registry.models import OrganizationCategory
from subjects.forms import MultipleFileField
from web.forms import FilterForm, StyledForm, UnitChoiceField, scoped_units

from .catalogue import TRADE_GROUPS, TRADE_TYPE_CHOICES
from .models import Escalation, HazardStatus, InspectionKind, InspectionTrigger, ReinspectionResult, SupervisedBy
from .notices import station_of

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # ISO, or the browser shows it empty
YES_ONLY = [("", _("全部")), ("1", _("是"))]


def _yes(value):
    return value == "1"


class UnitFilterForm(FilterForm):
    q = forms.CharField(label=_("单位名称"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[
            ("", _("全部类别")),
            *[(g["code"], g["label"]) for g in TRADE_GROUPS],
            *[(c, label) for c, label in OrganizationCategory.choices if c not in {g["code"] for g in TRADE_GROUPS}],
        ],
    )
    key_unit = forms.TypedChoiceField(label=_("重点单位"), required=False, choices=YES_ONLY, coerce=_yes)
    overdue = forms.TypedChoiceField(label=_("检查逾期"), required=False, choices=YES_ONLY, coerce=_yes)
    open_hazards = forms.TypedChoiceField(label=_("有未整改隐患"), required=False, choices=YES_ONLY, coerce=_yes)
    supervised_by = forms.ChoiceField(
        label=_("监督管理"), required=False, choices=[("", _("全部")), *SupervisedBy.choices]
    )
    within = UnitChoiceField(label=_("警务区/派出所"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_INSPECTIONS, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT]
        )


class HazardFilterForm(FilterForm):
    q = forms.CharField(label=_("单位/隐患"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("整改中")), ("all", _("全部")), *HazardStatus.choices[1:]]
    )
    overdue = forms.TypedChoiceField(label=_("已过整改期限"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("警务区/派出所"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_INSPECTIONS, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT]
        )


class SupervisionForm(StyledForm):
    supervised_by = forms.ChoiceField(label=_("监督管理（第五十七条）"), choices=SupervisedBy.choices)
    trade_type = forms.ChoiceField(
        label=_("场所行业类型（第六十八条）"), required=False, choices=[("", _("非场所行业")), *TRADE_TYPE_CHOICES]
    )
    licence_number = forms.CharField(label=_("许可证号"), required=False, max_length=60)
    licence_on = forms.DateField(label=_("许可日期"), required=False, widget=DATE)
    filing_number = forms.CharField(label=_("备案号"), required=False, max_length=60)
    filing_on = forms.DateField(label=_("备案日期"), required=False, widget=DATE)
    key_parts = forms.CharField(
        label=_("治安保卫重要部位（第五十九条(二)）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def assistant_choices(organization):
    """Auxiliaries, 警务助理 and police of the unit's station (第六十条、第七十条), the unit's beat first."""
    station = station_of(organization.org_unit)
    own_beat = Case(When(org_unit=organization.org_unit, then=Value(0)), default=Value(1))
    return (
        Staff.objects.filter(
            is_active=True, kind__in=(*AUXILIARY_KINDS, *POLICE_KINDS), org_unit__path__startswith=station.path
        )
        .select_related("org_unit")
        .order_by(own_beat, "-org_unit__depth", "kind", "name")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_kind_display()}·{obj.org_unit.name}）"


class InspectionForm(StyledForm):
    """The fixed fields; the checklist answers come as ``item_<code>`` = ok/fail and ``note_<code>`` (the page)."""

    kind = forms.ChoiceField(label=_("检查类别"), choices=InspectionKind.choices)
    trigger = forms.ChoiceField(label=_("检查缘由"), choices=InspectionTrigger.choices)
    inspected_on = forms.DateField(label=_("检查日期"), required=False, widget=DATE)
    assistant = StaffChoiceField(label=_("协助人员"), required=False, queryset=Staff.objects.none())
    recorder_ref = forms.CharField(label=_("执法记录仪录像编号"), required=False, max_length=100)
    situation = forms.CharField(label=_("检查情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    serious = forms.BooleanField(label=_("治安问题突出，立即报告所领导（第七十条）"), required=False)
    files = MultipleFileField(label=_("照片、录音录像"), required=False)

    def __init__(self, *args, organization, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assistant"].queryset = assistant_choices(organization)
        self.items = items

    def answers(self) -> dict:
        found = {}
        for item in self.items:
            value = self.data.get(f"item_{item.code}")
            if value in ("ok", "fail"):
                found[item.code] = {"ok": value == "ok", "note": self.data.get(f"note_{item.code}", "")}
        return found


class HazardForm(StyledForm):
    item_code = forms.ChoiceField(label=_("不合格项目"))
    description = forms.CharField(label=_("隐患情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("整改期限（由民警确定）"), required=False, widget=DATE)
    warning = forms.BooleanField(label=_("并处警告"), required=False)
    legal_basis = forms.CharField(label=_("法律依据（不填则引用检查项目条款）"), required=False, max_length=300)
    interviewee = forms.CharField(label=_("约谈对象（场所行业必填，第七十条）"), required=False, max_length=60)
    interview_note = forms.CharField(label=_("约谈情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [(i.code, f"{i.label}（{i.source}）") for i in items]


class ExtensionForm(StyledForm):
    applied_on = forms.DateField(label=_("单位书面申请日期"), required=False, widget=DATE)
    requested_deadline = forms.DateField(label=_("申请延至"), required=False, widget=DATE)
    reason = forms.CharField(label=_("申请理由"), required=False, max_length=300)
    officer_opinion = forms.CharField(label=_("民警审查意见"), required=False, max_length=300)


class DecideForm(StyledForm):
    note = forms.CharField(label=_("审批意见（不同意须填写理由）"), max_length=300, required=False)


class ReinspectionForm(StyledForm):
    reinspected_on = forms.DateField(label=_("复查日期"), required=False, widget=DATE)
    on_request = forms.BooleanField(label=_("单位申请提前复查"), required=False)
    assistant = StaffChoiceField(label=_("协助人员"), required=False, queryset=Staff.objects.none())
    recorder_ref = forms.CharField(label=_("执法记录仪录像编号"), required=False, max_length=100)
    result = forms.ChoiceField(label=_("复查结果"), choices=ReinspectionResult.choices)
    situation = forms.CharField(label=_("复查情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    escalation = forms.ChoiceField(
        label=_("未达到要求时：报告/通报/报所（第六十一条）"), required=False, choices=Escalation.choices
    )
    escalated_to = forms.CharField(label=_("报告或通报的单位"), required=False, max_length=100)
    escalation_note = forms.CharField(
        label=_("报告/通报情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(label=_("照片、录音录像"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assistant"].queryset = assistant_choices(organization)


class PeriodForm(FilterForm):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        required=False,
        choices=[("", _("全年")), ("1", "一季度"), ("2", "二季度"), ("3", "三季度"), ("4", "四季度")],
        coerce=int,
        empty_value=None,
    )
    within = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("我的范围"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_INSPECTIONS, kinds=[OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU, OrgUnitKind.STATION]
        )
