"""The address list of the leads' forms at city scale (issue 11: 2.58 M addresses, every page p95 ≤ 200 ms): the
same addresses as before — the user's beats' own and those assigned to a grid in reach — in address order, found
by two indexed lookups and rendered as plain options."""

import pytest

from accounts.roles import Perm
from leads.services import address_choices
from org.models import OrgUnit, OrgUnitKind
from org.services import org_unit_create
from registry.models import Address, AddressLevel

from .factories import unit_of

pytestmark = pytest.mark.django_db


def _address(unit, text, grid=None) -> Address:
    return Address.objects.create(
        level=AddressLevel.ROOM, name=text, code=f"T-{text}", full_text=text, org_unit=unit, grid=grid
    )


def test_the_beats_and_the_grids_addresses_in_address_order(users):
    beat = unit_of(users["officer"])
    other_beat = unit_of(users["officer2"])
    grid = OrgUnit.objects.filter(path__startswith=beat.path, kind=OrgUnitKind.GRID).first() or org_unit_create(
        acting_user=None, kind=OrgUnitKind.GRID, name="测试网格", code=f"{beat.code}G1", parent=beat
    )
    own_b = _address(beat, "测试路2号")
    own_a = _address(beat, "测试路1号")
    by_grid = _address(other_beat, "测试路3号", grid=grid)  # another beat's address assigned to a grid of ours
    foreign = _address(other_beat, "测试路4号")

    picked = [a for a in address_choices(users["officer"], Perm.HANDLE_LEADS) if a.full_text.startswith("测试路")]
    assert picked == [own_a, own_b, by_grid]
    assert foreign not in address_choices(users["officer"], Perm.HANDLE_LEADS)
    # the same list checks a submitted pick
    assert address_choices(users["officer"], Perm.HANDLE_LEADS).filter(pk=by_grid.pk).exists()


def test_the_form_offers_them_as_plain_options(users, login):
    beat = unit_of(users["officer"])
    address = _address(beat, "测试路<9>号")
    html = login("officer").get("/leads/cards/new/").content.decode()
    select = html[html.index('name="address"') : html.index("</select>", html.index('name="address"'))]
    assert f'<option value="{address.pk}">测试路&lt;9&gt;号</option>' in select
