"""The demo's 云格 (built by the session's district): four groups — compliant, one auxiliary short, a bad nickname,
one registered by hand (not a 客户群) — and requests with one late first response."""

import pytest

from online_groups.models import Broadcast, OnlineGroup, OnlineRequest

pytestmark = pytest.mark.django_db


def test_demo_groups_show_each_kind_of_finding(users):
    groups = {g.chat_id: g for g in OnlineGroup.objects.order_by("pk")}
    compliant, short, bad_nick = groups["wr-demo-1"], groups["wr-demo-2"], groups["wr-demo-3"]
    manual = next(g for g in groups.values() if g.is_manual)
    assert (compliant.composition_ok, compliant.nickname_ok) == (True, True)
    assert [f["code"] for f in compliant.findings if f["level"] == "violation"] == []
    assert (short.composition_ok, short.nickname_ok) == (False, True)
    assert [f["code"] for f in short.findings if f["level"] == "violation"] == ["composition_auxiliary"]
    assert (bad_nick.composition_ok, bad_nick.nickname_ok) == (True, False)
    assert sorted(f["code"] for f in bad_nick.findings if f["level"] == "violation") == [
        "nickname_empty",
        "nickname_phone",
    ]
    assert manual.visibility == "not_customer" and manual.composition_ok
    assert manual.chat_id == "wr-demo-4"  # known to the fake WeCom, which answers 90501 for it
    assert bad_nick.org_unit.kind == "grid" and compliant.org_unit.kind == "community"


def test_demo_requests_include_a_late_first_response():
    late = OnlineRequest.objects.get(category="police_report", content__startswith="楼下有人撬电动车锁")
    assert late.first_response_minutes == 5
    assert late.response_minutes() == 40 and late.late_as_of(late.acknowledged_at)
    kf = OnlineRequest.objects.get(kf_msgid="demo-kf-msg-1")
    assert kf.source == "kf" and kf.acknowledged_at is None and kf.group.chat_id == "wr-demo-1"
    hazard = OnlineRequest.objects.get(category="hazard")
    assert hazard.converted_kind == "lead" and hazard.converted_ref


def test_demo_broadcasts_sent_confirmed_and_held_over_the_cap():
    first, second = Broadcast.objects.order_by("pk")
    assert sorted(first.targets.values_list("status", flat=True)) == ["confirmed", "sent"]
    held = second.targets.get()
    assert held.status == "queued" and held.held and held.outbound_id == ""
