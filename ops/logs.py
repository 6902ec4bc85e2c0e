"""Structured logs: one JSON object a line, each carrying the request id of the request that wrote it.

The id comes from the ``X-Request-ID`` header that nginx sets (``deploy/nginx/fengqiao.conf``), or is made here; it
goes back in the response header so a user's error report can be matched to the server's lines.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("fengqiao_request_id", default="-")
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")  # what we accept from a proxy; anything else is replaced

request_logger = logging.getLogger("fengqiao.request")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    """Sets the request id for the request's log lines, answers it in ``X-Request-ID`` and logs one line per
    request (method, path, status, milliseconds, user id)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _ACCEPTED_ID.match(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            request_logger.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            _request_id.reset(token)
