"""批量导入: streaming import of registry files (CSV or XLSX) with an error workbook.

Good rows are kept, every bad row is reported (row number, column, reason in Chinese), a re-run adds nothing
(natural keys: 公民身份号码; 统一社会信用代码; the standard address itself), rows outside the importer's scope
are rejected with that reason. Rows are read one at a time and written in batches, so memory stays flat
whatever the file size; the caches below are bounded.
"""

from __future__ import annotations

import codecs
import csv
import gc
import heapq
import multiprocessing
import os
import sys
import zipfile
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts.roles import Perm
from accounts.scope import path_covered
from accounts.selectors import user_home_unit, user_may
from audit.services import operation_log_write
from fengqiao.bulk import copy_insert
from fengqiao.edge import strip_controls
from fengqiao.search import bigrams
from fengqiao.spreadsheets import Workbook

from . import errors, import_worker
from .addresses import parse_address
from .matching import REASON_TEXT, is_candidate, score_pair
from .models import (
    Address,
    AddressLevel,
    CandidateStatus,
    DuplicateCandidate,
    House,
    HouseRelation,
    HouseUse,
    ImportKind,
    Organization,
    OrganizationCategory,
    PopulationType,
    QualityFinding,
    RecordChange,
    Resident,
)
from .resolver import AddressResolver
from .services import (
    findings_of_input,
    findings_of_new,
    findings_refresh_many,
    house_register,
    loggable_value,
    name_initials,
    organization_register,
    resident_clean,
)
from .validators import uscc_compact
from .verification import verification_tasks_sync

BATCH_SIZE = 5000
ADDRESS_CACHE_SIZE = 5_000  # houses (model instances); a miss only adds a key to the batch's one query


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    choices: tuple[str, ...] = ()
    example: str = ""
    text: bool = False  # formatted as text in the template: long digit strings (IDs, phones) must not become numbers


TEMPLATES: dict[str, tuple[Column, ...]] = {
    ImportKind.RESIDENTS: (
        Column("姓名", "name", example="张伟"),
        Column("公民身份号码", "id_number", example="320505198001010017", text=True),
        Column("性别", "gender", ("男", "女"), "男"),
        Column("出生日期", "birth_date", example="1980-01-01"),
        Column("民族", "ethnicity", example="汉族"),
        Column("联系电话", "phone", example="13800001111", text=True),
        Column("人口类型", "population_type", tuple(str(label) for label in PopulationType.labels), "户籍人口"),
        Column("现住地址", "address_text", example="江枫市江枫社区金枫路10号金枫花园1栋1单元101室"),
        Column("与房屋关系", "house_relation", tuple(str(label) for label in HouseRelation.labels), "户主"),
        Column("户籍地址", "household_address", example="江苏省苏州市江枫社区金枫路10号"),
    ),
    ImportKind.ADDRESSES: (
        Column("标准地址", "address_text", example="江枫市江枫社区金枫路10号金枫花园1栋1单元101室"),
    ),
    ImportKind.HOUSES: (
        Column("房屋地址", "address_text", example="江枫市江枫社区金枫路10号金枫花园1栋1单元101室"),
        Column("房屋用途", "use", tuple(str(label) for label in HouseUse.labels), "自住"),
        Column("产权人姓名", "owner_name", example="张伟"),
    ),
    ImportKind.ORGANIZATIONS: (
        Column("单位名称", "name", example="江枫市金枫便利店"),
        Column("统一社会信用代码", "uscc", example="91320505MA1M000006", text=True),
        Column("单位类别", "category", tuple(str(label) for label in OrganizationCategory.labels), "个体工商户"),
        Column("地址", "address_text", example="江枫市江枫社区金枫路1号"),
        Column("重点单位", "is_key_unit", ("是", "否"), "否"),
        Column("法定代表人", "legal_representative", example="李娜"),
        Column("法定代表人电话", "legal_phone", example="13900002222", text=True),
        Column("治安保卫负责人", "security_contact", example="王强"),
        Column("治安保卫负责人电话", "security_phone", example="13900003333", text=True),
        Column("从业人数", "staff_count", example="5"),
    ),
}


def template_workbook(kind: str) -> bytes:
    """The XLSX template: Chinese headers, dropdowns for enumerations, ID and phone columns formatted as text
    (so Excel keeps all 18 digits of a number typed there), one example row."""
    columns = TEMPLATES[kind]
    workbook = Workbook()
    sheet = workbook.sheet(
        str(ImportKind(kind).label),
        headers=[c.header for c in columns],
        widths=[max(12, len(c.example) * 2) for c in columns],
        text_columns=[index for index, c in enumerate(columns, start=1) if c.text],
    )
    for index, column in enumerate(columns, start=1):
        if column.choices:
            sheet.choices(index, column.choices, error=f"请从下拉列表中选择{column.header}")
    sheet.append([c.example for c in columns])
    return workbook.to_bytes()


