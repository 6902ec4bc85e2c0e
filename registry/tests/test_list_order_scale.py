"""Registry lists at city scale (issue 11: 2.58 M addresses, 500 000 findings, every page p95 ≤ 200 ms): the
address list is ordered by unit, then address (one index serves the first page, deep pages and cursors) and its
text search is answered by a trigram index; a duplicate pair shows only when both people are in scope."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from org.models import OrgUnit, OrgUnitKind
from registry import selectors
from registry.models import (
    Address,
    AddressLevel,
    DuplicateCandidate,
    House,
    Organization,
    PopulationType,
    Resident,
)

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


def _house(unit, text, owner="") -> House:
    return House.objects.create(address=_address(unit, text), org_unit=unit, owner_name=owner)


def test_houses_by_unit_then_their_own_address_text_and_found_by_search_shapes(users):
    """Issue 11: the house list sorts and searches on the house's own row (its copy of the standard address's
    text), so one scope index answers any page instead of joining every address in scope."""
    beat, beat2 = _beat(users["officer"]), _beat(users["officer2"])
    b = _house(beat, "甲测试房2号", owner="王伟")
    a = _house(beat, "乙测试房1号")
    c = _house(beat2, "丙测试房3号", owner="李伟")
    assert (b.address_text, c.address_text) == ("甲测试房2号", "丙测试房3号")  # copied when registered
    rows = [x for x in selectors.house_list(user=users["control"]) if "测试房" in x.address_text]
    assert rows == sorted([a, b, c], key=lambda x: (x.scope_path, x.address_text, x.pk))
    control = users["control"]
    assert list(selectors.house_list(user=control, filters={"q": "测试房2"})) == [b]  # address, three characters on
    assert list(selectors.house_list(user=control, filters={"q": "王伟"})) == [b]  # the owner's name
    assert list(selectors.house_list(user=control, filters={"q": "李"})) == [c]  # one character: a name prefix
    assert list(selectors.house_list(user=users["officer"], filters={"q": "丙测试房"})) == []  # out of scope


def test_house_list_page_queries_do_not_grow_with_the_number_of_houses(users, login, client):
    beat = _beat(users["officer"])
    for i in range(3):
        _house(beat, f"测试页房{i}号")
    login("control")

    def queries(path):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    few, body = queries("/registry/houses/?q=测试页房")
    assert "测试页房0号" in body and "测试页房2号" in body
    for i in range(3, 30):
        _house(beat, f"测试页房{i}号")
    many, body = queries("/registry/houses/?q=测试页房")
    assert many == few
    assert queries("/registry/houses/?q=测试页房&page=2")[0] <= few + 1


def test_organizations_found_by_name_address_or_uscc_start(users):
    """Issue 11: the organization search takes fengqiao.search's shapes (trigram indexes from three characters on)
    and the start of the 统一社会信用代码, no "icontains" over every organization in scope."""
    beat, beat2 = _beat(users["officer"]), _beat(users["officer2"])
    make = Organization.objects.create
    a = make(name="测试科技有限公司", category="enterprise", org_unit=beat, address_text="测试大道1号")
    b = make(name="测试医院", category="hospital", org_unit=beat, uscc="12320500TEST0001XY", address_text="")
    c = make(name="远方测试商店", category="shop", org_unit=beat2, address_text="测试大道9号")
    control = users["control"]
    assert list(selectors.organization_list(user=control, filters={"q": "测试科技"})) == [a]
    assert set(selectors.organization_list(user=control, filters={"q": "测试大道"})) == {a, c}  # the address
    assert list(selectors.organization_list(user=control, filters={"q": "医院"}).filter(pk__in=[a.pk, b.pk])) == [b]
    assert list(selectors.organization_list(user=control, filters={"q": "12320500test"})) == [b]  # USCC start
    assert list(selectors.organization_list(user=users["officer"], filters={"q": "远方测试"})) == []  # out of scope


def test_every_house_of_the_demo_carries_its_address_text(users):
    """However a house was made (a form, an import, a resident's room-level address), its copy of the address is
    the standard address's text."""
    assert House.objects.exists()
    assert not House.objects.exclude(address_text=F("address__full_text")).exists()
