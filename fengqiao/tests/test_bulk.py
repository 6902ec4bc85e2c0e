"""copy_insert: plain rows in at COPY speed, filled as save() would fill them (defaults, times, scope, bigrams)."""

import pytest

from accounts.models import RoleAssignment
from accounts.roles import Role
from fengqiao.bulk import copy_insert
from registry.models import PopulationType, Resident

pytestmark = [pytest.mark.django_db, pytest.mark.fast]


def test_rows_come_back_with_keys_scope_defaults_and_derived_columns(users):
    beat = RoleAssignment.objects.get(user=users["officer"], role=Role.OFFICER).org_unit
    rows = [
        {"name": "王伟强", "population_type": PopulationType.FLOATING, "org_unit_id": beat.pk},
        {"name": "李四", "population_type": PopulationType.REGISTERED, "org_unit": beat, "phone": "13800001111"},
    ]
    ids = copy_insert(Resident, rows)
    stored = {r.pk: r for r in Resident.objects.filter(pk__in=ids)}
    first, second = stored[ids[0]], stored[ids[1]]
    assert (first.name, second.phone) == ("王伟强", "13800001111")
    assert first.scope_path == second.scope_path == beat.path and first.station_id == beat.station_id
    assert first.name_bigrams == ["王伟", "伟强"] and first.is_active and first.labels == []
    assert first.created_at is not None and first.id_number is None
    assert Resident.objects.visible_to(users["officer"]).filter(pk__in=ids).count() == 2
    assert copy_insert(Resident, []) == []