class FileRefused(Exception):
    """The file as a whole cannot be read as an import (encoding, format, header); the message says why."""


def text_encoding(path: str | Path) -> str:
    """UTF-8 (with or without BOM) or GB18030 (which includes GBK and GB2312: what Excel on a Chinese Windows
    saves), checked over the whole file so a bad byte late in the file cannot stop an import halfway."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileRefused(_(errors.FILE_UNDECODABLE))


def read_rows(path: str | Path, headers: list[str] | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number as the user sees it, cell texts); row 1 is the header. A row is judged by its own cells,
    never by the width of the sheet: empty cells beyond the template's last column are dropped, and a workbook
    row is padded to the template (a CSV row keeps its own field count: a short one is reported). Of a workbook,
    the first sheet whose first row is ``headers`` is read (an instructions sheet before it is skipped), else the
    first sheet."""
    path = Path(path)
    width = len(headers) if headers else 0
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileRefused(_(errors.FILE_OLD_EXCEL))
    if suffix in (".xlsx", ".xlsm"):
        yield from _workbook_rows(path, headers)
        return
    with open(path, encoding=text_encoding(path), newline="") as handle:
        for number, values in enumerate(csv.reader(handle), start=1):
            yield number, _trimmed([strip_controls(v).strip() for v in values], width)


def _workbook_rows(path: Path, headers: list[str] | None) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileRefused(_(errors.FILE_UNREADABLE)) from exc
    try:
        sheets = workbook.worksheets
        width = len(headers) if headers else 0
        sheet = next((ws for ws in sheets if headers and _first_row(ws, width) == headers), sheets[0])
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = _trimmed([_text(v) for v in values], width)
            yield number, cells + [""] * (width - len(cells))
    finally:
        workbook.close()


def _first_row(sheet, width: int) -> list[str]:
    for values in sheet.iter_rows(min_row=1, max_row=1, values_only=True):
        return _trimmed([_text(v) for v in values], width)
    return []


def _trimmed(values: list[str], width: int) -> list[str]:
    """Drop empty cells beyond ``width`` (a stray cell elsewhere in the sheet widens every row of it)."""
    while len(values) > width and not values[-1]:
        values.pop()
    return values


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        if abs(value) >= 1e15:  # beyond a spreadsheet's 15 digits: shown as the program shows it, digits lost
            return f"{value:.15G}"
        if value.is_integer():
            return str(int(value))
    return strip_controls(str(value)).strip()  # control characters dropped at the edge (fengqiao.edge)


@dataclass
class ImportResult:
    """What became of every data row: ``imported + updated + unchanged + rejected == rows``. ``error`` is set
    when the file as a whole was refused (then no row was read)."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rows: int = 0
    report: str | None = None
    error: str = ""

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "report": self.report,
            "error": self.error,
        }


class ErrorReport:
    """The error workbook, written as rows come (write-only, so it stays small in memory). It echoes the bad rows
    as typed, so it goes through the one safe writer: a formula in the file comes back as text."""

    def __init__(self, path: str | None, headers: list[str]):
        self.path = path
        self.count = 0
        self.workbook = Workbook() if path else None
        if self.workbook:
            self.sheet = self.workbook.sheet("错误行", headers=["行号", "列", "原因", *headers])

    def add(self, row: int, column: str, reason: str, values: list[str]) -> None:
        self.count += 1
        if self.workbook:
            self.sheet.append([row, column, reason, *values])

    def close(self) -> str | None:
        if not self.workbook:
            return None
        if not self.count:
            self.workbook.discard()
            return None
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.workbook.save(self.path)
        return self.path


def import_file(
    *,
    kind: str,
    path: str | Path,
    acting_user,
    report_path: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file. Every row is either kept or reported; the whole run is on the operation log. A file that
    cannot be read as a whole (encoding, format, header) is refused with ``result.error`` and nothing written."""
    if not path_covered_any(acting_user):
        raise PermissionDenied(_("您没有登记一标三实的权限"))
    columns = TEMPLATES[kind]
    headers = [c.header for c in columns]
    result = ImportResult()
    report = ErrorReport(report_path, headers)
    try:
        if kind == ImportKind.RESIDENTS:
            _import_residents(path, acting_user, result, report, progress)
        else:
            _import_rows(kind, read_rows(path, headers), acting_user, result, report, progress)
    except FileRefused as exc:
        result.error = str(exc)
    result.report = report.close()
    operation_log_write(
        acting_user=acting_user,
        action="registry_import",
        object_type=kind,
        object_id="-",
        summary=f"导入{ImportKind(kind).label}“{os.path.basename(str(path))}”："
        + (
            f"{result.error}"
            if result.error
            else f"共{result.rows}行，新增{result.imported}，更新{result.updated}，未变{result.unchanged}，"
            f"拒绝{result.rejected}"
        ),
        changes=result.as_json(),
    )
    return result


