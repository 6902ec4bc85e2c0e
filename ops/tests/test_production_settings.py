"""Production settings behind one switch (issue 21; docs/adr/0005): with FENGQIAO_DEBUG off the site is HTTPS-only
— redirect, HSTS, secure and HttpOnly session cookie, secure CSRF cookie, trusted origins from the environment —
and ``python manage.py check --deploy`` is clean. Each case runs in a fresh process with the environment a
station's env file gives (deploy/fengqiao.env.example), not this test run's settings."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.fast

ROOT = str(settings.BASE_DIR)
SECRET = "k" * 20 + "9f3Q-x_Zr8pLm2Wc7VbN1tYe6HuJa4SdGoKi5"  # long, varied: what scripts/serve writes


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FENGQIAO_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        FENGQIAO_DEBUG="0",
        FENGQIAO_SECRET_KEY=SECRET,
        FENGQIAO_ALLOWED_HOSTS="fengqiao.example.gov.cn,127.0.0.1",
        FENGQIAO_CSRF_TRUSTED_ORIGINS="https://fengqiao.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        FENGQIAO_STATIC_ROOT=str(tmp_path / "static"),
        FENGQIAO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="fengqiao.settings",
    )
    env.update(extra)
    return env


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_refuses_the_development_key_and_names_plain_http(tmp_path):
    env = production_env(tmp_path, FENGQIAO_PLAIN_HTTP="1")
    del env["FENGQIAO_SECRET_KEY"]
    result = run(["manage.py", "check", "--deploy"], env)
    assert result.returncode != 0
    assert "fengqiao.E101" in result.stderr and "fengqiao.W101" in result.stderr


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
plain = c.get("/login/", HTTP_HOST="fengqiao.example.gov.cn")
secure = c.get("/login/", HTTP_HOST="fengqiao.example.gov.cn", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "hsts": secure.get("Strict-Transport-Security", ""),
    "csp": secure.get("Content-Security-Policy", ""),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
    "session": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
    "origins": settings.CSRF_TRUSTED_ORIGINS,
}))
"""


def test_production_answers_https_only_with_secure_cookies(tmp_path):
    result = run(["-c", PROBE], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["plain"] == [301, "https://fengqiao.example.gov.cn/login/"]
    assert facts["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in facts["csp"]
    assert facts["csrf_cookie_secure"] is True
    assert facts["session"] == [True, True]
    assert facts["origins"] == ["https://fengqiao.example.gov.cn"]
