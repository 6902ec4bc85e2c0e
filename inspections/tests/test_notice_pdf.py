"""整改通知书 (规范001 第六十一条; 规范002 安全检查制度): numbered per station and year, real Chinese PDF text."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fengqiao.pdf import pdf_checksum, pdf_font_names, pdf_text
from inspections.notices import notice_issue
from rules.services import tracked_record_create

from .factories import at, beat_of, inspect, raise_hazard, register_unit

pytestmark = pytest.mark.django_db


def test_rectification_notice_pdf_holds_unit_number_hazard_deadline_basis_and_officer(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫·阿卜杜热合曼旅馆", category="special_trade")
    inspection = inspect(officer, unit, on=date(2026, 3, 2), failed=("art69_3",))
    hazard = raise_hazard(
        officer, inspection, decided=at(date(2026, 3, 2)), deadline=date(2026, 3, 16), interviewee="经理"
    )
    notice = hazard.notice
    assert notice.number.startswith(f"{notice.station.name}〔2026〕整改第") and notice.number.endswith("号")
    data = notice.pdf.read()
    assert pdf_checksum(data) == notice.sha256
    text = pdf_text(data)
    for expected in (
        "整改通知书",
        notice.number,
        "江枫·阿卜杜热合曼旅馆",
        "消防通道堆放杂物，监控室无人值守",
        "责令限期整改，并处警告",
        "2026年3月16日前",
        "规范001第六十九条(三)、规范001第六十一条",
        officer.display_name,
    ):
        assert expected.replace(" ", "") in text, expected
    assert "Noto-Serif-CJK-SC" in pdf_font_names(data)


def test_numbers_run_per_station_and_year(users):
    officer, officer2 = users["officer"], users["officer2"]
    beat, beat2 = beat_of(officer), beat_of(officer2)

    def issue(user, unit_beat):
        return notice_issue(
            acting_user=user,
            kind="police_tip",
            org_unit=unit_beat,
            subject=("incident", 1),
            recipient="江枫小区物业",
            content={"facts": "电动车被盗", "advice": "加装监控"},
        )

    first, second, other = issue(officer, beat), issue(officer, beat), issue(officer2, beat2)
    assert int(second.sequence) == first.sequence + 1
    assert other.sequence == 1 and other.station != first.station
    assert "公安提示函" in pdf_text(other.pdf.read()) and other.subject_type == "incident"


def test_the_stand_in_can_no_longer_register_units_or_hazards(users):
    """The organisation and hazard adapters replaced rules.TrackedRecord for both record types."""
    for record_type in ("supervised_unit", "hazard"):
        with pytest.raises(ValidationError, match="不能再登记为过渡跟踪对象"):
            tracked_record_create(
                acting_user=None, record_type=record_type, label="旧记录", beat=beat_of(users["officer"])
            )
