"""批量导入 (issue: registry import): good rows kept, every bad row reported with its reason, re-run adds nothing,
rows outside the importer's scope rejected, one summary line / one JSON object, operation log with counts."""

import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from audit.models import OperationLog
from registry import errors
from registry.importer import TEMPLATES, import_file, template_workbook
from registry.models import DuplicateCandidate, ImportKind, QualityFinding, Resident

from .conftest import make_id

pytestmark = pytest.mark.django_db

ADDRESS = "江枫市江枫社区金枫路10号金枫花园1栋1单元101室"
GOOD_A = make_id("32050519800101001")
GOOD_B = make_id("32050519850505002")


def other_station_community() -> str:
    from accounts.models import RoleAssignment
    from org.models import OrgUnit

    beat = RoleAssignment.objects.get(user__username="demo_officer2").org_unit
    return OrgUnit.objects.filter(parent=beat, kind="community").order_by("path").first().name


def mixed_rows():
    return [
        f"测试甲,{GOOD_A},男,1980-01-01,汉族,13800001111,户籍人口,{ADDRESS},户主,江苏省",  # 2 good
        f"测试乙,{GOOD_B},,,汉族,13800001112,流动人口,{ADDRESS},配偶,安徽省",  # 3 good, derived gender/birth
        f",{make_id('32050519800101003')},男,,汉族,,户籍人口,{ADDRESS},户主,",  # 4 no name
        "测试丙,12345,男,,汉族,,户籍人口,江枫市江枫社区金枫路10号,户主,",  # 5 bad ID
        f"测试丁,{make_id('32050519800101004')},男,,汉族,,外星人口,{ADDRESS},户主,",  # 6 bad type
        f"测试戊,{make_id('32050519800101005')},男,,汉族,,户籍人口,江枫市{other_station_community()}寒山路1号,户主,",
        f"测试己,{make_id('32050519800101006')},男,,汉族,,户籍人口,{ADDRESS},户主",  # 8 nine columns
        f"测试庚,{GOOD_A[:17]}{'0' if GOOD_A[17] != '0' else '1'},男,,汉族,,户籍人口,{ADDRESS},户主,",  # 9 kept+finding
    ]


def test_mixed_file_keeps_good_rows_and_reports_every_bad_one(write_csv, users, tmp_path):
    path = write_csv(mixed_rows())
    report = tmp_path / "errors.xlsx"
    result = import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"], report_path=str(report))
    assert (result.imported, result.updated, result.rejected) == (3, 0, 5)
    kept = Resident.objects.filter(name__startswith="测试")
    assert set(kept.values_list("name", flat=True)) == {"测试甲", "测试乙", "测试庚"}
    derived = kept.get(name="测试乙")
    assert derived.gender == "female" and str(derived.birth_date) == "1985-05-05"
    rows = list(load_workbook(report).active.values)
    assert rows[0][:3] == ("行号", "列", "原因")
    reported = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert reported[(4, "姓名")] == errors.NAME_REQUIRED
    assert reported[(5, "公民身份号码")] == errors.ID_BAD_FORMAT
    assert reported[(6, "人口类型")].startswith("人口类型只能是")
    assert reported[(7, "现住地址")] == errors.ADDRESS_OUT_OF_SCOPE.format(community=other_station_community())
    assert reported[(8, "整行")] == errors.COLUMN_COUNT.format(found=9, expected=10)
    wrong_check = kept.get(name="测试庚")
    assert QualityFinding.objects.filter(
        object_type="resident", object_id=wrong_check.pk, kind="id_bad_checksum", status="open"
    ).exists()
    log = OperationLog.objects.filter(action="registry_import").latest("id")
    assert log.changes["imported"] == 3 and log.changes["rejected"] == 5 and log.username == "demo_officer"


def test_rerun_adds_nothing(write_csv, users):
    path = write_csv(mixed_rows())
    import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"])
    before = Resident.objects.count()
    again = import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"])
    assert (again.imported, again.updated, again.rejected) == (0, 0, 5)
    assert Resident.objects.count() == before


