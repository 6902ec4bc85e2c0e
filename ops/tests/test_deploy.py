"""The deploy files hold together: systemd units verify, the Procfile names real commands, every setting the code
reads is in the documented environment file."""

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_units_verify(tmp_path):
    # the units name /opt/fengqiao; verify them against this checkout
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text().replace("/opt/fengqiao", str(settings.BASE_DIR))
        (tmp_path / unit.name).write_text(text)
    units = sorted(str(p) for p in tmp_path.iterdir())
    proc = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True)
    problems = [line for line in proc.stderr.splitlines() if "fengqiao" in line]
    assert proc.returncode == 0 and problems == [], proc.stderr


def test_procfile_runs_gunicorn_the_worker_and_the_schedules():
    lines = dict(
        line.split(": ", 1)
        for line in (DEPLOY / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(lines) == {"web", "worker", "clock"}
    assert lines["web"].startswith("gunicorn -c deploy/gunicorn.conf.py fengqiao.wsgi")
    commands = get_commands()
    for name in re.findall(r"manage\.py (\w+)", (DEPLOY / "Procfile").read_text() + (DEPLOY / "worker").read_text()):
        # rqworker comes with django_rq, installed only when the settings choose the RQ backend
        assert name in commands or importlib.util.find_spec(f"django_rq.management.commands.{name}"), name


def test_every_setting_read_from_the_environment_is_documented():
    read = set()
    for source in (Path(settings.BASE_DIR) / "fengqiao" / "settings.py", DEPLOY / "gunicorn.conf.py"):
        read |= set(
            re.findall(r"""(?:environ\.get|environ\[|env_int|env_bool)\(?\s*["']([A-Z_]+)["']""", source.read_text())
        )
    documented = set(re.findall(r"^#?([A-Z_]+)=", (DEPLOY / "fengqiao.env.example").read_text(), re.M))
    assert read - documented == set()
