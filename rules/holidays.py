"""The holiday-calendar file: how the control centre writes one year of the State Council's 放假安排.

Format (CSV, UTF-8 with or without BOM, or GB18030 as Excel saves it on a Chinese Windows):

    # 国务院办公厅关于2027年部分节假日安排的通知        ← lines starting with # are comments
    日期,类型,名称                                       ← header (optional)
    2027-01-01,放假,元旦                                 ← one line per day off …
    2027-02-20,上班,春节                                 ← … and per weekend day worked (调休上班)

``日期`` is YYYY-MM-DD (or YYYY/MM/DD); ``类型`` is 放假 (also 休, 休息) or 上班 (also 班, 补班, 调休上班);
``名称`` is the holiday it belongs to and may be empty. List every day off, weekends inside a holiday block
included; ordinary weekends and weekdays need no line. The same lines can be pasted into the page's text box.
An example: ``rules/data/holidays-2027.example.csv``. The whole year is checked before anything is written
(``rules.services.holiday_year_enter``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from fengqiao.edge import strip_controls

from . import errors
from .models import DayKind

KIND_WORDS = {
    "放假": DayKind.REST,
    "休": DayKind.REST,
    "休息": DayKind.REST,
    "假": DayKind.REST,
    "上班": DayKind.WORK,
    "班": DayKind.WORK,
    "补班": DayKind.WORK,
    "调休上班": DayKind.WORK,
}
HEADER = ("日期", "类型", "名称")

# chinese-calendar's English names, in Chinese, for the years it seeds.
BUNDLED_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class EnteredDay:
    day: date
    kind: str
    name: str = ""
    line: int = 0


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_(errors.CALENDAR_FILE_ENCODING))


def _date(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse(data: bytes | str) -> tuple[list[EnteredDay], list[str]]:
    """The file's days and its problems (one message per bad line, naming the line); nothing is written here."""
    try:
        text = decode(data)
    except ValueError as exc:
        return [], [str(exc)]
    days, problems = [], []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [strip_controls(c).strip() for c in row]  # control characters dropped at the edge
        if not any(cells) or cells[0].startswith("#") or tuple(cells[:2]) == HEADER[:2]:
            continue
        day = _date(cells[0])
        kind = KIND_WORDS.get(cells[1]) if len(cells) > 1 else None
        if day is None:
            problems.append(_(errors.CALENDAR_LINE_DATE).format(line=number, value=cells[0]))
        elif kind is None:
            problems.append(_(errors.CALENDAR_LINE_KIND).format(line=number, value=cells[1] if len(cells) > 1 else ""))
        else:
            days.append(EnteredDay(day, kind, cells[2] if len(cells) > 2 else "", number))
    return days, problems


def bundled_years() -> dict[int, list[EnteredDay]]:
    """The years chinese-calendar knows, as entered days (its seed for ``rules.HolidayYear``)."""
    from chinese_calendar import constants

    years: dict[int, list[EnteredDay]] = {}
    for table, kind in ((constants.holidays, DayKind.REST), (constants.workdays, DayKind.WORK)):
        for day, name in table.items():
            years.setdefault(day.year, []).append(EnteredDay(day, kind, BUNDLED_NAMES.get(name, name)))
    return years
