"""Sign-in security: deny by default, Argon2, lock-out, idle expiry, password rules, CSRF, sign-in log."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client, override_settings
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from audit.models import LoginOutcome, LoginRecord

pytestmark = pytest.mark.django_db

PAGES = ["/", "/org/", "/org/units/", "/org/staff/", "/org/teams/", "/org/staffing/", "/accounts/", "/audit/access/"]


@pytest.mark.fast
@pytest.mark.parametrize("url", PAGES)
def test_pages_redirect_to_sign_in_when_anonymous(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.fast
@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/org/units", "/api/v1/openapi.json", "/api/v1/docs"])
def test_api_answers_401_when_anonymous(client, url):
    response = client.get(url)
    assert response.status_code == 401 and response.json() == {"detail": "请先登录"}


@pytest.mark.fast
def test_login_page_and_health_check_are_open(client):
    assert "登录" in client.get("/login/").content.decode()
    assert client.get("/healthz").json() == {"status": "ok"}


def test_production_hashes_with_argon2():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        assert identify_hasher(make_password("Abcdef12345")).algorithm == "argon2"
    from fengqiao import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sessions_expire_when_idle():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_HTTPONLY


def test_wrong_password_shows_chinese_message_and_is_logged(client, users):
    response = client.post(
        "/login/", {"username": "demo_officer", "password": "wrong-password1"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    assert "登录名或密码不正确" in response.content.decode()
    row = LoginRecord.objects.latest("id")
    assert (row.username, row.outcome, row.ip, row.user) == (
        "demo_officer",
        LoginOutcome.FAILURE,
        "10.1.2.3",
        users["officer"],
    )


def test_lockout_after_repeated_failures(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "demo_lead", "password": "not-the-password1"})
    response = client.post("/login/", {"username": "demo_lead", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "账号已临时锁定" in html and "请 30 分钟后再试" in html and "PT30M" not in html
    assert client.get("/api/v1/me").status_code == 401  # the right password did not get through
    # Another account is not affected.
    other = Client()
    assert other.post("/login/", {"username": "demo_officer", "password": DEMO_PASSWORD}).status_code == 302


def test_successful_sign_in_and_sign_out_are_logged(client, users):
    client.post("/login/", {"username": "demo_officer", "password": DEMO_PASSWORD})
    client.post("/logout/")
    outcomes = list(
        LoginRecord.objects.filter(username="demo_officer").order_by("id").values_list("outcome", flat=True)
    )
    assert outcomes[-2:] == [LoginOutcome.SUCCESS, LoginOutcome.LOGOUT]
    assert client.get("/").status_code == 302


def test_disabled_account_cannot_sign_in(client, users):
    users["volunteer"].is_active = False
    users["volunteer"].save()
    response = client.post("/login/", {"username": "demo_volunteer", "password": DEMO_PASSWORD})
    assert response.status_code == 200 and client.get("/api/v1/me").status_code == 401


def test_api_writes_need_the_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["lead"])
    response = client.post("/api/v1/org/staff", {"name": "甲"}, content_type="application/json")
    assert response.status_code == 403


def test_password_change_enforces_rules_in_chinese(login, client):
    login("officer")
    response = client.post(
        reverse("web:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "abcdefghijk",
            "new_password2": "abcdefghijk",
        },
    )
    assert response.status_code == 200
    assert "密码须同时包含字母和数字" in response.content.decode()
    response = client.post(
        reverse("web:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "123",
            "new_password2": "123",
        },
    )
    assert "密码长度太短" in response.content.decode()
