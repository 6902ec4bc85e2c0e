"""Residents: entry with compare-on-entry (录入比对), merge with history, masking and access trail, scope,
quality findings and the 第三十条 indicators."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.scope import scope_prefixes
from audit.masking import mask_id_number, mask_phone
from audit.models import AccessAction, AccessRecord
from registry import errors
from registry.indicators import registry_indicators
from registry.models import CandidateStatus, DuplicateCandidate, QualityFinding, RecordChange, Resident
from registry.services import candidate_mark_distinct, finding_close, resident_create, resident_merge

from .conftest import make_id

pytestmark = pytest.mark.django_db

ADDRESS = "江枫市江枫社区金枫路10号金枫花园1栋1单元101室"


def person(**overrides):
    data = {
        "name": "林晓",
        "id_number": make_id("32050519900909002"),
        "population_type": "户籍人口",
        "phone": "13700001234",
        "ethnicity": "汉族",
        "address_text": ADDRESS,
        "house_relation": "户主",
    }
    return data | overrides


def test_entry_places_the_person_at_the_standard_address(users):
    resident = resident_create(acting_user=users["officer"], data=person())
    assert resident.address.full_text == ADDRESS
    assert resident.house.address == resident.address
    assert resident.org_unit == RoleAssignment.objects.get(user=users["officer"]).org_unit
    assert resident.name_initials == "lx"
    assert RecordChange.objects.filter(object_type="resident", object_id=resident.pk, action="create").exists()


def test_variant_address_text_lands_on_the_same_node(users):
    a = resident_create(acting_user=users["officer"], data=person())
    b = resident_create(
        acting_user=users["officer"],
        data=person(
            name="林晓明", id_number=make_id("32050519900909003"), address_text="江枫社区金枫路１０#金枫花园1幢1单元101"
        ),
    )
    assert a.address_id == b.address_id


def test_same_id_twice_is_refused_with_the_registered_name(users):
    resident_create(acting_user=users["officer"], data=person())
    with pytest.raises(ValidationError) as exc:
        resident_create(acting_user=users["officer"], data=person(name="林小"))
    assert exc.value.message_dict["id_number"] == [
        errors.ID_TAKEN.format(masked=mask_id_number(person()["id_number"]), name="林晓")
    ]


def test_compare_on_entry_finds_typo_and_homophone(users):
    original = resident_create(acting_user=users["officer"], data=person())
    number = original.id_number
    one_digit = number[:15] + ("1" if number[15] != "1" else "2") + number[16:]
    typo = resident_create(acting_user=users["officer"], data=person(id_number=one_digit))
    homophone = resident_create(
        acting_user=users["officer"],
        data=person(name="林筱", id_number=number[:16] + ("1" if number[16] != "1" else "3") + number[17]),
    )
    pairs = {frozenset((c.resident_id, c.other_id)): c for c in DuplicateCandidate.objects.all()}
    first = pairs[frozenset((original.pk, typo.pk))]
    assert "身份证号仅一位不同" in first.reasons and "姓名相同" in first.reasons
    second = pairs[frozenset((original.pk, homophone.pk))]
    assert "姓名同音" in second.reasons


def test_merge_retires_the_other_record_with_history(users):
    original = resident_create(acting_user=users["officer"], data=person(phone=""))
    number = original.id_number
    typo = resident_create(
        acting_user=users["officer"], data=person(id_number=number[:10] + number[11] + number[10] + number[12:])
    )
    candidate = DuplicateCandidate.objects.get(resident=original, other=typo)
    kept = resident_merge(acting_user=users["officer"], candidate=candidate, keep=original)
    typo.refresh_from_db()
    assert kept.phone == "13700001234"  # filled from the retired record
    assert not typo.is_active and typo.merged_into == original and typo.id_number is None
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED and candidate.decided_by == users["officer"]
    assert RecordChange.objects.filter(object_id=original.pk, action="merge").exists()
    assert not QualityFinding.objects.filter(object_type="resident", object_id=typo.pk, status="open").exists()


def test_mark_distinct(users):
    a = resident_create(acting_user=users["officer"], data=person())
    n = a.id_number
    b = resident_create(acting_user=users["officer"], data=person(id_number=n[:15] + "9" + n[16:]))
    candidate = DuplicateCandidate.objects.get(resident=a, other=b)
    candidate_mark_distinct(acting_user=users["officer"], candidate=candidate)
    assert DuplicateCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.DISTINCT


def test_findings_are_opened_and_closed_with_outcome(users):
    resident = resident_create(
        acting_user=users["officer"],
        data=person(
            id_number=make_id("32050519900909002")[:17] + "0" if make_id("32050519900909002")[17] != "0" else "1",
            gender="女",
            address_text="不知道哪里",
        ),
    )
    kinds = set(
        QualityFinding.objects.filter(object_id=resident.pk, object_type="resident", status="open").values_list(
            "kind", flat=True
        )
    )
    assert {"id_bad_checksum", "unmatched_address"} <= kinds
    finding = QualityFinding.objects.get(object_id=resident.pk, kind="unmatched_address")
    with pytest.raises(ValidationError) as exc:
        finding_close(acting_user=users["officer"], finding=finding, outcome=" ")
    assert exc.value.message_dict["outcome"] == [errors.OUTCOME_REQUIRED]
    finding_close(acting_user=users["officer"], finding=finding, outcome="已上门核实，地址为金枫路12号")
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.closed_by == users["officer"]


def test_indicators_follow_the_records(users):
    """规范001 第三十条(一): accuracy counts residents without open accuracy findings."""
    before = registry_indicators(user=users["officer"])
    resident = resident_create(acting_user=users["officer"], data=person(address_text="不知道哪里"))
    after = registry_indicators(user=users["officer"])
    assert after.residents == before.residents + 1
    assert after.accurate == before.accurate  # the new person has an unmatched address
    assert after.collected == before.collected  # and so is not fully collected
    finding = QualityFinding.objects.get(object_id=resident.pk, kind="unmatched_address")
    finding_close(acting_user=users["officer"], finding=finding, outcome="核实无误")
    assert registry_indicators(user=users["officer"]).accurate == before.accurate + 1


def test_detail_is_masked_and_on_the_trail(users, login, client):
    resident = resident_create(acting_user=users["officer"], data=person())
    login("auxiliary")
    body = client.get(reverse("registry:resident_detail", args=[resident.pk]), {"unmask": "1"}).content.decode()
    assert mask_phone(resident.phone) in body and resident.phone not in body
    assert mask_id_number(resident.id_number) in body and resident.id_number not in body
    assert (
        AccessRecord.objects.filter(
            username="demo_auxiliary", object_type="resident", object_id=str(resident.pk), action=AccessAction.VIEW
        ).count()
        == 1
    )
    login("officer")
    body = client.get(reverse("registry:resident_detail", args=[resident.pk]), {"unmask": "1"}).content.decode()
    assert resident.id_number in body
    assert AccessRecord.objects.filter(
        username="demo_officer", object_type="resident", action=AccessAction.UNMASK, object_id=str(resident.pk)
    ).exists()


@pytest.mark.parametrize("role", ["officer", "auxiliary", "lead", "command_room", "officer2", "lead2", "control"])
def test_resident_lists_never_leak(role, users, login, client):
    login(role)
    prefixes = scope_prefixes(users[role])
    response = client.get(reverse("registry:resident_list"), {"per_page": 200})
    assert response.status_code == 200
    for resident in response.context["page"].object_list:
        assert any(resident.org_unit.path.startswith(p) for p in prefixes)
    outside = Resident.objects.exclude(org_unit__path__startswith=prefixes[0]).first()
    if len(prefixes) == 1 and outside is not None:
        assert client.get(reverse("registry:resident_detail", args=[outside.pk])).status_code == 404


@pytest.mark.parametrize("role", ["grid", "volunteer", "auditor"])
def test_roles_without_registry_access_are_refused(role, login, client):
    login(role)
    assert client.get(reverse("registry:resident_list")).status_code == 403


def test_resident_form_shows_field_errors_and_keeps_input(login, client):
    login("officer")
    response = client.post(
        reverse("registry:resident_new"),
        {
            "name": "表单测试",
            "id_number": "123",
            "population_type": "registered",
            "address_text": ADDRESS,
            "phone": "13700009999",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [errors.ID_BAD_FORMAT]
    assert 'value="13700009999"' in response.content.decode()
    assert not Resident.objects.filter(name="表单测试").exists()


def test_findings_become_one_verification_task_per_beat(users):
    """规范001 第二十九条: 核查即录入 — open findings give the beat officer one 核查任务, not one per finding."""
    from tasks.models import Task, TaskKind

    beat = RoleAssignment.objects.get(user=users["officer"]).org_unit
    Task.objects.filter(record_type="registry_findings").delete()
    resident_create(acting_user=users["officer"], data=person(address_text="不知道哪里"))
    resident_create(
        acting_user=users["officer"],
        data=person(name="林二", id_number=make_id("32050519900909004"), address_text="也不知道哪里"),
    )
    [task] = Task.objects.filter(kind=TaskKind.VERIFICATION, record_type="registry_findings", record_id=str(beat.pk))
    assert task.assignee == users["officer"] and task.status == "dispatched"
    assert task.title.startswith(f"信息核查：{beat.name}有") and task.source == "规范001 第二十九条"


def test_resolver_survives_a_cache_smaller_than_a_batch(users, monkeypatch):
    """The bounded node cache may drop keys while a level is filled; a batch still resolves every address."""
    from registry import resolver

    monkeypatch.setattr(resolver, "NODE_CACHE_SIZE", 2)
    texts = [f"江枫市江枫社区金枫路{n}号金枫花园{n}栋1单元{n}01室" for n in range(1, 8)]
    first = resolver.AddressResolver(acting_user=users["officer"], default_unit=None)
    assert all(r.address is not None for r in first.resolve_many(texts).values())
    again = resolver.AddressResolver(acting_user=users["officer"], default_unit=None)
    again._nodes.put((0, "x"), None)  # an old entry at the front of the cache
    results = again.resolve_many(texts + texts[:3])
    assert {t: r.address.full_text for t, r in results.items()} == {t: t for t in texts}
