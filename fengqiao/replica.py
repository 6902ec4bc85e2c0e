"""Read replica routing: lists, dashboards, exports and indicator snapshots read from the streaming replica;
every write, every detail page and anything inside a transaction uses the primary.

* Opt-in, not by model: a page reads from the replica only inside :func:`replica_reads` — ``web.listing.list_page``
  (every list and its export) and views decorated with :func:`reads_from_replica` (dashboards, indicators).
* Read-your-writes: a request that writes (POST, PUT, PATCH, DELETE) pins its user's session to the primary for
  ``FENGQIAO_REPLICA_PIN_SECONDS`` (default 15), so the list they return to shows what they just saved.
* Fallback: the replica is probed at most every ``PROBE_SECONDS`` per process (is it reachable, is it streaming,
  how far behind); unreachable or more than ``FENGQIAO_REPLICA_MAX_LAG`` seconds behind means the primary serves.
  A replica that dies mid-request is marked down and the read is done again on the primary.
* No ``FENGQIAO_REPLICA_URL`` (or ``FENGQIAO_REPLICA_READS=0``): every read goes to the primary, as at a station.
"""

from __future__ import annotations

import functools
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger("fengqiao.replica")

REPLICA = "replica"
PIN_KEY = "_fq_primary_until"
PROBE_SECONDS = 5.0
# Sessions, sign-in state and the job queue are read where they are written.
PRIMARY_ONLY_APPS = {"sessions", "axes", "django_tasks_db", "ops"}

_reads_on_replica: ContextVar[bool] = ContextVar("fengqiao_reads_on_replica", default=False)
_replica_used: ContextVar[bool] = ContextVar("fengqiao_replica_used", default=False)
_probe = {"at": float("-inf"), "ok": False}

# Seconds behind the primary; 0 when caught up or not a replica; NULL when cut off from the primary.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN NULL
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and settings.FENGQIAO_REPLICA_READS


def replica_lag() -> float | None:
    """Seconds the replica is behind (None: cut off from the primary). Raises DatabaseError when unreachable."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        value = cursor.fetchone()[0]
    return None if value is None else float(value)


def replica_mark_down(reason: str) -> None:
    _probe.update(at=time.monotonic(), ok=False)
    connections[REPLICA].close()
    logger.warning("replica not used", extra={"reason": reason[:200]})


def replica_usable() -> bool:
    """Cached per process for PROBE_SECONDS: reachable, streaming, and within FENGQIAO_REPLICA_MAX_LAG."""
    if time.monotonic() - _probe["at"] < PROBE_SECONDS:
        return _probe["ok"]
    try:
        lag = replica_lag()
    except DatabaseError as exc:
        replica_mark_down(f"unreachable: {exc}")
        return False
    ok = lag is not None and lag <= settings.FENGQIAO_REPLICA_MAX_LAG
    _probe.update(at=time.monotonic(), ok=ok)
    if not ok:
        logger.warning("replica not used", extra={"lag": lag})
    return ok


def primary_pinned(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and session.get(PIN_KEY, 0) > time.time()


@contextmanager
def replica_reads(request=None):
    """Inside this block, reads may go to the replica (unless the request's user has just written)."""
    allowed = replica_configured() and not (request is not None and primary_pinned(request))
    token = _reads_on_replica.set(allowed)
    used = _replica_used.set(False)
    try:
        yield
    finally:
        _reads_on_replica.reset(token)
        _replica_used.reset(used)


def reads_from_replica(view):
    """Decorator for read-only pages (first argument ``request``): run on the replica, and once more on the
    primary if the replica fails mid-request."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with replica_reads(request):
            try:
                return view(request, *args, **kwargs)
            except (OperationalError, InterfaceError) as exc:
                if not _replica_used.get():
                    raise
                failure = exc
        replica_mark_down(f"failed mid-request: {failure}")
        return view(request, *args, **kwargs)

    return wrapper


def _in_transaction() -> bool:
    # Django's TestCase wraps each test in a transaction of its own (marked _from_testcase); it is not the app's.
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _reads_on_replica.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if _in_transaction():  # a transaction reads its own writes
            return None
        if not replica_usable():
            return None
        _replica_used.set(True)
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None if db != REPLICA else False


class PrimaryPinMiddleware:
    """After a request that writes, the user's next reads come from the primary for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            replica_configured()
            and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
            and hasattr(request, "session")
        ):
            request.session[PIN_KEY] = time.time() + settings.FENGQIAO_REPLICA_PIN_SECONDS
        return response