def _header_checked(rows, headers: list[str]) -> bool:
    """Read the file's first row: False for an empty file, ``FileRefused`` when it is not the template's header."""
    header_row = next(rows, (1, []))[1]
    if not any(header_row):
        return False
    if header_row != headers:
        raise FileRefused(_(errors.HEADER_MISMATCH).format(headers="，".join(headers)))
    return True


def _import_rows(kind, rows, acting_user, result: ImportResult, report: ErrorReport, progress) -> None:
    columns = TEMPLATES[kind]
    headers = [c.header for c in columns]
    if not _header_checked(rows, headers):
        return  # an empty file: no rows, nothing to refuse
    handler = ONE_BY_ONE[kind]  # residents: _import_residents
    batch: list[tuple[int, list[str], dict]] = []
    context = ImportContext(acting_user)
    width = len(headers)
    for number, values in rows:
        if not any(values):
            continue  # blank lines are not rows
        result.rows += 1
        if len(values) != width:
            result.rejected += 1
            report.add(number, "整行", _width_problem(values, width), values)
            continue
        batch.append((number, values, {c.field: v for c, v in zip(columns, values, strict=True)}))
        if len(batch) >= BATCH_SIZE:
            handler(context, batch, result, report)
            batch = []
            if progress:
                progress(result.rows)
    if batch:
        handler(context, batch, result, report)
    if context.beats - {None}:
        verification_tasks_sync(beats=context.beats - {None})
    if progress:
        progress(result.rows)


# ---------------------------------------------------------------- residents: reading and checking beside the database
#
# A resident file is read and every row parsed and checked (``resident_clean``, pinyin initials, name bigrams) in
# batches by ``_prepared_batches``; the database work of each batch is ``_resident_batch``. For a large file the
# first runs in a second process (``_prepared_in_worker``) while this one writes the previous batch: on two cores,
# Python's per-row work overlaps the server's. Both paths run the same code and give the same batches, the same
# report lines in the same order (a batch's rows of the wrong width first, as they are read, then the rows that
# fail their checks), so results do not depend on which ran. The reader process is opt-in
# (FENGQIAO_IMPORT_READER=process, for a host with a core to spare), and even then a small file (under
# ``PARALLEL_MIN_BYTES``: a couple of batches) stays in this process: a second interpreter costs about a second.

PARALLEL_MIN_BYTES = 2 << 20
WORKER_QUEUE_BATCHES = 2  # batches parsed ahead of the database: bounds the worker's lead (and memory)


@dataclass
class PreparedBatch:
    """One batch of a resident file, read and checked: ``rows`` data rows (blank lines not counted), of which
    ``rejected`` were refused with the report ``lines`` (row, column, reason, values), and the rest ``parsed``:
    (row, values, ResidentInput), the input's fields already carrying the name's initials and bigrams and the
    findings of the checks that read only them (``input_findings``), and the parsed address texts."""

    rows: int = 0
    rejected: int = 0
    width_lines: list = field(default_factory=list)
    check_lines: list = field(default_factory=list)
    parsed: list = field(default_factory=list)
    addresses: dict = field(default_factory=dict)  # address text → parse_address(text), for the resolver

    @property
    def lines(self):
        return [*self.width_lines, *self.check_lines]


