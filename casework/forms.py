"""Forms of the casework pages: they parse and label input in Chinese; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from org.models import OrgUnit, OrgUnitKind
from registry.models import Resident
from subjects.categories import CATEGORY_BY_CODE
from subjects.forms import MarkForm, MultipleFileField
from web.forms import FilterForm, StyledForm, UnitChoiceField, scoped_units

from .choices import (
    FOLLOW_UP_ITEMS,
    INCIDENT_NOTICE_KINDS,
    INCIDENT_SUBKINDS,
    MANUAL_ACTIONS,
    MEDIATOR_TAGS,
    PUSHED_SOURCES,
    RISK_REASON_CHOICES,
    SCENE_STEPS,
    ActionKind,
    AssistRelation,
    DisputeDomain,
    DisputeSource,
    DisputeStatus,
    FollowUpKind,
    HandoverStatus,
    IncidentKind,
    IncidentSource,
    IncidentStatus,
    MediatorKind,
    Outcome,
    PartyRole,
    PersonRole,
    RiskLevel,
    SubjectConcern,
)
from .services.disputes import SATISFACTION

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
PARTY_ROWS = 4
ASSIST_ROWS = 2


def _datetime_field(label, required=True):
    return forms.DateTimeField(label=label, required=required, widget=DATETIME, input_formats=DATETIME_FORMATS)


def _all(label):
    return [("", label)]


class CaseworkForm(StyledForm):
    """StyledForm, with check-box lists styled as check boxes (not as text inputs)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"


class DisputeFilterForm(FilterForm):
    q = forms.CharField(label=_("概要/地点/当事人"), required=False, max_length=50)
    domain = forms.ChoiceField(label=_("类别"), required=False, choices=_all(_("全部类别")) + DisputeDomain.choices)
    risk_level = forms.ChoiceField(label=_("风险等级"), required=False, choices=_all(_("全部")) + RiskLevel.choices)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(_("全部")) + DisputeStatus.choices)
    repeat = forms.ChoiceField(
        label=_("重复纠纷"),
        required=False,
        choices=[("", _("全部")), ("yes", _("已标注重复")), ("pending", _("疑似重复待确认")), ("no", _("非重复"))],
    )
    within = UnitChoiceField(label=_("警务区"), required=False, queryset=None, empty_label=_("全部警务区"))
    overdue = forms.BooleanField(label=_("仅看回访逾期"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_DISPUTES, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT]
        )


