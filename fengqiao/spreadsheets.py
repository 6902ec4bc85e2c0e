"""One writer for every workbook and CSV the project produces (issue 21; docs/adr/0003).

A text cell is always text. A value the user typed — a name, an address, a summary — may start with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, which a spreadsheet program would read as a formula (CSV/formula
injection, OWASP). What this module does with such a value, everywhere:

* **XLSX**: the cell is a string cell holding the value exactly as typed, with Excel's "quote prefix" flag — the
  same cell Excel itself makes when an officer types ``'=1+2``. It shows ``=1+2``, is never evaluated, and stays
  text when edited. Error-looking text (``#N/A``) is a string too. Numbers, dates and datetimes stay typed.
* **CSV** has no cell types, so the value gets a leading ``'`` (``'=1+2``), which spreadsheet programs hide or
  show but never evaluate.

Characters a workbook cannot hold (C0 controls other than tab, newline and carriage return) are dropped instead
of failing the whole export. Workbooks are openpyxl write-only (rows stream to a temporary file: flat memory for
large exports). Nothing else in the project imports openpyxl to write or ``csv.writer``: a test enforces it.

Usage::

    book = Workbook()
    sheet = book.sheet("实有人口", headers=["姓名", "公民身份号码"], widths=[12, 22], text_columns=[2])
    for row in rows:
        sheet.append([row.name, row.id_number])
    return book.response("实有人口.xlsx")        # or book.save(path) / book.to_bytes()

    return csv_response("实有人口.csv", headers, rows)
"""

from __future__ import annotations

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook as _OpenpyxlWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A value starting with one of these is read as a formula (or as the start of one) by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What a worksheet cannot hold (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE); dropped rather than failing the export.
_UNWRITABLE = re.compile(r"[\000-\010\013\014\016-\037]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_CELL_CHARS = 32_767  # Excel's limit per cell
BOLD = Font(bold=True)


def is_risky(text: str) -> bool:
    """True when a spreadsheet program would read ``text`` as (the start of) a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def plain(value):
    """The value to write: None → empty, bool → 是/否, numbers and dates as they are (aware datetimes in local
    time, since workbooks hold no time zone), everything else as clean text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (datetime.date, datetime.time)):
        return value
    return _UNWRITABLE.sub("", str(value))[:MAX_CELL_CHARS]


def csv_value(value) -> str:
    """A value as CSV text: ``'`` before anything a spreadsheet would read as a formula."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if is_risky(value) else value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return str(value)


class Sheet:
    """One worksheet of a :class:`Workbook`; rows are appended and streamed, never held."""

    def __init__(self, worksheet, *, text_columns: Iterable[int] = ()):
        self._ws = worksheet
        self._text_columns = set(text_columns)
        self.rows = 0

    def _cell(self, value, column: int):
        value = plain(value)
        if value is None:
            return None
        cell = WriteOnlyCell(self._ws, value=value)
        if isinstance(value, str):
            # openpyxl makes "=…" a formula and "#N/A" an error: a text cell is always a string cell.
            cell.data_type = "s"
            if is_risky(value):
                cell.quotePrefix = True  # Excel's own mark for "typed with a leading '": stays text when edited
        if column in self._text_columns:
            cell.number_format = "@"  # a text cell too: typing a number over it later keeps it text
        return cell

    def append(self, values: Sequence) -> None:
        self._ws.append([self._cell(v, i) for i, v in enumerate(values, start=1)])
        self.rows += 1

    def _header(self, values: Sequence) -> None:
        cells = [self._cell(v, i) for i, v in enumerate(values, start=1)]
        for cell in cells:
            if cell is not None:
                cell.font = BOLD
        self._ws.append(cells)

    def choices(self, column: int, choices: Sequence[str], *, error: str, last_row: int = 100_000) -> None:
        """A dropdown on ``column`` (1-based) from row 2 down (import templates). Call before appending rows."""
        letter = get_column_letter(column)
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(str(c).replace('"', "") for c in choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            error=error,
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        self._ws.data_validations.append(validation)


class Workbook:
    """A write-only XLSX workbook whose every cell goes through the rule above."""

    def __init__(self):
        self._book = _OpenpyxlWorkbook(write_only=True)

    def sheet(
        self,
        title: str,
        *,
        headers: Sequence[str] | None = None,
        widths: Sequence[int] | None = None,
        text_columns: Iterable[int] = (),
    ) -> Sheet:
        """A new sheet. ``text_columns`` (1-based) are formatted as text, so a number typed into them later (an ID
        number in a template) is not turned into a float; ``widths`` are in characters."""
        title = _SHEET_TITLE_FORBIDDEN.sub("", plain(title) or "Sheet")[:31] or "Sheet"
        worksheet = self._book.create_sheet(title=title)
        text_columns = tuple(text_columns)
        count = max(len(headers or ()), len(widths or ()), max(text_columns, default=0))
        for column in range(1, count + 1):
            dimension = worksheet.column_dimensions[get_column_letter(column)]
            if widths and column <= len(widths):
                dimension.width = widths[column - 1]
            if column in text_columns:
                dimension.number_format = "@"
        sheet = Sheet(worksheet, text_columns=text_columns)
        if headers is not None:
            sheet._header(headers)
        return sheet

    def save(self, target: str | IO[bytes]) -> None:
        self._book.save(target)

    def discard(self) -> None:
        """Close the sheets' temporary files without saving (a report that turned out empty)."""
        for worksheet in self._book.worksheets:
            if not worksheet.closed:
                worksheet.close()
            if worksheet._writer is not None:
                worksheet._writer.cleanup()

    def to_bytes(self) -> bytes:
        with tempfile.TemporaryFile() as handle:
            self.save(handle)
            handle.seek(0)
            return handle.read()

    def response(self, filename: str) -> FileResponse:
        """The workbook as a download (``Content-Disposition: attachment``), from a temporary file."""
        handle = tempfile.TemporaryFile()
        self.save(handle)
        handle.seek(0)
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class _Echo:
    def write(self, value):
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterable[str]:
    """CSV text line by line, UTF-8 BOM first (Excel on Windows reads it as UTF-8 then)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row])


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A streamed CSV download."""
    response = StreamingHttpResponse(csv_lines(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