def _prepared_batches(path, batch_size: int = 0) -> Iterator[PreparedBatch]:
    """The resident file in checked batches (``FileRefused`` for a file that cannot be read as an import)."""
    batch_size = batch_size or BATCH_SIZE
    columns = TEMPLATES[ImportKind.RESIDENTS]
    headers = [c.header for c in columns]
    fields = [c.field for c in columns]
    labels = {c.field: c.header for c in columns}
    rows = read_rows(path, headers)
    if not _header_checked(rows, headers):
        return  # an empty file: no rows, nothing to refuse
    width = len(headers)
    batch = PreparedBatch()
    size = 0  # rows of the template's width in this batch (checked, kept or not)
    for number, values in rows:
        if not any(values):
            continue  # blank lines are not rows
        batch.rows += 1
        if len(values) != width:
            batch.rejected += 1
            batch.width_lines.append((number, "整行", _width_problem(values, width), values))
            continue
        size += 1
        try:
            cleaned = resident_clean(dict(zip(fields, values, strict=True)), lenient=True)
        except ValidationError as exc:
            batch.rejected += 1
            batch.check_lines += _rejection_lines(number, values, exc, labels)
        else:
            name = cleaned.fields["name"]
            cleaned.fields["name_initials"] = name_initials(name)
            cleaned.fields["name_bigrams"] = bigrams(name)
            cleaned.fields["input_findings"] = findings_of_input(cleaned.fields)
            if cleaned.address_text not in batch.addresses:
                batch.addresses[cleaned.address_text] = parse_address(cleaned.address_text)
            batch.parsed.append((number, values, cleaned))
        if size >= batch_size:
            yield batch
            batch, size = PreparedBatch(), 0
    if batch.rows:
        yield batch


def _rejection_lines(number, values, exc: ValidationError, labels: dict) -> list[tuple]:
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return [
        (number, labels.get(field_name, "整行"), message, values)
        for field_name, field_messages in messages.items()
        for message in field_messages
    ]


def _prepared_in_worker(path, batch_size: int = 0) -> Iterator[PreparedBatch]:
    """``_prepared_batches`` run in a second process (see ``_start_method``), the batches coming back in order. An
    error there (``FileRefused`` included) is raised here."""
    context = multiprocessing.get_context(_start_method())
    queue = context.Queue(maxsize=WORKER_QUEUE_BATCHES)
    worker = context.Process(
        target=import_worker.prepare,
        args=(str(path), batch_size or BATCH_SIZE, translation.get_language(), queue),
        daemon=True,
        name="fengqiao-import-reader",
    )
    worker.start()
    try:
        while True:
            try:
                tag, item = queue.get(timeout=5)
            except Empty:
                if not worker.is_alive():
                    raise RuntimeError(f"import reader stopped (exit code {worker.exitcode})") from None
                continue
            if tag == "batch":
                yield item
            elif tag == "error":
                raise item
            else:
                return
    finally:
        if worker.is_alive() and worker.exitcode is None:
            worker.terminate()
        worker.join()
        queue.close()


@contextmanager
def gc_settled():
    """Python's cyclic garbage collector leaves alone what exists now and what each ``settle()`` finds alive;
    everything goes back to it at the end. An import allocates millions of short-lived objects: every so many the
    collector walks all live objects (the whole of Django, the caches), which cost more than the import's own
    work (unpickling a batch from the reader: 0.66 s with it, 0.05 s without). Objects freed by their reference
    count are freed as before; only cyclic garbage waits for the end."""
    gc.freeze()
    try:
        yield _settle
    finally:
        gc.unfreeze()


def _settle() -> None:
    gc.collect()  # what is garbage now goes first (it walks only what is not frozen: one batch's leftovers)
    gc.freeze()


def _start_method() -> str:
    """``fork`` on Linux: the reader starts at once and shares this process's loaded modules (Django, the pinyin
    dictionary: some 140 MB) instead of loading its own; it never touches the database connection it inherits
    and ends with ``os._exit``. ``spawn`` elsewhere, or with FENGQIAO_IMPORT_START=spawn (the code is the same:
    ``registry.import_worker`` needs nothing from this process)."""
    wanted = os.environ.get("FENGQIAO_IMPORT_START", "")
    if wanted in multiprocessing.get_all_start_methods():
        return wanted
    return "fork" if sys.platform == "linux" else "spawn"


def _import_residents(path, acting_user, result: ImportResult, report: ErrorReport, progress) -> None:
    # One process unless asked (FENGQIAO_IMPORT_READER=process): measured at 1 M rows on the 2-core machine, the
    # reader process gained nothing while the other core was busy and cost 90 MB more (397 against 306 MB).
    reader = os.environ.get("FENGQIAO_IMPORT_READER", "inline")
    parallel = reader == "process" and os.path.getsize(path) >= PARALLEL_MIN_BYTES
    with gc_settled() as settle:
        batches = _prepared_in_worker(path) if parallel else _prepared_batches(path)
        context = None
        for batch in batches:
            context = context or ImportContext(acting_user)
            result.rows += batch.rows
            result.rejected += batch.rejected
            for line in batch.lines:
                report.add(*line)
            if batch.parsed:
                _resident_batch(context, batch.parsed, result, report, batch.addresses)
                context.seen.settle()
            del batch
            settle()
            if progress:
                progress(result.rows)
        if context and context.beats - {None}:
            verification_tasks_sync(beats=context.beats - {None})


