"""Forms: they parse and label input in Chinese; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from org.models import OrgUnitKind, Staff
from web.forms import FilterForm, StyledForm, UnitChoiceField, scoped_units

from .models import EquipmentKind, LeaveKind, ShiftKind, SupportStatus

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
YES_ONLY = [("", _("全部")), ("1", _("是"))]
DUTY_UNIT_KINDS = [OrgUnitKind.STATION, OrgUnitKind.BEAT, OrgUnitKind.POLICE_POST]


def _yes(value):
    return value == "1"


def _required(form, **messages):
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_kind_display()}，{obj.org_unit.name}）"


def _staff(user, perm):
    return (
        Staff.objects.visible_to(user, perm=perm)
        .filter(is_active=True)
        .select_related("org_unit")
        .order_by("scope_path", "name")
    )


class ShiftForm(StyledForm):
    org_unit = UnitChoiceField(label=_("岗位所在单位"), queryset=None, empty_label=_("请选择派出所、警务区或警务室"))
    day = forms.DateField(label=_("日期"), widget=DATE)
    start = forms.TimeField(label=_("开始时间"), widget=TIME)
    end = forms.TimeField(label=_("结束时间"), widget=TIME, help_text=_("早于或等于开始时间的，视为次日结束"))
    kind = forms.ChoiceField(label=_("勤务类别"), choices=ShiftKind.choices)
    staff = StaffChoiceField(label=_("A岗"), queryset=None, empty_label=_("请选择A岗人员"))
    backup = StaffChoiceField(label=_("B岗"), queryset=None, required=False, empty_label=_("（未配B岗）"))
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_DUTY, kinds=DUTY_UNIT_KINDS)
        self.fields["staff"].queryset = _staff(user, Perm.MANAGE_DUTY)
        self.fields["backup"].queryset = _staff(user, Perm.MANAGE_DUTY)
        _required(
            self,
            org_unit=_("请选择岗位所在单位"),
            day=_("请填写日期"),
            start=_("请填写开始时间"),
            end=_("请填写结束时间"),
            staff=_("请选择A岗人员"),
        )
        for name in ("day", "start", "end"):
            self.fields[name].error_messages["invalid"] = _("格式不正确，请重新选择")


class ShiftFilterForm(FilterForm):
    q = forms.CharField(label=_("人员"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("勤务类别"), required=False, choices=[("", _("全部")), *ShiftKind.choices])
    start = forms.DateField(label=_("自"), required=False, widget=DATE)
    end = forms.DateField(label=_("至"), required=False, widget=DATE)
    no_backup = forms.TypedChoiceField(label=_("未配B岗"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(user, Perm.VIEW_DUTY, kinds=DUTY_UNIT_KINDS)


class LeaveForm(StyledForm):
    staff = StaffChoiceField(label=_("人员"), queryset=None, empty_label=_("请选择人员"))
    kind = forms.ChoiceField(label=_("类别"), choices=LeaveKind.choices)
    starts_at = forms.DateTimeField(label=_("起始时间"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("截止时间"), widget=DATETIME)
    reason = forms.CharField(label=_("事由"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = _staff(user, Perm.MANAGE_DUTY)
        _required(
            self,
            staff=_("请选择人员"),
            starts_at=_("请填写起始时间"),
            ends_at=_("请填写截止时间"),
            reason=_("请填写事由"),
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].error_messages["invalid"] = _("格式不正确，请重新选择")


class LeaveFilterForm(FilterForm):
    q = forms.CharField(label=_("人员"), required=False, max_length=50)
    open = forms.TypedChoiceField(label=_("未销假"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(user, Perm.VIEW_DUTY, kinds=DUTY_UNIT_KINDS)


class LogFilterForm(FilterForm):
    q = forms.CharField(label=_("人员"), required=False, max_length=50)
    start = forms.DateField(label=_("自"), required=False, widget=DATE)
    end = forms.DateField(label=_("至"), required=False, widget=DATE)
    unsigned = forms.TypedChoiceField(label=_("未审核"), required=False, choices=YES_ONLY, coerce=_yes)
    mine = forms.TypedChoiceField(label=_("本人"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(user, Perm.VIEW_DUTY, kinds=DUTY_UNIT_KINDS)


class EntryForm(StyledForm):
    at = forms.TimeField(label=_("时间"), required=False, widget=TIME)
    text = forms.CharField(label=_("工作内容"), max_length=300)
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    in_beat = forms.BooleanField(label=_("在本警务区"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self, text=_("请填写工作内容"))


class SignForm(StyledForm):
    note = forms.CharField(label=_("审核意见"), required=False, max_length=200)


class MonthForm(FilterForm):
    month = forms.CharField(label=_("月份"), required=False, widget=forms.TextInput(attrs={"type": "month"}))
    within = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_DUTY, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT]
        )


class SupportForm(StyledForm):
    org_unit = UnitChoiceField(label=_("请求单位"), queryset=None, empty_label=_("请选择派出所"))
    to_unit = forms.CharField(label=_("请求支援单位"), max_length=100)
    subject = forms.CharField(label=_("请求事项"), max_length=200)
    content = forms.CharField(label=_("具体内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_at = forms.DateTimeField(label=_("答复期限"), required=False, widget=DATETIME)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_DUTY, kinds=[OrgUnitKind.STATION])
        _required(self, org_unit=_("请选择派出所"), to_unit=_("请填写请求支援的上级单位"), subject=_("请填写请求事项"))
        self.fields["due_at"].error_messages["invalid"] = _("格式不正确，请重新选择")


class SupportFilterForm(FilterForm):
    q = forms.CharField(label=_("事项/单位"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *SupportStatus.choices])
    overdue = forms.TypedChoiceField(label=_("已逾期"), required=False, choices=YES_ONLY, coerce=_yes)


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self, answer=_("请填写答复内容"))


class TrainingForm(StyledForm):
    staff = StaffChoiceField(label=_("人员"), queryset=None, empty_label=_("请选择人员"))
    start_on = forms.DateField(label=_("培训开始日期"), widget=DATE)
    days = forms.IntegerField(label=_("培训天数"), min_value=1, max_value=365)
    topic = forms.CharField(label=_("培训内容"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = _staff(user, Perm.MANAGE_DUTY)
        _required(
            self, staff=_("请选择人员"), start_on=_("请填写日期"), days=_("请填写培训天数"), topic=_("请填写培训内容")
        )


class EquipmentForm(StyledForm):
    beat = UnitChoiceField(label=_("警务区"), queryset=None, empty_label=_("请选择警务区"))
    kind = forms.ChoiceField(label=_("装备类别"), choices=EquipmentKind.choices)
    number = forms.CharField(label=_("编号/号牌"), required=False, max_length=40)
    registered_on = forms.DateField(label=_("配备日期"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beat"].queryset = scoped_units(user, Perm.MANAGE_DUTY, kinds=[OrgUnitKind.BEAT])
        _required(self, beat=_("请选择警务区"))
