"""Scope as a column (docs/adr/0003): every scoped row carries its org path and station, the scope query reads
that column, and the column follows the record when the record, its parent or its org subtree moves."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps

from accounts.checks import scoped_model_problems
from accounts.models import RoleAssignment
from accounts.roles import Role
from accounts.scope import ScopedModel, scope_prefixes, scoped_models
from audit.models import OperationLog
from org import errors as org_errors
from org.models import OrgUnit, OrgUnitKind, Staff
from org.services import org_unit_create, org_unit_move, staff_create
from registry.models import DuplicateCandidate, PopulationType, Resident
from subjects.models import SubjectApproval, Visit
from subjects.services import subject_transfer_acknowledge, subject_transfer_notify, visit_record
from subjects.tests.factories import beat_of, marked
from tasks.models import Task

pytestmark = pytest.mark.django_db


def unit_of(user, role) -> OrgUnit:
    return RoleAssignment.objects.get(user=user, role=role).org_unit


def scope_drift(model) -> list:
    """Rows whose (scope_path, station) differ from their source's — empty when the columns are right."""
    source = model.scope_source
    target_path = "scope_path" if issubclass(model._meta.get_field(source).related_model, ScopedModel) else "path"
    rows = model._base_manager.values_list("pk", "scope_path", "station_id", f"{source}__{target_path}",
                                           f"{source}__station_id")  # fmt: skip
    return [row for row in rows if row[1:3] != row[3:5]]


def person(beat, name="范围测试") -> Resident:
    return Resident.objects.create(name=name, population_type=PopulationType.REGISTERED, org_unit=beat)


def test_every_scoped_table_carries_its_source_path_and_station(users):
    """The demo district, built through the services and bulk loaders, has every column right on every table."""
    assert {m._meta.label for m in scoped_models()} >= {
        "org.Staff",
        "org.Team",
        "registry.Resident",
        "registry.Address",
        "registry.House",
        "registry.Organization",
        "registry.QualityFinding",
        "registry.DuplicateCandidate",
        "tasks.Task",
        "subjects.SpecialSubject",
        "subjects.Visit",
        "rules.TrackedRecord",
    }
    assert Resident.objects.exists() and Task.objects.exists() and Staff.objects.exists()
    for model in scoped_models():
        assert scope_drift(model) == [], model._meta.label
    station = unit_of(users["lead"], Role.STATION_LEAD)
    beat = beat_of(users["officer"])
    assert beat.station_id == station.pk and station.station_id == station.pk
    assert {r.station_id for r in Resident.objects.visible_to(users["lead"])} == {station.pk}


def test_scope_query_reads_the_row_column_without_joining_the_org_tree(users):
    qs = Resident.objects.visible_to(users["officer"]).order_by("scope_path", "name", "pk")
    sql = str(qs.query)
    assert "org_orgunit" not in sql and "scope_path" in sql
    [prefix] = scope_prefixes(users["officer"])
    assert qs.count() == Resident.objects.filter(org_unit__path__startswith=prefix).count() > 0
    assert Resident.objects.none().visible_to(users["officer"]).count() == 0
    assert not Resident.objects.visible_to(None).exists()


def test_a_moved_record_carries_the_records_scoped_through_it(users):
    """A resident moved to another station's beat takes its duplicate candidates along (save and update())."""
    here, there = beat_of(users["officer"]), beat_of(users["officer2"])
    a, b = person(here, "甲某"), person(here, "甲某")
    pair = DuplicateCandidate.objects.create(resident=a, other=b, reasons=["同名"], score=0.9)
    assert (pair.scope_path, pair.station_id) == (here.path, here.station_id)
    a.org_unit = there
    a.save()
    pair.refresh_from_db()
    assert (a.scope_path, pair.scope_path, pair.station_id) == (there.path, there.path, there.station_id)
    assert list(DuplicateCandidate.objects.visible_to(users["officer2"]).filter(pk=pair.pk)) == [pair]
    assert not DuplicateCandidate.objects.visible_to(users["officer"]).filter(pk=pair.pk).exists()
    # set-wise: a queryset update of the source moves the rows and their dependants in the same breath
    assert Resident.objects.filter(pk__in=[a.pk, b.pk]).update(org_unit=here) == 2
    pair.refresh_from_db()
    assert set(Resident.objects.filter(pk__in=[a.pk, b.pk]).values_list("scope_path", flat=True)) == {here.path}
    assert pair.scope_path == here.path and scope_drift(DuplicateCandidate) == []


def test_bulk_create_and_bulk_update_fill_the_columns_from_the_source(users):
    here, there = beat_of(users["officer"]), beat_of(users["officer2"])
    created = Resident.objects.bulk_create(
        [Resident(name=f"批量{i}", population_type=PopulationType.FLOATING, org_unit_id=here.pk) for i in range(3)]
    )
    assert {(r.scope_path, r.station_id) for r in created} == {(here.path, here.station_id)}
    for r in created:
        r.org_unit_id = there.pk
    Resident.objects.bulk_update(created, ["org_unit"])
    stored = set(Resident.objects.filter(pk__in=[r.pk for r in created]).values_list("scope_path", "station_id"))
    assert stored == {(there.path, there.station_id)}


