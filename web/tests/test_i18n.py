"""English through Django i18n: the browser's Accept-Language or the language cookie switches the UI; Chinese stays
the default."""

import pytest
from django.conf import settings

pytestmark = [pytest.mark.django_db, pytest.mark.fast]


def test_login_page_in_english_from_accept_language(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "Fengqiao · Community Policing Platform" in body
    assert "Sign in</button>" in body
    assert "Police intranet only · Sign in with your own account" in body
    assert "公安内网专用" not in body


def test_workbench_in_english_from_language_cookie(login, client):
    login("officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "My workbench" in body
    assert "My tasks" in body and "Shortcuts" in body and "My beat" in body
    assert "Sign out" in body


def test_workbench_defaults_to_chinese(login, client):
    login("officer")
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="zh-CN"' in body
    assert "我的工作台" in body and "我的任务" in body
    assert "My workbench" not in body
