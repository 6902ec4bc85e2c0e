"""Demo 云格 on demo_officer's beat, dated relative to ``today`` (yesterday and the day before, so no time lies in
the future whenever it runs) and made through the services — the three WeCom groups through the very envelopes the
gateway hands over (``inbox.apply``), so the demo shows the register as the gateway would fill it without any
WeCom account. Deterministic; idempotent (nothing when the beat has groups).

Four groups: one compliant (1+2+2+N, every nickname right), one with a single auxiliary, one whose officer's
nickname carries a wrong phone and whose auxiliary has none, and one registered by hand (a group started from
personal WeChat: the API answers 90501). Requests: a 警情 answered after 40 minutes (late against its 5-minute
clock), a 求助 answered in 4 minutes and closed, a 咨询 from the 微信客服 still waiting, a 隐患 carried on as a
lead. A 群发 to three groups: sent, confirmed, and one over the month's cap (queued).

``fake_seed`` describes the same groups for the gateway's fake WeCom (``python -m wecom demo`` reads
``<spool>/fake-seed.json``, which ``manage.py demo_district`` writes): its chat ids, owner and members as the register
holds them, the hand-registered group as answering 90501, and who could join where (the missing auxiliary) — so the
gateway's snapshots route to this register and change only what changed on the fake.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from org.models import AUXILIARY_KINDS, OrgUnit, OrgUnitKind, Staff, StaffKind
from org.services import staff_create

from . import inbox, services, spool
from .models import OnlineGroup, Visibility

CORP = "ww-demo-corp"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def nickname(unit: str, staff: Staff) -> str:
    return f"{unit}-{staff.name}-{staff.phone}"


def _envelope(envelope_id: str, kind: str, at: datetime, payload: dict) -> dict:
    return {"id": envelope_id, "kind": kind, "received_at": at.isoformat(), "corp_id": CORP, "payload": payload}


def _member(userid: str, kind: int, name: str, nick: str, joined: datetime) -> dict:
    return {"userid": userid, "type": kind, "name": name, "group_nickname": nick, "join_time": int(joined.timestamp()),
            "join_scene": 1}  # fmt: skip


@transaction.atomic
def seed_online_groups(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    officer = User.objects.filter(username="demo_officer").first()
    if officer is None:
        return 0
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    if OnlineGroup.objects.filter(scope_path__startswith=beat.path).exists():
        return 0
    station, bureau = beat.parent, beat.parent.parent
    yesterday, before = today - timedelta(days=1), today - timedelta(days=2)
    staff = Staff.objects.filter(is_active=True).select_related("org_unit")
    police = staff.filter(org_unit=beat, kind=StaffKind.COMMUNITY_OFFICER).first()
    auxiliaries = list(staff.filter(org_unit=beat, kind__in=AUXILIARY_KINDS).order_by("pk")[:2])
    station_police = staff.filter(org_unit=station, kind=StaffKind.OTHER_POLICE).order_by("pk").first()
    bureau_police = staff.filter(org_unit=bureau, kind=StaffKind.OTHER_POLICE).order_by("pk").first()
    if bureau_police is None:  # the demo district has no bureau staff otherwise
        bureau_police = staff_create(acting_user=None, name="陈立新", gender="male", kind=StaffKind.OTHER_POLICE,
                                     org_unit=bureau, phone="13951400021", police_number="000101")  # fmt: skip
    grids = list(OrgUnit.objects.filter(kind=OrgUnitKind.GRID, path__startswith=beat.path).order_by("path"))
    communities = list(OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNITY, parent=beat).order_by("path"))
    grid_worker = staff.filter(org_unit=grids[0], kind=StaffKind.GRID_WORKER).first()
    volunteer = staff.filter(org_unit=beat, kind=StaffKind.VOLUNTEER).first()
    people = [police, *auxiliaries, station_police, bureau_police, grid_worker, volunteer]
    for person in people:
        services.staff_account_set(
            acting_user=None, staff=person, wecom_userid=f"wx-{person.police_number or person.pk}"
        )
    userid = {p.pk: f"wx-{p.police_number or p.pk}" for p in people}
    account = f"station-{station.code}"
    joined = _at(before, 9)

    def police_rows(*, aux=auxiliaries, officer_nick=None, aux_nicks=None):
        rows = [
            _member(userid[police.pk], 1, police.name, officer_nick or nickname(station.name, police), joined),
            _member(userid[station_police.pk], 1, station_police.name, nickname(station.name, station_police), joined),
            _member(userid[bureau_police.pk], 1, bureau_police.name, nickname(bureau.name, bureau_police), joined),
            _member(account, 1, station.name, station.name, joined),
            _member(userid[grid_worker.pk], 2, grid_worker.name, nickname(grids[0].name, grid_worker), joined),
            _member(userid[volunteer.pk], 2, volunteer.name, f"志愿者-{volunteer.name}-{volunteer.phone}", joined),
        ]
        for n, a in enumerate(aux):
            nick = (aux_nicks or {}).get(n, nickname(beat.name, a))
            rows.append(_member(userid[a.pk], 1, a.name, nick, joined))
        return rows

    residents = [_member(f"wm-demo-{n}", 2, "", f"{communities[0].name}居民{n}", joined) for n in range(1, 4)]
    snapshots = [
        (f"{communities[0].name}平安群", "wr-demo-1", police_rows()),
        (f"{communities[1].name}平安群", "wr-demo-2", police_rows(aux=auxiliaries[:1])),
        (
            f"{grids[1].name}邻里群",
            "wr-demo-3",
            # A wrong phone in the officer's nickname; an auxiliary with none; the other written with a full-width
            # dash and spaces (lenient: it passes).
            police_rows(
                officer_nick=f"{station.name}-{police.name}-13800000000",
                aux_nicks={0: "", 1: f"{beat.name} － {auxiliaries[1].name} － {auxiliaries[1].phone}"},
            ),
        ),
    ]
    for name, chat_id, rows in snapshots:
        payload = {
            "chat_id": chat_id,
            "name": name,
            "owner": account,  # the station's 企业微信 account owns the 客户群 (§4.2.4)
            "notice": "本群由社区民警、辅警在线服务",
            "create_time": int(joined.timestamp()),
            "cause": "reconcile",
            "members": rows + residents,
            "admin_list": [{"userid": account}],
        }
        inbox.apply(_envelope(f"demo-{chat_id}", "group_snapshot", _at(before, 9, 5), payload))
    groups = {g.chat_id: g for g in OnlineGroup.objects.filter(chat_id__startswith="wr-demo-")}
    # The inbox placed them at the beat of the first of our members (the owner is the station account); the officer
    # moves each to its community or grid.
    places = {"wr-demo-1": communities[0], "wr-demo-2": communities[1], "wr-demo-3": grids[1]}
    for chat_id, g in groups.items():
        kf = "wk-demo-kf" if chat_id == "wr-demo-1" else ""
        services.group_update(acting_user=None, group=g, org_unit=places[chat_id], station_account=account,
                              specialist=station_police, kf_open_id=kf)  # fmt: skip
    manual = services.group_register(
        acting_user=None, org_unit=communities[1], name=f"{communities[1].name}老年人互助群", visibility="not_customer",
        chat_id="wr-demo-4", station_account=account, specialist=station_police,
    )  # fmt: skip
    manual.visibility_detail = "90501 not external group"
    manual.save(update_fields=["visibility_detail"])
    for person, unit in ((police, station.name), (auxiliaries[0], beat.name), (auxiliaries[1], beat.name),
                         (station_police, station.name), (bureau_police, bureau.name)):  # fmt: skip
        services.member_add(acting_user=None, group=manual, staff=person, nickname=nickname(unit, person))
    services.member_add(acting_user=None, group=manual, name=station.name, role="station_account", userid=account)
    services.member_add(acting_user=None, group=manual, name="王阿姨", nickname="王阿姨", role="resident")

    first = groups["wr-demo-1"]
    late = services.online_request_log(
        acting_user=None, group=first, category="police_report", content="楼下有人撬电动车锁，请民警过来看看",
        resident_name=f"{communities[0].name}居民1", received_at=_at(yesterday, 8, 2),
    )  # fmt: skip
    services.online_request_acknowledge(acting_user=officer, request=late, at=_at(yesterday, 8, 42))
    quick = services.online_request_log(
        acting_user=None, group=groups["wr-demo-2"], category="help", content="老人走失，穿灰色外套，求帮忙寻找",
        resident_name="热心群众", received_at=_at(before, 20, 0),
    )  # fmt: skip
    services.online_request_acknowledge(acting_user=officer, request=quick, at=_at(before, 20, 4))
    services.online_request_close(acting_user=officer, request=quick, outcome="民警与网格员在公园找到老人，已送回家")
    inbox.apply(_envelope("demo-kf-1", "kf_message", _at(yesterday, 21, 30), {
        "open_kfid": "wk-demo-kf", "external_userid": "wm-demo-2", "msgid": "demo-kf-msg-1",
        "send_time": int(_at(yesterday, 21, 30).timestamp()), "msgtype": "text", "chat_id": "wr-demo-1",
        "text": "请问居住证续签要带哪些材料？",
    }))  # fmt: skip
    hazard = services.online_request_log(
        acting_user=None, group=groups["wr-demo-3"], category="hazard", content="3号楼楼道堆放大量纸箱，担心起火",
        resident_name=f"{communities[0].name}居民3", received_at=_at(yesterday, 10, 15),
    )  # fmt: skip
    services.online_request_acknowledge(acting_user=officer, request=hazard, at=_at(yesterday, 10, 30))
    services.online_request_convert(acting_user=officer, request=hazard, kind="lead")

    services.local_number_set(acting_user=None, org_unit=station, code="broadcast_monthly_cap", value=1)
    broadcast = services.broadcast_create(
        acting_user=None, groups=[first, groups["wr-demo-2"]],
        text="【防诈提醒】凡是要求转账到“安全账户”的都是诈骗！如有疑问请在群内咨询社区民警。",
    )  # fmt: skip
    outbound = broadcast.targets.first().outbound_id
    for chat_id, status in (("wr-demo-1", "submitted"), ("wr-demo-1", "confirmed"), ("wr-demo-1", "sent"),
                            ("wr-demo-2", "submitted"), ("wr-demo-2", "confirmed")):  # fmt: skip
        inbox.apply(_envelope(f"demo-{outbound}-{chat_id}-{status}", "broadcast_status", _at(yesterday, 9), {
            "outbound_id": outbound, "chat_id": chat_id, "status": status, "msgid": f"msg-{chat_id}", "detail": "",
        }))  # fmt: skip
    services.broadcast_create(acting_user=None, groups=[first],
                              text="【安全提示】近期天干物燥，楼道请勿堆放杂物。")  # fmt: skip
    return OnlineGroup.objects.filter(scope_path__startswith=beat.path).count()


def _seed_member(member) -> dict:
    joined = int(member.joined_at.timestamp()) if member.joined_at else None
    return {
        "userid": member.userid,
        "type": member.member_type,
        "name": member.name,
        "group_nickname": member.nickname,
        "join_time": joined,
        "join_scene": 1,
    }


def fake_seed() -> dict | None:
    """The demo's WeCom-visible groups as the register holds them, in the shape ``python -m wecom demo`` seeds its fake
    WeCom with (groupchat/get's members): ``groups`` (chat id, name, owner = the station account, notice, active
    members with userid/type/name/nickname/join time), ``not_visible`` (the hand-registered group: 90501),
    ``people`` (our staff with a WeCom userid, each with the nickname of the group where theirs is right),
    ``suggestions`` (who is missing from a group that is not 1+2+2+N), ``newcomer`` (a resident the gateway's demo
    lets join) and the 微信客服 account. Read from the database, ordered: the same register gives the same file."""
    officer = User.objects.filter(username="demo_officer").first()
    if officer is None:
        return None
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    demo = OnlineGroup.objects.filter(scope_path__startswith=beat.path, chat_id__startswith="wr-demo-").select_related(
        "org_unit"
    )
    visible = list(demo.filter(visibility=Visibility.OK, dismissed_at=None).order_by("chat_id"))
    if not visible:
        return None
    groups, people, suggestions = [], {}, []
    members = {g.pk: list(g.members.filter(left_at=None).order_by("joined_at", "userid")) for g in visible}
    # Nicknames of the groups whose nicknames are right come first: each person's entry is the right one.
    for group in sorted(visible, key=lambda g: (not g.nickname_ok, g.chat_id)):
        for m in members[group.pk]:
            if m.staff_id and m.userid not in people:
                people[m.userid] = {k: v for k, v in _seed_member(m).items() if k in ("userid", "type", "name",
                                                                                      "group_nickname")}  # fmt: skip
    for group in visible:
        owner = group.owner_userid or group.station_account
        rows = [_seed_member(m) for m in members[group.pk]]
        groups.append({"chat_id": group.chat_id, "name": group.name, "owner": owner, "notice": group.notice,
                       "members": rows})  # fmt: skip
        if not group.composition_ok:
            present = {m.userid for m in members[group.pk]}
            suggestions += [{"chat_id": group.chat_id, "group": group.name, **person}
                            for userid, person in sorted(people.items())
                            if userid not in present and person["type"] == 1]  # fmt: skip
    hidden = demo.filter(visibility=Visibility.NOT_CUSTOMER).order_by("chat_id")
    taken = {m.userid for rows in members.values() for m in rows}
    n = next(n for n in range(1, 10_000) if f"wm-demo-{n}" not in taken)
    first = visible[0]
    kf_resident = next((m.userid for m in members[first.pk] if m.member_type == 2 and not m.staff_id), "")
    return {
        "_comment": "Written by manage.py demo_district from the core's register (online_groups/demo.py fake_seed): "
        "the fake WeCom of `python -m wecom demo` holds the register's very groups and members.",
        "corp_id": CORP,
        "kf": first.kf_open_id or "wk-demo-kf",
        "kf_resident": kf_resident,
        "groups": groups,
        "not_visible": [{"chat_id": g.chat_id, "name": g.name, "owner": g.station_account} for g in hidden],
        "people": list(people.values()),
        "suggestions": suggestions,
        "newcomer": {
            "chat_id": first.chat_id,
            "userid": f"wm-demo-{n}",
            "type": 2,
            "name": "",
            "group_nickname": f"{first.org_unit.name}居民{n}",
        },
    }


def write_fake_seed(spool_dir=None) -> Path | None:
    """Write ``fake_seed()`` to ``<spool>/fake-seed.json`` (atomically); None when the demo has no 云格 groups."""
    seed = fake_seed()
    if seed is None:
        return None
    root = spool.spool_root(spool_dir)
    root.mkdir(parents=True, exist_ok=True)
    target = root / "fake-seed.json"
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(seed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target
