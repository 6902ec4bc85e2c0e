"""规范001 第四十八条(三): the 治安信息员/耳目 registers — a 耳目 among the special subjects; invisible to every role
but the beat officer and above (grid workers, volunteers, auditors, another station: nothing); every opening trailed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AccessRecord
from leads import errors, selectors, services
from leads.models import Informant

from .factories import unit_of

pytestmark = pytest.mark.django_db


def _informant(users, **extra):
    fields = {"kind": "informant", "alias": "江枫01", "name": "张信息", "phone": "13912345678"} | extra
    return services.informant_register(
        acting_user=users["officer"], org_unit=unit_of(users["officer"]), recruited_on=timezone.localdate(), **fields
    )


def test_art48_3_covert_informant_needs_a_special_subject(users):
    with pytest.raises(ValidationError) as caught:
        _informant(users, kind="covert", alias="耳目01")
    assert caught.value.message_dict == {"special_subject": [errors.INFORMANT_SUBJECT]}
    assert not Informant.objects.filter(alias="耳目01").exists()


@pytest.mark.parametrize(
    "role, sees",
    [
        ("officer", True),
        ("lead", True),
        ("control", True),
        ("auxiliary", False),
        ("grid", False),
        ("volunteer", False),
        ("auditor", False),
        ("command_room", False),
        ("officer2", False),
        ("lead2", False),
    ],
)
def test_art48_3_informants_visible_only_to_the_beat_officer_and_above(users, role, sees):
    informant = _informant(users, alias=f"江枫-{role}")
    assert selectors.informant_list(user=users[role]).filter(pk=informant.pk).exists() is sees


def test_every_opening_of_an_informant_is_on_the_access_trail(users, login, client):
    informant = _informant(users, alias="江枫留痕")
    before = AccessRecord.objects.filter(object_type="informant", object_id=str(informant.pk)).count()
    login("officer")
    page = client.get(f"/leads/informants/{informant.pk}/").content.decode()
    assert "张信息" in page
    client.get(f"/leads/informants/{informant.pk}/")
    rows = AccessRecord.objects.filter(object_type="informant", object_id=str(informant.pk))
    assert rows.filter(action="view").count() == before + 2
    list_page = client.get("/leads/informants/").content.decode()
    assert "江枫留痕" in list_page and "张信息" not in list_page
    for role in ("grid", "volunteer", "auditor"):
        login(role)
        assert client.get(f"/leads/informants/{informant.pk}/").status_code == 403
        assert client.get("/leads/informants/").status_code == 403
    login("lead2")
    assert client.get(f"/leads/informants/{informant.pk}/").status_code == 404
