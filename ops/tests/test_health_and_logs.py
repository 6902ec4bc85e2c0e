"""The administrators' health page, the cheap /healthz, structured logs with a request id, jobs on the log."""

import json
import logging

import pytest

from ops.logs import RequestIdFilter
from tasks.jobs import task_reminders_job

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_health_page_measures_each_part(login, on_default_anchor):  # in December: "明年…尚未录入"
    client = login("auditor")
    page = client.get("/ops/health/")
    assert page.status_code == 200
    text = page.content.decode()
    for label in ("数据库（主库）", "数据库（只读副本）", "后台任务队列", "规则引擎每日运行", "附件存储", "节假日日历"):
        assert label in text
    checks = {c["label"]: c for c in client.get("/ops/health/?format=json").json()["checks"]}
    assert checks["数据库（主库）"]["detail"].startswith("PostgreSQL 15")
    assert checks["数据库（只读副本）"]["detail"] == "未配置（单机部署：全部读写走主库）"
    assert checks["后台任务队列"]["detail"].startswith("数据库：排队")
    assert checks["节假日日历"]["detail"] == "已知 2004–2026 年的法定节假日与调休"
    assert checks["规则引擎每日运行"]["state"] == "warning"  # no scheduled run yet in this database


def test_health_page_is_for_administrators_only(login):
    assert login("officer").get("/ops/health/").status_code == 403
    assert login("lead").get("/ops/health/?format=json").status_code == 403


def test_healthz_stays_cheap_and_open(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get("/healthz").json() == {"status": "ok"}


def test_every_response_carries_a_request_id_and_a_proxy_id_is_kept(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-0123456789")["X-Request-ID"] == "nginx-0123456789"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"


def test_request_log_lines_are_json_with_the_request_id(client, caplog):
    from pythonjsonlogger.json import JsonFormatter

    with caplog.at_level(logging.INFO, logger="fengqiao.request"):
        client.get("/healthz", HTTP_X_REQUEST_ID="req-abcdef12")
    record = next(r for r in caplog.records if r.name == "fengqiao.request")
    RequestIdFilter().filter(record)  # the handler's filter; caplog's handler has none
    line = json.loads(JsonFormatter("%(levelname)s %(name)s %(request_id)s %(message)s").format(record))
    assert line["request_id"] == "req-abcdef12"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)


def test_every_job_start_and_end_is_logged(caplog, settings):
    settings.TASKS = IMMEDIATE
    with caplog.at_level(logging.INFO, logger="fengqiao.jobs"):
        task_reminders_job.enqueue()
    events = [(r.message, r.job) for r in caplog.records if r.name == "fengqiao.jobs"]
    assert [e for e, _ in events] == ["job enqueued", "job started", "job finished"]
    assert {job for _, job in events} == {"tasks.jobs.task_reminders_job"}
