"""Nothing lost on import (hardening issue; test gaps issue 22): real spreadsheets — XLSX with date and number cells,
trailing empty columns, a stray cell, blank rows, extra sheets; CSV in GB18030 or with a BOM; an undecodable
file; every data row accounted for; the words people use for enumerated values; the template of every kind."""

import datetime
import gc
import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from registry import errors
from registry.importer import TEMPLATES, import_file, template_workbook
from registry.models import Address, House, ImportKind, Organization, QualityFinding, Resident

from .conftest import make_id

pytestmark = pytest.mark.django_db

ADDRESS = "江枫市江枫社区金枫路10号金枫花园1栋1单元101室"
HEADERS = [c.header for c in TEMPLATES[ImportKind.RESIDENTS]]
NOTHING = {"rows": 0, "imported": 0, "updated": 0, "unchanged": 0, "rejected": 0, "report": None, "error": ""}


def row(name: str, body: str, **overrides) -> list:
    defaults = [name, make_id(body), "", "", "汉族", "13800001111", "户籍人口", ADDRESS, "户主", ""]
    values = dict(zip(HEADERS, defaults, strict=True))
    return list((values | overrides).values())


def write_xlsx(path, rows, *, instructions: bool = False):
    """A workbook as Excel users make it; with ``instructions``, a sheet of notes comes before the data."""
    workbook = Workbook()
    sheet = workbook.active
    if instructions:
        sheet.title = "填写说明"
        sheet.append(["请按模板填写，勿改表头"])
        sheet = workbook.create_sheet("实有人口")
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def accounted(result) -> bool:
    return result.imported + result.updated + result.unchanged + result.rejected == result.rows


def test_a_stray_cell_beyond_the_template_rejects_only_its_own_row(users, tmp_path):
    """openpyxl pads every row to the sheet's width: one stray cell in column L used to reject every row."""
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            row("表格甲", "32050519800101011"),
            [*row("表格乙", "32050519800101012"), "", "备注"],
            row("表格丙", "32050519800101013"),
        ],
    )
    report = tmp_path / "e.xlsx"
    result = import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"], report_path=str(report))
    assert (result.rows, result.imported, result.rejected) == (3, 2, 1) and accounted(result)
    [reported] = list(load_workbook(report).active.values)[1:]
    assert reported[:3] == (3, "整行", errors.EXTRA_CELL.format(column=12, expected=10, value="备注"))


