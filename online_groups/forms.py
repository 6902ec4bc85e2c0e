"""Forms: they parse and label input in Chinese; the services validate and write."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from org.models import AUXILIARY_KINDS, OrgUnitKind, Staff, StaffKind, path_prefixes
from web.forms import FilterForm, StyledForm, UnitChoiceField, scoped_units

from .catalogue import NUMBERS, Category, Conversion, MemberRole, RequestStatus, Visibility
from .models import OnlineGroup

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YES_ONLY = [("", _("全部")), ("1", _("是"))]
GROUP_KINDS = [OrgUnitKind.BEAT, OrgUnitKind.COMMUNITY, OrgUnitKind.GRID]
POLICE_AND_AUX = (StaffKind.COMMUNITY_OFFICER, StaffKind.STATION_LEAD, StaffKind.OTHER_POLICE, *AUXILIARY_KINDS)
MEMBER_KINDS = (*POLICE_AND_AUX, StaffKind.GRID_WORKER, StaffKind.VOLUNTEER, StaffKind.SECURITY_COMMITTEE)


def _yes(value):
    return value == "1"


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_kind_display()}，{obj.org_unit.name}）"


class GroupFilterForm(FilterForm):
    q = forms.CharField(label=_("群名称/群ID"), required=False, max_length=100)
    visibility = forms.ChoiceField(label=_("可见状态"), required=False, choices=[("", _("全部")), *Visibility.choices])
    compliance = forms.ChoiceField(
        label=_("核对结果"),
        required=False,
        choices=[("", _("全部")), ("ok", _("全部合规")), ("composition", _("配置不全")), ("nickname", _("昵称不规范"))],
    )
    dismissed = forms.TypedChoiceField(label=_("含已解散"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_SERVICES, [OrgUnitKind.STATION, OrgUnitKind.BEAT, OrgUnitKind.COMMUNITY]
        )


class GroupForm(StyledForm):
    org_unit = UnitChoiceField(label=_("社区/网格/警务区"), queryset=None)
    name = forms.CharField(label=_("群名称"), max_length=100, required=False)
    chat_id = forms.CharField(label=_("群ID（留空自动编号）"), max_length=100, required=False)
    visibility = forms.ChoiceField(label=_("可见状态"), choices=Visibility.choices, initial=Visibility.NOT_CUSTOMER)
    station_account = forms.CharField(label=_("本所企业微信账号"), max_length=80, required=False)
    specialist = StaffChoiceField(label=_("云格岗专员"), queryset=None, required=False)
    kf_open_id = forms.CharField(label=_("微信客服账号"), max_length=80, required=False)
    marked_required = frozenset({"name"})
    preselected = {"visibility": "手工登记的群通常是接口看不到的非客户群（接口可见的群由网关登记），民警可改选"}

    def __init__(self, *args, user, edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.SERVE_RESIDENTS, GROUP_KINDS)
        self.fields["specialist"].queryset = (
            Staff.objects.visible_to(user, perm=Perm.VIEW_SERVICES)
            .filter(kind__in=POLICE_AND_AUX, is_active=True)
            .select_related("org_unit")
            .order_by("scope_path", "name")
        )
        if edit:
            del self.fields["chat_id"]


class MemberForm(StyledForm):
    staff = StaffChoiceField(label=_("对应人员（民警、辅警、网格员、志愿者）"), queryset=None, required=False)
    role = forms.ChoiceField(
        label=_("身份（选了人员可不填）"), required=False, choices=[("", _("按人员信息")), *MemberRole.choices]
    )
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    nickname = forms.CharField(label=_("群昵称"), max_length=100, required=False)
    userid = forms.CharField(label=_("企业微信账号/外部联系人"), max_length=100, required=False)
    submit_label = _("登记成员")

    def __init__(self, *args, group: OnlineGroup, station, **kwargs):
        super().__init__(*args, **kwargs)
        # The station's people and the bureau's above it (分局机关民警).
        scope = Q(scope_path__startswith=station.path) if station else Q(pk__in=[])
        above = Q(scope_path__in=path_prefixes(station.path)) if station else Q(pk__in=[])
        self.fields["staff"].queryset = (
            Staff.objects.filter(scope | above, kind__in=MEMBER_KINDS, is_active=True)
            .select_related("org_unit")
            .order_by("scope_path", "kind", "name")
        )


class MatchForm(StyledForm):
    staff = StaffChoiceField(label=_("对应人员"), queryset=None)
    submit_label = _("对应")

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        scope = Q(scope_path__startswith=station.path) if station else Q(pk__in=[])
        above = Q(scope_path__in=path_prefixes(station.path)) if station else Q(pk__in=[])
        self.fields["staff"].queryset = (
            Staff.objects.filter(scope | above, kind__in=MEMBER_KINDS, is_active=True)
            .select_related("org_unit")
            .order_by("scope_path", "kind", "name")
        )


class RequestFilterForm(FilterForm):
    q = forms.CharField(label=_("编号/内容/群众"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别")), *Category.choices])
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("办理中")), ("all", _("全部")), *RequestStatus.choices[1:]]
    )
    late = forms.TypedChoiceField(label=_("首次响应超时"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(user, Perm.VIEW_SERVICES, [OrgUnitKind.STATION, OrgUnitKind.BEAT])


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class IntakeForm(StyledForm):
    """The phone page: which group, what kind, who asked, what, when they wrote."""

    group = GroupChoiceField(label=_("群组"), queryset=None)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    resident_name = forms.CharField(label=_("群众（名称/昵称）"), max_length=100, required=False)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    received_at = forms.DateTimeField(
        label=_("群众发出时间（留空为现在）"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    acknowledged = forms.BooleanField(label=_("我已在群内回复"), required=False, initial=True)
    marked_required = frozenset({"content"})
    submit_label = _("登记")

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class AcknowledgeForm(StyledForm):
    at = forms.DateTimeField(
        label=_("首次回复时间（留空为现在）"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    category = forms.ChoiceField(label=_("更正类别"), required=False, choices=[("", _("不变")), *Category.choices])
    submit_label = _("记录首次回复")


class CloseForm(StyledForm):
    outcome = forms.CharField(label=_("处置结果"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    marked_required = frozenset({"outcome"})
    submit_label = _("办结")


class ConvertForm(StyledForm):
    kind = forms.ChoiceField(label=_("转办去向"), choices=Conversion.choices)
    ref = forms.CharField(label=_("记录编号（矛盾纠纷、案事件）"), max_length=60, required=False)
    submit_label = _("转办")


class BroadcastFilterForm(FilterForm):
    q = forms.CharField(label=_("宣传内容"), required=False, max_length=100)


class BroadcastForm(StyledForm):
    groups = forms.ModelMultipleChoiceField(
        label=_("群组"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(label=_("宣传内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    marked_required = frozenset({"groups", "text"})
    submit_label = _("提交群发")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = (
            OnlineGroup.objects.visible_to(user, perm=Perm.SERVE_RESIDENTS).filter(dismissed_at=None).order_by("name")
        )
        self.fields["groups"].label_from_instance = lambda g: g.name


class NumberForm(StyledForm):
    org_unit = UnitChoiceField(label=_("单位"), queryset=None)
    code = forms.ChoiceField(label=_("设置项"), choices=[(r["code"], r["label"]) for r in NUMBERS])
    value = forms.IntegerField(label=_("数值（留空恢复默认值）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU, OrgUnitKind.STATION]
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_SERVICES, kinds=kinds)
