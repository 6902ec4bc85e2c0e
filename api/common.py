"""What every room's API router shares: paging and the permission guard."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from accounts.selectors import user_may
from fengqiao.paging import Count, count_rows, page_slice

MAX_PAGE_SIZE = 200


class Rows:
    """What a list handler returns: its scoped queryset and how to show one row. Paging slices the queryset in
    the database and shows only the rows of the page (never the whole scoped list)."""

    def __init__(self, queryset: QuerySet, show: Callable[[Any], Any]):
        self.queryset = queryset
        self.show = show


class Paging(PaginationBase):
    """``?page=&page_size=`` (at most 200 a page), or ``?after=`` (the ``next_after`` of the previous page: the same
    cost at any depth). Answers ``{"items": [...], "count": N, "count_exact": bool, "next_after": cursor|null}``;
    ``count`` is exact up to 10 000 and PostgreSQL's estimate above it (``count_exact`` false)."""

    class Input(Schema):
        page: int = 1
        page_size: int = 20
        after: str = Field("", description="下一页游标：上一页返回的 next_after；给出时从该处续读")

    class Output(Schema):
        items: list[Any]
        count: int
        count_exact: bool
        next_after: str | None

    def paginate_queryset(self, queryset, pagination, **params):
        show = None
        if isinstance(queryset, Rows):
            queryset, show = queryset.queryset, queryset.show
        size = max(1, min(pagination.page_size, MAX_PAGE_SIZE))
        chunk = page_slice(queryset, page=max(1, pagination.page), size=size, cursor=pagination.after)
        counted = count_rows(queryset) if isinstance(queryset, QuerySet) else Count(len(queryset), True)
        return {
            "items": [show(row) for row in chunk.items] if show else chunk.items,
            "count": counted.value,
            "count_exact": counted.exact,
            "next_after": chunk.next_cursor or None,
        }


def require(request, perm: str, path: str | None = None) -> None:
    """403 unless one of the user's roles grants ``perm`` (over ``path`` when given)."""
    if not user_may(request.auth, perm, path):
        raise PermissionDenied(_("您没有权限执行此操作"))