def _width_problem(values: list[str], width: int) -> str:
    """Why a row does not fit the template: a cell beyond the template's last column has content (in a CSV,
    usually an unquoted comma in an address), or a CSV row has fewer fields than the template."""
    if len(values) > width:
        extra = next(v for v in values[width:] if v)
        return _(errors.EXTRA_CELL).format(
            column=width + 1 + values[width:].index(extra), value=extra[:50], expected=width
        )
    return _(errors.COLUMN_COUNT).format(found=len(values), expected=width)


def path_covered_any(user) -> bool:
    return user_may(user, Perm.EDIT_REGISTRY)


class SeenNumbers:
    """The ID numbers met so far in a file, as integers, 8 bytes each (a set of Python integers takes 64 per
    number: 64 MB at a million rows). This batch's numbers are a set; at a batch's end they become a sorted run,
    runs merged like a binary counter (at most log2 of the batches remain). An earlier batch's number is in the
    register by then (added, or found there), so only a number the register has is looked for in the runs."""

    def __init__(self):
        self.runs: list[array] = []
        self.batch: set[int] = set()

    def add(self, number: int) -> None:
        self.batch.add(number)

    def met(self, number: int, *, registered: bool) -> bool:
        if number in self.batch:
            return True
        if not registered:
            return False
        for run in self.runs:
            at = bisect_left(run, number)
            if at < len(run) and run[at] == number:
                return True
        return False

    def settle(self) -> None:
        """End of a batch: its numbers join the runs."""
        if not self.batch:
            return
        run = array("q", sorted(self.batch))
        self.batch = set()
        while self.runs and len(self.runs[-1]) <= len(run):
            run = array("q", heapq.merge(self.runs.pop(), run))
        self.runs.append(run)

    def __len__(self) -> int:
        return len(self.batch) + sum(len(run) for run in self.runs)


class ImportContext:
    """Per-import state: who imports, where unplaceable rows go, the address resolver and a house cache."""

    def __init__(self, user):
        self.user = user
        self.default_unit = user_home_unit(user)
        self.resolver = AddressResolver(acting_user=user, default_unit=self.default_unit)
        self.houses: OrderedDict[int, House] = OrderedDict()
        self.seen = SeenNumbers()  # ID numbers met in this file
        self.beats: set[int] = set()  # beats given findings: their 核查任务 are synced once, after the file
        self._may_edit: dict[int, bool] = {}

    def may_edit(self, unit) -> bool:
        if unit.pk not in self._may_edit:
            self._may_edit[unit.pk] = path_covered(self.user, unit.path, Perm.EDIT_REGISTRY)
        return self._may_edit[unit.pk]

    def resolve_many(self, texts, parsed: dict | None = None) -> dict[str, tuple]:
        """text → (AddressResolution, House or None), a few queries for a whole batch (``parsed``: see
        ``AddressResolver.resolve_many``)."""
        resolutions = self.resolver.resolve_many(texts, parsed)
        dwellings = {
            r.address.pk: r
            for r in resolutions.values()
            if r.address is not None and r.address.level >= AddressLevel.DOOR
        }
        missing = [pk for pk in dwellings if pk not in self.houses]
        if missing:
            found = {h.address_id: h for h in House.objects.filter(address_id__any=missing).order_by()}
            new = [
                House(
                    address=dwellings[pk].address,
                    address_text=dwellings[pk].address.full_text,
                    org_unit=dwellings[pk].org_unit,
                )
                for pk in missing
                if pk not in found
            ]
            if new:
                House.objects.bulk_create(new, ignore_conflicts=True)
                added = House.objects.filter(address_id__any=[h.address_id for h in new]).order_by()
                found |= {h.address_id: h for h in added}
            for pk, house in found.items():
                self.houses[pk] = house
            while len(self.houses) > ADDRESS_CACHE_SIZE:
                self.houses.popitem(last=False)
        return {
            text: (r, self.houses.get(r.address.pk) if r.address is not None else None)
            for text, r in resolutions.items()
        }


def _reject(result, report, number, values, exc: ValidationError, columns) -> None:
    result.rejected += 1
    labels = {c.field: c.header for c in columns}
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field_name, field_messages in messages.items():
        for message in field_messages:
            report.add(number, labels.get(field_name, "整行"), message, values)


