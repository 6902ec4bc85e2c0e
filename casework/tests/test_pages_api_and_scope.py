"""Pages and API over the same services: a cross-area dispute (第七十四条) is written by the lead beat, read by
the assisting beat and missing (404) elsewhere; every read of a party is on the access trail; forms answer in
Chinese and write nothing on bad input; the marking request lands in the lead's 标注审批."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from accounts.services import user_create
from audit.models import AccessRecord
from casework import services
from casework.models import Dispute, DisputeAction
from org.models import OrgUnit, OrgUnitKind

from .factories import beat_of, dispute, resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def cross_area(users):
    """A dispute on demo_officer's beat (station 枫桥) assisted by demo_officer2's beat (station 寒山)."""
    assist_beat = beat_of(users["officer2"])
    d = dispute(users, on=date(2025, 4, 1), assists=[(assist_beat, "residence")])
    third_beat = OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, parent__name="虎丘派出所").order_by("path").first()
    user_create(
        acting_user=None,
        username="officer_huqiu",
        full_name="虎丘民警",
        password="Huqiu2026pass",
        role=Role.OFFICER,
        org_unit=third_beat,
        must_change_password=False,
    )
    return d


def test_cross_area_dispute_lead_writes_assist_reads_other_stations_404(cross_area, users, client, login):
    d = cross_area
    # the assisting beat reads it, read-only
    login("officer2")
    page = client.get(f"/casework/disputes/{d.pk}/").content.decode()
    assert "只能查看" in page and 'id="record-action"' not in page
    assert str(d.pk) in client.get("/casework/disputes/").content.decode()
    assert client.get(f"/casework/disputes/{d.pk}/actions/new/").status_code == 403
    response = client.post(
        f"/api/v1/disputes/{d.pk}/actions", {"kind": "onsite", "note": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied, match="配合单位"):
        services.dispute_action_record(acting_user=users["officer2"], dispute=d, kind="onsite", note="越权")
    assert client.get(f"/api/v1/disputes/{d.pk}").json()["may_write"] is False
    # its station lead too
    login("lead2")
    assert client.get(f"/casework/disputes/{d.pk}/").status_code == 200
    # another station: missing
    client.logout()
    client.post("/login/", {"username": "officer_huqiu", "password": "Huqiu2026pass"})
    assert client.get(f"/casework/disputes/{d.pk}/").status_code == 404
    assert client.get(f"/api/v1/disputes/{d.pk}").status_code == 404
    assert str(d.summary) not in client.get("/casework/disputes/?q=楼上漏水").content.decode()
    # the lead beat writes
    login("officer")
    response = client.post(
        f"/casework/disputes/{d.pk}/actions/new/",
        {"kind": "referral_platform", "note": "分流至社区治理平台", "target": "江枫社区网格化服务中心"},
    )
    assert response.status_code == 302
    assert DisputeAction.objects.filter(dispute=d, kind="referral_platform").count() == 1


def test_roles_without_dispute_rights_are_refused(users, client, login):
    for who in ("grid", "volunteer", "auditor", "mediator"):
        login(who)
        assert client.get("/casework/disputes/").status_code == 403, who
        assert client.get("/api/v1/disputes").status_code == 403, who


def test_every_read_of_a_party_is_on_the_access_trail_and_phones_are_masked(cross_area, users, client, login):
    d = cross_area
    login("officer")
    html = client.get(f"/casework/disputes/{d.pk}/").content.decode()
    assert "139****1234" in html and "13900001234" not in html
    rows = AccessRecord.objects.filter(user=users["officer"], object_type="dispute_party")
    assert sorted(rows.values_list("object_label", flat=True)) == [f"张甲（纠纷{d.pk}）", f"李乙（纠纷{d.pk}）"]
    html = client.get(f"/casework/disputes/{d.pk}/?unmask=1").content.decode()
    assert "13900001234" in html
    assert rows.filter(action="unmask").count() == 2
    body = client.get(f"/api/v1/disputes/{d.pk}").json()
    assert body["parties"][0]["phone"] == "139****1234"
    assert rows.filter(channel="api", action="view").count() == 2
    # the assisting beat's officer may read, not unmask (no unmask right over the lead beat)
    login("officer2")
    html = client.get(f"/casework/disputes/{d.pk}/?unmask=1").content.decode()
    assert "13900001234" not in html
    assert AccessRecord.objects.filter(user=users["officer2"], object_type="dispute_party", action="view").count() == 2
    # an export names every exported dispute with its parties on the trail
    login("officer")
    response = client.get("/casework/disputes/?export=xlsx&q=楼上漏水")
    assert response.status_code == 200
    exported = AccessRecord.objects.filter(user=users["officer"], object_type="dispute", action="export")
    assert f"纠纷{d.pk}：张甲、李乙" in list(exported.values_list("object_label", flat=True))


def test_the_record_form_answers_in_chinese_and_writes_nothing_on_bad_input(users, client, login):
    login("officer")
    beat = beat_of(users["officer"])
    before = Dispute.objects.count()
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/casework/disputes/new/",
        {
            "beat": beat.pk,
            "domain": "neighbour",
            "source": "call",
            "summary": " ",
            "place_text": "江枫社区幸福路1号",
            "reported_at": tomorrow,
            "risk_level": "low",
            "party1_id_number": "329901199001011234",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "未找到该身份号码的实有人口（或不在您的查看范围内）" in html
    response = client.post(
        "/casework/disputes/new/",
        {
            "beat": beat.pk,
            "domain": "neighbour",
            "source": "call",
            "summary": " ",
            "place_text": "江枫社区幸福路1号",
            "reported_at": tomorrow,
            "risk_level": "low",
        },
    )
    html = response.content.decode()
    for message in ("请填写纠纷概要", "发现/接报时间不能晚于现在", "请至少填写一名当事人"):
        assert message in html, message
    assert Dispute.objects.count() == before


def test_record_by_page_with_a_registered_party_then_api_list_and_filters(users, client, login):
    beat = beat_of(users["officer"])
    person = resident(beat, "页面当事人")
    person.id_number = "329901199001010011"
    person.save(update_fields=["id_number"])
    login("officer")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/casework/disputes/new/",
        {
            "beat": beat.pk,
            "domain": "debt",
            "source": "visit",
            "summary": "欠款纠纷",
            "place_text": "江枫社区建设路5号",
            "reported_at": now,
            "risk_level": "high",
            "risk_reasons": ["civil_to_criminal", "threat"],
            "party1_id_number": "329901199001010011",
            "party1_role": "party",
            "party1_concern": "threat",
            "party2_name": "债权人",
            "party2_phone": "13800000000",
            "is_police_matter": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    d = Dispute.objects.get(summary="欠款纠纷")
    assert [p.resident for p in d.parties.all()] == [person, None]
    assert d.escalation_flagged_at is not None
    items = client.get("/api/v1/disputes?domain=debt&risk_level=high").json()["items"]
    assert d.pk in [row["id"] for row in items]
    page = client.get(f"/casework/disputes/{d.pk}/").content.decode()
    assert "向上级公安机关报告" in page  # the 第七十四条(三) task is on the dispute's due list
    assert "申请标注特定对象" in page


def test_marking_request_from_a_dispute_reaches_the_station_leads_approvals(users, client, login):
    beat = beat_of(users["officer"])
    person = resident(beat, "扬言者")
    d = dispute(users, on=date(2025, 4, 1), parties=[{"resident": person, "subject_concern": "threat"}, "对方"])
    party = d.parties.get(resident=person)
    login("officer")
    response = client.post(f"/casework/parties/{party.pk}/mark/", {"category": "threat", "threat__cause": ""})
    assert "请填写扬言原因" in response.content.decode()
    response = client.post(
        f"/casework/parties/{party.pk}/mark/", {"category": "threat", "threat__cause": "纠纷中扬言报复"}
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.marking.status == "pending" and party.marking.category == "threat"
    login("lead")
    assert "扬言者" in client.get("/subjects/approvals/").content.decode()
    # a free-text party cannot be marked until linked to the registry
    other = d.parties.get(name="对方")
    response = client.post(
        f"/api/v1/disputes/parties/{other.pk}/marking",
        {"category": "threat", "facts": {"cause": "x"}},
        content_type="application/json",
    )
    assert response.status_code == 403  # the lead may not record disputes
    login("officer")
    response = client.post(
        f"/api/v1/disputes/parties/{other.pk}/marking",
        {"category": "threat", "facts": {"cause": "x"}},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["detail"] == {
        "resident": ["请先将该当事人关联到实有人口，再申请标注特定对象"]
    }


def test_indicator_page_and_api_follow_scope(users, client, login):
    login("officer")
    page = client.get("/casework/disputes/indicators/").content.decode()
    assert "干预化解的矛盾纠纷及时了解和跟进回访率" in page and "枫桥第1警务区" in page and "寒山" not in page
    rows = client.get("/api/v1/disputes/indicators?month=2025-04").json()
    assert {r["unit_name"] for r in rows} == {"枫桥第1警务区"}
    assert [i["code"] for i in rows[0]["indicators"]][:3] == [
        "art76_1_dispute_follow_up_rate",
        "art76_2_repeat_dispute_marking_rate",
        "art76_3_subject_marking_rate",
    ]
    login("lead")
    names = {r["unit_name"] for r in client.get("/api/v1/disputes/indicators").json()}
    assert "枫桥派出所" in names and "枫桥第1警务区" in names and not any("寒山" in n for n in names)
    login("control")
    assert "江枫市公安局" in {r["unit_name"] for r in client.get("/api/v1/disputes/indicators").json()}


def test_demo_has_the_promised_disputes(users):
    """Demo: a repeat neighbour dispute, a DV perpetrator marked from a family dispute, a hand-over waiting for a
    mediator, an agreement not performed (with its 报所 task)."""
    repeat = Dispute.objects.get(domain="neighbour", repeat_of__isnull=False)
    assert repeat.handovers.get().status == "waiting" and repeat.handovers.get().mediator.user == users["mediator"]
    family = Dispute.objects.get(domain="family")
    assert family.parties.exclude(marking=None).get().marking.status == "active"
    agreement = Dispute.objects.get(domain="debt").agreements.get()
    assert agreement.performed is False
    from tasks.models import Task

    assert Task.objects.filter(
        record_type="mediation_agreement", record_id=str(agreement.pk), status="dispatched"
    ).exists()


def test_dispute_pages_in_english_from_the_apps_own_catalogue(login, client):
    from django.conf import settings
    from django.utils import translation

    login("officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        body = client.get("/casework/disputes/").content.decode()
        assert "Record a dispute" in body and "Risk level" in body and "录入矛盾纠纷" not in body
        from django.contrib.auth import get_user_model

        officer = get_user_model().objects.get(username="demo_officer")
        # An open neighbour dispute of the officer's own beat (the page offers 记录处置措施 only there).
        d = Dispute.objects.filter(domain="neighbour", status="open", beat=beat_of(officer)).first()
        body = client.get(f"/casework/disputes/{d.pk}/").content.decode()
        assert "Record a step" in body and "Timeline" in body and "记录处置措施" not in body
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active in this thread
