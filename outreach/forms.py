"""Forms: they parse and label input in Chinese; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Perm, Role
from org.models import OrgUnitKind
from web.forms import FastSelect, FilterForm, StyledForm, UnitChoiceField, scoped_units

from .catalogue import TYPE_BY_CODE, TYPE_CHOICES, TYPE_FIELDS, CareGroup, Channel, ComplaintKind, PriorityGroup
from .models import LostFoundKind, LostFoundStatus, RequestStatus

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
YES_ONLY = [("", _("全部")), ("1", _("是"))]


def _yes(value):
    return value == "1"


def _units(user, perm, kinds):
    return scoped_units(user, perm, kinds=kinds)


class RequestFilterForm(FilterForm):
    q = forms.CharField(label=_("编号/内容/群众"), required=False, max_length=100)
    service_type = forms.ChoiceField(label=_("事项类型"), required=False, choices=[("", _("全部类型")), *TYPE_CHOICES])
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("办理中")), ("all", _("全部")), *RequestStatus.choices[1:]]
    )
    channel = forms.ChoiceField(label=_("受理渠道"), required=False, choices=[("", _("全部")), *Channel.choices])
    urgent = forms.TypedChoiceField(label=_("急需"), required=False, choices=YES_ONLY, coerce=_yes)
    overdue = forms.TypedChoiceField(label=_("超时"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("警务区/派出所"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = _units(user, Perm.VIEW_SERVICES, [OrgUnitKind.STATION, OrgUnitKind.BEAT])


class RequestForm(StyledForm):
    """The window's intake form: type first, then only that type's fields (the page hides the others)."""

    preselected = {"channel": "这是窗口受理表：受理渠道默认为窗口，电话、网上等渠道由民警改选"}

    beat = UnitChoiceField(label=_("警务区"), queryset=None)
    service_type = forms.ChoiceField(label=_("事项类型"), choices=TYPE_CHOICES)
    channel = forms.ChoiceField(label=_("受理渠道"), choices=Channel.choices, initial=Channel.WINDOW)
    is_urgent = forms.BooleanField(label=_("急需事项（24小时内办理）"), required=False)
    priority_group = forms.ChoiceField(label=_("优先办对象"), required=False, choices=PriorityGroup.choices)
    home_service = forms.BooleanField(label=_("上门办"), required=False)
    applicant_name = forms.CharField(label=_("办事群众"), required=False, max_length=60)
    applicant_phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    content = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    external_ref = forms.CharField(label=TYPE_FIELDS["external_ref"][0], required=False, max_length=60)
    harm_suspected = forms.BooleanField(label=TYPE_FIELDS["harm_suspected"][0], required=False)
    item_description = forms.CharField(label=TYPE_FIELDS["item_description"][0], required=False, max_length=200)
    vehicle_item = forms.CharField(label=TYPE_FIELDS["vehicle_item"][0], required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beat"].queryset = _units(user, Perm.SERVE_RESIDENTS, [OrgUnitKind.BEAT])
        for name in TYPE_FIELDS:
            types = [code for code, row in TYPE_BY_CODE.items() if name in row["fields"]]
            self.fields[name].widget.attrs["data-types"] = " ".join(types)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        details = {name: data.pop(name) for name in TYPE_FIELDS}
        return data | {"details": details}


class CloseForm(StyledForm):
    result = forms.CharField(label=_("办理结果"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    referred = forms.BooleanField(label=_("无法在警务室办理，已告知情况并引导"), required=False)
    referral_reason = forms.CharField(
        label=_("向群众说明的情况和理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    handed_over_to = forms.CharField(label=_("报告移交单位"), required=False, max_length=100)
    overdue_note = forms.CharField(
        label=_("超时处理情况（超时的必填）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HandoverForm(StyledForm):
    to_user = forms.ModelChoiceField(label=_("接收人"), queryset=User.objects.none())
    reason = forms.CharField(label=_("移交理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        station = request_obj.beat.parent
        self.fields["to_user"].queryset = (
            User.objects.filter(
                is_active=True,
                role_assignments__role__in=(Role.OFFICER, Role.AUXILIARY, Role.STATION_LEAD),
                role_assignments__org_unit__path__startswith=station.path,
            )
            .exclude(pk=request_obj.owner_id)
            .distinct()
            .order_by("username")
        )
        self.fields["to_user"].label_from_instance = lambda u: u.display_name


class OverdueForm(StyledForm):
    overdue_note = forms.CharField(
        label=_("超时处理情况（超时原因和采取的措施）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RateForm(StyledForm):
    satisfaction = forms.ChoiceField(
        label=_("满意度"), widget=forms.RadioSelect, choices=[("satisfied", _("满意")), ("basic", _("基本满意")),
                                                              ("dissatisfied", _("不满意"))], required=False,
    )  # fmt: skip
    comment = forms.CharField(label=_("意见"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["satisfaction"].widget.attrs["class"] = "form-check-input"


class PublicRateForm(RateForm):
    code = forms.CharField(label=_("评价码（办结回执上的8位码）"), max_length=20, required=False)

    field_order = ["code", "satisfaction", "comment"]


class SuggestionForm(StyledForm):
    content = forms.CharField(label=_("意见建议或求助事项"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    contact = forms.CharField(label=_("联系电话（选填，便于反馈）"), required=False, max_length=20)


class CertificateForm(StyledForm):
    holder = forms.CharField(label=_("证明对象"), required=False, max_length=100)
    facts = forms.CharField(label=_("证明事项"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    purpose = forms.CharField(label=_("用途"), required=False, max_length=200)


class LostFoundFilterForm(FilterForm):
    q = forms.CharField(label=_("物品/地点"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部")), *LostFoundKind.choices])
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("查找中")), ("all", _("全部")), *LostFoundStatus.choices[1:]]
    )
    within = UnitChoiceField(label=_("警务区/派出所"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = _units(user, Perm.VIEW_SERVICES, [OrgUnitKind.STATION, OrgUnitKind.BEAT])


class LostFoundForm(StyledForm):
    beat = UnitChoiceField(label=_("警务区"), queryset=None)
    kind = forms.ChoiceField(label=_("类别"), choices=LostFoundKind.choices)
    description = forms.CharField(label=_("物品描述"), required=False, max_length=300)
    place = forms.CharField(label=_("丢失/拾得地点"), required=False, max_length=200)
    happened_on = forms.DateField(label=_("丢失/拾得日期"), widget=DATE, required=False,
                                  error_messages={"invalid": _("请输入正确的日期")})  # fmt: skip
    person_name = forms.CharField(label=_("报失人/送交人"), required=False, max_length=60)
    person_phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beat"].queryset = _units(user, Perm.SERVE_RESIDENTS, [OrgUnitKind.BEAT])


class ReturnForm(StyledForm):
    outcome = forms.CharField(label=_("归还/处理情况"), required=False, max_length=300)
    disposed = forms.BooleanField(label=_("无主财物处理"), required=False)
    finder_told = forms.BooleanField(label=_("已向送交人/报失人反馈"), required=False, initial=True)


class PostOpeningForm(StyledForm):
    post = UnitChoiceField(label=_("警务室/警务区"), queryset=None)
    day = forms.DateField(label=_("日期"), widget=DATE, required=False,
                          error_messages={"invalid": _("请输入正确的日期")})  # fmt: skip
    opened_at = forms.TimeField(label=_("开放时间"), widget=TIME, required=False,
                                error_messages={"invalid": _("请输入正确的时间，如08:30")})  # fmt: skip
    closed_at = forms.TimeField(label=_("关闭时间"), widget=TIME, required=False,
                                error_messages={"invalid": _("请输入正确的时间，如17:30")})  # fmt: skip
    reception_day = forms.BooleanField(label=_("固定接待日"), required=False)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = _units(user, Perm.SERVE_RESIDENTS, [OrgUnitKind.POLICE_POST, OrgUnitKind.BEAT])


class PostFilterForm(FilterForm):
    short = forms.TypedChoiceField(label=_("不足8小时"), required=False, choices=YES_ONLY, coerce=_yes)
    start = forms.DateField(label=_("起"), required=False, widget=DATE)
    end = forms.DateField(label=_("止"), required=False, widget=DATE)


class ComplaintForm(StyledForm):
    beat = UnitChoiceField(label=_("警务区"), queryset=None)
    # Every police officer in scope: ~570 for the whole city, written without one template per option and with
    # the columns a label and complaint_record need (issue 11).
    officer = forms.ModelChoiceField(label=_("被投诉民警"), queryset=None, widget=FastSelect)
    kind = forms.ChoiceField(label=_("投诉类别"), choices=ComplaintKind.choices)
    content = forms.CharField(label=_("投诉内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label=_("受理日期"), widget=DATE, required=False,
                                  error_messages={"invalid": _("请输入正确的日期")})  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        from org.models import POLICE_KINDS, Staff

        super().__init__(*args, **kwargs)
        self.fields["beat"].queryset = _units(user, Perm.MANAGE_SERVICES, [OrgUnitKind.BEAT])
        self.fields["officer"].queryset = (
            Staff.objects.visible_to(user, perm=Perm.MANAGE_SERVICES)
            .filter(kind__in=POLICE_KINDS, is_active=True)
            .only("pk", "name", "kind", "station_id", "scope_path")
        )


class ComplaintDecideForm(StyledForm):
    substantiated = forms.TypedChoiceField(
        label=_("调查结论"), choices=[("1", _("调查属实")), ("0", _("查无实据"))], coerce=_yes
    )
    finding = forms.CharField(label=_("调查情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CareFilterForm(FilterForm):
    q = forms.CharField(label=_("姓名"), required=False, max_length=50)
    group = forms.ChoiceField(label=_("关爱类别"), required=False, choices=[("", _("全部")), *CareGroup.choices])
    visit_due = forms.TypedChoiceField(label=_("走访到期"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("警务区/派出所"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = _units(user, Perm.VIEW_SERVICES, [OrgUnitKind.STATION, OrgUnitKind.BEAT])


class CareForm(StyledForm):
    group = forms.ChoiceField(label=_("关爱类别"), choices=CareGroup.choices)
    situation = forms.CharField(label=_("基本情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    since = forms.DateField(label=_("纳入日期"), widget=DATE, required=False,
                            error_messages={"invalid": _("请输入正确的日期")})  # fmt: skip
    committee_notified_on = forms.DateField(label=_("通报村（居）委会日期"), widget=DATE, required=False,
                                            error_messages={"invalid": _("请输入正确的日期")})  # fmt: skip


class CareVisitForm(StyledForm):
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE, required=False,
                                 error_messages={"invalid": _("请输入正确的日期")})  # fmt: skip
    situation = forms.CharField(label=_("走访情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    help_given = forms.CharField(label=_("帮扶措施"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CareAlertForm(StyledForm):
    description = forms.CharField(label=_("预警情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PublicInfoForm(StyledForm):
    duties = forms.CharField(label=_("工作职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reception_times = forms.CharField(label=_("接待时间"), required=False, max_length=200)
    office_phone = forms.CharField(label=_("警务室电话"), required=False, max_length=30)
    supervision = forms.CharField(label=_("监督方式"), required=False, max_length=300)
    commitment = forms.CharField(label=_("服务承诺"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RepresentativeReportForm(StyledForm):
    beat = UnitChoiceField(label=_("警务区"), queryset=None)
    held_on = forms.DateField(label=_("报告日期"), widget=DATE, required=False,
                              error_messages={"invalid": _("请输入正确的日期")})  # fmt: skip
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    attendance = forms.IntegerField(label=_("参加群众代表人数"), required=False, min_value=0,
                                    error_messages={"invalid": _("请输入整数")})  # fmt: skip
    summary = forms.CharField(label=_("报告内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    questions = forms.CharField(label=_("回答的群众关切问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beat"].queryset = _units(user, Perm.SERVE_RESIDENTS, [OrgUnitKind.BEAT])
