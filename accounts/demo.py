"""A deterministic synthetic district for the demo and for tests: 江枫市 (a made-up city).

Names are drawn from common surnames and given-name characters with a fixed seed; ID numbers and
phones are synthetic (valid check digits, region code of a made-up county). Nothing is from real people.
Everything is created through the services, so the operation log shows how the district was built.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction
from stdnum.cn import ric

from org.models import CommunityType, OrgUnit, OrgUnitKind, StaffKind
from org.services import org_unit_create, staff_create, team_create

from .models import User
from .roles import Role
from .services import user_create

CITY_CODE = "JF"
DEMO_PASSWORD = "Fengqiao2026"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰志红建国文斌海波宁浩宇晨欣怡子轩梓涵雨桐俊杰"
STATIONS = ["枫桥", "寒山", "虎丘", "运河", "石湖", "横塘", "木渎", "胥口", "浒关", "通安", "东渚", "镇湖"]
COMMUNITIES = [
    "江枫",
    "白马涧",
    "金色",
    "长青",
    "新塘",
    "马浜",
    "华山",
    "天池",
    "建林",
    "向阳",
    "和平",
    "幸福",
    "光明",
    "民主",
    "团结",
    "前进",
    "友谊",
    "花园",
    "锦绣",
    "阳光",
    "翠微",
    "青山",
    "绿水",
    "新村",
]
VILLAGES = ["枫南村", "星火村", "何山村", "龙池村", "金墅村", "旺山村", "上方村", "渔洋村"]


@dataclass
class DemoResult:
    created: bool
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, unit)
    counts: dict[str, int] = field(default_factory=dict)


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _id_number(rng: random.Random, gender: str) -> str:
    birth = f"{rng.randint(1965, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    seq = rng.randint(10, 99) * 10 + (rng.choice([1, 3, 5, 7, 9]) if gender == "male" else rng.choice([0, 2, 4, 6, 8]))
    body = f"329901{birth}{seq:03d}"  # 329901: a made-up county code
    return body + ric.calc_check_digit(body + "0")  # stdnum expects the check digit's place present


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def demo_accounts() -> list[tuple[str, str, str]]:
    rows = []
    for user in User.objects.filter(username__startswith="demo_").order_by("username"):
        for a in user.role_assignments.select_related("org_unit"):
            rows.append((user.username, a.get_role_display(), a.org_unit.name))
    return rows


@transaction.atomic
def build_demo_district(*, stations: int = 4, beats_per_station: int = 4, seed: int = 2026) -> DemoResult:
    if OrgUnit.objects.filter(code=CITY_CODE).exists():
        return DemoResult(created=False, accounts=demo_accounts())
    rng = random.Random(seed)
    unit = org_unit_create
    city = unit(
        acting_user=None,
        kind=OrgUnitKind.CITY_BUREAU,
        name="江枫市公安局",
        code=CITY_CODE,
        address="江枫市人民路1号",
        phone="0512-110",
    )
    bureaus = [
        unit(
            acting_user=None,
            kind=OrgUnitKind.BUREAU,
            name=f"江枫市公安局{n}分局",
            code=f"{CITY_CODE}{i + 1:02d}",
            parent=city,
        )
        for i, n in enumerate(["枫桥", "运河"])
    ]
    staff_total = 0

    def person(kind, org_unit, team=None, **extra):
        nonlocal staff_total
        gender = (
            rng.choice(["male", "male", "female"])
            if kind in (StaffKind.COMMUNITY_OFFICER, StaffKind.OTHER_POLICE)
            else rng.choice(["male", "female"])
        )
        staff_total += 1
        return staff_create(
            acting_user=None,
            name=_name(rng),
            gender=gender,
            kind=kind,
            org_unit=org_unit,
            team=team,
            id_number=_id_number(rng, gender),
            phone=_phone(rng),
            **extra,
        )

    station_units = []
    community_names = iter(COMMUNITIES * 100)
    village_names = iter(VILLAGES * 100)
    for s in range(stations):
        bureau = bureaus[s % len(bureaus)]
        label = STATIONS[s] if s < len(STATIONS) else f"第{s + 1}"
        # The first station is large and runs 两队一室; the others are small (社区民警全员化).
        large = s == 0
        station = unit(
            acting_user=None,
            kind=OrgUnitKind.STATION,
            name=f"{label}派出所",
            code=f"{bureau.code}{s + 1:03d}",
            parent=bureau,
            has_two_teams_one_room=large,
            address=f"江枫市{label}路{10 + s}号",
            phone=f"0512-6{s:03d}0110",
        )
        station_units.append(station)
        person(StaffKind.STATION_LEAD, station, police_number=f"{s + 1:02d}0001")
        for k in range(22 if large else 2):  # 案件办理队、综合指挥室 etc.
            person(StaffKind.OTHER_POLICE, station, police_number=f"{s + 1:02d}1{k:03d}")
        for b in range(beats_per_station):
            beat = unit(
                acting_user=None,
                kind=OrgUnitKind.BEAT,
                name=f"{label}第{b + 1}警务区",
                code=f"{station.code}{b + 1:02d}",
                parent=station,
            )
            rural = b == beats_per_station - 1 and not large
            communities = []
            for c in range(2):
                name = next(village_names) if rural else f"{next(community_names)}社区"
                communities.append(
                    unit(
                        acting_user=None,
                        kind=OrgUnitKind.COMMUNITY,
                        name=name,
                        code=f"{beat.code}{c + 1:02d}",
                        parent=beat,
                        community_type=CommunityType.RURAL if rural else CommunityType.URBAN,
                        population=rng.randrange(1800, 4200, 10),
                    )
                )
            if b != 1 or s != 1:  # one beat without a 警务室, so the demo shows that warning (第二十条)
                unit(
                    acting_user=None,
                    kind=OrgUnitKind.POLICE_POST,
                    name=f"{communities[0].name}警务室",
                    code=f"{beat.code}P",
                    parent=beat,
                    address=f"{communities[0].name}党群服务中心",
                )
            officer = person(StaffKind.COMMUNITY_OFFICER, beat, police_number=f"{s + 1:02d}2{b:03d}")
            team = team_create(acting_user=None, beat=beat, name=f"{beat.name}社区警务团队", leader=officer)
            officer.team = team
            officer.save(update_fields=["team"])
            for community in communities:
                person(StaffKind.AUXILIARY, beat, team=team)
                for g in range(2):
                    grid = unit(
                        acting_user=None,
                        kind=OrgUnitKind.GRID,
                        name=f"{community.name}第{g + 1}网格",
                        code=f"{community.code}{g + 1:02d}",
                        parent=community,
                    )
                    person(StaffKind.GRID_WORKER, grid, team=team, is_full_time=False)
                # 治保会: three members, except one community kept at two (第十三条 warning in the demo).
                for _ in range(2 if (s, b) == (0, 0) and community is communities[1] else 3):
                    person(StaffKind.SECURITY_COMMITTEE, community, team=team, is_full_time=False)
            person(StaffKind.VOLUNTEER, beat, team=team, is_full_time=False)
            person(StaffKind.INFORMANT, beat, is_full_time=False)

    result = DemoResult(created=True)
    first, second = station_units[0], station_units[1 % len(station_units)]
    beat1 = first.children.filter(kind=OrgUnitKind.BEAT).order_by("path").first()
    grid1 = OrgUnit.objects.filter(kind=OrgUnitKind.GRID, path__startswith=beat1.path).order_by("path").first()
    beat2 = second.children.filter(kind=OrgUnitKind.BEAT).order_by("path").first()
    officer_staff = OrgUnit.objects.get(pk=beat1.pk).staff.filter(kind=StaffKind.COMMUNITY_OFFICER).first()
    plan = [
        ("demo_officer", "社区民警", Role.OFFICER, beat1, officer_staff),
        ("demo_auxiliary", "辅警", Role.AUXILIARY, beat1, None),
        ("demo_grid", "网格员", Role.GRID_WORKER, grid1, None),
        ("demo_volunteer", "志愿者", Role.VOLUNTEER, grid1, None),
        ("demo_lead", "所领导", Role.STATION_LEAD, first, None),
        ("demo_command_room", "综合指挥室", Role.COMMAND_ROOM, first, None),
        ("demo_officer2", "社区民警（另一所）", Role.OFFICER, beat2, None),
        ("demo_lead2", "所领导（另一所）", Role.STATION_LEAD, second, None),
        ("demo_control", "基础管控中心", Role.CONTROL_CENTRE, city, None),
        ("demo_command_centre", "情指中心", Role.COMMAND_CENTRE, city, None),
        ("demo_auditor", "督察", Role.AUDITOR, city, None),
        ("demo_mediator", "调解员", Role.MEDIATOR, first, None),
    ]
    for username, label, role, org_unit, staff in plan:
        user_create(
            acting_user=None,
            username=username,
            full_name=staff.name if staff else f"演示{label}",
            password=DEMO_PASSWORD,
            role=role,
            org_unit=org_unit,
            staff=staff,
            must_change_password=False,
        )
    result.accounts = demo_accounts()
    result.counts = {
        "units": OrgUnit.objects.count(),
        "stations": len(station_units),
        "staff": staff_total,
        "beats": OrgUnit.objects.filter(kind=OrgUnitKind.BEAT).count(),
    }
    return result
