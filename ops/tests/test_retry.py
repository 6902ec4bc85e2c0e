"""A request that lost its database connection (PostgreSQL restarting) is answered once more — only when nothing it
did was committed (ops/retry.py)."""

import io

import pytest
from django.db import OperationalError, connection, transaction
from django.test import RequestFactory

from ops.models import ScheduledRun
from ops.retry import RetryOnConnectionLoss

INSERT = (
    "INSERT INTO ops_scheduledrun (code, slot, status, attempts, enqueued_at, error) "
    "VALUES ('probe', %s, 'done', 0, now(), '')"
)


class ServerRestarted:
    """Fails the first statement containing ``marker`` as a restarting server does (no SQLSTATE)."""

    def __init__(self, marker: str):
        self.marker, self.armed = marker, True

    def __call__(self, execute, sql, params, many, context):
        if self.armed and self.marker in sql:
            self.armed = False
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def _call(app, body=b"a=1"):
    environ = RequestFactory()._base_environ(PATH_INFO="/", REQUEST_METHOD="POST")
    environ.update(CONTENT_LENGTH=str(len(body)), **{"wsgi.input": io.BytesIO(body)})
    status = []
    chunks = app(environ, lambda s, h, e=None: status.append(s))
    return status[0], b"".join(chunks)


def app_that(work):
    """A WSGI app that answers 500 on a database error, as Django does; the fault is armed once, inside."""
    fault = ServerRestarted("SELECT 1")
    calls = []

    def app(environ, start_response):
        calls.append(environ["wsgi.input"].read())
        try:
            with connection.execute_wrapper(fault):
                work()
        except OperationalError:
            start_response("500 Internal Server Error", [])
            return [b"error"]
        start_response("200 OK", [])
        return [b"ok"]

    return app, calls


def _select():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.mark.django_db(transaction=True)
def test_a_read_that_lost_its_connection_is_answered_on_the_second_try_with_the_same_body():
    app, calls = app_that(_select)
    assert _call(RetryOnConnectionLoss(app)) == ("200 OK", b"ok")
    assert calls == [b"a=1", b"a=1"]


@pytest.mark.django_db(transaction=True)
def test_without_the_retry_the_same_request_fails():
    app, _ = app_that(_select)
    assert _call(app)[0].startswith("500")


@pytest.mark.django_db(transaction=True)
def test_nothing_is_replayed_after_a_committed_write():
    def write_then_read():
        with connection.cursor() as cursor:
            cursor.execute(INSERT, ["2026-01-01"])  # autocommit: in the database now
        _select()

    app, calls = app_that(write_then_read)
    assert _call(RetryOnConnectionLoss(app))[0].startswith("500")
    assert len(calls) == 1 and ScheduledRun.objects.filter(code="probe").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_transaction_cut_off_before_its_commit_is_replayed_and_written_once():
    def write_in_a_transaction():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(INSERT, ["2026-01-02"])
            cursor.execute("SELECT 1")  # the connection is lost here: the INSERT is rolled back

    app, calls = app_that(write_in_a_transaction)
    assert _call(RetryOnConnectionLoss(app)) == ("200 OK", b"ok")
    assert len(calls) == 2 and ScheduledRun.objects.filter(code="probe").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_passed_through_without_buffering():
    app, calls = app_that(_select)
    body = b"x" * (2 * 1024 * 1024 + 1)
    assert _call(RetryOnConnectionLoss(app), body=body)[0].startswith("500")
    assert len(calls) == 1
