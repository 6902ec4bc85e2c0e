"""Forms: they parse and label input in Chinese; the services validate and write."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm, Role
from audit.labels import action_choices
from audit.models import AccessAction, LoginOutcome
from org.models import Gender, OrgUnit, OrgUnitKind, StaffKind, Team

ACTIVE_CHOICES = [("", _("全部")), ("1", _("在用")), ("0", _("停用"))]


EMPTY_CHOICE = _("请选择")
# Dates of something done now — a visit, a check, an inspection, a resolution, a signature — default to today, the
# usual answer (issue 10). Deadlines, terms and dates read off a document never do. A form adds its own names with
# ``today_fields``.
TODAY_BY_DEFAULT = frozenset(
    {"visited_on", "checked_on", "resolved_on", "inspected_on", "reinspected_on", "done_on", "signed_on", "applied_on"}
)


class StyledForm(forms.Form):
    """What every form of the project shares, so templates and forms stay plain (issue 10, "forms"):

    * Bootstrap classes on every widget;
    * a single-choice list starts with "请选择" (nothing is chosen for the user by accident; never "---------" or
      "—"), unless ``preselected`` names the field with the reason its first option is the one sensible default; a
      filter's list starts with its own "全部…";
    * date inputs carry ISO dates (the browser's date picker shows nothing else), and the date of something done
      now starts at today (``TODAY_BY_DEFAULT``, ``today_fields``);
    * required fields are marked with * before anything is submitted (``web/_form_fields.html``; the ``required``
      attribute marks them in hand-written forms through the stylesheet);
    * the button says what the form does (``submit_label``: 保存, 下发, 推送 …).
    """

    compact = False
    submit_label = _("保存")
    today_fields: frozenset[str] = frozenset()
    # Fields the service requires although the form lets them through empty (so the service's own message shows).
    marked_required: frozenset[str] = frozenset()
    # Choice fields whose first option is the one sensible default, each with the reason (web/tests/test_forms.py
    # refuses a required choice list that starts anywhere but 请选择 unless it is named here).
    preselected: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today_fields = TODAY_BY_DEFAULT | set(self.today_fields)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.format = "%Y-%m-%d"
                if not (self.is_bound or self.compact) and name in today_fields and field.initial is None:
                    self.initial.setdefault(name, timezone.localdate())
            if isinstance(widget, forms.CheckboxInput):
                continue
            base = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{base} {base}-sm" if self.compact else base

    def __getitem__(self, name):
        # Choices are often set after this class's __init__ (a subclass fills them from the user's scope), so the
        # empty line is relabelled when a field is first rendered or cleaned.
        if not self.compact and not self.__dict__.get("_placeholders_added"):
            self._placeholders_added = True
            for field_name, field in self.fields.items():
                _add_placeholder(field, preselected=field_name in self.preselected)
                if not self.is_bound and field_name not in self.initial:
                    self._only_unit_by_default(field_name, field)
        return super().__getitem__(name)

    def _only_unit_by_default(self, name, field) -> None:
        # The one sensible default: a required unit list with a single unit in the user's scope (an officer's own
        # beat) starts at that unit; with two or more the user chooses from 请选择.
        if isinstance(field, UnitChoiceField) and field.required and field.initial is None:
            units = list(field.queryset[:2]) if field.queryset is not None else []
            if len(units) == 1:
                self.initial[name] = units[0].pk


def _add_placeholder(field, preselected: bool = False) -> None:
    widget = field.widget
    if not isinstance(widget, forms.Select) or widget.allow_multiple_selected:
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = EMPTY_CHOICE
        return
    if not isinstance(field, forms.ChoiceField):
        return
    choices = list(field.choices)
    if choices and choices[0][0] in ("", None):
        if choices[0][1] in ("", "---------", "—"):
            field.choices = [("", EMPTY_CHOICE), *choices[1:]]
        return
    if not preselected:  # nothing is chosen for the user by accident: the first real option is not a default
        field.choices = [("", EMPTY_CHOICE), *choices]


def scoped_units(user, perm: str, kinds=None):
    qs = OrgUnit.objects.visible_to(user, perm=perm).filter(is_active=True).order_by("path")
    return qs.filter(kind__in=kinds) if kinds else qs


class FastSelect(forms.Select):
    """A select whose options are written in Python, not through one template per option: a city-wide user's
    unit list has hundreds of them (issue 11)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        options = [
            format_html(
                '<option value="{}"{}>{}</option>', v, mark_safe(" selected") if str(v) in selected else "", label
            )
            for v, label in self.choices
        ]
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe("".join(options)))


