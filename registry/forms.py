"""Registry forms: they label and parse input; ``services.resident_clean`` and friends validate it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from org.models import OrgUnitKind
from web.forms import FilterForm, StyledForm, UnitChoiceField, scoped_units

from .models import (
    AddressLevel,
    HouseRelation,
    HouseUse,
    ImportKind,
    OrganizationCategory,
    PopulationType,
)
from .quality import FINDING_KINDS


def _beats(user):
    return scoped_units(user, Perm.VIEW_REGISTRY, kinds=[OrgUnitKind.STATION, OrgUnitKind.BEAT])


class ResidentFilterForm(FilterForm):
    q = forms.CharField(label=_("姓名/拼音首字母/身份证号后几位/地址"), required=False, max_length=100)
    population_type = forms.ChoiceField(
        label=_("人口类型"), required=False, choices=[("", _("全部")), *PopulationType.choices]
    )
    within = UnitChoiceField(label=_("警务区"), required=False, queryset=None, empty_label=_("全部"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = _beats(user)


class ResidentForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=60)
    id_number = forms.CharField(
        label=_("公民身份号码"), required=False, max_length=20, help_text=_("18位（末位可为X）；15位旧号码自动转换")
    )
    gender = forms.ChoiceField(
        label=_("性别"), required=False, choices=[("", _("按身份证号")), ("男", "男"), ("女", "女")]
    )
    birth_date = forms.CharField(
        label=_("出生日期"), required=False, max_length=10, help_text=_("YYYY-MM-DD；不填则按身份证号")
    )
    ethnicity = forms.CharField(label=_("民族"), required=False, max_length=20)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    population_type = forms.ChoiceField(label=_("人口类型"), choices=PopulationType.choices)
    nationality = forms.CharField(label=_("国籍"), required=False, max_length=50)
    passport_number = forms.CharField(label=_("护照号码"), required=False, max_length=30)
    address_text = forms.CharField(
        label=_("现住地址"), max_length=300, help_text=_("如：江枫市江枫社区金枫路10号金枫花园1栋1单元101室")
    )
    house_relation = forms.ChoiceField(
        label=_("与房屋关系"), required=False, choices=[("", "—"), *HouseRelation.choices]
    )
    household_address = forms.CharField(label=_("户籍地址"), required=False, max_length=300)
    org_unit = UnitChoiceField(
        label=_("地址无法识别时归属"), queryset=None, required=False, help_text=_("地址能识别时按地址所在警务区归属")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.EDIT_REGISTRY, kinds=[OrgUnitKind.BEAT])


class HouseFilterForm(FilterForm):
    q = forms.CharField(label=_("地址/产权人"), required=False, max_length=100)
    use = forms.ChoiceField(label=_("用途"), required=False, choices=[("", _("全部")), *HouseUse.choices])


class HouseForm(StyledForm):
    address_text = forms.CharField(label=_("房屋地址"), max_length=300)
    use = forms.ChoiceField(label=_("房屋用途"), choices=HouseUse.choices)
    owner_name = forms.CharField(label=_("产权人姓名"), required=False, max_length=60)


class OrganizationFilterForm(FilterForm):
    q = forms.CharField(label=_("名称/信用代码/地址"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("单位类别"), required=False, choices=[("", _("全部")), *OrganizationCategory.choices]
    )


class OrganizationForm(StyledForm):
    name = forms.CharField(label=_("单位名称"), max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), required=False, max_length=20)
    category = forms.ChoiceField(label=_("单位类别"), choices=OrganizationCategory.choices)
    address_text = forms.CharField(label=_("地址"), max_length=300)
    is_key_unit = forms.BooleanField(label=_("重点单位"), required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), required=False, max_length=60)
    legal_phone = forms.CharField(label=_("法定代表人电话"), required=False, max_length=20)
    security_contact = forms.CharField(label=_("治安保卫负责人"), required=False, max_length=60)
    security_phone = forms.CharField(label=_("治安保卫负责人电话"), required=False, max_length=20)
    staff_count = forms.IntegerField(label=_("从业人数"), required=False, min_value=0, max_value=1_000_000)
    org_unit = UnitChoiceField(label=_("地址无法识别时归属"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = scoped_units(user, Perm.EDIT_REGISTRY, kinds=[OrgUnitKind.BEAT])


class AddressFilterForm(FilterForm):
    q = forms.CharField(label=_("地址/编码"), required=False, max_length=100)
    level = forms.TypedChoiceField(
        label=_("层级"), required=False, coerce=int, empty_value=None, choices=[("", _("全部")), *AddressLevel.choices]
    )


class FindingFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label=_("问题类型"), required=False, choices=[("", _("全部")), *[(k.code, k.title) for k in FINDING_KINDS]]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("open", _("待核查")), ("closed", _("已核查"))]
    )


class FindingCloseForm(StyledForm):
    outcome = forms.CharField(label=_("核查结果"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(StyledForm):
    kind = forms.ChoiceField(label=_("导入类型"), choices=ImportKind.choices)
    file = forms.FileField(label=_("文件"), help_text=_("XLSX 或 CSV（UTF-8），表头须与模板一致"))


class RentalForm(StyledForm):
    start = forms.DateField(label=_("起租日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("到期日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tenants = forms.ModelMultipleChoiceField(
        label=_("承租人（本房屋登记的居住人员）"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, house, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenants"].queryset = house.occupants.filter(is_active=True).order_by("name")
        self.fields["tenants"].widget.attrs["class"] = ""

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("到期日期不能早于起租日期"))
        return data
