"""规范004 "公安在调解": hand-over to a mediator with both files, the station's deadlines as data, the mediator sees
only their hand-overs, and a failure goes back to the duty officer at once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RoleAssignment
from accounts.roles import Role
from accounts.services import user_create
from casework import services
from casework.models import HandoverFile, MediationHandover
from tasks.models import Message

from .factories import at, beat_of, dispute, jpg, mediator, pdf

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _station(users):
    return beat_of(users["officer"]).parent


def _limits(users, accept_hours=24, days=15):
    for code, value in (("mediator_accept_hours", accept_hours), ("mediation_days", days)):
        services.local_limit_set(acting_user=users["lead"], org_unit=_station(users), code=code, value=value)


def _handover(users, d, m, *, when=None):
    return services.handover_create(
        acting_user=users["officer"],
        dispute=d,
        mediator=m,
        files={"evidence": [pdf()], "intake": [jpg()]},
        note="现场调处未果",
        now=when or at(date(2025, 4, 2), 9),
    )


def test_a_hand_over_without_both_files_is_refused_and_nothing_is_written(users, media):
    d = dispute(users, on=date(2025, 4, 1))
    m = mediator(users)
    files_before, messages_before = HandoverFile.objects.count(), Message.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.handover_create(acting_user=users["officer"], dispute=d, mediator=m, files={"evidence": [pdf()]})
    assert exc.value.message_dict == {"files": ["移交调解员须同时附案事件接报材料"]}
    with pytest.raises(ValidationError) as exc:
        services.handover_create(acting_user=users["officer"], dispute=d, mediator=m, files={})
    assert exc.value.message_dict == {"files": ["移交调解员须同时附前期调查取证材料和案事件接报材料"]}
    fake = SimpleUploadedFile("取证.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.handover_create(
            acting_user=users["officer"], dispute=d, mediator=m, files={"evidence": [fake], "intake": [jpg()]}
        )
    assert exc.value.message_dict["files"] == [
        "文件“取证.pdf”不是可接受的类型（可上传：PDF、JPG、PNG、DOCX、XLSX）；是否是文件类型由文件内容判断，不看扩展名"
    ]
    assert not MediationHandover.objects.filter(dispute=d).exists()
    assert (HandoverFile.objects.count(), Message.objects.count()) == (files_before, messages_before)
    assert not list(media.rglob("*.*"))


def test_the_mediator_is_told_and_accepts_within_the_stations_limit(users, media):
    _limits(users, accept_hours=24, days=15)
    d = dispute(users, on=date(2025, 4, 1))
    m = mediator(users)
    h = _handover(users, d, m)
    assert h.accept_due_at == datetime(2025, 4, 3, 9, 0, tzinfo=TZ)
    assert h.duty_officer == users["officer"]
    assert Message.objects.filter(recipient=users["mediator"], key=f"handover:{h.pk}:new").exists()
    assert sorted(h.files.values_list("kind", flat=True)) == ["evidence", "intake"]
    assert len(h.files.get(kind="evidence").sha256) == 64
    h = services.handover_accept(acting_user=users["mediator"], handover=h, now=at(date(2025, 4, 2), 15))
    assert (h.status, h.mediation_due_on) == ("accepted", date(2025, 4, 17))
    assert d.actions.filter(kind="handover", target=m.name).exists()


def test_without_a_station_limit_there_is_no_deadline(users, media):
    for code in ("mediator_accept_hours", "mediation_days"):  # the demo station set them
        services.local_limit_set(acting_user=users["lead"], org_unit=_station(users), code=code, value=None)
    d = dispute(users, on=date(2025, 4, 1))
    h = _handover(users, d, mediator(users))
    assert h.accept_due_at is None
    h = services.handover_accept(acting_user=users["mediator"], handover=h, now=at(date(2025, 4, 2), 15))
    assert h.mediation_due_on is None
    assert not MediationHandover.objects.filter(pk=h.pk).exclude(overdue_notified_at=None).exists()
    services.handover_deadlines_check(now=at(date(2025, 6, 1)))
    h.refresh_from_db()
    assert h.overdue_notified_at is None


def test_a_failed_mediation_tells_the_duty_officer_at_once(users, media):
    d = dispute(users, on=date(2025, 4, 1))
    h = _handover(users, d, mediator(users))
    services.handover_result(
        acting_user=users["mediator"], handover=h, success=False, note="双方分歧大，调解不成", now=at(date(2025, 4, 5))
    )
    h.refresh_from_db()
    assert h.status == "failed"
    [message] = Message.objects.filter(recipient=users["officer"], key=f"handover:{h.pk}:failed")
    assert message.text.startswith("调解不成功，请作后续处理") and "双方分歧大" in message.text
    assert d.actions.get(kind="mediator_result").outcome == "failure"
    d.refresh_from_db()
    assert d.status == "open"  # the dispute stays with the officer, its follow-up clock running
    with pytest.raises(ValidationError, match="不能反馈结果"):
        services.handover_result(acting_user=users["mediator"], handover=h, success=True, note="再试")


def test_a_hand_over_past_its_deadline_is_reported_to_the_duty_officer_once(users, media):
    _limits(users, accept_hours=24, days=10)
    d = dispute(users, on=date(2025, 4, 1))
    h = _handover(users, d, mediator(users))
    assert services.handover_deadlines_check(now=at(date(2025, 4, 3), 8)) == 0  # due at 9:00
    assert services.handover_deadlines_check(now=at(date(2025, 4, 3), 10)) == 1
    assert services.handover_deadlines_check(now=at(date(2025, 4, 3), 11)) == 0
    [message] = Message.objects.filter(recipient=users["officer"], key=f"handover:{h.pk}:overdue")
    assert "未按时接收" in message.text


def test_the_mediator_sees_only_the_hand_overs_made_to_them(users, media, client, login):
    from casework.selectors import my_handovers

    d1 = dispute(users, on=date(2025, 4, 1))
    d2 = dispute(users, on=date(2025, 4, 1), parties=["别人甲", "别人乙"], place_text="江枫社区建设路2号")
    other_account = user_create(
        acting_user=None,
        username="mediator_other",
        full_name="另一调解员",
        password="Mediate2026x",
        role=Role.MEDIATOR,
        org_unit=_station(users),
        must_change_password=False,
    )
    mine = _handover(users, d1, mediator(users))
    theirs = _handover(users, d2, mediator(users, user=None, name="另一调解员"))
    theirs.mediator.user = other_account
    theirs.mediator.save(update_fields=["user"])
    seen = list(my_handovers(user=users["mediator"]))
    assert mine in seen and theirs not in seen
    assert {h.mediator.user for h in seen} == {users["mediator"]}
    with pytest.raises(PermissionDenied):
        services.handover_accept(acting_user=users["mediator"], handover=theirs)
    login("mediator")
    assert client.get(f"/casework/mediation/{mine.pk}/").status_code == 200
    assert client.get(f"/casework/mediation/{theirs.pk}/").status_code == 404
    assert client.get("/casework/disputes/").status_code == 403
    assert client.get(f"/casework/disputes/{d1.pk}/").status_code == 403
    their_file = theirs.files.first()
    assert client.get(f"/casework/handover-files/{their_file.pk}/").status_code == 404
    response = client.get(f"/casework/handover-files/{mine.files.first().pk}/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    api = client.get("/api/v1/disputes/handovers").json()
    assert mine.pk in [row["id"] for row in api["items"]] and theirs.pk not in [row["id"] for row in api["items"]]
    assert (
        client.post(f"/api/v1/disputes/handovers/{theirs.pk}/accept", content_type="application/json").status_code
        == 404
    )
    assert RoleAssignment.objects.filter(user=users["mediator"], role=Role.MEDIATOR).exists()


def test_the_station_sets_its_limits_and_nothing_is_written_on_bad_input(users):
    lead, station = users["lead"], _station(users)
    with pytest.raises(ValidationError) as exc:
        services.local_limit_set(acting_user=lead, org_unit=station, code="mediation_days", value=0)
    assert exc.value.message_dict == {"value": ["时限应为1至366之间的整数"]}
    with pytest.raises(PermissionDenied):
        services.local_limit_set(acting_user=users["officer"], org_unit=station, code="mediation_days", value=5)
    with pytest.raises(PermissionDenied):
        services.local_limit_set(acting_user=users["lead2"], org_unit=station, code="mediation_days", value=5)
    services.local_limit_set(acting_user=lead, org_unit=station, code="mediation_days", value=5)
    beat = beat_of(users["officer"])
    assert services.limit_value("mediation_days", beat) == 5
    city = station.parent.parent
    services.local_limit_set(acting_user=users["control"], org_unit=city, code="mediation_days", value=30)
    assert services.limit_value("mediation_days", beat) == 5  # the station's own wins over the city's
    services.local_limit_set(acting_user=lead, org_unit=station, code="mediation_days", value=None)
    assert services.limit_value("mediation_days", beat) == 30


def test_the_deadline_check_runs_as_a_command_and_as_a_job(users):
    from io import StringIO

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from casework.jobs import casework_deadlines_job

    out = StringIO()
    call_command("casework_deadlines", stdout=out)
    assert out.getvalue().startswith("逾期提醒：")
    result = casework_deadlines_job.enqueue()
    assert DBTaskResult.objects.get(id=result.id).task_path == "casework.jobs.casework_deadlines_job"