@transaction.atomic
def _resident_batch(
    context: ImportContext, batch, result: ImportResult, report: ErrorReport, addresses: dict | None = None
) -> None:
    """One batch of resident rows. Python parses and validates each row; the database work is set-wise: new
    people, their history, their findings and their compare-on-entry candidates go in with ``COPY`` or one
    ``INSERT … SELECT`` each (issue 11: import at the speed of COPY)."""
    columns = TEMPLATES[ImportKind.RESIDENTS]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A batch's statements are index probes: compiling them (jit) costs more than it saves. A batch's
            # commit does not wait for its WAL to reach the disk: the operation log entry written after the last
            # batch commits synchronously, which flushes every batch before it, so the import is durable by the
            # time it returns; a crash in between loses whole batches, never half of one (a re-run adds them).
            cursor.execute("SET LOCAL jit = off; SET LOCAL synchronous_commit = off")
    cleaned_rows = []
    parsed_rows = batch  # (row, values, ResidentInput): read and checked by _prepared_batches
    places = context.resolve_many([cleaned.address_text for _n, _v, cleaned in parsed_rows], addresses)
    for number, values, cleaned in parsed_rows:
        try:
            resolution, house = places[cleaned.address_text]
            if resolution.rejected:
                raise ValidationError({"address_text": [resolution.rejected]})
            unit = resolution.org_unit or context.default_unit
            if unit is None or not context.may_edit(unit):
                raise ValidationError({"address_text": [_(errors.UNIT_OUT_OF_SCOPE)]})
        except ValidationError as exc:
            _reject(result, report, number, values, exc, columns)
            continue
        fields = cleaned.fields | {
            "address": resolution.address,
            "address_text": cleaned.address_text,
            "house": house,
            "org_unit": unit,
        }
        cleaned_rows.append((number, fields, cleaned.dropped))
    numbers = [f["id_number"] for _n, f, _d in cleaned_rows if f["id_number"]]
    existing = {r.id_number: r for r in Resident.objects.filter(id_number__any=numbers).order_by()} if numbers else {}
    creates: dict[str, dict] = {}
    new_without_id: list[dict] = []
    changes_log: list[RecordChange] = []
    touched: list[Resident] = []
    conflicts: list[tuple[object, str, str]] = []  # (record, finding kind, detail)
    unreadable: list[tuple[dict, int, list]] = []  # (new row, file row, dropped values)
    for number, fields, dropped in cleaned_rows:
        key = fields["id_number"]
        current = (existing.get(key) or creates.get(key)) if key else None
        seen_key = int(key[:17]) * 11 + (10 if key[17] == "X" else int(key[17])) if key else None
        if key and context.seen.met(seen_key, registered=key in existing):
            # The same number again in this file: one person, one record. A different name or address is
            # not applied but flagged for the officer, so a re-run never flips the record back and forth.
            conflicts += _conflicts(_record(current), fields, number, second=True)
            result.unchanged += 1
            continue
        if key:
            context.seen.add(seen_key)
        if current is None:
            row = dict(fields)  # name_initials and name_bigrams came with the checked input
            if key:
                creates[key] = row
            else:
                new_without_id.append(row)
            if dropped:
                unreadable.append((row, number, dropped))
            continue
        changed = _changes(current, fields)
        conflicts += _conflicts(current, fields, number, second=False) + _unreadable(current, dropped, number)
        if not changed:
            result.unchanged += 1
            continue
        for name, value in changed.items():
            setattr(current, name, value)
        current.save()
        changes_log.append(
            RecordChange(
                object_type="resident",
                object_id=current.pk,
                user=context.user,
                action="import_update",
                changes={k: ["", loggable_value(k, v)] for k, v in changed.items()},
            )
        )
        touched.append(current)
        result.updated += 1
    new_rows = [*creates.values(), *new_without_id]
    ids = copy_insert(Resident, new_rows)
    for pk, row in zip(ids, new_rows, strict=True):
        row["id"] = pk
    result.imported += len(ids)
    _history_of_new(ids, context.user)
    RecordChange.objects.bulk_create(changes_log, batch_size=BATCH_SIZE)
    context.beats |= findings_of_new(new_rows)
    if touched:
        findings_refresh_many(touched)
    for row, number, dropped in unreadable:
        conflicts += _unreadable(_RowView(row), dropped, number)
    context.beats |= _record_conflicts(conflicts)
    _candidates_for(new_rows)


class _RowView:
    """A resident row this import adds, read like a model instance by ``_conflicts``, ``_unreadable`` and
    ``_record_conflicts`` (its key is read when the finding is written, after the row is in)."""

    __slots__ = ("row",)

    def __init__(self, row: dict):
        self.row = row

    @property
    def pk(self):
        return self.row.get("id")

    @property
    def name(self):
        return self.row["name"]

    @property
    def address_text(self):
        return self.row["address_text"]

    @property
    def org_unit_id(self):  # copy_insert has turned the unit into its key by the time a finding is written
        return self.row["org_unit_id"] if "org_unit_id" in self.row else self.row["org_unit"].pk


