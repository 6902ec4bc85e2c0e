"""Residents on the right beat (hardening issue): community and street names repeat across a city, so the
address resolver matches a node within its parent, never a name alone across the tree."""

import pytest

from accounts.models import RoleAssignment
from org.models import OrgUnit, OrgUnitKind
from org.services import org_unit_create
from registry import errors
from registry.models import Address, AddressLevel, Resident
from registry.resolver import AddressResolver
from registry.services import resident_create

from .conftest import make_id

pytestmark = pytest.mark.django_db

XINHUA = "江枫市新华社区长虹路8号1栋1单元101室"


@pytest.fixture
def two_xinhua(users):
    """Given: two stations that both have a 新华社区 (under demo_officer's and demo_officer2's beats)."""
    beats = [RoleAssignment.objects.get(user=users[u]).org_unit for u in ("officer", "officer2")]
    for n, beat in enumerate(beats):
        org_unit_create(
            acting_user=None, kind=OrgUnitKind.COMMUNITY, name="新华社区", code=f"XH{n}", parent=beat, population=100
        )
    return beats


def person(n: int, address_text: str) -> dict:
    return {
        "name": "新华" + "甲乙丙丁戊"[n],
        "id_number": make_id(f"3205051980010{n:02d}01"),
        "population_type": "户籍人口",
        "address_text": address_text,
    }


def test_each_officer_places_a_same_named_community_on_their_own_beat(users, two_xinhua):
    first = resident_create(acting_user=users["officer"], data=person(1, XINHUA))
    second = resident_create(acting_user=users["officer2"], data=person(2, XINHUA))
    assert (first.org_unit, second.org_unit) == tuple(two_xinhua)
    nodes = Address.objects.filter(level=AddressLevel.COMMUNITY, name="新华社区")
    assert sorted(nodes.values_list("org_unit_id", flat=True)) == sorted(b.pk for b in two_xinhua)
    assert first.address.full_text == second.address.full_text == XINHUA
    assert first.address_id != second.address_id


def test_the_unit_a_record_is_placed_in_decides_between_same_named_communities(two_xinhua):
    """The demo builder (no acting user) places each resident in its community's beat."""
    resident = resident_create(acting_user=None, data=person(3, XINHUA), org_unit=two_xinhua[1])
    assert resident.org_unit == two_xinhua[1]


def test_city_importer_is_refused_rather_than_guessing(users, two_xinhua):
    resolution = AddressResolver(acting_user=users["control"], default_unit=None).resolve(XINHUA)
    assert resolution.address is None and resolution.rejected == errors.ADDRESS_AMBIGUOUS.format(
        community="新华社区", places="枫桥派出所枫桥第1警务区、寒山派出所寒山第1警务区"
    )
    assert not Address.objects.filter(name="新华社区").exists()


def test_the_subdistrict_in_the_text_tells_them_apart(users, two_xinhua):
    with_street = "江枫市寒山街道新华社区长虹路8号1栋1单元101室"
    placed = resident_create(acting_user=users["officer2"], data=person(4, with_street))
    resolution = AddressResolver(acting_user=users["control"], default_unit=None).resolve(with_street)
    assert (resolution.org_unit, resolution.address) == (two_xinhua[1], placed.address)
    elsewhere = AddressResolver(acting_user=users["control"], default_unit=None).resolve(
        "江枫市枫桥街道新华社区长虹路8号1栋1单元101室"
    )
    assert elsewhere.rejected.startswith("您的管辖范围内有多个“新华社区”")


def test_every_beat_of_the_demo_district_holds_its_residents():
    """The session's demo district repeats community names (24 names, 26 urban communities): every beat with a
    community has residents, and each resident is on the beat of the community its address names."""
    beats = OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, path__startswith=OrgUnit.objects.get(code="JF").path)
    empty = [b.name for b in beats if not Resident.objects.filter(org_unit=b).exists()]
    assert empty == []
    for community in OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNITY, name="江枫社区", path__startswith="000"):
        assert Resident.objects.filter(org_unit=community.parent, address_text__contains="江枫社区").exists()
