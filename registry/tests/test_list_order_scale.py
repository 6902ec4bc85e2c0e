"""Registry lists at city scale (issue 11: 2.58 M addresses, 500 000 findings, every page p95 ≤ 200 ms): the
address list is ordered by unit, then address (one index serves the first page, deep pages and cursors) and its
text search is answered by a trigram index; a duplicate pair shows only when both people are in scope."""

import pytest

from org.models import OrgUnit, OrgUnitKind
from registry import selectors
from registry.models import Address, AddressLevel, DuplicateCandidate, PopulationType, Resident

pytestmark = pytest.mark.django_db


def _beat(user):
    return OrgUnit.objects.filter(role_assignments__user=user, kind=OrgUnitKind.BEAT).first()


def _address(unit, text) -> Address:
    return Address.objects.create(level=AddressLevel.ROOM, name=text, code=f"T-{text}", full_text=text, org_unit=unit)


def test_addresses_by_unit_then_text_and_found_by_any_part(users):
    beat, beat2 = _beat(users["officer"]), _beat(users["officer2"])
    b = _address(beat, "甲测试街2号")
    a = _address(beat, "乙测试街1号")
    c = _address(beat2, "丙测试街3号")
    rows = [x for x in selectors.address_list(user=users["control"]) if "测试街" in x.full_text]
    expected = sorted([a, b, c], key=lambda x: (x.scope_path, x.full_text, x.pk))
    assert rows == expected
    assert list(selectors.address_list(user=users["control"], filters={"q": "测试街2"})) == [b]  # three characters on
    assert set(selectors.address_list(user=users["control"], filters={"q": "测试"})) >= {a, b, c}  # short text
    assert list(selectors.address_list(user=users["officer"], filters={"q": "丙测试街"})) == []  # out of scope


def test_a_pair_shows_only_when_both_people_are_in_scope(users):
    beat, beat2 = _beat(users["officer"]), _beat(users["officer2"])
    mine = Resident.objects.create(name="甲", population_type=PopulationType.REGISTERED, org_unit=beat)
    twin = Resident.objects.create(name="甲", population_type=PopulationType.REGISTERED, org_unit=beat)
    away = Resident.objects.create(name="甲", population_type=PopulationType.REGISTERED, org_unit=beat2)
    inside = DuplicateCandidate.objects.create(resident=mine, other=twin, reasons=["姓名"], score=0.9)
    across = DuplicateCandidate.objects.create(resident=mine, other=away, reasons=["姓名"], score=0.8)
    officer = users["officer"]
    assert inside in selectors.candidate_list(user=officer) and across not in selectors.candidate_list(user=officer)
    assert selectors.candidate_get(user=officer, pk=inside.pk) == inside
    with pytest.raises(DuplicateCandidate.DoesNotExist):
        selectors.candidate_get(user=officer, pk=across.pk)
    assert across in selectors.candidate_list(user=users["control"])
