"""Implausible names (issue 21): a person's name is Han characters, the middle dot, or letters and spaces; markup,
formulas, digits and control characters are refused with a Chinese reason on the form, the API and the import
(the row reported, the others kept). Organisation names and address text: no control characters, no markup."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from fengqiao import names
from registry.importer import import_file
from registry.models import ImportKind, Organization, Resident
from registry.services import house_register, organization_register, resident_create

from .conftest import make_id

ADDRESS = "江枫市江枫社区金枫路10号金枫花园1栋1单元101室"


def refusal(value) -> str:
    with pytest.raises(ValidationError) as exc:
        names.person_name(value)
    [message] = exc.value.messages
    return message


def bad_character(char: str) -> str:
    return names.NAME_BAD_CHARACTER.format(char=char)


@pytest.mark.fast
@pytest.mark.parametrize(
    "typed, stored",
    [
        ("张伟", "张伟"),
        ("欧阳娜娜", "欧阳娜娜"),
        ("买买提•艾力", "买买提·艾力"),  # bullet
        ("买买提・艾力", "买买提·艾力"),  # katakana middle dot
        ("买买提.艾力", "买买提·艾力"),  # a full stop between Han characters
        ("阿依古丽 · 吐尔逊", "阿依古丽·吐尔逊"),
        ("张 三", "张三"),
        ("王𠀋", "王𠀋"),  # extension B, outside GB2312
        ("李㐱", "李㐱"),  # extension A
        ("陈\U00031350", "陈\U00031350"),  # extension H, newer than this Python's Unicode tables
        ("ＬＩ　Ｗｅｉ", "LI Wei"),
        ("John  O'Brien", "John O'Brien"),
        ("Jean-Luc Picard", "Jean-Luc Picard"),
        ("Ülkər Məmmədova", "Ülkər Məmmədova"),
        ("ᠪᠠᠲᠤ", "ᠪᠠᠲᠤ"),  # Mongolian script
    ],
)
def test_plausible_names_are_kept_and_normalised(typed, stored):
    assert names.person_name(typed) == stored


@pytest.mark.fast
@pytest.mark.parametrize(
    "typed, message",
    [
        ("=1+2", bad_character("=")),
        ("<img src=x onerror=alert(1)>", bad_character("<")),
        ('=HYPERLINK("http://x"&A1,"点我")', bad_character("=")),
        ("张三1", bad_character("1")),
        ("王\x07五", bad_character("U+0007")),
        ("王\u200b五", bad_character("U+200B")),
        ("李😀", bad_character("😀")),
        ("张三（曾用名）", bad_character("（")),
        ("-王五", bad_character("-")),
        ("王", names.NAME_TOO_SHORT.format(minimum=2)),
        ("·王五", names.NAME_BAD_DOT),
        ("王··五", names.NAME_BAD_DOT),
        ("王" * 61, names.NAME_TOO_LONG.format(maximum=60)),
        ("  ", names.NAME_REQUIRED),
    ],
)
def test_implausible_names_are_refused_with_the_reason(typed, message):
    assert refusal(typed) == message


@pytest.mark.fast
def test_organisation_names_and_addresses_refuse_control_characters_markup_and_formulas():
    assert names.organization_name("  3M中国（苏州）有限公司 ") == "3M中国（苏州）有限公司"
    assert names.address_text("金枫路10号\n3-2-301") == "金枫路10号 3-2-301"
    cases = [
        (names.organization_name, "<b>便利店</b>", names.TEXT_MARKUP.format(label="单位名称")),
        (names.organization_name, "=cmd|' /C calc'!A0", names.TEXT_FORMULA_START.format(label="单位名称", char="=")),
        (names.organization_name, "便利\x00店", names.TEXT_CONTROL_CHARACTER.format(label="单位名称", code="U+0000")),
        (names.address_text, "金枫路<script>", names.TEXT_MARKUP.format(label="地址")),
        (names.address_text, "@SUM(1)", names.TEXT_FORMULA_START.format(label="地址", char="@")),
    ]
    for check, typed, message in cases:
        with pytest.raises(ValidationError) as exc:
            check(typed)
        assert exc.value.messages == [message]


@pytest.mark.django_db
def test_import_reports_hostile_names_and_keeps_the_plausible(users, write_csv, tmp_path):
    rows = [
        f"=1+2,{make_id('32050519800101201')},,,汉族,,户籍人口,{ADDRESS},户主,",
        f'"<img src=x onerror=alert(1)>",{make_id("32050519800101202")},,,汉族,,户籍人口,{ADDRESS},户主,',
        f"张三1,{make_id('32050519800101203')},,,汉族,,户籍人口,{ADDRESS},户主,",
        f"买买提•艾力,{make_id('32050519800101204')},,,维吾尔族,,户籍人口,{ADDRESS},户主,",
        f"王𠀋,{make_id('32050519800101205')},,,汉族,,户籍人口,{ADDRESS},户主,",
        f"赵六,{make_id('32050519800101206')},,,汉族,,户籍人口,金枫路<b>1</b>号,户主,",
    ]
    report = tmp_path / "e.xlsx"
    result = import_file(
        kind=ImportKind.RESIDENTS, path=write_csv(rows), acting_user=users["officer"], report_path=str(report)
    )
    assert (result.rows, result.imported, result.rejected) == (6, 2, 4)
    assert set(Resident.objects.filter(id_number__startswith="32050519800101").values_list("name", flat=True)) == {
        "买买提·艾力",
        "王𠀋",
    }
    reported = {r[0]: (r[1], r[2]) for r in list(load_workbook(report).active.values)[1:]}
    assert reported == {
        2: ("姓名", bad_character("=")),
        3: ("姓名", bad_character("<")),
        4: ("姓名", bad_character("1")),
        7: ("现住地址", names.TEXT_MARKUP.format(label="现住地址")),
    }


@pytest.mark.django_db
def test_the_form_and_the_api_refuse_the_same_names(users, login, client):
    login("officer")
    page = client.post(
        reverse("registry:resident_new"),
        {
            "name": "=1+2",
            "id_number": make_id("32050519800101211"),
            "population_type": "registered",
            "address_text": ADDRESS,
        },
    )
    assert page.status_code == 200 and page.context["form"].errors["name"] == [bad_character("=")]
    api = client.post(
        "/api/v1/registry/residents",
        {
            "name": "<img src=x>",
            "id_number": make_id("32050519800101212"),
            "population_type": "户籍人口",
            "address_text": ADDRESS,
        },
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["detail"]["name"] == [bad_character("<")]
    assert not Resident.objects.filter(id_number__in=[make_id("32050519800101211"), make_id("32050519800101212")])


@pytest.mark.django_db
def test_services_refuse_implausible_names_of_owners_and_organisations(users):
    officer = users["officer"]
    with pytest.raises(ValidationError) as exc:
        resident_create(acting_user=officer, data={"name": "李\x00四", "population_type": "户籍人口"})
    assert exc.value.message_dict["name"] == [bad_character("U+0000")]
    with pytest.raises(ValidationError) as exc:
        house_register(acting_user=officer, address_text=ADDRESS, use="出租", owner_name="=A1")
    assert exc.value.message_dict["owner_name"] == [bad_character("=")]
    with pytest.raises(ValidationError) as exc:
        organization_register(
            acting_user=officer,
            data={"name": "<b>店</b>", "legal_representative": "张三1", "address_text": ADDRESS},
        )
    assert exc.value.message_dict == {
        "name": [names.TEXT_MARKUP.format(label="单位名称")],
        "legal_representative": [bad_character("1")],
    }
    assert not Organization.objects.filter(name__contains="店</b>").exists()