def test_changed_row_updates_with_history(write_csv, users):
    import_file(kind=ImportKind.RESIDENTS, path=write_csv(mixed_rows()[:1]), acting_user=users["officer"])
    changed = mixed_rows()[0].replace("13800001111", "13999998888")
    result = import_file(
        kind=ImportKind.RESIDENTS, path=write_csv([changed], name="b.csv"), acting_user=users["officer"]
    )
    assert (result.imported, result.updated) == (0, 1)
    resident = Resident.objects.get(id_number=GOOD_A)
    assert resident.phone == "13999998888"
    from registry.models import RecordChange

    change = RecordChange.objects.filter(object_id=resident.pk, action="import_update").get()
    assert change.changes["phone"] == ["", "（已修改）"]  # personal values never enter the history


def test_typo_duplicate_becomes_a_candidate(write_csv, users):
    original = make_id("32050519700303007")
    swapped = original[:10] + original[11] + original[10] + original[12:]
    # like a typing slip, the check digit stays as it was (so the number also fails its checksum)
    rows = [
        f"重复甲,{original},,,汉族,13800002222,户籍人口,{ADDRESS},户主,",
        f"重复甲,{swapped},,,汉族,13800002222,户籍人口,{ADDRESS},户主,",
    ]
    import_file(kind=ImportKind.RESIDENTS, path=write_csv(rows), acting_user=users["officer"])
    a, b = Resident.objects.filter(name="重复甲").order_by("pk")
    candidate = DuplicateCandidate.objects.get(resident=a, other=b)
    assert "身份证号相邻两位颠倒" in candidate.reasons and "姓名相同" in candidate.reasons


def test_header_must_match_the_template(write_csv, users, tmp_path):
    """A wrong header is one clear file-level error, not "rejected 1"; nothing is read or written."""
    path = write_csv(mixed_rows()[:1], header="名字,身份证")
    result = import_file(
        kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"], report_path=str(tmp_path / "r.xlsx")
    )
    headers = "，".join(c.header for c in TEMPLATES[ImportKind.RESIDENTS])
    assert result.error == errors.HEADER_MISMATCH.format(headers=headers)
    assert (result.rows, result.imported, result.rejected, result.report) == (0, 0, 0, None)
    assert not Resident.objects.filter(name="测试甲").exists()


def test_xlsx_template_roundtrip(users, tmp_path):
    """The downloadable template imports as it is: its example row is a good row."""
    content = template_workbook(ImportKind.RESIDENTS)
    sheet = load_workbook(__import__("io").BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    assert header == [c.header for c in TEMPLATES[ImportKind.RESIDENTS]]
    assert sheet.data_validations.dataValidation  # dropdowns for enumerations
    path = tmp_path / "t.xlsx"
    path.write_bytes(content)
    result = import_file(kind=ImportKind.RESIDENTS, path=path, acting_user=users["officer"])
    assert (result.imported, result.rejected) == (1, 0)


def test_command_prints_one_json_object(write_csv, users, capsys, tmp_path):
    path = write_csv(mixed_rows())
    report = tmp_path / "e.xlsx"
    call_command("import_registry", "residents", str(path), "--as", "demo_officer", "--report", str(report), "--json")
    out = capsys.readouterr().out.strip()
    assert json.loads(out) == {
        "rows": 8,
        "imported": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 5,
        "report": str(report),
        "error": "",
    }


def test_command_summary_line(write_csv, users, capsys):
    call_command("import_registry", "residents", str(write_csv(mixed_rows()[:2])), "--as", "demo_officer")
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["共 2 行：新增 2，更新 0，未变 0，拒绝 0"]


def test_organizations_import(users, tmp_path):
    from stdnum.cn import uscc

    body = "91320505MA1M0000"
    code = body + "0" + uscc.calc_check_digit(body + "0")
    header = ",".join(c.header for c in TEMPLATES[ImportKind.ORGANIZATIONS])
    path = tmp_path / "o.csv"
    path.write_text(
        "\n".join(
            [
                header,
                f"测试便利店,{code},个体工商户,江枫市江枫社区金枫路1号,否,李娜,13900002222,王强,13900003333,5",
                "无名单位,,飞船,江枫市江枫社区金枫路1号,否,,,,,x",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = import_file(kind=ImportKind.ORGANIZATIONS, path=path, acting_user=users["officer"])
    assert (result.imported, result.rejected) == (1, 1)
    again = import_file(kind=ImportKind.ORGANIZATIONS, path=path, acting_user=users["officer"])
    assert again.imported == 0
