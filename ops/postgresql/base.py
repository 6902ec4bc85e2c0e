"""PostgreSQL backend that waits for the server while it restarts instead of failing the request at once.

``ENGINE = "ops.postgresql"`` (settings.py sets it for PostgreSQL URLs). A new connection refused because the
server is down or starting up (no SQLSTATE, or 57P03 cannot_connect_now) is tried again for up to
``CONNECT_WAIT`` seconds (a key of the DATABASES entry; ``FENGQIAO_DB_CONNECT_WAIT``, default 20). Any other error
(wrong password, missing database) fails at once. The replica's entry sets 0: its reads fall back to the primary.
"""

import logging
import time

from django.db.backends.postgresql import base

logger = logging.getLogger("fengqiao.db")

RETRYABLE_SQLSTATES = {None, "57P03"}


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + float(self.settings_dict.get("CONNECT_WAIT", 0) or 0)
        delay = 0.2
        while True:
            try:
                return super().get_new_connection(conn_params)
            except base.Database.OperationalError as exc:
                if getattr(exc, "sqlstate", None) not in RETRYABLE_SQLSTATES or time.monotonic() + delay > deadline:
                    raise
                logger.warning("database not reachable, retrying", extra={"alias": self.alias, "error": str(exc)[:200]})
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
