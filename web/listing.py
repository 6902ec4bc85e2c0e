"""Lists with search, filters, paging and Excel export — one helper every list page uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.models import AccessAction
from audit.services import access_trail_write_many, operation_log_write
from fengqiao.paging import CountedPaginator, count_rows
from fengqiao.replica import reads_from_replica
from fengqiao.spreadsheets import Workbook

MAX_PAGE_SIZE = 200
EXPORT_ROW_LIMIT = 100_000  # one file; a larger export is refused with a way to narrow it, never cut short
EXPORT_TOO_LARGE = "当前筛选共 {n} 条，超过单次导出上限 {limit} 条，未导出。请按警务区、类别或关键字缩小范围后再导出。"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    # A short flag shown after the value on the page, not in the export (e.g. 按周一至周五推算 beside a due date).
    badge: Callable[[object], str] | None = None


@dataclass(frozen=True)
class PersonalTrail:
    """How an exported row names the person it holds, for the access trail."""

    object_type: str
    label: Callable[[object], str]
    scope_path: Callable[[object], str]


def page_size(request) -> int:
    try:
        size = int(request.GET.get("per_page", settings.FENGQIAO_PAGE_SIZE))
    except ValueError:
        size = settings.FENGQIAO_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


@reads_from_replica  # lists and their exports read from the replica when there is one (fengqiao/replica.py)
def list_page(
    request,
    *,
    queryset,
    filter_form,
    columns: list[Column],
    export_name: str,
    title: str,
    row_url: Callable[[object], str] | None = None,
    personal: PersonalTrail | None = None,
    actions: list[tuple[str, str]] = (),
    template: str = "web/list.html",
    row_class: Callable[[object], str] | None = None,
    extra_context: dict | None = None,
):
    """Render a list page, or its Excel export when ``?export=xlsx``.

    ``row_url`` links each row's first cell to its detail page; ``actions`` are (label, url) buttons;
    ``row_class`` gives a row its CSS class (``table-danger`` for an overdue task). A page with batch actions
    passes its own ``template`` (extending web/list.html) and ``extra_context`` with ``selectable`` true: each row
    gets a checkbox named ``ids`` bound to the template's ``batch-form``.
    """
    if request.GET.get("export") == "xlsx":
        return export_xlsx(request, queryset=queryset, columns=columns, name=export_name, personal=personal)
    paginator = CountedPaginator(queryset, page_size(request), cursor=request.GET.get("after", ""))
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("after", None)
    rows = [_row(obj, columns, row_url, row_class) for obj in page]
    context = {
        "title": title,
        "page": page,
        "rows": rows,
        "form": filter_form,
        "columns": columns,
        "querystring": query.urlencode(),
        "may_export": user_may(request.user, Perm.EXPORT),
        "export_too_large": paginator.counted.value > EXPORT_ROW_LIMIT,
        "export_limit": EXPORT_ROW_LIMIT,
        "actions": actions,
        **(extra_context or {}),
    }
    return render(request, template, context)


SHORT_CELL = 8  # characters: a cell this short is one word to the reader
# A value already written as a date or a date and time ("2026-11-12 19:00", "2026-11-21 至 2026-12-08").
DATE_TEXT = re.compile(
    r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?( *[至~–-] *\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2})?)?$"
)


def _row(obj, columns: list[Column], row_url, row_class) -> dict:
    cells = []
    for column in columns:
        raw = column.value(obj)
        text = _cell(raw)
        cells.append(
            {
                "text": text,
                # Dates and times never wrap ("2026-11-/26"), nor a short word (a status, a beat: "已派/发").
                "nowrap": isinstance(raw, date) or len(str(text)) <= SHORT_CELL or bool(DATE_TEXT.match(str(text))),
                "badge": column.badge(obj) if column.badge else "",
            }
        )
    return {
        "pk": getattr(obj, "pk", None),
        "url": row_url(obj) if row_url else None,
        "css": row_class(obj) if row_class else "",
        "cells": cells,
    }


def export_xlsx(request, *, queryset, columns: list[Column], name: str, personal: PersonalTrail | None):
    """Stream the filtered list to an XLSX file (through the one safe writer, ``fengqiao.spreadsheets``); an export
    of people writes one trail row per person."""
    if not user_may(request.user, Perm.EXPORT):
        raise PermissionDenied(_("您没有导出权限"))
    total = count_rows(queryset, limit=EXPORT_ROW_LIMIT * 10)  # exact where it matters to the message
    if total.value > EXPORT_ROW_LIMIT:
        # Never a file silently cut short: say how many and how to narrow (the page shows the same beside the button).
        messages.error(request, _(EXPORT_TOO_LARGE).format(n=total, limit=f"{EXPORT_ROW_LIMIT:,}"))
        query = request.GET.copy()
        query.pop("export", None)
        return redirect(f"{request.path}?{query.urlencode()}")
    name = str(name)
    workbook = Workbook()
    sheet = workbook.sheet(name, headers=[str(c.header) for c in columns])
    exported: list[tuple[object, str, str]] = []
    for row in _rows(queryset):
        sheet.append([c.value(row) for c in columns])
        if personal is not None:
            exported.append((row.pk, personal.label(row), personal.scope_path(row)))
    if personal is not None:
        access_trail_write_many(
            acting_user=request.user, action=AccessAction.EXPORT, object_type=personal.object_type, objects=exported
        )
    operation_log_write(
        acting_user=request.user,
        action="export",
        object_type=personal.object_type if personal else "list",
        object_id="-",
        summary=f"导出“{name}”" + (f"，{len(exported)}人" if personal else ""),
        changes={"query": request.GET.urlencode()},
    )
    return workbook.response(f"{name}-{timezone.localdate():%Y%m%d}.xlsx")


def _rows(queryset) -> Iterable:
    return queryset.iterator(chunk_size=2000) if hasattr(queryset, "iterator") else queryset


def local_datetime(value: datetime, *, seconds: bool = False) -> str:
    """A moment as people here read it: Asia/Shanghai (settings.TIME_ZONE), never the UTC the database holds."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def _cell(value):
    """One cell of a list page: dates as YYYY-MM-DD, moments in local time, booleans as 是/否 (the export keeps
    typed values: ``fengqiao.spreadsheets.plain``, also in local time)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (int, float, str)):
        return value
    return str(value)