class DisputeForm(StyledForm):
    """录入矛盾纠纷: the dispute, up to four parties (linked by ID number to the registry when known) and up to two
    assisting beats of a cross-area dispute."""

    beat = UnitChoiceField(label=_("事发地警务区"), queryset=None)
    domain = forms.ChoiceField(label=_("纠纷类别（第七十三条）"), choices=DisputeDomain.choices)
    source = forms.ChoiceField(label=_("来源"), choices=DisputeSource.choices)
    # Required fields are checked by the service, which names each missing one (请填写纠纷概要 …).
    summary = forms.CharField(
        label=_("纠纷概要"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    place_text = forms.CharField(label=_("发生地点（标准地址）"), max_length=300, required=False)
    occurred_at = _datetime_field(_("发生时间"), required=False)
    reported_at = _datetime_field(_("发现/接报时间"), required=False)
    risk_level = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    risk_reasons = forms.MultipleChoiceField(
        label=_("风险原因"), required=False, choices=RISK_REASON_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    risk_note = forms.CharField(label=_("风险说明"), required=False, max_length=300)
    is_police_matter = forms.BooleanField(
        label=_("属于警务事项（非警务事项应分流，第七十四条）"), required=False, initial=True
    )
    is_major = forms.BooleanField(label=_("重大矛盾纠纷"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        beats = scoped_units(user, Perm.RECORD_DISPUTES, kinds=[OrgUnitKind.BEAT])
        self.fields["beat"].queryset = beats
        if beats.count() == 1:
            self.fields["beat"].initial = beats.first()
        for i in range(1, PARTY_ROWS + 1):
            self.fields[f"party{i}_name"] = forms.CharField(
                label=_("当事人%(n)s 姓名") % {"n": i}, required=False, max_length=60
            )
            self.fields[f"party{i}_id_number"] = forms.CharField(
                label=_("公民身份号码（已登记人员可关联）"), required=False, max_length=18
            )
            self.fields[f"party{i}_phone"] = forms.CharField(label=_("联系电话"), required=False, max_length=20)
            self.fields[f"party{i}_role"] = forms.ChoiceField(
                label=_("身份"), choices=PartyRole.choices, required=False
            )
            self.fields[f"party{i}_concern"] = forms.ChoiceField(
                label=_("应标注特定对象情形（第七十五条）"), choices=SubjectConcern.choices, required=False
            )
        beats = OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, is_active=True).order_by("path")
        for i in range(1, ASSIST_ROWS + 1):
            self.fields[f"assist{i}_unit"] = UnitChoiceField(
                label=_("配合警务区%(n)s（跨辖区）") % {"n": i}, queryset=beats, required=False
            )
            self.fields[f"assist{i}_relation"] = forms.ChoiceField(
                label=_("关系"), choices=AssistRelation.choices, required=False
            )
        self.style()

    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif not isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"

    def party_rows(self):
        return [
            [self[f"party{i}_{n}"] for n in ("name", "id_number", "phone", "role", "concern")]
            for i in range(1, PARTY_ROWS + 1)
        ]

    def assist_rows(self):
        return [[self[f"assist{i}_unit"], self[f"assist{i}_relation"]] for i in range(1, ASSIST_ROWS + 1)]

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith(("party", "assist"))]

    def clean(self):
        data = super().clean()
        for i in range(1, PARTY_ROWS + 1):
            number = (data.get(f"party{i}_id_number") or "").strip().upper()
            if number:
                resident = (
                    Resident.objects.visible_to(self.user, perm=Perm.VIEW_REGISTRY)
                    .filter(id_number=number, is_active=True)
                    .first()
                )
                if resident is None:
                    self.add_error(f"party{i}_id_number", _("未找到该身份号码的实有人口（或不在您的查看范围内）"))
                data[f"party{i}_resident"] = resident
        return data

    def parties(self) -> list[dict]:
        rows = []
        for i in range(1, PARTY_ROWS + 1):
            d = self.cleaned_data
            resident = d.get(f"party{i}_resident")
            if not (d.get(f"party{i}_name") or resident):
                continue
            rows.append(
                {
                    "resident": resident,
                    "name": d.get(f"party{i}_name") or "",
                    "phone": d.get(f"party{i}_phone") or "",
                    "role": d.get(f"party{i}_role") or PartyRole.PARTY,
                    "subject_concern": d.get(f"party{i}_concern") or "",
                }
            )
        return rows

    def assists(self) -> list[tuple]:
        d = self.cleaned_data
        return [
            (d[f"assist{i}_unit"], d.get(f"assist{i}_relation") or AssistRelation.RESIDENCE)
            for i in range(1, ASSIST_ROWS + 1)
            if d.get(f"assist{i}_unit")
        ]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        keys = (
            "beat",
            "domain",
            "source",
            "summary",
            "place_text",
            "occurred_at",
            "reported_at",
            "risk_level",
            "risk_reasons",
            "risk_note",
            "is_police_matter",
            "is_major",
        )
        return {k: d.get(k) for k in keys} | {"parties": self.parties(), "assists": self.assists()}


class PartyForm(StyledForm):
    name = forms.CharField(label=_("姓名"), required=False, max_length=60)
    id_number = forms.CharField(label=_("公民身份号码（已登记人员可关联）"), required=False, max_length=18)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    role = forms.ChoiceField(label=_("身份"), choices=PartyRole.choices)
    subject_concern = forms.ChoiceField(
        label=_("应标注特定对象情形（第七十五条）"), choices=SubjectConcern.choices, required=False
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        number = (data.get("id_number") or "").strip().upper()
        data["resident"] = None
        if number:
            data["resident"] = (
                Resident.objects.visible_to(self.user, perm=Perm.VIEW_REGISTRY)
                .filter(id_number=number, is_active=True)
                .first()
            )
            if data["resident"] is None:
                self.add_error("id_number", _("未找到该身份号码的实有人口（或不在您的查看范围内）"))
        return data

    def party(self) -> dict:
        d = self.cleaned_data
        return {k: d.get(k) for k in ("resident", "name", "phone", "role", "subject_concern", "note")}


class AssistForm(StyledForm):
    unit = UnitChoiceField(
        label=_("配合警务区"), queryset=OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, is_active=True)
    )
    relation = forms.ChoiceField(label=_("关系"), choices=AssistRelation.choices)


class RiskForm(CaseworkForm):
    risk_level = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    risk_reasons = forms.MultipleChoiceField(
        label=_("风险原因"), required=False, choices=RISK_REASON_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    risk_note = forms.CharField(label=_("风险说明"), required=False, max_length=300)
    is_major = forms.BooleanField(label=_("重大矛盾纠纷"), required=False)


class ActionForm(StyledForm):
    kind = forms.ChoiceField(label=_("措施（第七十四条）"), choices=[(k, ActionKind(k).label) for k in MANUAL_ACTIONS])
    done_at = _datetime_field(_("时间"), required=False)
    target = forms.CharField(
        label=_("去向/承办单位"), required=False, max_length=100, help_text=_("分流、专业调解、仲裁、诉讼、上报须填写")
    )
    outcome = forms.ChoiceField(label=_("调解结果（调处、调解类）"), choices=Outcome.choices, required=False)
    note = forms.CharField(label=_("情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class FollowUpForm(StyledForm):
    visited_on = forms.DateField(label=_("回访日期"), widget=DATE)
    visited = forms.CharField(label=_("回访对象"), max_length=100)
    progress = forms.CharField(label=_("化解进展"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    risk_level = forms.ChoiceField(label=_("风险等级评估"), choices=RiskLevel.choices)
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=SATISFACTION)


class AgreementForm(StyledForm):
    reached = forms.TypedChoiceField(
        label=_("调解结果"),
        choices=[("1", _("达成协议")), ("0", _("未达成协议（报所依法处理）"))],
        coerce=lambda v: v == "1",
    )
    parties_text = forms.CharField(label=_("协议当事人"), max_length=200)
    terms = forms.CharField(
        label=_("协议内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE, required=False)


class PerformanceForm(StyledForm):
    performed = forms.TypedChoiceField(
        label=_("履行情况"),
        choices=[("1", _("已履行")), ("0", _("未履行（报所依法处理）"))],
        coerce=lambda v: v == "1",
    )
    checked_on = forms.DateField(label=_("核实日期"), widget=DATE)


class ResolveForm(StyledForm):
    resolved_on = forms.DateField(label=_("化解日期"), widget=DATE)
    resolution = forms.CharField(label=_("化解情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RepeatMarkForm(StyledForm):
    earlier = forms.ModelChoiceField(label=_("此前纠纷"), queryset=None)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier"].queryset = choices
        self.fields["earlier"].label_from_instance = lambda d: f"{d.pk} · {d}"


class HandoverForm(StyledForm):
    mediator = forms.ModelChoiceField(label=_("调解员"), queryset=None)
    evidence = MultipleFileField(label=_("前期调查取证材料"), required=False)
    intake = MultipleFileField(label=_("案事件接报材料"), required=False)
    note = forms.CharField(
        label=_("移交说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, *args, mediators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators
        self.fields["mediator"].label_from_instance = lambda m: (
            f"{m.name}（{m.get_kind_display()}，{m.organization}）{' '.join(m.tags)}"
        )


class HandoverResultForm(StyledForm):
    success = forms.TypedChoiceField(
        label=_("调解结果"),
        choices=[("1", _("调解成功")), ("0", _("调解不成功（第一时间反馈值班民警）"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("调解情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class HandoverFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(_("全部")) + HandoverStatus.choices)


class MarkingForm(MarkForm):
    """标注特定对象 from a dispute party: only the categories of 第七十五条第二款, with that category's facts (the
    subjects module's own marking form, narrowed)."""

    CODES = [code for code, _label in SubjectConcern.choices if code]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, CATEGORY_BY_CODE[c]["label"]) for c in self.CODES]
        for name in list(self.fields):
            if "__" in name and name.split("__")[0] not in self.CODES:
                del self.fields[name]

    def groups(self):
        rows = [CATEGORY_BY_CODE[code] for code in self.CODES]
        return [(row, [self[f"{row['code']}__{spec['name']}"] for spec in row["facts"]]) for row in rows]


class MediatorForm(CaseworkForm):
    org_unit = UnitChoiceField(label=_("所属派出所"), queryset=None)
    name = forms.CharField(label=_("姓名"), max_length=60)
    kind = forms.ChoiceField(label=_("类别"), choices=MediatorKind.choices)
    organization = forms.CharField(label=_("所属组织"), max_length=100)
    tags = forms.MultipleChoiceField(
        label=_("要素标签"),
        required=False,
        choices=[(t, t) for t in MEDIATOR_TAGS],
        widget=forms.CheckboxSelectMultiple,
    )
    speciality = forms.CharField(label=_("擅长领域"), required=False, max_length=200)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    username = forms.CharField(label=_("登录账号（调解员角色）"), required=False, max_length=150)
    is_active = forms.BooleanField(label=_("在库"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_CASEWORK, kinds=[OrgUnitKind.STATION])

    def clean_username(self):
        from accounts.models import User

        name = (self.cleaned_data.get("username") or "").strip()
        if not name:
            return None
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("没有该登录账号"))
        return user

    def data_dict(self) -> dict:
        d = dict(self.cleaned_data)
        d["user"] = d.pop("username")
        d.pop("org_unit")
        return d


class MediatorFilterForm(FilterForm):
    q = forms.CharField(label=_("姓名/组织/擅长"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=_all(_("全部")) + MediatorKind.choices)
    tag = forms.ChoiceField(
        label=_("要素标签"), required=False, choices=_all(_("全部")) + [(t, t) for t in MEDIATOR_TAGS]
    )


class PeriodForm(FilterForm):
    month = forms.CharField(
        label=_("月份"), required=False, max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )


class LimitForm(StyledForm):
    org_unit = UnitChoiceField(label=_("单位"), queryset=None)
    code = forms.ChoiceField(label=_("时限"), choices=())
    value = forms.IntegerField(label=_("数值（留空为清除）"), required=False, min_value=1)

    def __init__(self, *args, user, limits, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import limit_units

        self.fields["org_unit"].queryset = limit_units(user=user).order_by("path")
        self.fields["code"].choices = [(row["code"], row["label"]) for row in limits]


# ---------------------------------------------------------------- incidents


class IncidentFilterForm(FilterForm):
    q = forms.CharField(label=_("案情/地点/人员/警综编号"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=_all(_("全部类别")) + IncidentKind.choices)
    has_scene = forms.ChoiceField(
        label=_("现场"), required=False, choices=[("", _("全部")), ("yes", _("有现场")), ("no", _("无现场"))]
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(_("全部")) + IncidentStatus.choices)
    within = UnitChoiceField(label=_("警务区"), required=False, queryset=None, empty_label=_("全部警务区"))
    overdue = forms.BooleanField(label=_("仅看回访逾期"), required=False)
    pushed = forms.BooleanField(label=_("仅看推送"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_INCIDENTS, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT]
        )


class IncidentForm(StyledForm):
    """录入 (by the officer) or 推送 (by 情指中心/综合指挥室) an incident. The sub-kind list names its kind in each
    option; the service checks that they match."""

    beat = UnitChoiceField(label=_("警务区"), queryset=None)
    kind = forms.ChoiceField(label=_("案事件类别（第七十七条、第八十八条）"), choices=IncidentKind.choices)
    subkind = forms.ChoiceField(label=_("细类"), choices=())
    source = forms.ChoiceField(label=_("来源"), choices=())
    # Required text is checked by the service, which names each missing field.
    summary = forms.CharField(
        label=_("简要案情"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    place_text = forms.CharField(label=_("发生地点（标准地址）"), max_length=300, required=False)
    has_scene = forms.BooleanField(label=_("有现场"), required=False, initial=True)
    occurred_at = _datetime_field(_("发生时间"), required=False)
    reported_at = _datetime_field(_("接报时间"), required=False)

    def __init__(self, *args, user, push: bool, **kwargs):
        super().__init__(*args, **kwargs)
        perm = Perm.PUSH_INCIDENTS if push else Perm.RECORD_INCIDENTS
        beats = scoped_units(user, perm, kinds=[OrgUnitKind.BEAT])
        self.fields["beat"].queryset = beats
        if beats.count() == 1:
            self.fields["beat"].initial = beats.first()
        self.fields["subkind"].choices = [
            (code, f"{IncidentKind(kind).label}：{label}")
            for kind, rows in INCIDENT_SUBKINDS.items()
            for code, label in rows
        ]
        sources = [(s, IncidentSource(s).label) for s in IncidentSource.values if (s in PUSHED_SOURCES) == push]
        self.fields["source"].choices = sources
        if not push:
            self.fields["arrived_at"] = _datetime_field(_("到场时间（已到场的）"), required=False)
            self.fields["arrived_at"].widget.attrs["class"] = "form-control"


class ArrivalForm(StyledForm):
    arrived_at = _datetime_field(_("到场时间"))


class IncidentPersonForm(StyledForm):
    name = forms.CharField(label=_("姓名"), required=False, max_length=60)
    id_number = forms.CharField(label=_("公民身份号码（已登记人员可关联）"), required=False, max_length=18)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    role = forms.ChoiceField(label=_("身份"), choices=PersonRole.choices)
    is_foreign = forms.BooleanField(label=_("境外人员"), required=False)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        number = (data.get("id_number") or "").strip().upper()
        data["resident"] = None
        if number:
            data["resident"] = (
                Resident.objects.visible_to(self.user, perm=Perm.VIEW_REGISTRY)
                .filter(id_number=number, is_active=True)
                .first()
            )
            if data["resident"] is None:
                self.add_error("id_number", _("未找到该身份号码的实有人口（或不在您的查看范围内）"))
        return data

    def person(self) -> dict:
        d = self.cleaned_data
        return {k: d.get(k) for k in ("resident", "name", "phone", "role", "is_foreign", "note")}


class PersonLinkForm(StyledForm):
    id_number = forms.CharField(label=_("公民身份号码（已采集的实有人口）"), max_length=18)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_id_number(self):
        number = self.cleaned_data["id_number"].strip().upper()
        resident = (
            Resident.objects.visible_to(self.user, perm=Perm.VIEW_REGISTRY)
            .filter(id_number=number, is_active=True)
            .first()
        )
        if resident is None:
            raise forms.ValidationError(
                _("未找到该身份号码的实有人口（或不在您的查看范围内），请先在实有人口中采集登记")
            )
        return resident


class SceneForm(StyledForm):
    step = forms.ChoiceField(label=_("处置工作（第七十九条、第八十四条）"), choices=())
    done_at = _datetime_field(_("时间"), required=False)
    note = forms.CharField(label=_("情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)

    def __init__(self, *args, accident: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [
            (s["code"], f"{s['label']}（{s['source'].removeprefix('规范001 ')}）")
            for s in SCENE_STEPS
            if accident or not s["accident"]
        ]


class FileForm(StyledForm):
    filed_on = forms.DateField(label=_("立案日期"), widget=DATE)
    case_number = forms.CharField(label=_("警综案件编号"), max_length=60, required=False)


class CloseForm(StyledForm):
    closed_on = forms.DateField(label=_("办结（结案）日期"), widget=DATE)
    result = forms.CharField(
        label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class IncidentFollowUpForm(CaseworkForm):
    kind = forms.ChoiceField(label=_("回访类别"), choices=FollowUpKind.choices)
    visited_on = forms.DateField(label=_("回访日期"), widget=DATE)
    visited = forms.CharField(label=_("回访对象"), max_length=100, required=False)
    items = forms.MultipleChoiceField(
        label=_("回访内容（第八十条）"),
        required=False,
        choices=FOLLOW_UP_ITEMS,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    content = forms.CharField(
        label=_("回访情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    risk_level = forms.ChoiceField(label=_("风险等级评估"), choices=RiskLevel.choices)
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=SATISFACTION)
    preventable = forms.BooleanField(label=_("可防性案件（第八十条(四)）"), required=False)


class IncidentNoticeForm(StyledForm):
    kind = forms.ChoiceField(label=_("文书类别（第八十条(四)）"), choices=INCIDENT_NOTICE_KINDS)
    recipient = forms.CharField(label=_("送达单位/人"), max_length=200, required=False)
    address = forms.CharField(label=_("地址"), max_length=300, required=False)
    facts = forms.CharField(
        label=_("可防性案件分析（发案特点、规律、防范漏洞）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    advice = forms.CharField(label=_("整改、预警或提示内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    deadline = forms.DateField(label=_("整改期限"), widget=DATE, required=False)


class DissuasionForm(StyledForm):
    due_on = forms.DateField(label=_("劝阻期限"), widget=DATE)
    note = forms.CharField(
        label=_("指令内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500
    )


class MonthlyNoticeForm(FilterForm):
    unit = UnitChoiceField(label=_("警务区/派出所"), queryset=None, required=False)
    month = forms.CharField(
        label=_("月份"), required=False, max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import notice_units

        self.fields["unit"].queryset = notice_units(user=user).order_by("path")