def _record(current):
    """A resident as ``_conflicts`` reads it: a model instance, or a row this batch adds."""
    return _RowView(current) if isinstance(current, dict) else current


def _history_of_new(ids: list[int], user) -> None:
    """One "import" history row per new person, in one statement."""
    if not ids:
        return
    if connection.vendor != "postgresql":
        RecordChange.objects.bulk_create(
            [RecordChange(object_type="resident", object_id=pk, user=user, action="import", changes={}) for pk in ids],
            batch_size=BATCH_SIZE,
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO registry_recordchange (object_type, object_id, user_id, at, action, changes) "
            "SELECT 'resident', pk, %s, %s, 'import', '{}'::jsonb FROM unnest(%s::bigint[]) AS pk",
            [user.pk if user else None, timezone.now(), ids],
        )


# Fields an import row may correct on a registered person. The name is identity, not a correction (a
# different name under the same number is flagged instead); the address moves only when its text changes.
CORRECTABLE = (
    "gender",
    "birth_date",
    "ethnicity",
    "phone",
    "population_type",
    "nationality",
    "passport_number",
    "house_relation",
    "household_address",
)
PLACE_FIELDS = ("address_text", "address", "house", "org_unit")


def _changes(current: Resident, fields: dict) -> dict:
    changed = {
        name: fields[name]
        for name in CORRECTABLE
        if fields[name] not in ("", None) and getattr(current, name) != fields[name]
    }  # blanks never erase
    if fields["address_text"] and fields["address_text"] != current.address_text:
        changed |= {name: fields[name] for name in PLACE_FIELDS}
    return changed


def _conflicts(current: Resident, fields: dict, row: int, *, second: bool) -> list[tuple[Resident, str, str]]:
    """What to flag: another name under the number; on a second row of the same file, another address."""
    found = []
    if fields["name"] != current.name:
        found.append((current, "id_name_conflict", f"导入文件第{row}行以“{fields['name']}”登记了同一身份证号"))
    if second and fields["address_text"] and fields["address_text"] != current.address_text:
        found.append((current, "two_addresses", f"导入文件第{row}行另登记现住地址“{fields['address_text'][:100]}”"))
    return found


def _unreadable(resident: Resident, dropped, row: int) -> list[tuple[Resident, str, str]]:
    """A finding for the values of secondary columns the row had but that could not be read (left blank)."""
    if not dropped:
        return []
    detail = "；".join(f"{label}“{value[:40]}”（{reason}）" for label, value, reason in dropped)
    return [(resident, "import_value_unreadable", f"导入文件第{row}行无法识别、已留空：{detail}")]


def _record_conflicts(conflicts) -> set[int]:
    """Open one finding per record and kind (the open-finding constraint keeps re-runs from adding more).
    Returns the beats that got one (their 核查任务 are synced once, after the file)."""
    QualityFinding.objects.bulk_create(
        [
            QualityFinding(
                kind=kind,
                object_type="resident",
                object_id=r.pk,
                object_label=r.name[:100],
                detail=detail[:300],
                org_unit_id=r.org_unit_id,
            )
            for r, kind, detail in conflicts
            if r.pk
        ],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )
    return {r.org_unit_id for r, _kind, _detail in conflicts if r.pk}


# Compare-on-entry blocks, set-wise: the same name and birth date (a typo'd number of the same person; a row
# without a birth date: the same name), and the same region + birth date digits (a homophone name with a typo'd
# number). The batch travels as arrays. Each block is one index probe per batch row (LATERAL, kept from being
# flattened by OFFSET 0): a plain join lets the planner hash the whole register, two sequential scans per batch
# that grow with the register (0.2 s a batch at 100 000 people, seconds at a million: quadratic over a file).
CANDIDATE_POOL_SQL = """
WITH batch AS (
    SELECT * FROM unnest(%s::bigint[], %s::text[], %s::date[], %s::text[]) AS b(id, name, birth, prefix)
)
SELECT b.id, r.id, r.name, r.id_number, r.birth_date
FROM batch b CROSS JOIN LATERAL (
    SELECT r.id, r.name, r.id_number, r.birth_date FROM registry_resident r
    WHERE r.name = b.name AND (b.birth IS NULL OR r.birth_date = b.birth) AND r.is_active AND r.id <> b.id
    OFFSET 0
) r
UNION ALL
SELECT b.id, r.id, r.name, r.id_number, r.birth_date
FROM batch b CROSS JOIN LATERAL (
    SELECT r.id, r.name, r.id_number, r.birth_date FROM registry_resident r
    WHERE r.id_prefix = b.prefix AND r.is_active AND r.id <> b.id
    OFFSET 0
) r
WHERE b.prefix <> ''
"""


