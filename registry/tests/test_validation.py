"""Validation of registry input: 公民身份号码 (GB 11643, python-stdnum), 15-digit conversion, 统一社会信用代码,
and address normalisation (规范001 第二十六条、第二十七条)."""

import pytest
from django.core.exceptions import ValidationError

from fengqiao.identity import BAD_CHECKSUM, BAD_DATE, BAD_FORMAT, parse_id_number
from registry import errors
from registry.addresses import normalise_address, parse_address
from registry.models import AddressLevel
from registry.services import resident_clean
from registry.validators import uscc_valid

pytestmark = pytest.mark.fast


def test_valid_id_gives_birth_date_and_gender():
    good = parse_id_number("320505198001010017")
    assert good.valid and str(good.birth_date) == "1980-01-01" and good.gender == "male"


def test_old_region_code_is_not_rejected():
    """广陵区 321002 dates from 1983; a 1956-born holder is valid (DESIGN.md, python-stdnum #442)."""
    body = "32100219560101123"
    from fengqiao.identity import check_digit

    info = parse_id_number(body + check_digit(body))
    assert info.valid and info.region_known


def test_unknown_region_is_reported_not_rejected():
    from fengqiao.identity import check_digit

    body = "99990119800101001"
    info = parse_id_number(body + check_digit(body))
    assert info.valid and not info.region_known


def test_fifteen_digit_number_is_converted():
    info = parse_id_number("321002560101123")
    assert info.number == "321002195601011233" and info.converted_from == "321002560101123" and info.valid


@pytest.mark.parametrize(
    "raw, problem",
    [
        ("32050519800101001", BAD_FORMAT),
        ("3205051980010100175", BAD_FORMAT),
        ("32050519800101001A", BAD_FORMAT),
        ("320505198001010016", BAD_CHECKSUM),
        ("320505198013010016", BAD_DATE),
    ],
)
def test_bad_ids(raw, problem):
    assert problem in parse_id_number(raw).problems


def test_full_width_and_lower_x_are_normalised():
    assert parse_id_number("３２０５０５１９８００１０１００１７").number == "320505198001010017"


def test_uscc():
    from stdnum.cn import uscc

    body = "91320505MA1M0000"
    assert uscc_valid(body + "0" + uscc.calc_check_digit(body + "0"))
    assert not uscc_valid("91320505MA1MXXXX0X")


def test_resident_clean_field_errors_in_chinese():
    with pytest.raises(ValidationError) as exc:
        resident_clean(
            {
                "name": "",
                "id_number": "123",
                "population_type": "外星人口",
                "gender": "X性",
                "birth_date": "1980/13/45",
                "phone": "12ab",
            }
        )
    errors_by_field = exc.value.message_dict
    assert errors_by_field["name"] == [errors.NAME_REQUIRED]
    assert errors_by_field["id_number"] == [errors.ID_BAD_FORMAT]
    assert errors_by_field["population_type"] == [
        errors.POPULATION_TYPE_INVALID.format(choices="户籍人口、流动人口、人户分离人口、境外人员")
    ]
    assert errors_by_field["gender"] == [errors.GENDER_INVALID]
    assert errors_by_field["birth_date"] == [errors.BIRTH_DATE_IMPOSSIBLE.format(value="1980-13-45")]
    assert errors_by_field["phone"] == [errors.PHONE_INVALID]


def test_blank_gender_and_birth_date_come_from_the_id():
    cleaned = resident_clean({"name": "张三", "id_number": "320505198001010017", "population_type": "户籍人口"})
    assert cleaned.fields["gender"] == "male" and str(cleaned.fields["birth_date"]) == "1980-01-01"


def test_foreigner_needs_passport_instead_of_id():
    with pytest.raises(ValidationError) as exc:
        resident_clean({"name": "John", "population_type": "境外人员"})
    assert exc.value.message_dict["id_number"] == [errors.ID_OR_PASSPORT_REQUIRED]
    cleaned = resident_clean({"name": "John", "population_type": "境外人员", "passport_number": "E1234567"})
    assert cleaned.fields["id_number"] is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("江枫市江枫社区金枫路１２＃３幢２单元３０１", "江枫市江枫社区金枫路12号3栋2单元301室"),
        ("江枫社区金枫路12号3号楼2单元301", "江枫社区金枫路12号3栋2单元301室"),
        ("江枫社区金枫路12号3-2-301", "江枫社区金枫路12号3栋2单元301室"),
    ],
)
def test_address_variants_normalise_to_one_text(text, expected):
    assert normalise_address(text) == expected


def test_address_parts():
    parsed = parse_address("江苏省扬州市广陵区东关街道个园社区国庆路12号3栋2单元301室")
    assert parsed.get(AddressLevel.DIVISION) == "江苏省扬州市广陵区"
    assert parsed.get(AddressLevel.SUBDISTRICT) == "东关街道"
    assert parsed.get(AddressLevel.COMMUNITY) == "个园社区"
    assert parsed.get(AddressLevel.ROAD) == "国庆路"
    assert parsed.get(AddressLevel.ROOM) == "301室"
    assert parse_address("新村社区运河路1号").get(AddressLevel.COMMUNITY) == "新村社区"
    assert parse_address("枫南村8组12号").get(AddressLevel.ROAD) == "8组"
    assert parse_address("城东那片老房子") is None
