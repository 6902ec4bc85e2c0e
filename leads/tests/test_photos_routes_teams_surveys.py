"""Check-in photos (checked by content, served only through the scoped download), route and team changes with their
validation, a lead form's standard address, and questionnaires (第四十八条(七)) whose answers give 第三十五条(一)'s
知晓率."""

import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from leads import indicators, services
from leads.models import CheckIn, CheckInPhoto, Lead, PatrolTeam, Questionnaire, SurveyAnswer

from .factories import route, unit_of

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"patrol point" * 10


def test_checkin_with_a_photo_is_downloaded_only_in_scope(login, client, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    walk = route(users["officer"])
    point = walk.points.first()
    login("volunteer")
    # a page that is not a picture is refused on the field; nothing is written
    fake = SimpleUploadedFile("point.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    client.post(f"/leads/patrols/points/{point.pk}/check-in/", {"client_id": str(uuid.uuid4()), "photo": fake})
    assert not CheckIn.objects.filter(point=point).exists() and not CheckInPhoto.objects.exists()
    photo = SimpleUploadedFile("point.jpg", JPEG, content_type="image/jpeg")
    response = client.post(
        f"/leads/patrols/points/{point.pk}/check-in/", {"client_id": str(uuid.uuid4()), "photo": photo}
    )
    assert response.status_code == 302
    [stored] = CheckInPhoto.objects.all()
    assert (
        stored.checkin.user == users["volunteer"] and stored.content_type == "image/jpeg" and len(stored.sha256) == 64
    )
    url = f"/leads/patrols/photos/{stored.pk}/"
    assert url in client.get(f"/leads/patrols/{walk.pk}/").content.decode()
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == JPEG
    login("officer")
    assert client.get(url).status_code == 200  # view_leads over the route
    other = Client()
    login("officer2", other)
    assert other.get(url).status_code == 404  # another station: as if it did not exist


def test_route_edit_keeps_checked_points_and_refuses_an_empty_route(login, client, users):
    walk = route(users["officer"], names=("东门", "北门"))
    east = walk.points.get(name="东门")
    services.checkin_record(acting_user=users["volunteer"], point=east, client_id=uuid.uuid4())
    login("officer")
    response = client.post(f"/leads/patrols/{walk.pk}/edit/", {"name": "", "points": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "请填写路线名称" in html and "请至少设定一个巡逻点" in html
    response = client.post(
        f"/leads/patrols/{walk.pk}/edit/",
        {"name": "江枫夜巡（调整）", "points": "北门\n中心花园", "times_per_week": 3, "is_active": "on"},
    )
    assert response.status_code == 302
    walk.refresh_from_db()
    points = {p.name: p.is_must_visit for p in walk.points.all()}
    assert walk.name == "江枫夜巡（调整）" and walk.times_per_week == 3
    assert points == {"北门": True, "中心花园": True, "东门": False}  # checked there: kept, no longer 必到


def test_team_members_must_be_grid_workers_or_volunteers(login, client, users):
    beat = unit_of(users["officer"])
    login("officer")
    response = client.post(
        "/leads/patrols/teams/new/", {"org_unit": beat.pk, "name": "", "members": [users["volunteer"].pk]}
    )
    assert response.status_code == 200 and "请填写巡逻队名称" in response.content.decode()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.patrol_team_save(acting_user=users["officer"], org_unit=beat, name="夜巡队", members=[users["lead"]])
    assert refused.value.message_dict == {"members": ["巡逻队员应为本单位的网格员或志愿者"]}
    response = client.post(
        "/leads/patrols/teams/new/", {"org_unit": beat.pk, "name": "江枫夜巡队", "members": [users["volunteer"].pk]}
    )
    assert response.status_code == 302
    team = PatrolTeam.objects.get(name="江枫夜巡队")
    assert list(team.members.all()) == [users["volunteer"]]
    response = client.post(f"/leads/patrols/teams/{team.pk}/", {"name": "江枫夜巡一队", "leader_name": "张队长"})
    team.refresh_from_db()
    assert response.status_code == 302 and (team.name, team.leader_name, team.members.count()) == (
        "江枫夜巡一队",
        "张队长",
        0,
    )


def test_a_lead_form_accepts_a_standard_address_of_the_beat(login, client, users):
    from registry.models import Address

    beat = unit_of(users["officer"])
    address = Address.objects.filter(scope_path__startswith=beat.path).order_by("-full_text").first()
    login("officer")
    form = {"org_unit": beat.pk, "kind": "hazard", "channel": "walk_in", "subject_text": "住户"}
    form |= {"occurred_at": "2026-11-18T08:00", "address": address.pk, "event": "电动车楼道充电"}
    assert client.post("/leads/new/", form).status_code == 302
    lead = Lead.objects.latest("pk")
    assert lead.address == address and lead.place_text == address.full_text


def test_art35_1_awareness_from_questionnaires_and_visits(login, client, users):
    officer = users["officer"]
    beat = unit_of(officer)
    november = (beat, date(2026, 11, 1), date(2026, 11, 30))
    before = indicators.awareness(*november)  # the demo's own visits of the month
    login("officer")
    questions = "您知道本社区的社区民警是谁吗：*知道/不知道\n您对社区治安满意吗：满意/一般/不满意"
    response = client.post(
        "/leads/questionnaires/new/", {"org_unit": beat.pk, "title": "知晓率调查", "questions": questions}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    questionnaire = Questionnaire.objects.get(title="知晓率调查")
    assert questionnaire.questions[0] == {
        "code": "q1",
        "text": "您知道本社区的社区民警是谁吗",
        "choices": [["1", "知道"], ["2", "不知道"]],
        "aware": "1",
    }
    url = f"/leads/questionnaires/{questionnaire.pk}/"
    # an unanswered question is refused on its own field; nothing is written
    response = client.post(url, {"org_unit": beat.pk, "answered_on": "2026-11-10", "q_q1": "1"})
    assert "请回答：您对社区治安满意吗" in response.content.decode() and not SurveyAnswer.objects.exists()
    for aware in ("1", "1", "2"):
        form = {"org_unit": beat.pk, "answered_on": "2026-11-10", "q_q1": aware, "q_q2": "1"}
        assert client.post(url, form).status_code == 302
    visit = services.household_visit_record(
        acting_user=officer,
        org_unit=beat,
        visited_on=date(2026, 11, 12),
        address_text="江枫路8号",
        met_persons="户主",
        content="了解出租情况",
        knows_officer=False,
    )
    assert visit.knows_officer is False
    measure = indicators.awareness(*november)
    assert (measure.numerator - before.numerator, measure.denominator - before.denominator) == (2, 4)
    assert "知晓社区民警：2/3户" in client.get(url).content.decode()
    # another station's officer does not see the questionnaire at all
    other = Client()
    login("officer2", other)
    assert other.get(url).status_code == 404