class UnitChoiceField(forms.ModelChoiceField):
    widget = FastSelect

    def _set_queryset(self, queryset):  # an option needs four columns, not the whole unit
        super()._set_queryset(None if queryset is None else queryset.only("pk", "name", "depth", "kind"))

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        if "_kinds" not in self.__dict__:  # the kind names translated once per form, not once per option
            self._kinds = {k: str(v) for k, v in OrgUnitKind.choices}
        return f"{'　' * obj.depth}{obj.name}（{self._kinds[obj.kind]}）"


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    error_messages = {
        "invalid_login": _("登录名或密码不正确。连续失败多次后账号将被临时锁定。"),
        "inactive": _("该账号已停用，请联系所领导或基础管控中心。"),
    }


class PasswordChangeZhForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class FilterForm(StyledForm):
    """GET filters; invalid values are reported on the field and ignored, never a 500."""

    compact = True

    def filters(self) -> dict:
        if not self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if k not in self.errors and v not in ("", None)}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


def _active(value):
    return {"1": True, "0": False}.get(value)


class OrgUnitFilterForm(FilterForm):
    q = forms.CharField(label=_("名称/代码"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *OrgUnitKind.choices])
    active = forms.TypedChoiceField(
        label=_("状态"), required=False, choices=ACTIVE_CHOICES, coerce=_active, empty_value=None
    )


class StaffFilterForm(FilterForm):
    q = forms.CharField(label=_("姓名/警号/电话后四位"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("人员类别"), required=False, choices=[("", _("全部类别")), *StaffKind.choices])
    within = UnitChoiceField(
        label=_("所属单位"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("全部单位")
    )
    active = forms.TypedChoiceField(
        label=_("状态"), required=False, choices=ACTIVE_CHOICES, coerce=_active, empty_value=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = scoped_units(
            user, Perm.VIEW_STAFF, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT, OrgUnitKind.BUREAU]
        )


class TeamFilterForm(FilterForm):
    q = forms.CharField(label=_("团队/警务区"), required=False, max_length=100)


class UserFilterForm(FilterForm):
    q = forms.CharField(label=_("登录名/姓名"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部角色")), *Role.choices])
    active = forms.TypedChoiceField(
        label=_("状态"), required=False, choices=ACTIVE_CHOICES, coerce=_active, empty_value=None
    )


class AuditFilterForm(FilterForm):
    username = forms.CharField(label=_("账号"), required=False, max_length=150)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AccessFilterForm(AuditFilterForm):
    object_label = forms.CharField(label=_("被查看人"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("动作"), required=False, choices=[("", _("全部")), *AccessAction.choices])


class OperationFilterForm(AuditFilterForm):
    action = forms.ChoiceField(label=_("操作"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("全部操作")), *action_choices()]


class LoginFilterForm(AuditFilterForm):
    outcome = forms.ChoiceField(label=_("结果"), required=False, choices=[("", _("全部")), *LoginOutcome.choices])


class StaffForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), required=False, choices=[("", "—"), *Gender.choices])
    kind = forms.ChoiceField(label=_("人员类别"), choices=StaffKind.choices)
    org_unit = UnitChoiceField(label=_("所属单位"), queryset=OrgUnit.objects.none())
    team = forms.ModelChoiceField(label=_("社区警务团队"), required=False, queryset=Team.objects.none())
    police_number = forms.CharField(label=_("警号"), required=False, max_length=20)
    id_number = forms.CharField(label=_("公民身份号码"), required=False, max_length=20)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    is_full_time = forms.BooleanField(label=_("专职"), required=False, initial=True)
    joined_on = forms.DateField(label=_("到岗日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_STAFF)
        self.fields["team"].queryset = Team.objects.visible_to(user, perm=Perm.MANAGE_STAFF)


class UserCreateForm(StyledForm):
    username = forms.CharField(label=_("登录名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    org_unit = UnitChoiceField(label=_("授权单位"), queryset=OrgUnit.objects.none())
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("至少10位，须同时包含字母和数字；首次登录须修改"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_STAFF)


class RoleAssignForm(StyledForm):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    org_unit = UnitChoiceField(label=_("授权单位"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.MANAGE_STAFF)


class PasswordResetForm(StyledForm):
    new_password = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("至少10位，须同时包含字母和数字；用户下次登录须修改"),
    )


def add_service_errors(form: forms.Form, exc) -> None:
    """Put a service's ValidationError on the form's fields (non-field errors on top)."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def form_submit(request, form: forms.Form, action) -> tuple[bool, object]:
    """A page's POST of ``form`` to a service ``action(acting_user=…, **cleaned_data)``: ``(True, its result)``, or
    ``(False, None)`` when the request is no POST, the form is invalid or the service refused it (its errors are then
    on the form's fields, as :func:`add_service_errors` puts them)."""
    from django.core.exceptions import ValidationError

    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        return True, action(acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False, None
