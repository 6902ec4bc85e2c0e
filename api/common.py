"""What every room's API router shares: paging and the permission guard."""

from django.core.exceptions import PermissionDenied
from ninja import Schema
from ninja.pagination import PageNumberPagination

from accounts.selectors import user_may

MAX_PAGE_SIZE = 200


class Paging(PageNumberPagination):
    """``?page=&page_size=`` (at most 200 a page); answers ``{"items": [...], "count": N}``."""

    class Input(Schema):
        page: int = 1
        page_size: int = 20

    def paginate_queryset(self, queryset, pagination, **params):
        size = max(1, min(pagination.page_size, MAX_PAGE_SIZE))
        page = max(1, pagination.page)
        offset = (page - 1) * size
        return {"items": list(queryset[offset : offset + size]), "count": self._items_count(queryset)}


def require(request, perm: str, path: str | None = None) -> None:
    """403 unless one of the user's roles grants ``perm`` (over ``path`` when given)."""
    if not user_may(request.auth, perm, path):
        raise PermissionDenied("您没有权限执行此操作")
