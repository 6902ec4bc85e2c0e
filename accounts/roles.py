"""Roles and what each may do — one table, read by the scope layer, the pages and the API.

A role is held at an org unit (``RoleAssignment``) and applies to that unit's whole subtree.
Roles and their duties: DESIGN.md "Who uses it".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("社区民警")
    AUXILIARY = "auxiliary", _("专职辅警/警务助理")
    GRID_WORKER = "grid_worker", _("网格员")
    VOLUNTEER = "volunteer", _("志愿者")
    STATION_LEAD = "station_lead", _("所领导")
    COMMAND_ROOM = "command_room", _("综合指挥室")
    CONTROL_CENTRE = "control_centre", _("基础管控中心")
    COMMAND_CENTRE = "command_centre", _("情指中心")
    AUDITOR = "auditor", _("督察/科信")
    MEDIATOR = "mediator", _("调解员")


class Perm:
    """Permission codes. Each is checked through ``role_grants`` / ``user_may``, never by role name."""

    VIEW_ORG = "view_org"  # org tree, units, teams
    VIEW_STAFF = "view_staff"  # staff lists and records (masked)
    UNMASK_PERSONAL = "unmask_personal"  # see full ID numbers and phone numbers (on the access trail)
    EXPORT = "export"  # Excel export of lists
    MANAGE_STAFF = "manage_staff"  # create/disable accounts, assign roles and beats, reset passwords
    VIEW_STAFFING = "view_staffing"  # staffing warnings (规范001 第五条、第二十三条)
    VIEW_AUDIT = "view_audit"  # access trail, operation log, sign-in log
    VIEW_REGISTRY = "view_registry"  # 一标三实: addresses, residents, houses, organisations (masked)
    EDIT_REGISTRY = "edit_registry"  # record, correct, import, verify findings, merge duplicates
    VIEW_TASKS = "view_tasks"  # task lists and detail, handling rate (规范001 第三十条(四))
    HANDLE_TASKS = "handle_tasks"  # accept a task, submit feedback, ask for an extension
    MANAGE_TASKS = "manage_tasks"  # dispatch/reassign, review feedback, approve extensions (所领导)
    ISSUE_COMMAND_TASKS = "issue_command_tasks"  # 指令任务 (情指中心、综合指挥室)
    PUSH_TASKS = "push_tasks"  # 推送任务 (基础管控中心, 规范001 第四十条(二))
    MANAGE_OBLIGATIONS = "manage_obligations"  # adjust the rules engine's obligation parameters
    # 群众工作 (leads): 社情民意, 情况线索, informants, visits, cards, patrols, points (规范001 第四十三至五十六条)
    VIEW_LEADS = "view_leads"  # lead lists and detail, 第五十二条 figures, visits, cards, patrol routes
    REPORT_LEADS = "report_leads"  # report a lead or 社情民意 item (网格员/志愿者: their own reports only)
    HANDLE_LEADS = "handle_leads"  # 社区民警: oral report, 报告, 处置, feedback, visits, cards, confirm intake
    JUDGE_LEADS = "judge_leads"  # 基础管控中心: 研判, 采用/不采用 (第五十一条、第五十二条)
    VIEW_INFORMANTS = "view_informants"  # 治安信息员/治安耳目 registers (第四十八条(三)): beat officer and above
    MANAGE_INFORMANTS = "manage_informants"  # 布建、撤销信息员和耳目 (the beat officer)
    PATROL = "patrol"  # check in at patrol points, own points and the 积分超市 (规范004)
    MANAGE_PATROLS = "manage_patrols"  # routes with 必巡线/必到点, teams, the station's points rules and store
    COLLECT_RESIDENTS = "collect_residents"  # 网格员: report a new resident or a change for the officer (第二十七条)
    VIEW_SUBJECTS = "view_subjects"  # 特定对象 lists, detail, timeline (masked; every opening on the trail)
    MARK_SUBJECTS = "mark_subjects"  # 标注/撤销标注 requests, visits, category records, transfers
    APPROVE_SUBJECTS = "approve_subjects"  # 所领导 decides marking/unmarking (规范001 第三十九条)
    VIEW_HEALTH = "view_health"  # the system health page (科信: database, replica, jobs, schedules, disk)
    VIEW_DISPUTES = "view_disputes"  # 矛盾纠纷 lists, detail, parties (masked; every opening on the trail)
    RECORD_DISPUTES = "record_disputes"  # record disputes, triage actions, agreements, hand-overs, follow-ups
    MEDIATE_DISPUTES = "mediate_disputes"  # 调解员: only the hand-overs made to them (规范004 "公安在调解")
    VIEW_INCIDENTS = "view_incidents"  # 案事件 lists, detail, people involved (masked; on the trail)
    RECORD_INCIDENTS = "record_incidents"  # arrival, on-scene log, people, follow-ups (第七十九条、第八十条)
    PUSH_INCIDENTS = "push_incidents"  # 情指中心/综合指挥室 push incidents to a beat (第七十七条、第一百零四条)
    MANAGE_CASEWORK = "manage_casework"  # the mediator pool and the station's time limits (到场、调解时限)
    VIEW_INSPECTIONS = "view_inspections"  # 监督检查单位, inspections, hazards, notices, the 第六十二条 rates
    INSPECT_UNITS = "inspect_units"  # 社区民警 inspect, raise hazards, notices, re-inspect (第五十七至六十一条)
    DECIDE_INSPECTIONS = "decide_inspections"  # 所领导: 延期整改 (报所定, 第六十一条), station options
    VIEW_SERVICES = "view_services"  # 为民服务: requests, lost and found, posts, care (masked; openings on the trail)
    SERVE_RESIDENTS = "serve_residents"  # receive/close requests, certificates, lost and found, post log, care visits
    MANAGE_SERVICES = "manage_services"  # 所领导: service time limits, complaints (第九十三条), overdue handling
    VIEW_ALERTS = "view_alerts"  # 三色预警 board and pages (规范003 服务机制(一))
    RAISE_ALERTS = "raise_alerts"  # 发布预警: 基础管控中心、情指中心、综合指挥室、所领导、社区民警
    HANDLE_ALERTS = "handle_alerts"  # respond, link departments, draw the 双随机 plan, close (社区民警、所领导)
    MANAGE_ALERTS = "manage_alerts"  # the station's alert settings (所领导; 基础管控中心 for the city)
    VIEW_DUTY = "view_duty"  # 勤务: rosters, duty logs, time in the beat, support requests (规范001 第一百零一条)
    KEEP_DUTY_LOG = "keep_duty_log"  # 社区民警/辅警 complete their own 工作日志 (filled automatically first)
    MANAGE_DUTY = "manage_duty"  # 排班、请销假、日志审核、向上级请求支援、本所勤务设置 (所领导、综合指挥室)
    VIEW_METRICS = "view_metrics"  # 考评与指标: indicators, leader's workbench, dashboard, evaluation reports
    MANAGE_EVALUATION = "manage_evaluation"  # 基础管控中心: evaluation schemes, surveys, safety index, year-end lock


# One line per room of DESIGN.md in each role, so a newcomer reads a role's whole reach in one place.
# fmt: off
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset({
        Perm.VIEW_ORG, Perm.VIEW_STAFF, Perm.UNMASK_PERSONAL, Perm.EXPORT,
        Perm.VIEW_LEADS, Perm.REPORT_LEADS, Perm.HANDLE_LEADS, Perm.VIEW_INFORMANTS, Perm.MANAGE_INFORMANTS,
        Perm.PATROL, Perm.MANAGE_PATROLS,
        Perm.VIEW_REGISTRY, Perm.EDIT_REGISTRY,
        Perm.VIEW_TASKS, Perm.HANDLE_TASKS,
        Perm.VIEW_SUBJECTS, Perm.MARK_SUBJECTS,
        Perm.VIEW_DISPUTES, Perm.RECORD_DISPUTES, Perm.VIEW_INCIDENTS, Perm.RECORD_INCIDENTS,
        Perm.VIEW_INSPECTIONS, Perm.INSPECT_UNITS,
        Perm.VIEW_SERVICES, Perm.SERVE_RESIDENTS,
        Perm.VIEW_ALERTS, Perm.RAISE_ALERTS, Perm.HANDLE_ALERTS, Perm.VIEW_DUTY, Perm.KEEP_DUTY_LOG,
    }),
    # 辅警 record on the officer's behalf (DESIGN.md roles), without unmasking.
    Role.AUXILIARY: frozenset({
        Perm.VIEW_ORG, Perm.VIEW_STAFF,
        Perm.VIEW_LEADS, Perm.REPORT_LEADS, Perm.PATROL,
        Perm.VIEW_REGISTRY, Perm.EDIT_REGISTRY,
        Perm.VIEW_TASKS, Perm.HANDLE_TASKS,
        Perm.VIEW_SUBJECTS, Perm.MARK_SUBJECTS,
        Perm.VIEW_DISPUTES, Perm.RECORD_DISPUTES, Perm.VIEW_INCIDENTS, Perm.RECORD_INCIDENTS,
        Perm.VIEW_INSPECTIONS,
        Perm.VIEW_SERVICES, Perm.SERVE_RESIDENTS,
        Perm.VIEW_ALERTS, Perm.VIEW_DUTY, Perm.KEEP_DUTY_LOG,
    }),
    # 网格员、志愿者: report leads, check in on patrol, their own points (规范001 第四十七条、第五十五条, 规范004);
    # the grid worker also collects residents for the officer to verify (第二十七条). Nothing else of residents.
    Role.GRID_WORKER: frozenset({Perm.VIEW_ORG, Perm.REPORT_LEADS, Perm.PATROL, Perm.COLLECT_RESIDENTS}),
    Role.VOLUNTEER: frozenset({Perm.VIEW_ORG, Perm.REPORT_LEADS, Perm.PATROL}),
    # 所领导 approve subject marking (规范001 第三十九条), extensions and feedback.
    Role.STATION_LEAD: frozenset({
        Perm.VIEW_ORG, Perm.VIEW_STAFF, Perm.UNMASK_PERSONAL, Perm.EXPORT, Perm.MANAGE_STAFF, Perm.VIEW_STAFFING,
        Perm.VIEW_LEADS, Perm.VIEW_INFORMANTS, Perm.MANAGE_PATROLS,
        Perm.VIEW_REGISTRY, Perm.EDIT_REGISTRY,
        Perm.VIEW_TASKS, Perm.MANAGE_TASKS,
        Perm.VIEW_SUBJECTS, Perm.APPROVE_SUBJECTS,
        Perm.VIEW_DISPUTES, Perm.VIEW_INCIDENTS, Perm.MANAGE_CASEWORK,
        Perm.VIEW_INSPECTIONS, Perm.DECIDE_INSPECTIONS,
        Perm.VIEW_SERVICES, Perm.MANAGE_SERVICES,
        Perm.VIEW_ALERTS, Perm.RAISE_ALERTS, Perm.HANDLE_ALERTS, Perm.MANAGE_ALERTS, Perm.VIEW_DUTY, Perm.MANAGE_DUTY,
        Perm.VIEW_METRICS,
    }),
    Role.COMMAND_ROOM: frozenset({
        Perm.VIEW_ORG, Perm.VIEW_STAFF, Perm.EXPORT, Perm.VIEW_STAFFING,
        Perm.VIEW_LEADS,
        Perm.VIEW_REGISTRY,
        Perm.VIEW_TASKS, Perm.MANAGE_TASKS, Perm.ISSUE_COMMAND_TASKS,
        Perm.VIEW_DISPUTES, Perm.VIEW_INCIDENTS, Perm.PUSH_INCIDENTS,
        Perm.VIEW_INSPECTIONS,
        Perm.VIEW_SERVICES,
        Perm.VIEW_ALERTS, Perm.RAISE_ALERTS, Perm.VIEW_DUTY, Perm.MANAGE_DUTY,
        Perm.VIEW_METRICS,
    }),
    # 基础管控中心: city-wide accounts, pushed tasks and warnings (第四十条(二)), the obligations' parameters.
    Role.CONTROL_CENTRE: frozenset({
        Perm.VIEW_ORG, Perm.VIEW_STAFF, Perm.UNMASK_PERSONAL, Perm.EXPORT, Perm.MANAGE_STAFF, Perm.VIEW_STAFFING,
        Perm.VIEW_LEADS, Perm.JUDGE_LEADS, Perm.VIEW_INFORMANTS,
        Perm.VIEW_REGISTRY, Perm.EDIT_REGISTRY,
        Perm.VIEW_TASKS, Perm.PUSH_TASKS, Perm.MANAGE_OBLIGATIONS,
        Perm.VIEW_SUBJECTS,
        Perm.VIEW_DISPUTES, Perm.VIEW_INCIDENTS, Perm.MANAGE_CASEWORK,
        Perm.VIEW_INSPECTIONS,
        Perm.VIEW_SERVICES, Perm.MANAGE_SERVICES,
        Perm.VIEW_ALERTS, Perm.RAISE_ALERTS, Perm.MANAGE_ALERTS, Perm.VIEW_DUTY,
        Perm.VIEW_METRICS, Perm.MANAGE_EVALUATION,
    }),
    Role.COMMAND_CENTRE: frozenset({
        Perm.VIEW_ORG, Perm.VIEW_STAFF, Perm.EXPORT, Perm.VIEW_STAFFING,
        Perm.VIEW_REGISTRY,
        Perm.VIEW_TASKS, Perm.ISSUE_COMMAND_TASKS,
        Perm.VIEW_INCIDENTS, Perm.PUSH_INCIDENTS,
        Perm.VIEW_ALERTS, Perm.RAISE_ALERTS,
        Perm.VIEW_METRICS,
    }),
    # 督察/科信 read the trails and bulk-read warnings (第一百零九条); no personal data beyond what the trail names.
    Role.AUDITOR: frozenset({Perm.VIEW_ORG, Perm.VIEW_AUDIT, Perm.EXPORT, Perm.VIEW_HEALTH}),
    # 调解员 (在线调解人才资源库, 规范004): only what was handed to them; no lists, no registry, no unmasking.
    Role.MEDIATOR: frozenset({Perm.MEDIATE_DISPUTES}),
}
# fmt: on

# The org-unit kinds a role may be anchored at (a station lead at a station, an officer at a beat …).
ROLE_ANCHOR_KINDS: dict[str, tuple[str, ...]] = {
    Role.OFFICER: ("beat",),
    Role.AUXILIARY: ("beat",),
    Role.GRID_WORKER: ("grid", "community"),
    Role.VOLUNTEER: ("grid", "community", "beat"),
    Role.STATION_LEAD: ("station",),
    Role.COMMAND_ROOM: ("station",),
    Role.CONTROL_CENTRE: ("city_bureau", "bureau"),
    Role.COMMAND_CENTRE: ("city_bureau", "bureau"),
    Role.AUDITOR: ("city_bureau", "bureau", "station"),
    Role.MEDIATOR: ("station", "beat", "community"),
}


def role_grants(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())
