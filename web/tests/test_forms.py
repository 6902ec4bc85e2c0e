"""What every form shares (web.forms.StyledForm, issue 10): required fields marked before submitting, a choice list
that starts with 请选择, the date of something done now at today, and a button that says what the form does."""

import re

import pytest
from django.utils import timezone

from subjects.models import SpecialSubject

pytestmark = pytest.mark.django_db


def _first_option(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r"<option[^>]*>([^<]*)</option>", select).group(1)


def test_the_command_task_form_says_xiafa_marks_required_fields_and_asks_to_choose(login, client):
    login("command_centre")
    html = client.get("/tasks/new/").content.decode()
    assert re.search(r'<button class="btn btn-primary" type="submit">下发</button>', html)
    assert _first_option(html, "org_unit") == "请选择"
    for label in ("任务名称", "截止日期", "任务类别"):
        assert re.search(rf"{label}[^<]*</label>|{label} <span class=\"text-danger\">\*</span>", html), label
    assert re.search(r'任务名称 <span class="text-danger">\*</span>', html)
    assert not re.search(r'任务要求 <span class="text-danger">\*</span>', html)  # optional: no mark
    # a deadline is never guessed
    assert 'name="due_on" value=' not in html


def test_a_visit_is_dated_today_unless_the_officer_changes_it(login, client, users):
    login("officer")
    subject = SpecialSubject.objects.visible_to(users["officer"]).filter(status="active").order_by("pk").first()
    html = client.get(f"/subjects/{subject.pk}/visit/").content.decode()
    assert f'name="visited_on" value="{timezone.localdate():%Y-%m-%d}"' in html
    assert _first_option(html, "met") == "请选择"


def test_other_forms_keep_saying_save(login, client):
    login("lead")
    html = client.get("/org/staff/new/").content.decode()
    assert '<button class="btn btn-primary" type="submit">保存</button>' in html
    assert "---------" not in html
