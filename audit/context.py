"""Where the current request came from, so services can stamp audit rows without taking a request."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip: str | None = None
    user_agent: str = ""
    path: str = ""


_origin: ContextVar[RequestOrigin] = ContextVar("fengqiao_request_origin", default=RequestOrigin())  # noqa: B039 (frozen)


def current_origin() -> RequestOrigin:
    return _origin.get()


def set_origin(origin: RequestOrigin):
    return _origin.set(origin)


def reset_origin(token) -> None:
    _origin.reset(token)


def origin_from_request(request) -> RequestOrigin:
    # REMOTE_ADDR only: behind a proxy, configure the proxy to set it (X-Forwarded-For is forgeable).
    return RequestOrigin(
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        path=request.path[:300],
    )
