"""Forms: they parse and label input in Chinese; the services validate and write (so a refused report keeps its
field-level messages in one place)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from org.models import OrgUnitKind
from web.forms import FilterForm, StyledForm, UnitChoiceField, scoped_units

from .choices import (
    AWARD_CHOICES,
    Channel,
    InformantKind,
    LeadKind,
    LeadStatus,
    LinkKind,
    MeetingKind,
    ReportStatus,
    ResidentReportKind,
)
from .services import address_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
YES_ONLY = [("", _("全部")), ("1", _("是"))]
UNIT_KINDS = [OrgUnitKind.BEAT, OrgUnitKind.COMMUNITY, OrgUnitKind.GRID]


def _yes(value):
    return value == "1"


def _datetime(label):
    return forms.DateTimeField(label=label, required=False, widget=DATETIME, input_formats=DATETIME_FORMATS)


def _own_unit(units):
    """The unit the user holds their role at (a grid worker's grid, an officer's beat): the shallowest in reach."""
    unit = units.order_by("depth", "path").first()
    return unit.pk if unit else None


class _FirstAddresses(forms.models.ModelChoiceIterator):
    """Offer the first ``ADDRESS_OPTIONS`` addresses; the field still accepts any address of the whole queryset (a
    sliced queryset cannot be filtered, so slicing the field's own queryset refused every pick)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset[:ADDRESS_OPTIONS]:
            yield self.choice(obj)

    def __len__(self):
        return min(self.queryset.count(), ADDRESS_OPTIONS) + (1 if self.field.empty_label is not None else 0)


ADDRESS_OPTIONS = 500


class AddressSelect(forms.Select):
    """A select whose options are written inline: Django's own renders a template per option, 0.2 ms each, so
    the 500 addresses took ~100 ms of a form page (issue 11). Addresses carry no per-option attributes."""

    template_name = "leads/widgets/address_select.html"


class AddressField(forms.ModelChoiceField):
    iterator = _FirstAddresses
    widget = AddressSelect

    def label_from_instance(self, obj):
        return obj.full_text


class LeadFilterForm(FilterForm):
    q = forms.CharField(label=_("事件/对象/地点"), required=False, max_length=100)
    group = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("全部")), ("sentiment", _("社情民意")), ("lead", _("情况线索"))],
    )
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别")), *LeadKind.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *LeadStatus.choices])
    channel = forms.ChoiceField(label=_("来源渠道"), required=False, choices=[("", _("全部渠道")), *Channel.choices])
    actionable = forms.TypedChoiceField(label=_("行动性、指向性"), required=False, choices=YES_ONLY, coerce=_yes)
    queue = forms.TypedChoiceField(label=_("待研判"), required=False, choices=YES_ONLY, coerce=_yes)
    awaiting_feedback = forms.TypedChoiceField(label=_("待反馈居民"), required=False, choices=YES_ONLY, coerce=_yes)
    within = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_LEADS, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT, OrgUnitKind.GRID]
        )


