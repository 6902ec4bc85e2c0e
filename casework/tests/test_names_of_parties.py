"""Dispute parties typed as free text and mediators are people: the same name discipline as the registry
(fengqiao/names.py, issue 21) — hostile names refused with the reason, look-alike dots normalised."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from casework.models import Dispute

from .factories import dispute, mediator

pytestmark = pytest.mark.django_db


def test_a_hostile_party_name_is_refused_with_its_reason_and_nothing_is_written(users):
    before = Dispute.objects.count()
    with pytest.raises(ValidationError) as exc:
        dispute(users, on=date(2025, 4, 1), parties=["张甲", "=HYPERLINK(1)", "<img src=x onerror=alert(1)>"])
    assert exc.value.message_dict["parties"] == [
        "第2名当事人：姓名中不能有“=”：姓名只能由汉字、间隔号“·”，或字母和空格组成",
        "第3名当事人：姓名中不能有“<”：姓名只能由汉字、间隔号“·”，或字母和空格组成",
    ]
    assert Dispute.objects.count() == before


def test_a_plausible_party_name_is_kept_normalised(users):
    d = dispute(users, on=date(2025, 4, 1), parties=["买买提•艾力", "李乙"])
    assert sorted(d.parties.values_list("name", flat=True)) == ["买买提·艾力", "李乙"]


def test_mediator_names_and_organisations_follow_the_same_rules(users):
    with pytest.raises(ValidationError) as exc:
        mediator(users, user=None, name="@SUM(A1)", organization="<b>调解委员会</b>")
    assert set(exc.value.message_dict) == {"name", "organization"}
    assert "“@”" in exc.value.message_dict["name"][0] and "网页标记" in exc.value.message_dict["organization"][0]
