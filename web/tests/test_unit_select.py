"""The org-unit dropdown of list filters writes its options in Python (hundreds for a city-wide user)."""

import pytest

from registry.forms import ResidentFilterForm

pytestmark = [pytest.mark.django_db, pytest.mark.fast]


def test_unit_dropdown_lists_the_users_stations_and_beats_and_keeps_the_choice(users):
    form = ResidentFilterForm({"within": ""}, user=users["lead"])
    units = list(form.fields["within"].queryset)
    html = str(form["within"])
    assert html.startswith('<select name="within"') and html.count("<option") == len(units) + 1
    indent = "　" * units[1].depth
    assert f'<option value="{units[1].pk}">{indent}{units[1].name}（警务区）</option>' in html
    chosen = ResidentFilterForm({"within": str(units[1].pk)}, user=users["lead"])
    assert f'<option value="{units[1].pk}" selected>' in str(chosen["within"])
    outsider = ResidentFilterForm({"within": "<b>"}, user=users["lead"])
    assert "&lt;b&gt;" not in str(outsider["within"]) and "<b>" not in str(outsider["within"])
