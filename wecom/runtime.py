"""The gateway process: a threaded WSGI server for the callback plus a worker thread that processes stored callbacks
(WeCom gets its "success" at once; the work happens here). Production may run gunicorn (wecom.wsgi) and
``python -m wecom work`` instead; the behaviour is the same."""

import logging
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.db import close_old_connections

log = logging.getLogger("wecom")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _connections_closed(app):
    def wrapped(environ, start_response):
        try:
            return app(environ, start_response)
        finally:
            close_old_connections()

    return wrapped


def start_server(host: str, port: int):
    """Serve the callback in a background thread; returns the server (``.server_port``, ``.shutdown()``)."""
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        host, port, _connections_closed(get_wsgi_application()), server_class=_Server, handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, name="wecom-http", daemon=True).start()
    log.info("wecom callback listening on %s:%s", host, server.server_port)
    return server


class Worker(threading.Thread):
    """Processes stored callbacks every ``interval`` seconds until stopped."""

    def __init__(self, interval: float = 0.5):
        super().__init__(name="wecom-worker", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()

    def run(self):
        from . import services

        services.events_release_stale()
        while not self.stopping.is_set():
            try:
                services.events_process_pending()
            except Exception:  # the loop must outlive one bad pass (logged with the traceback)
                log.exception("wecom worker pass failed")
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)

    def stop(self):
        self.stopping.set()
