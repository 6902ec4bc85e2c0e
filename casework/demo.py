"""Demo casework on demo_officer's beat, dated relative to ``today`` and made through the services (so the
operation log and the rules engine see them as real work). Deterministic; idempotent (nothing when disputes exist).

Disputes: last month's neighbour dispute (resolved) and this week's between the same two residents, proposed and
confirmed as a repeat and waiting for the demo mediator; a family dispute whose party was marked as a DV
perpetrator from the dispute; a debt dispute whose 治安调解 agreement was not performed (报所 task); a dispute at
risk of 民转刑 reported to the upper level and mediated. Nothing falls due today or is overdue on the workbench (the
tasks demo owns those): follow-ups fall due three or more days on, so a weekend roll (rules.calendar) cannot
bring one to today.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from registry.models import Resident
from subjects.models import SubjectApproval
from subjects.services import subject_approval_decide

from . import services
from .models import Dispute, Mediator


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _file(name: str, header: bytes) -> ContentFile:
    return ContentFile(header + "演示材料（合成）".encode(), name=name)


def _mediators(station, lead) -> list[Mediator]:
    account = User.objects.filter(username="demo_mediator").first()
    rows = [
        {
            "name": "周调解",
            "kind": "people_mediator",
            "organization": "江枫社区人民调解委员会",
            "tags": ["人", "事", "地"],
            "speciality": "邻里、家庭纠纷",
            "phone": "13800001001",
            "user": account,
        },
        {
            "name": "钱律师",
            "kind": "lawyer",
            "organization": "江枫律师事务所（义务律师进所）",
            "tags": ["事", "物", "组织"],
            "speciality": "债务、合同纠纷",
            "phone": "13800001002",
        },
        {
            "name": "吴辅警",
            "kind": "auxiliary",
            "organization": "枫桥派出所（专职调解员）",
            "tags": ["人", "网络"],
            "speciality": "网络购物、邻里纠纷",
            "phone": "13800001003",
        },
    ]
    return [services.mediator_register(acting_user=lead, org_unit=station, data=row) for row in rows]


@transaction.atomic
def seed_casework(*, today: date | None = None) -> int:
    if Dispute.objects.exists():
        return 0
    officer = User.objects.filter(username="demo_officer").first()
    lead = User.objects.filter(username="demo_lead").first()
    if officer is None or lead is None:
        return 0
    today = today or timezone.localdate()
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    station = beat.parent
    people = list(Resident.objects.filter(org_unit=beat, is_active=True).order_by("-pk")[:8])
    if len(people) < 6:
        return 0
    neighbour_a, neighbour_b, husband, wife, debtor, lender = people[:6]
    d = lambda n: today - timedelta(days=n)  # noqa: E731
    for code, value in (("mediator_accept_hours", 24), ("mediation_days", 15)):
        services.local_limit_set(acting_user=lead, org_unit=station, code=code, value=value)
    mediator = _mediators(station, lead)[0]
    place = f"{beat.children.order_by('path').first().name}幸福路8号3栋2单元301室"

    def record(day_ago, hour, **data):
        return services.dispute_record(
            acting_user=officer, beat=beat, reported_at=_at(d(day_ago), hour), now=_at(d(day_ago), hour + 1), **data
        )

    neighbours = [{"resident": neighbour_a}, {"resident": neighbour_b}]
    last_month = record(
        35,
        9,
        domain="neighbour",
        source="call",
        summary="楼上卫生间漏水，楼下住户上门争吵，报警求助。",
        place_text=place,
        risk_level="low",
        parties=neighbours,
    )
    services.dispute_action_record(
        acting_user=officer,
        dispute=last_month,
        kind="onsite",
        note="现场调处，双方同意先行维修。",
        outcome="success",
        done_at=_at(d(35), 11),
        now=_at(d(35), 12),
    )
    services.dispute_follow_up_record(
        acting_user=officer,
        dispute=last_month,
        visited_on=d(30),
        visited="双方当事人",
        progress="已维修，双方无新的争执。",
        risk_level="low",
        satisfaction="satisfied",
        today=d(30),
    )
    services.dispute_resolve(
        acting_user=officer, dispute=last_month, resolved_on=d(20), resolution="维修完毕，双方和解。", today=d(20)
    )

    this_week = record(
        3,
        20,
        domain="neighbour",
        source="call",
        summary="漏水再次发生，双方在楼道推搡，再次报警。",
        place_text=place,
        risk_level="medium",
        risk_reasons=["repeat_calls"],
        parties=neighbours,
    )
    for candidate in this_week.repeat_candidates.all():
        services.repeat_candidate_decide(acting_user=officer, candidate=candidate, confirm=True)
    services.handover_create(
        acting_user=officer,
        dispute=this_week,
        mediator=mediator,
        files={
            "evidence": [_file("前期调查取证.pdf", b"%PDF-1.4\n")],
            "intake": [_file("案事件接报材料.pdf", b"%PDF-1.4\n")],
        },
        note="现场调处未果，移交社区调解室。",
        now=_at(d(1), 15),
    )

    family = record(
        4,
        21,
        domain="family",
        source="call",
        summary="丈夫酒后殴打妻子，邻居报警。",
        place_text=f"{beat.children.order_by('path').first().name}和平路12号",
        risk_level="high",
        risk_reasons=["domestic_violence"],
        parties=[{"resident": husband, "subject_concern": "dv_perpetrator"}, {"resident": wife}],
    )
    party = family.parties.get(resident=husband)
    services.dispute_marking_request(
        acting_user=officer,
        party=party,
        category="dv_perpetrator",
        facts={"warning_served_on": d(2).isoformat(), "victim": wife.name},
        today=d(2),
    )
    approval = SubjectApproval.objects.get(subject=party.marking)
    subject_approval_decide(acting_user=lead, approval=approval, approve=True, today=d(1))

    debt = record(
        15,
        14,
        domain="debt",
        source="visit",
        summary="借款到期未还，双方在小区门口发生拉扯，损坏手机。",
        place_text=f"{beat.children.order_by('path').first().name}建设路3号",
        risk_level="medium",
        parties=[{"resident": debtor}, {"resident": lender}],
    )
    agreement = services.agreement_record(
        acting_user=officer,
        dispute=debt,
        reached=True,
        parties_text=f"{debtor.name}、{lender.name}",
        terms="十日内赔偿手机维修费800元，借款另行协商。",
        signed_on=d(14),
        now=_at(d(14), 10),
    )
    services.dispute_follow_up_record(
        acting_user=officer,
        dispute=debt,
        visited_on=d(9),
        visited="双方当事人",
        progress="已签订调解协议，等待履行。",
        risk_level="medium",
        satisfaction="neutral",
        today=d(9),
    )
    # Found not performed today: the 报所 task is due within 24 hours (tomorrow on the workbench, not today).
    services.agreement_performance_record(acting_user=officer, agreement=agreement, performed=False, checked_on=today)

    risky = record(
        4,
        10,
        domain="marriage",
        source="lead",
        summary="离婚财产纠纷，一方扬言“同归于尽”，多次报警。",
        place_text=f"{beat.children.order_by('path').first().name}向阳路20号",
        risk_level="high",
        risk_reasons=["repeat_calls", "threat", "civil_to_criminal"],
        parties=[{"name": "孙某某", "phone": "13900002001"}, {"name": "赵某某", "phone": "13900002002"}],
        is_major=True,
    )
    services.dispute_action_record(
        acting_user=officer,
        dispute=risky,
        kind="upper_report",
        target="江枫市公安局枫桥分局",
        note="纠纷及调处情况、风险隐患已书面报告。",
        done_at=_at(d(4), 15),
        now=_at(d(4), 16),
    )
    services.dispute_action_record(
        acting_user=officer,
        dispute=risky,
        kind="people_mediation",
        target="派出所人民调解室",
        note="法治教育后在调解室调解，双方就财产分割达成一致。",
        outcome="success",
        done_at=_at(d(2), 15),
        now=_at(d(2), 16),
    )
    return Dispute.objects.count()


# ---------------------------------------------------------------- incidents

# The demo station's arrival limits (规范001 第八十一条(一) gives no number: these are the station's own data,
# set by its lead as any station would, never a default of the software).
DEMO_ARRIVAL_MINUTES = {"criminal": 20, "public_order": 20, "accident": 15, "mass": 15, "emergency": 10}


@transaction.atomic
def seed_incidents(*, today: date | None = None) -> int:
    """Incidents on demo_officer's beat: a burglary pushed by 综合指挥室, arrived in time, filed three days ago (its
    第八十条 follow-up due in four days); a fire with the five 第八十四条 steps, handled; a telecom-fraud victim (no
    scene) followed up the same day, with a 见面劝阻 command task from 情指中心; a missing elderly person pushed as an
    emergency yesterday, found. Nothing is due today or overdue. Idempotent (nothing when incidents exist)."""
    from .limits import arrival_code
    from .models import Incident

    if Incident.objects.exists():
        return 0
    officer = User.objects.filter(username="demo_officer").first()
    lead = User.objects.filter(username="demo_lead").first()
    room = User.objects.filter(username="demo_command_room").first()
    centre = User.objects.filter(username="demo_command_centre").first()
    if None in (officer, lead, room, centre):
        return 0
    today = today or timezone.localdate()
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    station = beat.parent
    people = list(Resident.objects.filter(org_unit=beat, is_active=True).order_by("pk")[:4])
    if len(people) < 3:
        return 0
    victim, fraud_victim, relative = people[:3]
    d = lambda n: today - timedelta(days=n)  # noqa: E731
    community = beat.children.order_by("path").first().name
    for kind, minutes in DEMO_ARRIVAL_MINUTES.items():
        services.local_limit_set(acting_user=lead, org_unit=station, code=arrival_code(kind), value=minutes)

    burglary = services.incident_push(
        acting_user=room,
        beat=beat,
        kind="criminal",
        subkind="burglary",
        source="command_room",
        summary="110接报：住户外出返家发现房门被撬，现金和首饰被盗。",
        place_text=f"{community}幸福路8号5栋1单元502室",
        reported_at=_at(d(3), 21),
        now=_at(d(3), 21) + timedelta(minutes=4),
    )
    services.incident_arrive(
        acting_user=officer,
        incident=burglary,
        arrived_at=_at(d(3), 21) + timedelta(minutes=16),
        now=_at(d(3), 22),
    )
    for step, note in (
        ("protect", "保护现场，等待刑侦技术人员勘查，安抚受害人。"),
        ("verify", "核实受害人及其家属基本情况，走访同楼住户摸排线索。"),
    ):
        services.incident_scene_record(
            acting_user=officer, incident=burglary, step=step, note=note, done_at=_at(d(3), 22), now=_at(d(3), 23)
        )
    person = services.incident_person_add(
        acting_user=officer, incident=burglary, person={"resident": victim, "role": "victim"}, today=d(3)
    )
    services.incident_person_verify(acting_user=officer, person=person, now=_at(d(3), 23))
    services.incident_file(
        acting_user=officer, incident=burglary, filed_on=d(3), case_number=f"A{d(3):%Y%m%d}0001", today=d(3)
    )

    fire = services.incident_record(
        acting_user=officer,
        beat=beat,
        kind="accident",
        subkind="fire",
        source="officer",
        summary="巡逻发现小区电动车棚起火，火势较小。",
        place_text=f"{community}和平路12号电动车棚",
        reported_at=_at(d(6), 19),
        arrived_at=_at(d(6), 19) + timedelta(minutes=2),
        now=_at(d(6), 20),
    )
    steps = (
        ("report", "立即报告所值班室，请求消防支援。"),
        ("evacuate", "疏散车棚周边住户，拉设警戒带维持秩序。"),
        ("rescue", "协助消防扑救，无人员伤亡，防止蔓延至居民楼。"),
        ("investigate", "协助调取监控、询问目击住户，固定证据。"),
        ("control", "确认起火原因为违规充电，找到车主并移交处理。"),
    )
    for n, (step, note) in enumerate(steps):
        services.incident_scene_record(
            acting_user=officer,
            incident=fire,
            step=step,
            note=note,
            done_at=_at(d(6), 19) + timedelta(minutes=5 + 10 * n),
            now=_at(d(6), 21),
        )
    services.incident_close(
        acting_user=officer, incident=fire, closed_on=d(5), result="火情扑灭，无人员伤亡；车棚增设充电桩。", today=d(5)
    )

    fraud = services.incident_push(
        acting_user=centre,
        beat=beat,
        kind="criminal",
        subkind="fraud",
        source="command_centre",
        summary="受害人接到冒充客服电话，被诱导转账，已报警。",
        place_text=f"{community}建设路3号",
        reported_at=_at(d(2), 10),
        has_scene=False,
        now=_at(d(2), 10) + timedelta(minutes=10),
    )
    victim_row = services.incident_person_add(
        acting_user=officer, incident=fraud, person={"resident": fraud_victim, "role": "victim"}, today=d(2)
    )
    services.incident_follow_up_record(
        acting_user=officer,
        incident=fraud,
        kind="contact",
        visited_on=d(2),
        visited="受害人（电话联系）",
        content="了解被骗经过，告知止付渠道，提醒勿再转账。",
        items=["progress", "education"],
        risk_level="medium",
        satisfaction="satisfied",
        today=d(2),
    )
    services.incident_dissuasion_instruct(
        acting_user=centre, person=victim_row, due_on=today + timedelta(days=5), note="受害人仍与对方联系，请见面劝阻。"
    )

    missing = services.incident_push(
        acting_user=room,
        beat=beat,
        kind="emergency",
        subkind="missing",
        source="command_room",
        summary="家属报称患阿尔茨海默病的老人外出未归。",
        place_text=f"{community}向阳路20号",
        reported_at=_at(d(1), 18),
        now=_at(d(1), 18) + timedelta(minutes=3),
    )
    services.incident_arrive(
        acting_user=officer, incident=missing, arrived_at=_at(d(1), 18) + timedelta(minutes=11), now=_at(d(1), 19)
    )
    services.incident_person_add(
        acting_user=officer, incident=missing, person={"resident": relative, "role": "relative"}, today=d(1)
    )
    services.incident_scene_record(
        acting_user=officer,
        incident=missing,
        step="protect",
        note="发动网格员、志愿者分片寻找，调阅沿途监控。",
        done_at=_at(d(1), 19),
        now=_at(d(1), 20),
    )
    services.incident_close(
        acting_user=officer, incident=missing, closed_on=d(1), result="当晚在公园找到老人，已送回家中。", today=d(1)
    )
    return Incident.objects.count()
