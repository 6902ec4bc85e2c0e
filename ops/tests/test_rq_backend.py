"""City size: with FENGQIAO_TASKS_BACKEND=django_tasks_rq.RQBackend jobs go through Redis to an RQ worker
(the machine's Redis on 6379, database 15). Run as separate processes, as deploy/worker runs them."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections

ENQUEUE = """
from ops.jobs import scheduled_job_run
result = scheduled_job_run.enqueue("indicator_snapshots", ["2000-01-01"])
print("ID", result.id)
"""
RESULT = """
from ops.jobs import scheduled_job_run
result = scheduled_job_run.get_result("{job_id}")
print("STATUS", result.status, result.return_value)
"""


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_a_job_runs_through_redis_on_an_rq_worker():
    db = connections["default"].settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "FENGQIAO_TASKS_BACKEND": "django_tasks_rq.RQBackend",
        "FENGQIAO_REDIS_URL": "redis://127.0.0.1:6379/15",
        "FENGQIAO_LOG_FORMAT": "json",
    }
    enqueued = _manage("shell", "-c", ENQUEUE, env=env)
    assert enqueued.returncode == 0, enqueued.stderr
    job_id = enqueued.stdout.split("ID ")[1].split()[0]
    worker = _manage("rqworker", "default", "--burst", "--job-class", "django_tasks_rq.backend.Job", env=env)
    assert worker.returncode == 0, worker.stderr
    assert '"message": "job started"' in worker.stderr and '"message": "job finished"' in worker.stderr
    done = _manage("shell", "-c", RESULT.format(job_id=job_id), env=env)
    assert "STATUS SUCCESSFUL []" in done.stdout, done.stderr