def test_subject_transfer_moves_the_subject_with_its_visits_and_approvals(users):
    """规范001 第三十九条: 接收确认后对象（及其走访、审批记录）归流入地，流出地不再可见。"""
    s = marked(users, "threat", {"cause": "邻里纠纷"}, on=date(2025, 2, 1))
    visit = visit_record(
        acting_user=users["officer"],
        subject=s,
        visited_on=date(2025, 2, 10),
        measure="investigate",
        way="in_person",
        met="subject",
        findings="情绪稳定",
        today=date(2025, 2, 10),
    )
    target = beat_of(users["officer2"])
    transfer = subject_transfer_notify(acting_user=users["officer"], subject=s, to_unit=target, notice="迁居")
    assert transfer.scope_path == target.path  # the receiving beat sees the notice
    subject_transfer_acknowledge(acting_user=users["officer2"], transfer=transfer, today=date(2025, 3, 1))
    visit.refresh_from_db()
    approvals = SubjectApproval.objects.filter(subject=s)
    assert visit.scope_path == target.path and visit.station_id == target.station_id
    assert set(approvals.values_list("scope_path", flat=True)) == {target.path}
    assert list(Visit.objects.visible_to(users["officer2"]).filter(subject=s)) == [visit]
    assert not Visit.objects.visible_to(users["officer"]).filter(subject=s).exists()


def test_org_unit_move_rewrites_every_scoped_table_set_wise(users):
    """A beat handed to another station: the subtree's paths, depth and station, and every record under it."""
    control = users["control"]
    station, station2 = unit_of(users["lead"], Role.STATION_LEAD), unit_of(users["lead2"], Role.STATION_LEAD)
    beat = org_unit_create(acting_user=control, kind=OrgUnitKind.BEAT, name="划转警务区", code="MV1", parent=station)
    community = org_unit_create(
        acting_user=control, kind=OrgUnitKind.COMMUNITY, name="划转社区", code="MV1C", parent=beat
    )
    resident = person(beat)
    staff = staff_create(acting_user=control, name="划转网格员", kind="grid_worker", org_unit=community)
    assert Resident.objects.visible_to(users["lead"]).filter(pk=resident.pk).exists()
    old_path = beat.path

    org_unit_move(acting_user=control, unit=beat, parent=station2)

    beat.refresh_from_db()
    community.refresh_from_db()
    resident.refresh_from_db()
    staff.refresh_from_db()
    assert beat.path == f"{station2.path}{old_path[-8:]}" and community.path.startswith(beat.path)
    assert (beat.depth, community.depth) == (station2.depth + 1, station2.depth + 2)
    assert beat.station_id == community.station_id == station2.pk
    assert (resident.scope_path, resident.station_id) == (beat.path, station2.pk)
    assert (staff.scope_path, staff.station_id) == (community.path, station2.pk)
    assert not Resident.objects.visible_to(users["lead"]).filter(pk=resident.pk).exists()
    assert Resident.objects.visible_to(users["lead2"]).filter(pk=resident.pk).exists()
    for model in scoped_models():
        assert scope_drift(model) == [], model._meta.label
    log = OperationLog.objects.filter(action="org_unit_move").latest("id")
    assert log.object_id == str(beat.pk) and log.changes["records"] >= 2


def test_moving_a_station_keeps_its_records_station(users):
    """A station moved under a bureau keeps being its records' station; only the paths change (one UPDATE each)."""
    control = users["control"]
    city = unit_of(control, Role.CONTROL_CENTRE)
    station = unit_of(users["lead2"], Role.STATION_LEAD)
    bureau = org_unit_create(acting_user=control, kind=OrgUnitKind.BUREAU, name="新设分局", code="MVB", parent=city)
    before = Resident.objects.filter(station=station).count()
    assert before > 0
    with CaptureQueriesContext(connection) as queries:
        org_unit_move(acting_user=control, unit=station, parent=bureau)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "registry_resident"')]
    assert len(updates) == 1
    station.refresh_from_db()
    assert station.path.startswith(bureau.path) and station.station_id == station.pk
    moved = Resident.objects.filter(station=station)
    assert moved.count() == before and not moved.exclude(scope_path__startswith=station.path).exists()
    assert Resident.objects.visible_to(users["lead2"]).count() == before


def test_org_unit_move_refuses_a_cycle_a_wrong_parent_and_an_outsider(users):
    control = users["control"]
    station = unit_of(users["lead"], Role.STATION_LEAD)
    beat = beat_of(users["officer"])
    with pytest.raises(ValidationError) as exc:
        org_unit_move(acting_user=control, unit=station, parent=station)
    assert exc.value.message_dict == {"parent": [org_errors.MOVE_UNDER_ITSELF]}
    with pytest.raises(ValidationError) as exc:
        org_unit_move(acting_user=control, unit=beat, parent=beat.children.first())
    assert list(exc.value.message_dict) == ["parent"]
    other_station = unit_of(users["lead2"], Role.STATION_LEAD)
    with pytest.raises(PermissionDenied):
        org_unit_move(acting_user=users["lead"], unit=beat, parent=other_station)
    beat.refresh_from_db()
    assert beat.path.startswith(station.path)
    assert not OperationLog.objects.filter(action="org_unit_move").exists()


@isolate_apps("accounts")
def test_a_scoped_model_must_name_a_real_source_and_keep_the_scope_index():
    class Good(ScopedModel):
        org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT)

        class Meta(ScopedModel.Meta):
            app_label = "accounts"

    class NoIndex(ScopedModel):
        org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT)

        class Meta:
            app_label = "accounts"

    class BadSource(ScopedModel):
        scope_source = "name"
        name = models.CharField(max_length=10)

        class Meta(ScopedModel.Meta):
            app_label = "accounts"

    assert scoped_model_problems(Good) == []
    assert [e.id for e in scoped_model_problems(NoIndex)] == ["accounts.E003"]
    assert [e.id for e in scoped_model_problems(BadSource)] == ["accounts.E002"]
