"""Resident search (fengqiao.search): two-character names, one-character prefixes, pinyin initials, ID tails and
typed addresses — each found through its own column, always inside the user's scope (PostgreSQL and SQLite)."""

import pytest

from accounts.models import RoleAssignment
from accounts.roles import Role
from fengqiao.search import bigrams, search_kind
from registry.models import PopulationType, Resident
from registry.selectors import resident_list
from registry.services import name_initials

from .conftest import make_id

pytestmark = [pytest.mark.django_db, pytest.mark.fast]


def beat_of(user):
    return RoleAssignment.objects.get(user=user, role=Role.OFFICER).org_unit


def add(beat, name, body17, address="江枫市和平路8号"):
    return Resident.objects.create(
        name=name,
        name_initials=name_initials(name),
        id_number=make_id(body17),
        population_type=PopulationType.REGISTERED,
        address_text=address,
        org_unit=beat,
    )


@pytest.fixture
def people(users):
    here, there = beat_of(users["officer"]), beat_of(users["officer2"])
    return {
        "wangwei": add(here, "王伟", "32050519800101001"),
        "wangweiqiang": add(here, "王伟强", "32050519800101003"),
        "zhangwangwei": add(here, "张王伟", "32050519800101005", "江枫市幸福路12号3栋2单元301室"),
        "wangxiaowei": add(here, "王小伟", "32050519800101007"),
        "lixin": add(here, "李欣", "32050519851212101"),
        "elsewhere": add(there, "王伟", "32050519800101009"),
    }


def found(user, q):
    return set(resident_list(user=user, filters={"q": q}).values_list("pk", flat=True))


def test_a_two_character_name_is_found_by_its_bigram_and_never_across_the_scope(users, people):
    officer = users["officer"]
    expected = {people["wangwei"].pk, people["wangweiqiang"].pk, people["zhangwangwei"].pk}
    assert found(officer, "王伟") == expected
    assert found(officer, " 王伟 ") == expected
    assert people["wangxiaowei"].pk not in found(officer, "王伟")  # both characters, adjacent
    assert found(officer, "王伟强") == {people["wangweiqiang"].pk}
    assert people["elsewhere"].pk in found(users["officer2"], "王伟")
    assert people["elsewhere"].pk not in found(officer, "王伟")
    assert people["wangwei"].name_bigrams == ["王伟"] and people["zhangwangwei"].name_bigrams == ["张王", "王伟"]


def test_one_character_is_a_name_prefix_and_letters_are_pinyin_initials(users, people):
    officer = users["officer"]
    mine = {p.pk for key, p in people.items() if key != "elsewhere"}
    assert found(officer, "王") & mine == {people["wangwei"].pk, people["wangweiqiang"].pk, people["wangxiaowei"].pk}
    assert found(officer, "wxw") & mine == {people["wangxiaowei"].pk}
    assert found(officer, "WW") & mine == {people["wangwei"].pk, people["wangweiqiang"].pk}


def test_id_number_tail_and_whole_number(users, people):
    officer = users["officer"]
    li = people["lixin"]
    assert found(officer, li.id_number[-4:]) == {li.pk}
    assert found(officer, li.id_number[-8:].lower()) == {li.pk}
    assert found(officer, li.id_number) == {li.pk}
    assert found(officer, people["elsewhere"].id_number) == set()


def test_an_address_is_found_from_three_characters_on(users, people):
    officer = users["officer"]
    assert found(officer, "幸福路12号") == {people["zhangwangwei"].pk}
    assert people["zhangwangwei"].pk in found(officer, "幸福路")


@pytest.mark.parametrize(
    ("q", "kind"),
    [
        ("", ""),
        ("王", "name1"),
        ("王伟", "text"),
        ("wj", "initials"),
        ("0011", "id"),
        ("12345X", "id"),
        ("123", "text"),
    ],
)
def test_what_a_query_asks(q, kind):
    assert search_kind(q) == kind


def test_bigrams():
    assert bigrams("阿卜杜·热合曼") == ["阿卜", "卜杜", "杜·", "·热", "热合", "合曼"]
    assert bigrams("王") == ["王"] and bigrams(" ") == [] and bigrams("AbAb") == ["ab", "ba"]