def _candidate_pool(rows: list[dict]):
    """(new id, other id, other name, other number, other birth date) for every pair in a block."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                CANDIDATE_POOL_SQL,
                [
                    [r["id"] for r in rows],
                    [r["name"] for r in rows],
                    [r["birth_date"] for r in rows],
                    [r["id_prefix"] or "" for r in rows],
                ],
            )
            yield from cursor.fetchall()
        return
    fields = ("pk", "name", "id_number", "birth_date")  # SQLite (the demo): the same blocks, by IN lists
    active = Resident.objects.filter(is_active=True)
    for r in rows:
        block = active.filter(name=r["name"])
        if r["birth_date"]:
            block = block.filter(birth_date=r["birth_date"])
        for other in block.exclude(pk=r["id"]).values_list(*fields):
            yield (r["id"], *other)
        if r["id_prefix"]:
            for other in active.filter(id_prefix=r["id_prefix"]).exclude(pk=r["id"]).values_list(*fields):
                yield (r["id"], *other)


def _candidates_for(rows: list[dict]) -> None:
    """Compare-on-entry for a batch of new rows, scored by ``matching``."""
    if not rows:
        return
    by_id = {r["id"]: r for r in rows}
    pairs = {}
    for pk, other, name, id_number, birth_date in _candidate_pool(rows):
        r = by_id[pk]
        score, reasons = score_pair(r["name"], r["id_number"], r["birth_date"], name, id_number, birth_date)
        if is_candidate(score, reasons):
            pairs[(min(pk, other), max(pk, other))] = (score, reasons)
    copy_insert(
        DuplicateCandidate,
        [
            {
                "resident_id": a,
                "other_id": b,
                "score": s,
                "reasons": [REASON_TEXT[r] for r in rs],
                "status": CandidateStatus.OPEN,
            }
            for (a, b), (s, rs) in sorted(pairs.items())
        ],
    )


def _one_by_one(service: Callable) -> Callable:
    """Addresses, houses and organisations are few: each row goes through its service, in its own savepoint."""

    def handle(context: ImportContext, batch, result: ImportResult, report: ErrorReport) -> None:
        kind = service.kind
        columns = TEMPLATES[kind]
        for number, values, data in batch:
            try:
                with transaction.atomic():
                    outcome = service(context, data)
            except ValidationError as exc:
                _reject(result, report, number, values, exc, columns)
            except PermissionDenied as exc:
                _reject(result, report, number, values, ValidationError({"address_text": [str(exc)]}), columns)
            else:
                setattr(result, outcome, getattr(result, outcome) + 1)

    return handle


def _import_address(context, data) -> str:
    text = data["address_text"]
    if not text:
        raise ValidationError({"address_text": [_(errors.ADDRESS_REQUIRED)]})
    before = Address.objects.count()
    resolution = context.resolver.resolve(text)
    if resolution.rejected:
        raise ValidationError({"address_text": [resolution.rejected]})
    if resolution.address is None:
        raise ValidationError({"address_text": [_(errors.ADDRESS_UNREADABLE)]})
    return "imported" if Address.objects.count() > before else "unchanged"


def _import_house(context, data) -> str:
    before = House.objects.count()
    house_register(
        acting_user=context.user, address_text=data["address_text"], use=data["use"], owner_name=data["owner_name"]
    )
    return "imported" if House.objects.count() > before else "updated"


def _import_organization(context, data) -> str:
    code = uscc_compact(data.get("uscc") or "")
    if code and Organization.objects.filter(uscc=code).exists():
        return "unchanged"
    if data.get("staff_count") and not str(data["staff_count"]).isdigit():
        raise ValidationError({"staff_count": [_("从业人数应为整数")]})
    organization_register(acting_user=context.user, data=data, org_unit=context.default_unit)
    return "imported"


_import_address.kind = ImportKind.ADDRESSES
_import_house.kind = ImportKind.HOUSES
_import_organization.kind = ImportKind.ORGANIZATIONS
ONE_BY_ONE = {
    ImportKind.ADDRESSES: _one_by_one(_import_address),
    ImportKind.HOUSES: _one_by_one(_import_house),
    ImportKind.ORGANIZATIONS: _one_by_one(_import_organization),
}
