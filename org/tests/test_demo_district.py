import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role
from org.models import OrgUnit, OrgUnitKind, Staff

pytestmark = [pytest.mark.django_db, pytest.mark.fast]


def test_demo_district_has_the_promised_shape():
    demo = OrgUnit.objects.exclude(path__startswith=OrgUnit.objects.get(code="LJ").path)
    assert demo.filter(kind=OrgUnitKind.CITY_BUREAU).count() == 1
    assert demo.filter(kind=OrgUnitKind.BUREAU).count() == 2
    assert demo.filter(kind=OrgUnitKind.STATION).count() >= 4
    assert demo.filter(kind=OrgUnitKind.BEAT).count() >= 16
    for kind in (OrgUnitKind.COMMUNITY, OrgUnitKind.GRID, OrgUnitKind.POLICE_POST):
        assert demo.filter(kind=kind).exists()
    assert {s.kind for s in Staff.objects.all()} >= {
        "community_officer",
        "auxiliary",
        "grid_worker",
        "volunteer",
        "security_committee",
        "informant",
        "station_lead",
    }
    roles = {a.role for u in User.objects.filter(username__startswith="demo_") for a in u.role_assignments.all()}
    assert roles == set(Role.values)


def test_rerun_creates_nothing_and_prints_the_accounts(capsys, settings, tmp_path):
    settings.FENGQIAO_WECOM_SPOOL = str(tmp_path)  # the command writes the fake WeCom's seed there
    before = (OrgUnit.objects.count(), Staff.objects.count(), User.objects.count())
    call_command("demo_district")
    out = capsys.readouterr().out
    assert "演示辖区已存在" in out and "demo_officer" in out and "Fengqiao2026" in out
    assert (tmp_path / "fake-seed.json").exists() and "fake-seed.json" in out
    assert (OrgUnit.objects.count(), Staff.objects.count(), User.objects.count()) == before


def test_same_seed_gives_the_same_names():
    import random

    from accounts.demo import _name

    assert [_name(random.Random(7)) for _ in range(3)] == [_name(random.Random(7)) for _ in range(3)]
    assert Staff.objects.filter(name="").count() == 0
