"""规范000 §5.2 第一时间就近受理、快速处置 (with §4.2.1, §4.2.4): an online request's first-response clock on
moved time, the nearest beat officer, the close limit as the officer's task, conversion into other modules."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.models import RoleAssignment
from audit.models import OperationLog
from leads.models import Lead
from online_groups import services
from online_groups.models import OnlineGroup, OnlineRequest
from outreach.models import ServiceRequest
from tasks.models import Task

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 18, 8, 0, tzinfo=TZ)


@pytest.fixture
def group(users):
    beat = RoleAssignment.objects.get(user=users["officer"], role="officer").org_unit
    return services.group_register(acting_user=users["officer"], org_unit=beat, name="时限测试群", visibility="ok")


def log(user, group, *, at=T0, category="police_report", **extra):
    with time_machine.travel(at + timedelta(minutes=1), tick=False):
        return services.online_request_log(
            acting_user=user, group=group, category=category, content="楼道里有烟味", resident_name="居民甲",
            received_at=at, **extra,
        )  # fmt: skip


def test_art5_2_police_report_clock_five_minutes_edges(users, group):
    request = log(users["officer"], group)
    assert request.first_response_minutes == 5 and request.respond_by == T0 + timedelta(minutes=5)
    assert request.assigned_to == users["officer"]  # the group's beat officer: 就近
    assert not request.late_as_of(T0 + timedelta(minutes=5))  # the fifth minute is in time
    assert request.late_as_of(T0 + timedelta(minutes=5, seconds=1))
    with time_machine.travel(T0 + timedelta(minutes=7), tick=False):
        services.online_request_acknowledge(acting_user=users["officer"], request=request)
    request.refresh_from_db()
    assert request.acknowledged_at == T0 + timedelta(minutes=7) and request.acknowledged_by == users["officer"]
    assert request.late_as_of(T0 + timedelta(days=3)) and request.response_minutes() == 7
    summary = OperationLog.objects.filter(action="online_request_acknowledge", object_id=str(request.pk)).get().summary
    assert summary == f"{request.number}首次回复（超时），用时7分钟"


def test_art5_2_acknowledged_within_the_clock_and_the_station_reading(users, group):
    request = log(users["officer"], group, category="consultation")
    assert request.respond_by == T0 + timedelta(minutes=60)  # 咨询: 60 minutes (reading)
    services.online_request_acknowledge(acting_user=users["officer"], request=request, at=T0 + timedelta(minutes=60))
    assert not request.late_as_of(T0 + timedelta(days=1))
    # The station sets its own 咨询 clock: new requests follow, the old keep the clock they were logged with.
    services.local_number_set(acting_user=users["lead"], org_unit=group.org_unit.parent,
                              code="first_response.consultation", value=20)  # fmt: skip
    later = log(users["officer"], group, category="consultation", at=T0 + timedelta(hours=1))
    assert later.first_response_minutes == 20 and later.respond_by == T0 + timedelta(hours=1, minutes=20)
    request.refresh_from_db()
    assert request.first_response_minutes == 60


def test_logged_as_already_answered_and_a_category_corrected_on_reply(users, group):
    with time_machine.travel(T0 + timedelta(minutes=3), tick=False):
        answered = services.online_request_log(acting_user=users["officer"], group=group, category="help",
                                               content="钥匙锁在家里了", received_at=T0, acknowledged=True)  # fmt: skip
    assert answered.acknowledged_at == T0 + timedelta(minutes=3) and not answered.late_as_of(T0 + timedelta(days=1))
    request = log(users["officer"], group, category="consultation")
    services.online_request_acknowledge(acting_user=users["officer"], request=request, at=T0 + timedelta(minutes=8),
                                        category="police_report")  # fmt: skip
    request.refresh_from_db()
    assert request.category == "police_report" and request.respond_by == T0 + timedelta(minutes=5)
    assert request.late_as_of(T0 + timedelta(minutes=8))


def test_bad_input_writes_nothing(users, group):
    before = OnlineRequest.objects.count()
    with pytest.raises(ValidationError) as error:
        services.online_request_log(acting_user=users["officer"], group=group, category="gossip", content=" ")
    assert error.value.message_dict["content"] == ["请填写内容"]
    assert error.value.message_dict["category"][0].startswith("类别应为以下之一：警情受理、求助")
    assert OnlineRequest.objects.count() == before
    request = log(users["officer"], group)
    with pytest.raises(ValidationError) as error:
        services.online_request_acknowledge(acting_user=users["officer"], request=request, at=T0 - timedelta(minutes=1))
    assert error.value.message_dict["at"] == ["首次回复时间不能早于群众发出时间（2026-11-18 08:00）"]
    request.refresh_from_db()
    assert request.acknowledged_at is None
    with pytest.raises(ValidationError) as error:
        services.online_request_close(acting_user=users["officer"], request=request, outcome="")
    assert error.value.message_dict["outcome"] == ["请填写处置结果"]


def test_art5_2_close_limit_is_the_beat_officers_task_and_closing_completes_it(users, group):
    request = log(users["officer"], group, category="dispute")
    task = Task.objects.get(record_type="online_request", record_id=str(request.pk))
    assert task.assignee == users["officer"] and task.due_at == T0 + timedelta(hours=72)
    assert task.obligation_code == "yunge_5_2_online_request_close"
    services.online_request_close(acting_user=users["officer"], request=request, outcome="双方当场和解")
    task.refresh_from_db()
    request.refresh_from_db()
    assert task.status == "closed"
    assert request.status == "closed" and request.acknowledged_at is not None  # closing is a reply at the latest


def test_conversion_into_a_service_request_a_lead_or_a_recorded_reference(users, group):
    consult = log(users["officer"], group, category="consultation")
    services.online_request_convert(acting_user=users["officer"], request=consult, kind="service_request")
    made = ServiceRequest.objects.get(number=consult.converted_ref)
    assert made.channel == "online_group" and made.service_type == "consultation" and made.received_at == T0
    assert made.applicant_name == "居民甲" and consult.number in made.content
    with pytest.raises(ValidationError) as error:
        services.online_request_convert(acting_user=users["officer"], request=consult, kind="lead")
    assert error.value.messages == [f"该诉求已转为为民服务诉求（{consult.converted_ref}）"]
    hazard = log(users["officer"], group, category="hazard")
    services.online_request_convert(acting_user=users["officer"], request=hazard, kind="lead")
    lead = Lead.objects.get(pk=int(hazard.converted_ref.removeprefix("XS")))
    assert lead.kind == "hazard" and lead.channel == "online_group"
    dispute = log(users["officer"], group, category="dispute")
    with pytest.raises(ValidationError) as error:
        services.online_request_convert(acting_user=users["officer"], request=dispute, kind="dispute")
    assert error.value.message_dict["ref"] == ["请填写矛盾纠纷（记录编号）的记录编号"]
    services.online_request_convert(acting_user=users["officer"], request=dispute, kind="dispute", ref="JF2026001")
    assert dispute.converted_ref == "JF2026001"


def test_another_stations_officer_cannot_log_in_this_group(users, group):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        log(users["officer2"], group)
    assert not OnlineGroup.objects.visible_to(users["officer2"]).filter(pk=group.pk).exists()


def test_two_requests_in_one_group_at_the_same_instant(users, group):
    first, second = log(users["officer"], group), log(users["officer"], group)
    assert first.number != second.number and first.received_at == second.received_at
    assert first.number.startswith("YG20261118")
