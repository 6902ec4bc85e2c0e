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


# ------------------------------------------------------------------ every form of the project: choice lists start empty


# What a form's constructor needs besides the data, made cheaply: the lists they fill are not what is checked here.
def _form_kwargs(users) -> dict:
    from types import SimpleNamespace

    from accounts.models import User
    from accounts.roles import Perm
    from org.models import OrgUnit, OrgUnitKind
    from registry.models import House, Organization
    from subjects.categories import RECORD_KINDS
    from tasks.models import TaskKind

    beat = OrgUnit.objects.filter(kind=OrgUnitKind.BEAT).order_by("path").first()
    return {
        "user": lambda: users["lead"],
        "push": lambda: False,
        "accident": lambda: False,
        "kinds": lambda: [TaskKind.COMMAND],
        "perm": lambda: Perm.MANAGE_PATROLS,
        "codes": lambda: [("a", "甲"), ("b", "乙")],
        "limits": lambda: [{"code": "a", "label": "甲"}, {"code": "b", "label": "乙"}],
        "choices": lambda: User.objects.none(),
        "mediators": lambda: User.objects.none(),
        "handlers": lambda: User.objects.none(),
        "items": lambda: [SimpleNamespace(code="a", label="甲", source="第一条")],
        "kind": lambda: RECORD_KINDS[0]["code"],
        "task": lambda: SimpleNamespace(org_unit=beat),
        "request_obj": lambda: SimpleNamespace(beat=beat, owner_id=0),
        "organization": lambda: Organization.objects.order_by("pk").first(),
        "house": lambda: House.objects.order_by("pk").first(),
        "questionnaire": lambda: SimpleNamespace(questions=[{"code": "a", "text": "甲", "choices": [("1", "是")]}]),
        "station": lambda: beat.parent,
        "group": lambda: None,
        "groups": lambda: User.objects.none(),
        "template": lambda: SimpleNamespace(
            fields=[{"name": "result", "label": "结果", "type": "choice", "choices": [("a", "甲"), ("b", "乙")]}],
            evidence_required=False,
        ),
    }


def _project_forms():
    """Every form class the project defines (each app's forms module and views), filters and sign-in aside."""
    import importlib
    import inspect

    from django import forms
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

    from web.forms import FilterForm

    own = {a.name for a in apps.get_app_configs() if (settings.BASE_DIR / a.name.split(".")[0]).is_dir()}
    for app in own:
        for module in ("forms", "views"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError:
                pass
    found, todo = set(), [forms.Form]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] not in own or issubclass(
            cls, (FilterForm, AuthenticationForm, SetPasswordForm)
        ):
            continue  # a filter's list starts with its own 全部…; sign-in and passwords have no choice lists
        if not inspect.isabstract(cls):
            found.add(cls)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _required(form, name, field) -> bool:
    return field.required or name in getattr(form, "marked_required", ()) or getattr(field, "template_required", False)


def test_every_required_choice_list_starts_with_qingxuanze(users):
    """规范 aside, issue 10 "Forms": a required single-choice list never preselects its first real option — the
    officer chooses. A form may keep a default only by naming it in ``preselected`` with the reason."""
    import inspect

    from django import forms

    makers = _form_kwargs(users)
    classes = _project_forms()
    assert len(classes) > 40  # the walk really found the project's forms
    unknown, wrong, checked = [], [], 0
    for cls in classes:
        params = [
            p.name
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.kind == p.KEYWORD_ONLY and p.default is p.empty
        ]
        if missing := [p for p in params if p not in makers]:
            unknown.append(f"{cls.__module__}.{cls.__qualname__}: {missing}")
            continue
        form = cls(**{p: makers[p]() for p in params})
        reasons = getattr(form, "preselected", {})
        for name, field in form.fields.items():
            widget = field.widget
            if not isinstance(widget, forms.Select) or widget.allow_multiple_selected:
                continue
            if name in reasons:
                assert len(str(reasons[name])) >= 8, f"{cls.__qualname__}.{name}: say why it is preselected"
                continue
            html = str(form[name])
            first = re.search(r"<option[^>]*>([^<]*)</option>", html)
            checked += 1
            real = re.findall(r'<option value="[^"]+"', html)
            # A default for every user needs its reason; the only unit in the user's scope is chosen for them.
            if re.search(r'<option value="[^"]+"[^>]*selected', html) and len(real) > 1:
                wrong.append(f"{cls.__module__}.{cls.__qualname__}.{name}: preselected without a reason")
            elif _required(form, name, field):
                if not first or first.group(1) != "请选择" or not re.search(r'<option value=""', html):
                    wrong.append(f"{cls.__module__}.{cls.__qualname__}.{name}: {first and first.group(1)!r}")
            elif first and first.group(1) in ("---------", "—", ""):
                wrong.append(f"{cls.__module__}.{cls.__qualname__}.{name}: empty line says {first.group(1)!r}")
    assert unknown == [], "a form needs a constructor argument this test cannot make yet: add it to _form_kwargs"
    assert checked > 30
    assert wrong == [], "\n".join(wrong)
