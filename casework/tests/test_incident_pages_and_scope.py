"""Incident pages over the services: the command room pushes, the beat's officer records arrival, people and
follow-ups; another station sees nothing (404); every opening of an incident writes the people involved to the
access trail; forms answer in Chinese, field by field, and write nothing on bad input."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audit.models import AccessRecord
from casework.models import Incident, IncidentPerson
from tasks.models import Message

from .factories import beat_of, incident, push, resident

pytestmark = pytest.mark.django_db


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_command_room_pushes_and_the_officer_is_told_at_once(users, client, login):
    """规范001 第七十七条第三款、第一百零四条: 案事件推送至社区民警; 紧急求助 "立即" (第八十八条)."""
    login("command_room")
    now = timezone.now()
    beat = beat_of(users["officer"])
    response = client.post(
        "/casework/incidents/push/",
        {
            "beat": beat.pk,
            "kind": "emergency",
            "subkind": "drowning",
            "source": "command_room",
            "summary": "群众报警：河边有人落水",
            "place_text": "江枫社区滨河公园",
            "has_scene": "on",
            "reported_at": _local(now - timedelta(minutes=3)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    i = Incident.objects.get(summary="群众报警：河边有人落水")
    assert i.officer == users["officer"] and i.pushed_by == users["command_room"] and i.dispatched_at
    [message] = Message.objects.filter(recipient=users["officer"], key=f"incident_push:{i.pk}")
    assert "立即携带可用救援器材赶到现场" in message.text
    # the officer sees it on the list and the page, with the emergency banner
    login("officer")
    assert "滨河公园" in client.get("/casework/incidents/?pushed=on").content.decode()
    page = client.get(f"/casework/incidents/{i.pk}/").content.decode()
    assert 'id="emergency"' in page and 'id="record-arrival"' in page


def test_a_push_with_bad_input_names_each_field_and_writes_nothing(users, client, login):
    login("command_room")
    before = Incident.objects.count()
    response = client.post(
        "/casework/incidents/push/",
        {
            "beat": beat_of(users["officer"]).pk,
            "kind": "accident",
            "subkind": "burglary",
            "source": "command_room",
            "summary": "",
            "place_text": "",
            "reported_at": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "细类“入室盗窃”不属于治安灾害事故" in page
    assert "请填写简要案情" in page and "请填写发生地点" in page and "请填写接报时间" in page
    assert Incident.objects.count() == before


def test_officer_records_arrival_people_and_follow_up_through_the_pages(users, client, login):
    i = push(users, on=timezone.localdate() - timedelta(days=1), hour=9)
    known = resident(beat_of(users["officer"]), "周受害")
    known.id_number = "110101199003074514"
    known.save(update_fields=["id_number"])
    login("officer")
    arrived = timezone.localtime(i.dispatched_at) + timedelta(minutes=9)
    assert client.post(f"/casework/incidents/{i.pk}/arrive/", {"arrived_at": _local(arrived)}).status_code == 302
    i.refresh_from_db()
    assert i.arrived_at is not None
    # a registered victim by ID number, and an unknown witness (a collection task for the registry)
    r = client.post(f"/casework/incidents/{i.pk}/people/new/", {"id_number": known.id_number, "role": "victim"})
    assert r.status_code == 302
    r = client.post(f"/casework/incidents/{i.pk}/people/new/", {"name": "王关系", "role": "relative"})
    assert r.status_code == 302
    victim, other = IncidentPerson.objects.filter(incident=i).order_by("pk")
    assert victim.resident == known and other.resident is None
    from tasks.models import Task

    assert Task.objects.filter(record_type="incident_person", record_id=str(other.pk)).exists()
    assert client.post(f"/casework/incident-people/{victim.pk}/verify/").status_code == 302
    victim.refresh_from_db()
    assert victim.verified
    # an unknown ID number is refused on its field
    r = client.post(f"/casework/incidents/{i.pk}/people/new/", {"id_number": "110101199003070000", "role": "party"})
    assert "未找到该身份号码的实有人口" in r.content.decode()
    assert IncidentPerson.objects.filter(incident=i).count() == 2


def test_other_stations_get_404_and_roles_without_incident_rights_403(users, client, login):
    i = incident(users, on=date(2025, 4, 1))
    login("officer2")
    assert client.get(f"/casework/incidents/{i.pk}/").status_code == 404
    assert client.get(f"/casework/incidents/{i.pk}/arrive/").status_code == 404
    assert "幸福路8号" not in client.get("/casework/incidents/?q=幸福路").content.decode()
    login("lead2")
    assert client.get(f"/casework/incidents/{i.pk}/").status_code == 404
    for who in ("grid", "volunteer", "auditor", "mediator"):
        login(who)
        assert client.get("/casework/incidents/").status_code == 403, who
    # the station lead reads, does not write
    login("lead")
    page = client.get(f"/casework/incidents/{i.pk}/").content.decode()
    assert 'id="add-person"' not in page
    assert client.get(f"/casework/incidents/{i.pk}/people/new/").status_code == 403


def test_opening_an_incident_writes_each_person_to_the_access_trail(users, client, login):
    from casework import services

    i = incident(users, on=date(2025, 4, 1))
    person = services.incident_person_add(
        acting_user=users["officer"],
        incident=i,
        person={"name": "李受害", "phone": "13912345678", "role": "victim"},
    )
    login("lead")
    before = AccessRecord.objects.count()
    page = client.get(f"/casework/incidents/{i.pk}/").content.decode()
    assert "139****5678" in page and "13912345678" not in page
    rows = AccessRecord.objects.order_by("id")[before:]
    assert [(r.object_type, r.object_id, r.action) for r in rows] == [("incident_person", str(person.pk), "view")]
    # unmasking is on the trail too
    page = client.get(f"/casework/incidents/{i.pk}/?unmask=1").content.decode()
    assert "13912345678" in page
    assert AccessRecord.objects.filter(
        object_type="incident_person", object_id=str(person.pk), action="unmask"
    ).exists()
