"""Demo 群众工作 on demo_officer's beat, made through the services (so the operation log, the rules engine and the
ledger see them as real work). Deterministic; idempotent (nothing when leads exist).

* a patrol route with two 必到点 and demo_volunteer's check-ins this morning;
* the station's 积分超市 with three articles, and a redemption by demo_volunteer;
* an adopted 治安隐患 lead reported by demo_volunteer (points credited), an actionable lead with its oral report
  waiting for 研判, a resident's issue within the officer's duties (feedback clock), a 社情民意 item;
* an informant and a 治安耳目 among the special subjects; a household visit and a contact card;
* a grid worker's report of a new resident waiting for the officer.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Perm, Role

from . import services
from .models import Lead


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _user(name):
    return User.objects.filter(username=name).first()


@transaction.atomic
def seed_leads(*, today: date | None = None) -> int:
    if Lead.objects.exists():
        return 0
    officer, lead_user, control = _user("demo_officer"), _user("demo_lead"), _user("demo_control")
    volunteer, grid_worker = _user("demo_volunteer"), _user("demo_grid")
    if None in (officer, lead_user, control, volunteer, grid_worker):
        return 0
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    grid = RoleAssignment.objects.get(user=volunteer, role=Role.VOLUNTEER).org_unit
    station = services.station_of(beat)
    grid_addresses = list(services.address_choices(volunteer)[:2])  # empty where the registry assigns no grids
    addresses = list(services.address_choices(officer, Perm.HANDLE_LEADS)[:1])

    # patrols: a route of the beat, walked by the volunteer yesterday evening (two points, 40 minutes)
    team = services.patrol_team_create(
        acting_user=officer,
        org_unit=beat,
        name="江枫义务巡逻队",
        leader_name="陈队长",
        members=[volunteer, grid_worker],
    )
    route = services.patrol_route_create(
        acting_user=officer,
        org_unit=beat,
        name="江枫社区夜间巡逻路线",
        team=team,
        must_lines="社区东门—中心广场—菜市场—社区北门",
        times_per_week=3,
        points=[{"name": "社区东门"}, {"name": "中心广场"}, {"name": "菜市场"}, {"name": "社区北门"}],
    )
    points = list(route.points.all())
    for i, point in enumerate(points[:2]):
        services.checkin_record(
            acting_user=volunteer,
            point=point,
            client_id=uuid.UUID(int=1000 + i),
            checked_at=_at(yesterday, 19 + i, 20 - 20 * i),
        )

    # the store, and the adopted lead's points spent on one article
    store = [("手电筒", 3, 20), ("雨衣", 5, 15), ("保温杯", 30, 5)]
    items = [
        services.store_item_save(acting_user=lead_user, station=station, name=name, cost=cost, stock=stock)
        for name, cost, stock in store
    ]

    place = grid_addresses[0] if grid_addresses else None
    hazard = services.lead_report(
        acting_user=volunteer,
        org_unit=grid,
        kind="hazard",
        channel="patrol",
        subject_text="江枫小区3号楼住户",
        occurred_at=_at(yesterday, 19, 45),
        place_text="江枫小区3号楼一楼楼道",
        address=place,
        event="楼道内停放电动车并私拉电线充电，堆放纸箱，存在火灾隐患",
        cause="楼内无集中充电设施",
        now=_at(yesterday, 20, 5),
    )
    services.lead_submit(acting_user=officer, lead=hazard, now=_at(yesterday, 21))
    services.lead_judge(acting_user=control, lead=hazard, adopt=True, note="转消防部门联合整治", now=_at(today, 9))
    services.redemption_make(acting_user=volunteer, item=items[0], now=_at(today, 9, 30))

    actionable = services.lead_report(
        acting_user=officer,
        org_unit=beat,
        kind="violence",
        channel="informant",
        subject_text="辖区某欠薪务工人员群体（约10人）",
        occurred_at=_at(yesterday, 15),
        place_text="江枫工业园南门",
        event="信息员反映有人串联欠薪工友，拟于本周五到园区管委会聚集讨薪",
        is_actionable=True,
        oral_report_at=_at(yesterday, 15, 30),
        oral_report_to="值班所领导",
        now=_at(yesterday, 16),
    )
    services.lead_submit(acting_user=officer, lead=actionable, now=_at(yesterday, 16, 30))

    services.lead_report(
        acting_user=officer,
        org_unit=beat,
        kind="sentiment_voice",
        channel="meeting",
        subject_text="江枫社区居民代表",
        occurred_at=_at(yesterday, 10),
        place_text="江枫社区居委会",
        event="居民代表反映小区老年人较多，希望加强防诈骗宣传",
        now=_at(yesterday, 11),
    )
    services.lead_report(
        acting_user=officer,
        org_unit=beat,
        kind="disorder",
        channel="walk_in",
        subject_text="菜市场周边摊贩",
        occurred_at=_at(today, 8),
        place_text="江枫菜市场东侧",
        event="居民反映早市摊贩占道，车辆通行困难，时有口角",
        from_resident=True,
        resident_name="王秀英",
        resident_phone="13905550123",
        within_duties=True,
        received_on=today,
        now=_at(today, 8, 30),
    )

    # informants: one 信息员, one 耳目 among the special subjects where the demo has one on this beat
    from subjects.models import SpecialSubject

    services.informant_register(
        acting_user=officer,
        org_unit=beat,
        kind="informant",
        alias="江枫-01",
        name="赵晓明",
        phone="13905551001",
        field="工业园区务工人员动态",
        recruited_on=today - timedelta(days=200),
    )
    subject = SpecialSubject.objects.filter(scope_path__startswith=beat.path).first()
    if subject is not None:
        services.informant_register(
            acting_user=officer,
            org_unit=beat,
            kind="covert",
            alias="江枫-耳目1",
            name="孙建国",
            phone="13905551002",
            special_subject=subject,
            recruited_on=today - timedelta(days=120),
        )

    if addresses:
        place = addresses[0]
        services.household_visit_record(
            acting_user=officer,
            org_unit=beat,
            address=place,
            visited_on=yesterday,
            met_persons="户主李大爷",
            knows_officer=True,
            content="了解家庭成员和出租情况，宣传防诈骗知识",
        )
        services.contact_card_issue(acting_user=officer, address=place, issued_on=yesterday, holder_name="李大爷")

    services.resident_report_submit(
        acting_user=grid_worker,
        org_unit=grid,
        kind="new",
        name="刘新来",
        gender="男",
        phone="13905552001",
        population_type="floating",
        address=grid_addresses[1] if len(grid_addresses) > 1 else None,
        address_text="" if len(grid_addresses) > 1 else "江枫小区5号楼201室",
        detail="新租住，在工业园务工",
    )
    return Lead.objects.count()