def test_trailing_empty_columns_and_blank_rows_are_not_rows(users, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(row("空列甲", "32050519800101021"))
    sheet.append([])
    sheet.append([None] * 12)
    sheet.append(row("空列乙", "32050519800101022"))
    sheet["Z1"].number_format = "@"  # a formatted but empty cell far out widens the sheet to column Z
    sheet["Z40"].number_format = "@"
    workbook.save(tmp_path / "b.xlsx")
    result = import_file(kind=ImportKind.RESIDENTS, path=tmp_path / "b.xlsx", acting_user=users["officer"])
    assert (result.rows, result.imported, result.rejected) == (2, 2, 0)


def test_date_and_number_cells_are_read_as_typed(users, tmp_path):
    number = make_id("32050519800101031")
    typed = row("数字甲", "32050519800101031", 出生日期=datetime.datetime(1980, 1, 1), 联系电话=13800001234)
    path = write_xlsx(tmp_path / "c.xlsx", [typed], instructions=True)
    result = import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"])
    assert (result.imported, result.rejected) == (1, 0)
    person = Resident.objects.get(id_number=number)
    assert (person.birth_date, person.phone) == (datetime.date(1980, 1, 1), "13800001234")


def test_an_id_that_excel_turned_into_a_number_is_refused_saying_so(users, tmp_path, write_csv):
    """Excel keeps 15 digits of a number: the last digits of an 18-digit ID typed as a number are gone."""
    lossy = row("数字乙", "32050519800101041", 公民身份号码=320505198001010410.0)
    path = write_xlsx(tmp_path / "d.xlsx", [lossy])
    report = tmp_path / "e.xlsx"
    result = import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"], report_path=str(report))
    assert result.rejected == 1
    [reported] = list(load_workbook(report).active.values)[1:]
    assert reported[1:3] == ("公民身份号码", errors.ID_EXCEL_NUMBER.format(shown="3.2050519800101E+17"))
    # the same file saved as CSV by Excel: the number arrives as its scientific notation
    csv_path = write_csv([",".join(row("数字乙", "32050519800101041", 公民身份号码="3.20505E+17"))], name="x.csv")
    again = import_file(kind=ImportKind.RESIDENTS, path=csv_path, acting_user=users["officer"], report_path=str(report))
    assert again.rejected == 1
    assert list(load_workbook(report).active.values)[1][2] == errors.ID_EXCEL_NUMBER.format(shown="3.20505E+17")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8"])
def test_csv_in_the_encodings_excel_saves_is_imported(users, tmp_path, encoding):
    text = "\n".join([",".join(HEADERS), ",".join(row("编码䶮", "32050519800101051", 户籍地址="江苏省苏州市"))])
    if encoding == "gbk":
        text = text.replace("䶮", "燕")  # GBK lacks the extension-A character; GB18030 has every one
    path = tmp_path / "g.csv"
    path.write_bytes(text.encode(encoding))
    result = import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"])
    assert (result.imported, result.rejected, result.error) == (1, 0, "")
    assert Resident.objects.get(id_number=make_id("32050519800101051")).household_address == "江苏省苏州市"


def test_an_undecodable_file_is_refused_and_json_still_prints_one_object(users, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(",".join(HEADERS).encode("utf-8") + b"\n\xff\xfe\x80\x81\xff,\x80\n")
    with pytest.raises(CommandError) as exc:
        call_command("import_registry", "residents", str(path), "--as", "demo_officer", "--json")
    assert str(exc.value) == errors.FILE_UNDECODABLE
    assert json.loads(capsys.readouterr().out) == NOTHING | {"error": errors.FILE_UNDECODABLE}


def test_an_empty_file_has_no_rows(users, tmp_path):
    for content in (b"", ",".join(HEADERS).encode() + b"\n"):
        path = tmp_path / "empty.csv"
        path.write_bytes(content)
        result = import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"])
        assert result.as_json() == NOTHING


def test_every_row_is_accounted_for_on_a_rerun_with_changes(users, write_csv):
    rows = [
        ",".join(row("计数甲", "32050519800101061")),
        ",".join(row("计数乙", "32050519800101062")),
        ",".join(row("计数乙", "32050519800101062")),  # the same person twice: one record, one "unchanged"
        ",".join(row("", "32050519800101063")),  # no name: rejected
    ]
    first = import_file(kind=ImportKind.RESIDENTS, path=write_csv(rows), acting_user=users["officer"])
    assert (first.rows, first.imported, first.unchanged, first.rejected) == (4, 2, 1, 1) and accounted(first)
    rows[0] = rows[0].replace("13800001111", "13900001111")
    second = import_file(kind=ImportKind.RESIDENTS, path=write_csv(rows, name="2.csv"), acting_user=users["officer"])
    assert (second.rows, second.imported, second.updated, second.unchanged, second.rejected) == (4, 0, 1, 2, 1)


def test_an_impossible_date_is_not_called_a_wrong_format(users, write_csv):
    """19990231 is a date written correctly that cannot exist; the person is kept (the ID gives the birth date)
    and the finding says which it was."""
    rows = [
        ",".join(row("日期甲", "32050519800101071", 出生日期="19990231")),
        ",".join(row("日期乙", "32050519800101072", 出生日期="去年春天")),
    ]
    import_file(kind=ImportKind.RESIDENTS, path=write_csv(rows), acting_user=users["officer"])
    impossible, unreadable = (Resident.objects.get(name=n) for n in ("日期甲", "日期乙"))
    assert impossible.birth_date == datetime.date(1980, 1, 1)
    finding = QualityFinding.objects.get(object_id=impossible.pk, kind="import_value_unreadable")
    assert finding.detail == (
        "导入文件第2行无法识别、已留空：出生日期“19990231”（"
        + errors.BIRTH_DATE_IMPOSSIBLE.format(value="1999-02-31")
        + "）"
    )
    other = QualityFinding.objects.get(object_id=unreadable.pk, kind="import_value_unreadable")
    assert errors.BIRTH_DATE_INVALID in other.detail


def test_the_words_people_use_for_enumerated_values(users, write_csv):
    rows = [
        ",".join(row("同义甲", "32050519800101081", 与房屋关系="租客", 性别="男性", 民族="汉")),
        ",".join(row("同义乙", "32050519800101092", 与房屋关系="业主", 性别="2", 民族="维吾尔")),
        ",".join(row("同义丙", "32050519800101104", 与房屋关系="租户", 性别="女性", 民族="回族", 人口类型="流动")),
    ]
    result = import_file(kind=ImportKind.RESIDENTS, path=write_csv(rows), acting_user=users["officer"])
    assert (result.imported, result.rejected) == (3, 0)
    got = {r.name: (r.house_relation, r.gender, r.ethnicity, r.population_type) for r in Resident.objects.all()}
    assert got["同义甲"] == ("tenant", "male", "汉族", "registered")
    assert got["同义乙"] == ("owner", "female", "维吾尔族", "registered")
    assert got["同义丙"] == ("tenant", "female", "回族", "floating")
    assert not QualityFinding.objects.filter(kind="import_value_unreadable").exists()


def test_an_unknown_word_in_a_secondary_column_keeps_the_person(users, write_csv):
    """Losing a resident over a relation word is worse than a blank field: kept, blank, and a finding."""
    rows = [",".join(row("未知甲", "32050519800101111", 与房屋关系="表哥", 民族="火星族", 联系电话="12ab"))]
    result = import_file(kind=ImportKind.RESIDENTS, path=write_csv(rows), acting_user=users["officer"])
    assert (result.imported, result.rejected) == (1, 0)
    person = Resident.objects.get(name="未知甲")
    assert (person.house_relation, person.ethnicity, person.phone) == ("", "", "")
    finding = QualityFinding.objects.get(object_id=person.pk, kind="import_value_unreadable", status="open")
    assert (
        "民族“火星族”" in finding.detail and "联系电话“12ab”" in finding.detail and "与房屋关系“表哥”" in finding.detail
    )
    assert finding.org_unit == person.org_unit


def test_report_with_no_bad_rows_leaves_no_open_file_behind(users, write_csv, tmp_path, monkeypatch):
    """``--report`` on a clean file printed "Exception ignored … I/O operation on closed file" on stderr."""
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    report = tmp_path / "none.xlsx"
    result = import_file(
        kind=ImportKind.RESIDENTS,
        path=write_csv([",".join(row("干净甲", "32050519800101121"))]),
        acting_user=users["officer"],
        report_path=str(report),
    )
    gc.collect()
    assert (result.imported, result.report, report.exists()) == (1, None, False)
    assert unraisable == []


@pytest.mark.parametrize("kind", list(ImportKind.values))
def test_template_round_trip_for_every_kind(users, tmp_path, kind):
    """Each downloadable template, filled in as it comes (its example row), imports without a rejected row; its
    header is the template's and its enumerations have dropdowns."""
    content = template_workbook(kind)
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == [c.header for c in TEMPLATES[kind]]
    assert bool(sheet.data_validations.dataValidation) == any(c.choices for c in TEMPLATES[kind])
    for index, column in enumerate(TEMPLATES[kind], start=1):  # IDs and phones typed later stay text
        letter = sheet.cell(row=1, column=index).column_letter
        formats = (sheet.column_dimensions[letter].number_format, sheet.cell(row=2, column=index).number_format)
        assert formats == (("@", "@") if column.text else ("General", "General")), column.header
    assert kind != ImportKind.RESIDENTS or TEMPLATES[kind][1].text
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(content)
    result = import_file(kind=kind, path=path, acting_user=users["officer"])
    assert (result.rows, result.rejected, result.error) == (1, 0, "") and accounted(result)
    example = {c.field: c.example for c in TEMPLATES[kind]}
    stored = {
        ImportKind.RESIDENTS: lambda: Resident.objects.filter(id_number=example.get("id_number")).exists(),
        ImportKind.ADDRESSES: lambda: Address.objects.filter(full_text=example.get("address_text")).exists(),
        ImportKind.HOUSES: lambda: House.objects.filter(
            address__full_text=example.get("address_text"), address_text=example.get("address_text")
        ).exists(),  # the house carries its address text (the list sorts on it, issue 11)
        ImportKind.ORGANIZATIONS: lambda: Organization.objects.filter(name=example.get("name")).exists(),
    }[kind]
    assert stored()
