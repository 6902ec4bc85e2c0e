"""Demo 为民服务 on demo_officer's beat, dated relative to ``today`` and made through the services (so the operation
log and the rules engine see them as real work). Deterministic; idempotent (nothing when requests exist there).

Every beat gets its public information and its team's published contacts (the public page of each demo beat).
demo_officer's beat: a consultation received three working days ago and still open (overdue: its task escalates,
the station page and the list show it red), an urgent household matter received at 23:00 last night and done
within the 24 hours then rated 满意 with its code, a 无犯罪记录证明 issued as a PDF, a 财物丢失 report matched with
an item handed in and returned (the finder told), two care recipients (an elderly person living alone whose first
visit is due, a child left behind visited last week) and a week of post opening hours with one 7-hour day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from org.models import AUXILIARY_KINDS, OrgUnit, OrgUnitKind, Staff, StaffKind
from registry.models import Resident
from rules import calendar

from . import services
from .models import BeatPublicInfo, PublicContact, ServiceRequest

DUTIES = (
    "掌握警务区基本情况，开展人口和单位信息采集；化解矛盾纠纷；开展治安防范和安全宣传；"
    "接受群众求助、咨询，为群众办理户籍、证件等便民服务；关爱帮扶辖区特殊群体。"
)
COMMITMENT = "首问负责、限时办结、超时问责；急需事项24小时服务；服务不满意可凭评价码评价或提出意见建议。"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _public(lead) -> None:
    """Public information for every beat and a published contact for each officer and auxiliary."""
    for beat in OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, is_active=True).order_by("path"):
        if BeatPublicInfo.objects.filter(beat=beat).exists():
            continue
        BeatPublicInfo.objects.create(
            beat=beat,
            duties=DUTIES,
            reception_times="周一至周五 8:30–17:30；周三、周四为固定接待日；急需事项24小时服务",
            office_phone=beat.phone or "0512-66001110",
            supervision="可在本页提交意见建议，或拨打派出所值班电话反映",
            commitment=COMMITMENT,
        )
    kinds = (StaffKind.COMMUNITY_OFFICER, *AUXILIARY_KINDS)
    for n, staff in enumerate(Staff.objects.filter(kind__in=kinds, org_unit__kind=OrgUnitKind.BEAT).order_by("pk")):
        PublicContact.objects.get_or_create(
            staff=staff,
            defaults={
                "official_phone": f"0512-6601{n % 10000:04d}",
                "duties": "社区民警，负责警务区全面工作"
                if staff.kind == StaffKind.COMMUNITY_OFFICER
                else "协助社区民警开展工作",
            },
        )


@transaction.atomic
def seed_outreach(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    officer = User.objects.filter(username="demo_officer").first()
    lead = User.objects.filter(username="demo_lead").first()
    if officer is None or lead is None:
        return 0
    _public(lead)
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    if ServiceRequest.objects.filter(beat=beat).exists():
        return 0
    now = _at(today, 9)
    made = 0

    def receive(when, **data):
        nonlocal made
        made += 1
        return services.service_request_receive(acting_user=officer, beat=beat, received_at=when, **data)

    # Overdue: a consultation of one working day received three working days ago, still open.
    three_back = calendar.add_workdays(today, -3)
    overdue = receive(
        _at(three_back, 15),
        service_type="consultation",
        channel="phone",
        content="咨询随迁子女入学需要的居住证明材料",
        applicant_name="演示群众甲",
        applicant_phone="13800005001",
    )
    # 超时处理 (规范003): the station lead records why it is late and what was done; it stays open and red.
    services.service_request_overdue_note(
        acting_user=lead, request=overdue, note="民警连续外出处置警情未及时答复，已督促今日电话答复群众"
    )
    # Urgent at night, done within the 24 hours, rated with the code.
    night = _at(today - timedelta(days=1), 23)
    urgent = receive(
        night,
        service_type="household",
        channel="phone",
        is_urgent=True,
        content="老人突发重病需转院，急需补办户口簿",
        applicant_name="演示群众乙",
        applicant_phone="13800005002",
        priority_group="elderly",
        home_service=True,
    )
    _done, code = services.service_request_close(
        acting_user=officer,
        request=urgent,
        done_at=min(now, timezone.now()),
        result="上门受理，已协调户籍窗口当晚加急办理",
    )
    services.service_request_rate(code=code, satisfaction="satisfied", comment="民警深夜上门，非常感谢")
    # A certificate at the window.
    cert = receive(
        _at(today - timedelta(days=2), 10),
        service_type="no_criminal_record",
        channel="window",
        content="应聘需要无犯罪记录证明",
        applicant_name="演示群众丙",
        applicant_phone="13800005003",
    )
    services.certificate_issue(
        acting_user=officer, request=cert, holder="演示群众丙", facts="经查询，未发现该人有犯罪记录。", purpose="应聘"
    )
    services.service_request_close(
        acting_user=officer, request=cert, done_at=_at(today - timedelta(days=2), 11), result="已出具无犯罪记录证明"
    )
    # Lost and found: a wallet reported lost, a wallet handed in, matched and returned.
    lost = services.lost_found_register(
        acting_user=officer,
        beat=beat,
        kind="lost",
        description="棕色皮质钱包，内有公交卡",
        happened_on=today - timedelta(days=3),
        place="江枫菜场门口",
        person_name="演示失主",
        person_phone="13800005004",
    )
    found = services.lost_found_register(
        acting_user=officer,
        beat=beat,
        kind="found",
        description="棕色钱包一个",
        happened_on=today - timedelta(days=3),
        place="江枫菜场",
        person_name="演示拾得人",
        person_phone="13800005005",
    )
    services.lost_found_match(acting_user=officer, item=lost, other=found)
    services.lost_found_return(acting_user=officer, item=lost, outcome="失主认领，已当面归还并告知拾得人")
    # Care recipients.
    people = list(Resident.objects.filter(org_unit=beat, is_active=True).order_by("pk")[:2])
    if len(people) == 2:
        services.care_recipient_add(
            acting_user=officer,
            resident=people[0],
            group="elderly_alone",
            situation="独居，子女在外地",
            since=today - timedelta(days=10),
            committee_notified_on=today - timedelta(days=9),
        )
        child = services.care_recipient_add(
            acting_user=officer,
            resident=people[1],
            group="child",
            situation="父母外出务工，随祖父母生活",
            since=today - timedelta(days=20),
        )
        services.care_visit_record(
            acting_user=officer,
            recipient=child,
            visited_on=today - timedelta(days=6),
            situation="学习生活正常",
            help_given="联系社区志愿者辅导功课",
        )
    # Post opening hours for the last five working days (one short day).
    day, logged = today - timedelta(days=1), 0
    while logged < 5:
        if calendar.is_workday(day):
            short = logged == 2
            services.post_opening_record(
                acting_user=officer,
                post=beat,
                day=day,
                opened_at=time(8, 30),
                closed_at=time(15, 30) if short else time(17, 30),
                reception_day=day.weekday() in (2, 3),
                note="民警外出处置警情" if short else "",
            )
            logged += 1
        day -= timedelta(days=1)
    return made
