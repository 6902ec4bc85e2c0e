"""Counting and paging a list in the database, at city scale (issue 11), for pages and the API alike.

* **Counts** are exact up to ``EXACT_COUNT_LIMIT`` rows (counting stops there: ``SELECT count(*) FROM (… LIMIT
  n+1)``); above it PostgreSQL's planner estimate is shown as "约 N" instead of counting millions of rows on every
  page view. SQLite (the demo) always counts.
* **Pages** are ``LIMIT``/``OFFSET`` on the list's own order, so an index in that order answers them; a "next
  page" carries a **keyset cursor** (the sort key of the last row shown: ``(scope_path, name, id) > (…)``) so
  walking deep into a list costs the same at page 500 as at page 1.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import math
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

EXACT_COUNT_LIMIT = 10_000
DEFERRED_JOIN_OFFSET = 200  # from page 11 of 20 on, an offset page reads keys first


@dataclass(frozen=True)
class Count:
    value: int
    exact: bool

    def __str__(self) -> str:
        if self.exact:
            return f"{self.value:,}"
        return _("约 {n}").format(n=f"{round_estimate(self.value):,}")

    def __int__(self) -> int:
        return self.value


def round_estimate(n: int) -> int:
    """Three significant figures: an estimate does not pretend to be exact (104 183 → 104 000)."""
    if n < 1000:
        return n
    step = 10 ** (int(math.log10(n)) - 2)
    return round(n / step) * step


def count_rows(queryset, limit: int | None = None) -> Count:
    """The number of rows: exact up to ``limit`` (``EXACT_COUNT_LIMIT``), the planner's estimate (never below
    ``limit + 1``) above it."""
    limit = EXACT_COUNT_LIMIT if limit is None else limit
    queryset = queryset.order_by()
    # The keys alone: a sliced count keeps every selected annotation in its subquery, so a list's per-row
    # EXISTS (a subject's overdue work) ran 10 001 times just to count (issue 11).
    counted = _keys(queryset)[: limit + 1].count()
    if counted <= limit:
        return Count(counted, True)
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return Count(queryset.count(), True)
    return Count(max(planner_rows(queryset), limit + 1), False)


def _keys(queryset):
    """The list's primary keys alone where that counts the same rows: model rows, not grouped, distinct or
    combined (those are counted as they are)."""
    if not isinstance(queryset, models.QuerySet) or queryset._fields is not None:
        return queryset
    query = queryset.query
    if query.group_by is not None or query.distinct or query.combinator:
        return queryset
    return queryset.values("pk")


def planner_rows(queryset) -> int:
    """PostgreSQL's estimate of how many rows ``queryset`` returns (``EXPLAIN``, nothing is read; the keys alone,
    so there are no joins to plan)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


# ---------------------------------------------------------------- keyset cursors


def _order(queryset) -> list[tuple[models.Field, bool]] | None:
    """The list's order as (local field, descending) pairs ending with the primary key, or None when it cannot
    be a keyset (a joined or nullable column, mixed directions, no unique tail)."""
    names = list(queryset.query.order_by or queryset.model._meta.ordering)
    if not names:
        return None
    fields, directions = [], set()
    opts = queryset.model._meta
    for name in names:
        if not isinstance(name, str) or "__" in name.lstrip("-"):
            return None
        descending = name.startswith("-")
        bare = name.lstrip("-")
        try:
            field = opts.pk if bare == "pk" else opts.get_field(bare)
        except Exception:
            return None
        if not field.concrete or field.null or (field.is_relation and not field.primary_key):
            return None
        fields.append((field, descending))
        directions.add(descending)
    if len(directions) != 1 or not fields[-1][0].primary_key:
        return None
    return fields


def _plain(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def cursor_for(queryset, obj) -> str:
    """The cursor that continues ``queryset`` after ``obj`` ("" when the list's order is no keyset)."""
    order = _order(queryset)
    if order is None:
        return ""
    values = [_plain(getattr(obj, field.attname)) for field, _ in order]
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def after(queryset, cursor: str):
    """``queryset`` from just after the cursor's row, or None when the cursor does not fit this list."""
    if not isinstance(queryset, models.QuerySet):
        return None
    order = _order(queryset)
    if order is None or not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(values, list) or len(values) != len(order):
        return None
    if any(not isinstance(v, (str, int, float)) for v in values):
        return None
    connection = connections[queryset.db]
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    columns = ", ".join(f"{table}.{connection.ops.quote_name(f.column)}" for f, _ in order)
    marks = ", ".join(["%s"] * len(values))
    operator = "<" if order[0][1] else ">"
    return queryset.filter(RawSQL(f"({columns}) {operator} ({marks})", values, output_field=models.BooleanField()))


# ---------------------------------------------------------------- one page


@dataclass
class Slice:
    """One page of a list: its rows, whether more follow, the cursor that continues after them."""

    items: list
    has_next: bool
    next_cursor: str


def page_slice(queryset, *, page: int, size: int, cursor: str = "") -> Slice:
    """Rows of page ``page`` (1-based): after ``cursor`` when it fits the list, else by offset. Reads one row more
    than the page to know whether another page follows, so no count is needed."""
    keyset = after(queryset, cursor) if cursor else None
    offset = (max(page, 1) - 1) * size
    if keyset is not None:
        rows = list(keyset[: size + 1])
    elif offset >= DEFERRED_JOIN_OFFSET and isinstance(queryset, models.QuerySet) and not queryset.query.distinct:
        # Deep page by number: walk the order on the keys alone (an index-only scan), then read the page's rows
        # with their joins — not 10 000 joined rows to throw away.
        keys = list(queryset.values_list("pk", flat=True)[offset : offset + size + 1])
        rows = list(queryset.filter(pk__in=keys)) if keys else []
    else:
        rows = list(queryset[offset : offset + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    more = has_next and rows and isinstance(queryset, models.QuerySet)
    return Slice(rows, has_next, cursor_for(queryset, rows[-1]) if more else "")


class CountedPaginator(Paginator):
    """Django's paginator with a ``Count`` (exact or "约 N") and pages that follow a keyset cursor when given."""

    def __init__(self, object_list, per_page, *, cursor: str = ""):
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.cursor = cursor

    @cached_property
    def counted(self) -> Count:
        return count_rows(self.object_list)

    @cached_property
    def count(self) -> int:
        return self.counted.value

    def page(self, number):
        number = self.validate_number(number)
        chunk = page_slice(self.object_list, page=number, size=self.per_page, cursor=self.cursor)
        page = CursorPage(chunk.items, number, self)
        page.next_cursor = chunk.next_cursor
        page.more = chunk.has_next
        return page


class CursorPage(Page):
    next_cursor = ""
    more = False

    def has_next(self) -> bool:
        return self.more