class LeadForm(StyledForm):
    """The phone-width report: the four required elements first (第四十六条), then the optional ones."""

    org_unit = UnitChoiceField(label=_("所属网格/警务区"), required=False, queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("请选择")), *LeadKind.choices])
    channel = forms.ChoiceField(label=_("来源渠道"), required=False, choices=Channel.choices)
    subject_text = forms.CharField(label=_("对象"), required=False, max_length=200, help_text=_("涉及的人、单位或群体"))
    occurred_at = _datetime(_("时间"))
    address = AddressField(label=_("地点（标准地址）"), required=False, queryset=None, empty_label=_("不在列表中"))
    place_text = forms.CharField(label=_("地点（补充说明）"), required=False, max_length=300)
    event = forms.CharField(label=_("事件"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    cause = forms.CharField(label=_("原因（选填）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.CharField(label=_("结果（选填）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_actionable = forms.BooleanField(label=_("行动性、指向性案事件线索（须先向派出所口头报告）"), required=False)
    oral_report_at = _datetime(_("口头报告时间"))
    oral_report_to = forms.CharField(label=_("口头报告接收人"), required=False, max_length=60)
    from_resident = forms.BooleanField(label=_("群众反映的问题"), required=False)
    resident_name = forms.CharField(label=_("反映人"), required=False, max_length=60)
    resident_phone = forms.CharField(label=_("反映人电话"), required=False, max_length=20)
    within_duties = forms.BooleanField(label=_("属社区民警职责范围（一周内反馈，规范002）"), required=False)

    REQUIRED = ("kind", "subject_text", "occurred_at", "place_text", "event")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.REPORT_LEADS, kinds=UNIT_KINDS)
        self.fields["org_unit"].initial = _own_unit(self.fields["org_unit"].queryset)
        self.fields["address"].queryset = address_choices(user)
        for name in self.REQUIRED:
            self.fields[name].widget.attrs["data-required"] = "1"
        self.fields["occurred_at"].widget.attrs["class"] += " form-control-lg"

    def clean_org_unit(self):
        """A grid worker has one unit: the form need not ask."""
        field = self.fields["org_unit"]
        return self.cleaned_data.get("org_unit") or field.queryset.filter(pk=field.initial).first()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("from_resident"):
            data["within_duties"] = None
        return data


class OralReportForm(StyledForm):
    oral_report_at = _datetime(_("口头报告时间"))
    oral_report_to = forms.CharField(label=_("口头报告接收人"), required=False, max_length=60)


class NoteForm(StyledForm):
    note = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class JudgeForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("研判结论"), choices=[("adopt", _("采用")), ("reject", _("不采用"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("研判意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("撤销原因"), required=False, max_length=300)


class ReferralForm(StyledForm):
    referral_to = forms.CharField(label=_("通报部门"), required=False, max_length=100)
    note = forms.CharField(label=_("告知居民情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(StyledForm):
    kind = forms.ChoiceField(label=_("业务类别"), choices=LinkKind.choices)
    record_id = forms.CharField(label=_("记录编号"), required=False, max_length=40)


class VisitForm(StyledForm):
    org_unit = UnitChoiceField(label=_("警务区"), required=False, queryset=None, empty_label=None)
    address = AddressField(label=_("走访户（标准地址）"), required=False, queryset=None, empty_label=_("不在列表中"))
    address_text = forms.CharField(label=_("走访地址（补充）"), required=False, max_length=300)
    visited_on = forms.DateField(label=_("走访日期"), required=False, widget=DATE)
    met_persons = forms.CharField(label=_("见面人员"), required=False, max_length=200)
    knows_officer = forms.NullBooleanField(
        label=_("是否知晓社区民警（第三十五条(一)）"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("未询问")), ("true", _("知晓")), ("false", _("不知晓"))]),
    )
    content = forms.CharField(label=_("了解情况"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.HANDLE_LEADS, kinds=[OrgUnitKind.BEAT])
        self.fields["address"].queryset = address_choices(user, Perm.HANDLE_LEADS)


class CardForm(StyledForm):
    address = AddressField(label=_("领卡户（标准地址）"), required=False, queryset=None)
    holder_name = forms.CharField(label=_("接卡人"), required=False, max_length=60)
    issued_on = forms.DateField(label=_("发放日期"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = address_choices(user, Perm.HANDLE_LEADS)


class InformantForm(StyledForm):
    org_unit = UnitChoiceField(label=_("警务区"), required=False, queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), choices=InformantKind.choices)
    alias = forms.CharField(label=_("代号"), required=False, max_length=30)
    name = forms.CharField(label=_("姓名"), required=False, max_length=60)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    special_subject = forms.ModelChoiceField(
        label=_("物建于特定对象（耳目必选）"), required=False, queryset=None, empty_label=_("无")
    )
    field = forms.CharField(label=_("信息收集方向"), required=False, max_length=200)
    recruited_on = forms.DateField(label=_("布建日期"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        from subjects.models import SpecialSubject

        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_INFORMANTS, kinds=[OrgUnitKind.BEAT])
        subjects = SpecialSubject.objects.visible_to(user, perm=Perm.MANAGE_INFORMANTS)
        self.fields["special_subject"].queryset = subjects.select_related("resident")


class RouteForm(StyledForm):
    org_unit = UnitChoiceField(label=_("所属单位"), required=False, queryset=None, empty_label=None)
    name = forms.CharField(label=_("路线名称"), required=False, max_length=100)
    must_lines = forms.CharField(label=_("必巡线"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    points = forms.CharField(label=_("必到点（每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    times_per_week = forms.IntegerField(label=_("每周巡逻次数（本所设定）"), required=False, min_value=1, max_value=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_PATROLS, kinds=UNIT_KINDS)


class StoreItemForm(StyledForm):
    station = UnitChoiceField(label=_("派出所"), required=False, queryset=None, empty_label=None)
    name = forms.CharField(label=_("商品"), required=False, max_length=100)
    cost = forms.IntegerField(label=_("所需积分"), required=False)
    stock = forms.IntegerField(label=_("库存"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = scoped_units(user, Perm.MANAGE_PATROLS, kinds=[OrgUnitKind.STATION])


class AwardForm(StyledForm):
    user = forms.ModelChoiceField(label=_("志愿者/网格员"), queryset=None)
    kind = forms.ChoiceField(label=_("积分事项"), choices=AWARD_CHOICES)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        from accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.visible_to(user, perm=Perm.MANAGE_PATROLS)
            .filter(role_assignments__role__in=["grid_worker", "volunteer"])
            .distinct()
        )


class ResidentReportForm(StyledForm):
    org_unit = UnitChoiceField(label=_("所属网格"), required=False, queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("报告类别"), choices=ResidentReportKind.choices)
    name = forms.CharField(label=_("姓名"), required=False, max_length=60)
    gender = forms.ChoiceField(
        label=_("性别"), required=False, choices=[("", _("未知")), ("男", _("男")), ("女", _("女"))]
    )
    id_number = forms.CharField(label=_("公民身份号码（知道的填写）"), required=False, max_length=18)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    address = AddressField(label=_("居住地址（标准地址）"), required=False, queryset=None, empty_label=_("不在列表中"))
    address_text = forms.CharField(label=_("居住地址（补充）"), required=False, max_length=300)
    detail = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [OrgUnitKind.GRID, OrgUnitKind.COMMUNITY]
        self.fields["org_unit"].queryset = scoped_units(user, Perm.COLLECT_RESIDENTS, kinds=kinds)
        self.fields["org_unit"].initial = _own_unit(self.fields["org_unit"].queryset)
        self.fields["address"].queryset = address_choices(user, Perm.COLLECT_RESIDENTS)

    def clean_org_unit(self):
        """A grid worker has one grid: the form need not ask."""
        field = self.fields["org_unit"]
        return self.cleaned_data.get("org_unit") or field.queryset.filter(pk=field.initial).first()


class NumberForm(StyledForm):
    org_unit = UnitChoiceField(label=_("单位"), required=False, queryset=None, empty_label=None)
    code = forms.ChoiceField(label=_("设置项"))
    value = forms.IntegerField(label=_("数值（留空恢复默认值）"), required=False)

    def __init__(self, *args, user, perm, codes, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU, OrgUnitKind.STATION]
        self.fields["org_unit"].queryset = scoped_units(user, perm, kinds=kinds)
        self.fields["code"].choices = codes


class VisitFilterForm(FilterForm):
    q = forms.CharField(label=_("地址/情况"), required=False, max_length=100)


class CardFilterForm(FilterForm):
    q = forms.CharField(label=_("地址"), required=False, max_length=100)


class InformantFilterForm(FilterForm):
    q = forms.CharField(label=_("代号"), required=False, max_length=30)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部")), *InformantKind.choices])


class RouteFilterForm(FilterForm):
    q = forms.CharField(label=_("路线名称"), required=False, max_length=100)


class ReportFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *ReportStatus.choices])


class MeetingForm(StyledForm):
    """A beat meeting (第二十五条, 第四十八条(四)(五)(六)): one issue raised per line becomes a lead (channel 会议)."""

    preselected = {"issue_kind": "会上提出的问题默认作为社情民意转为线索（服务也按此兜底），个别问题可改选"}

    org_unit = UnitChoiceField(label=_("警务区"), required=False, queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("会议类别"), choices=MeetingKind.choices)
    held_at = _datetime(_("会议时间"))
    place = forms.CharField(label=_("会议地点"), required=False, max_length=200)
    met_persons = forms.CharField(label=_("参加人员"), required=False, max_length=200)
    attendees = forms.IntegerField(label=_("参加人数"), required=False)
    topics = forms.CharField(label=_("会议议题"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    issues = forms.CharField(
        label=_("提出的问题（每行一个，各转为一条线索）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    issue_kind = forms.ChoiceField(label=_("问题转为线索的类别"), choices=LeadKind.choices, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.HANDLE_LEADS, kinds=[OrgUnitKind.BEAT])
        self.fields["org_unit"].initial = _own_unit(self.fields["org_unit"].queryset)
        self.fields["issue_kind"].initial = LeadKind.SENTIMENT_VOICE

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["issues"] = (data.get("issues") or "").splitlines()
        data["issue_kind"] = data.get("issue_kind") or LeadKind.SENTIMENT_VOICE
        return data


class MeetingFilterForm(FilterForm):
    q = forms.CharField(label=_("地点/议题"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("会议类别"), required=False, choices=[("", _("全部")), *MeetingKind.choices])


class RouteEditForm(StyledForm):
    name = forms.CharField(label=_("路线名称"), required=False, max_length=100)
    must_lines = forms.CharField(label=_("必巡线"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    points = forms.CharField(label=_("必到点（每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    times_per_week = forms.IntegerField(label=_("每周巡逻次数（本所设定）"), required=False, min_value=1, max_value=100)
    team = forms.ModelChoiceField(label=_("巡逻队"), required=False, queryset=None, empty_label=_("无"))
    is_active = forms.BooleanField(label=_("在用"), required=False)

    def __init__(self, *args, user, **kwargs):
        from .models import PatrolTeam

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = PatrolTeam.objects.visible_to(user, perm=Perm.MANAGE_PATROLS)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["points"] = [{"name": line} for line in (data.get("points") or "").splitlines() if line.strip()]
        return data


class TeamForm(StyledForm):
    org_unit = UnitChoiceField(label=_("所属单位"), required=False, queryset=None, empty_label=None)
    name = forms.CharField(label=_("巡逻队名称"), required=False, max_length=100)
    leader_name = forms.CharField(label=_("负责人"), required=False, max_length=60)
    members = forms.ModelMultipleChoiceField(label=_("队员（网格员、志愿者）"), required=False, queryset=None)

    def __init__(self, *args, user, editing=False, **kwargs):
        from accounts.models import User

        super().__init__(*args, **kwargs)
        kinds = [OrgUnitKind.STATION, *UNIT_KINDS]
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_PATROLS, kinds=kinds)
        if editing:
            del self.fields["org_unit"]
        self.fields["members"].queryset = (
            User.objects.visible_to(user, perm=Perm.MANAGE_PATROLS)
            .filter(role_assignments__role__in=["grid_worker", "volunteer"])
            .distinct()
            .order_by("username")
        )


class QuestionnaireForm(StyledForm):
    """Questions as data, typed one per line: ``题目：选项1/选项2``; a ``*`` before a choice marks the answer that
    counts as 知晓 (第三十五条(一))."""

    org_unit = UnitChoiceField(label=_("设置单位"), required=False, queryset=None, empty_label=None)
    title = forms.CharField(label=_("问卷名称"), required=False, max_length=100)
    source = forms.CharField(label=_("依据"), required=False, max_length=100)
    questions = forms.CharField(
        label=_("问题（每行一题：题目：选项1/选项2；知晓社区民警的答案前加*）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [OrgUnitKind.STATION, OrgUnitKind.BEAT]
        self.fields["org_unit"].queryset = scoped_units(user, Perm.HANDLE_LEADS, kinds=kinds)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["questions"] = parse_questions(data.get("questions") or "")
        return data


def parse_questions(text: str) -> list[dict]:
    """``题目：选项1/*选项2`` per line → [{code, text, choices, aware?}] (a line without choices is kept without
    any, for the service to refuse with its message)."""
    questions = []
    for number, line in enumerate([x.strip() for x in text.splitlines() if x.strip()], start=1):
        question, _sep, rest = line.replace(":", "：").partition("：")
        question = {"code": f"q{number}", "text": question.strip(), "choices": []}
        for index, raw in enumerate([c.strip() for c in rest.split("/") if c.strip()], start=1):
            label = raw.lstrip("*").strip()
            question["choices"].append([str(index), label])
            if raw.startswith("*"):
                question["aware"] = str(index)
        questions.append(question)
    return questions


class SurveyAnswerForm(StyledForm):
    """One answered questionnaire: a choice field per question (``q_<code>``)."""

    org_unit = UnitChoiceField(label=_("警务区"), required=False, queryset=None, empty_label=None)
    answered_on = forms.DateField(label=_("调查日期"), required=False, widget=DATE)
    respondent = forms.CharField(label=_("答卷人（可不填）"), required=False, max_length=60)
    visit = forms.ModelChoiceField(label=_("入户走访（可不选）"), required=False, queryset=None, empty_label=_("无"))

    def __init__(self, *args, user, questionnaire, **kwargs):
        from .models import HouseholdVisit

        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.fields["org_unit"].queryset = scoped_units(user, Perm.HANDLE_LEADS, kinds=[OrgUnitKind.BEAT])
        self.fields["org_unit"].initial = _own_unit(self.fields["org_unit"].queryset)
        visits = HouseholdVisit.objects.visible_to(user, perm=Perm.HANDLE_LEADS).order_by("-visited_on", "-id")
        self.fields["visit"].queryset = visits
        for q in questionnaire.questions:
            self.fields[f"q_{q['code']}"] = forms.ChoiceField(
                label=q["text"], required=False, choices=[("", _("请选择")), *q["choices"]]
            )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        answers = {q["code"]: d.get(f"q_{q['code']}") or "" for q in self.questionnaire.questions}
        keys = ("org_unit", "answered_on", "respondent", "visit")
        return {k: d.get(k) for k in keys} | {"answers": answers, "questionnaire": self.questionnaire}
