"""A request that lost its database connection (PostgreSQL restarting, a failover) is answered once more instead of
with an error — but only when nothing it did was committed, so nothing is ever done twice.

WSGI middleware around Django (``fengqiao/wsgi.py``). For each request it watches every statement on the primary:
a write in autocommit mode counts as committed at once, a write inside a transaction when that transaction commits
(``on_commit``). If a statement fails because the connection was lost (no SQLSTATE, or class 57 — admin shutdown,
crash shutdown, cannot connect now; or the connection already closed) and nothing was committed, the response is
discarded, the connections closed, and the request replayed from its buffered body; the new connection waits for
the server (``ops/postgresql``, ``FENGQIAO_DB_CONNECT_WAIT``). Bodies over ``MAX_REPLAY_BYTES`` (uploads) are not
buffered and not replayed.
"""

from __future__ import annotations

import io
import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction

logger = logging.getLogger("fengqiao.db")

MAX_REPLAY_BYTES = 2 * 1024 * 1024
WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "TRUNCATE")


@dataclass
class RequestDb:
    committed: bool = False  # a write of this request is in the database: replaying would do it twice
    lost: bool = False  # a statement failed because the connection was lost

    def mark_committed(self) -> None:
        self.committed = True


_state: ContextVar[RequestDb | None] = ContextVar("fengqiao_request_db", default=None)


def connection_lost(exc: BaseException) -> bool:
    if isinstance(exc, InterfaceError):
        return True
    cause = exc.__cause__ or exc
    sqlstate = getattr(cause, "sqlstate", None)
    return isinstance(exc, OperationalError) and (sqlstate is None or sqlstate.startswith("57"))


def _watch(execute, sql, params, many, context):
    state = _state.get()
    is_write = state is not None and sql.lstrip()[:8].upper().startswith(WRITES)
    try:
        result = execute(sql, params, many, context)
    except (OperationalError, InterfaceError) as exc:
        if state is not None and connection_lost(exc):
            state.lost = True
        raise
    if is_write:
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(state.mark_committed, using=connection.alias)
        else:
            state.committed = True
    return result


class RetryOnConnectionLoss:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = MAX_REPLAY_BYTES + 1
        if length > MAX_REPLAY_BYTES:
            return self.app(environ, start_response)
        body = environ["wsgi.input"].read(length) if length else b""
        for attempt in (1, 2):
            state = RequestDb()
            token = _state.set(state)
            captured: list = []

            def capture(status, headers, exc_info=None, captured=captured):
                captured[:] = [status, headers, exc_info]
                return lambda data: None  # Django never writes through it

            try:
                with connections[DEFAULT_DB_ALIAS].execute_wrapper(_watch):
                    response = self.app({**environ, "wsgi.input": io.BytesIO(body)}, capture)
            finally:
                _state.reset(token)
            if attempt == 1 and state.lost and not state.committed:
                logger.warning("database connection lost mid-request, nothing committed: replaying it")
                if hasattr(response, "close"):  # Django's response: ends the request (request_finished)
                    response.close()
                for connection in connections.all(initialized_only=True):
                    connection.close()
                continue
            start_response(*captured)
            return response
        raise AssertionError("unreachable")
