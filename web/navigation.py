"""The menu and the workbench shortcuts, as data: each entry names the permission that shows it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm, Role
from accounts.selectors import user_may


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    perm: str | None = None


MENU: tuple[tuple[str, tuple[MenuItem, ...]], ...] = (
    (_("工作台"), (MenuItem(_("我的工作台"), "web:workbench"),)),
    (
        _("任务"),
        (
            MenuItem(_("任务列表"), "tasks:task_list", Perm.VIEW_TASKS),
            MenuItem(_("下发任务"), "tasks:task_issue", Perm.ISSUE_COMMAND_TASKS),
            MenuItem(_("下发推送任务"), "tasks:task_issue", Perm.PUSH_TASKS),
            MenuItem(_("本所任务"), "tasks:station", Perm.MANAGE_TASKS),
            MenuItem(_("消息中心"), "tasks:messages"),
            MenuItem(_("任务管处率"), "tasks:rates", Perm.VIEW_TASKS),
            MenuItem(_("规定任务规则"), "rules:obligation_list", Perm.VIEW_TASKS),
            MenuItem(_("规则运行记录"), "rules:run_list", Perm.MANAGE_OBLIGATIONS),
            MenuItem(_("节假日安排"), "rules:calendar", Perm.MANAGE_OBLIGATIONS),
        ),
    ),
    (
        _("组织与队伍"),
        (
            MenuItem(_("组织机构"), "web:org_tree", Perm.VIEW_ORG),
            MenuItem(_("单位列表"), "web:org_unit_list", Perm.VIEW_ORG),
            MenuItem(_("人员"), "web:staff_list", Perm.VIEW_STAFF),
            MenuItem(_("社区警务团队"), "web:team_list", Perm.VIEW_ORG),
            MenuItem(_("警力配置预警"), "web:staffing", Perm.VIEW_STAFFING),
        ),
    ),
    (
        _("一标三实"),
        (
            MenuItem(_("实有人口"), "registry:resident_list", Perm.VIEW_REGISTRY),
            MenuItem(_("实有房屋"), "registry:house_list", Perm.VIEW_REGISTRY),
            MenuItem(_("实有单位"), "registry:organization_list", Perm.VIEW_REGISTRY),
            MenuItem(_("标准地址"), "registry:address_list", Perm.VIEW_REGISTRY),
            MenuItem(_("信息核查"), "registry:finding_list", Perm.VIEW_REGISTRY),
            MenuItem(_("疑似重复人员"), "registry:candidate_list", Perm.VIEW_REGISTRY),
            MenuItem(_("批量导入"), "registry:import", Perm.EDIT_REGISTRY),
            MenuItem(_("一标三实指标"), "registry:indicators", Perm.VIEW_REGISTRY),
        ),
    ),
    (
        _("特定对象"),
        (
            MenuItem(_("特定对象"), "subjects:subject_list", Perm.VIEW_SUBJECTS),
            MenuItem(_("特定对象概况"), "subjects:station", Perm.VIEW_SUBJECTS),
            MenuItem(_("标注特定对象"), "subjects:resident_pick", Perm.MARK_SUBJECTS),
            MenuItem(_("标注审批"), "subjects:approval_list", Perm.APPROVE_SUBJECTS),
            MenuItem(_("待接收流入对象"), "subjects:transfer_list", Perm.MARK_SUBJECTS),
            MenuItem(_("预警推送"), "subjects:resident_pick", Perm.PUSH_TASKS),
        ),
    ),
    (
        _("群众工作"),
        (
            MenuItem(_("群众工作（手机）"), "leads:home", Perm.PATROL),
            MenuItem(_("报告线索"), "leads:lead_new", Perm.REPORT_LEADS),
            MenuItem(_("社情民意与线索"), "leads:lead_list", Perm.REPORT_LEADS),
            MenuItem(_("待研判线索"), "leads:lead_queue", Perm.JUDGE_LEADS),
            MenuItem(_("入户走访"), "leads:visit_list", Perm.VIEW_LEADS),
            MenuItem(_("警民联系卡"), "leads:card_list", Perm.VIEW_LEADS),
            MenuItem(_("治安信息员和耳目"), "leads:informant_list", Perm.VIEW_INFORMANTS),
            MenuItem(_("巡逻路线"), "leads:route_list", Perm.PATROL),
            MenuItem(_("巡逻路线"), "leads:route_list", Perm.VIEW_LEADS),
            MenuItem(_("我的积分"), "leads:my_points", Perm.PATROL),
            MenuItem(_("巡逻队"), "leads:team_list", Perm.MANAGE_PATROLS),
            MenuItem(_("积分超市"), "leads:store", Perm.MANAGE_PATROLS),
            MenuItem(_("会议记录"), "leads:meeting_list", Perm.VIEW_LEADS),
            MenuItem(_("调查问卷"), "leads:questionnaire_list", Perm.VIEW_LEADS),
            MenuItem(_("网格员采集报告"), "leads:resident_report_list", Perm.COLLECT_RESIDENTS),
            MenuItem(_("网格员采集报告"), "leads:resident_report_list", Perm.HANDLE_LEADS),
            MenuItem(_("群众工作指标"), "leads:indicators", Perm.VIEW_LEADS),
            MenuItem(_("群众工作设置"), "leads:numbers", Perm.MANAGE_PATROLS),
            MenuItem(_("群众工作设置"), "leads:numbers", Perm.JUDGE_LEADS),
        ),
    ),
    (
        _("矛盾纠纷"),
        (
            MenuItem(_("矛盾纠纷"), "casework:dispute_list", Perm.VIEW_DISPUTES),
            MenuItem(_("录入矛盾纠纷"), "casework:dispute_new", Perm.RECORD_DISPUTES),
            MenuItem(_("纠纷化解指标"), "casework:dispute_indicators", Perm.VIEW_DISPUTES),
            MenuItem(_("调解员库"), "casework:mediator_list", Perm.VIEW_DISPUTES),
            MenuItem(_("我的调解"), "casework:my_mediation", Perm.MEDIATE_DISPUTES),
            MenuItem(_("时限设置"), "casework:limits", Perm.MANAGE_CASEWORK),
        ),
    ),
    (
        _("案事件"),
        (
            MenuItem(_("案事件"), "casework:incident_list", Perm.VIEW_INCIDENTS),
            MenuItem(_("录入案事件"), "casework:incident_new", Perm.RECORD_INCIDENTS),
            MenuItem(_("推送案事件"), "casework:incident_push", Perm.PUSH_INCIDENTS),
            MenuItem(_("案事件处置指标"), "casework:incident_indicators", Perm.VIEW_INCIDENTS),
            MenuItem(_("警情通报"), "casework:incident_monthly_notice", Perm.VIEW_INCIDENTS),
        ),
    ),
    (
        _("单位监督检查"),
        (
            MenuItem(_("监督检查单位"), "inspections:unit_list", Perm.VIEW_INSPECTIONS),
            MenuItem(_("治安隐患整改"), "inspections:hazard_list", Perm.VIEW_INSPECTIONS),
            MenuItem(_("延期整改审批"), "inspections:extension_list", Perm.DECIDE_INSPECTIONS),
            MenuItem(_("检查指标"), "inspections:indicators", Perm.VIEW_INSPECTIONS),
            MenuItem(_("本所检查选项"), "inspections:settings", Perm.DECIDE_INSPECTIONS),
        ),
    ),
    (
        _("为民服务"),
        (
            MenuItem(_("群众诉求"), "outreach:request_list", Perm.VIEW_SERVICES),
            MenuItem(_("受理诉求"), "outreach:request_new", Perm.SERVE_RESIDENTS),
            MenuItem(_("失物招领"), "outreach:lost_found_list", Perm.VIEW_SERVICES),
            MenuItem(_("警务室开放记录"), "outreach:post_list", Perm.VIEW_SERVICES),
            MenuItem(_("关爱帮扶对象"), "outreach:care_list", Perm.VIEW_SERVICES),
            MenuItem(_("纳入关爱帮扶"), "outreach:care_pick", Perm.SERVE_RESIDENTS),
            MenuItem(_("为民服务概况"), "outreach:station", Perm.VIEW_SERVICES),
        ),
    ),
    (
        _("勤务与预警"),
        (
            MenuItem(_("三色预警"), "alerts:alert_board", Perm.VIEW_ALERTS),
            MenuItem(_("发布预警"), "alerts:alert_new", Perm.RAISE_ALERTS),
            MenuItem(_("排班表"), "duty:roster", Perm.VIEW_DUTY),
            MenuItem(_("排班列表"), "duty:shift_list", Perm.VIEW_DUTY),
            MenuItem(_("工作日志"), "duty:log_list", Perm.VIEW_DUTY),
            MenuItem(_("在警务区工作时间"), "duty:time_in_beat", Perm.VIEW_DUTY),
            MenuItem(_("请销假"), "duty:leave_list", Perm.VIEW_DUTY),
            MenuItem(_("向上级请求支援"), "duty:support_list", Perm.VIEW_DUTY),
            MenuItem(_("勤务保障"), "duty:staffing", Perm.VIEW_DUTY),
            MenuItem(_("本所勤务设置"), "duty:settings", Perm.MANAGE_DUTY),
        ),
    ),
    (
        _("考评与指标"),
        (
            MenuItem(_("领导工作台"), "metrics:workbench", Perm.VIEW_METRICS),
            MenuItem(_("指标目录"), "metrics:indicators", Perm.VIEW_METRICS),
            MenuItem(_("社区安全指数"), "metrics:safety_index", Perm.VIEW_METRICS),
            MenuItem(_("考评方案"), "metrics:schemes", Perm.VIEW_METRICS),
            MenuItem(_("三色督办"), "metrics:supervision", Perm.VIEW_METRICS),
            MenuItem(_("社区警务大屏"), "metrics:dashboard", Perm.VIEW_METRICS),
            MenuItem(_("考评报告"), "metrics:reports", Perm.VIEW_METRICS),
        ),
    ),
    (
        _("系统管理"),
        (
            MenuItem(_("账号管理"), "web:user_list", Perm.MANAGE_STAFF),
            MenuItem(_("系统运行状态"), "ops:health", Perm.VIEW_HEALTH),
        ),
    ),
    (
        _("审计"),
        (
            MenuItem(_("访问留痕"), "web:audit_access", Perm.VIEW_AUDIT),
            MenuItem(_("操作日志"), "web:audit_operations", Perm.VIEW_AUDIT),
            MenuItem(_("登录日志"), "web:audit_logins", Perm.VIEW_AUDIT),
            MenuItem(_("批量查看预警"), "subjects:bulk_read_warnings", Perm.VIEW_AUDIT),
        ),
    ),
)

# 工作台快捷入口 by role: what each role opens first (its tasks first, then its records).
SHORTCUTS: dict[str, tuple[MenuItem, ...]] = {
    Role.OFFICER: (
        MenuItem(_("我的任务"), "tasks:task_list"),
        MenuItem(_("消息中心"), "tasks:messages"),
        MenuItem(_("我的警务区"), "web:org_tree"),
        MenuItem(_("实有人口"), "registry:resident_list"),
        MenuItem(_("信息核查"), "registry:finding_list"),
        MenuItem(_("团队成员"), "web:team_list"),
        MenuItem(_("特定对象"), "subjects:subject_list"),
        MenuItem(_("矛盾纠纷"), "casework:dispute_list"),
        MenuItem(_("案事件"), "casework:incident_list"),
        MenuItem(_("监督检查单位"), "inspections:unit_list"),
        MenuItem(_("治安隐患整改"), "inspections:hazard_list"),
        MenuItem(_("社情民意与线索"), "leads:lead_list"),
        MenuItem(_("群众诉求"), "outreach:request_list"),
        MenuItem(_("三色预警"), "alerts:alert_board"),
        MenuItem(_("我的工作日志"), "duty:my_log"),
    ),
    Role.AUXILIARY: (
        MenuItem(_("我的任务"), "tasks:task_list"),
        MenuItem(_("我的警务区"), "web:org_tree"),
        MenuItem(_("团队成员"), "web:team_list"),
        MenuItem(_("特定对象"), "subjects:subject_list"),
        MenuItem(_("矛盾纠纷"), "casework:dispute_list"),
    ),
    Role.GRID_WORKER: (
        MenuItem(_("报告线索"), "leads:lead_new"),
        MenuItem(_("巡逻签到"), "leads:home"),
        MenuItem(_("我的积分"), "leads:my_points"),
        MenuItem(_("报告人员信息"), "leads:resident_report_new"),
        MenuItem(_("我的网格"), "web:org_tree"),
    ),
    Role.VOLUNTEER: (
        MenuItem(_("报告线索"), "leads:lead_new"),
        MenuItem(_("巡逻签到"), "leads:home"),
        MenuItem(_("我的积分"), "leads:my_points"),
        MenuItem(_("我的网格"), "web:org_tree"),
    ),
    Role.STATION_LEAD: (
        MenuItem(_("领导工作台"), "metrics:workbench"),
        MenuItem(_("本所任务"), "tasks:station"),
        MenuItem(_("任务管处率"), "tasks:rates"),
        MenuItem(_("人员管理"), "web:staff_list"),
        MenuItem(_("账号管理"), "web:user_list"),
        MenuItem(_("警力配置预警"), "web:staffing"),
        MenuItem(_("标注审批"), "subjects:approval_list"),
        MenuItem(_("延期整改审批"), "inspections:extension_list"),
        MenuItem(_("特定对象概况"), "subjects:station"),
        MenuItem(_("纠纷化解指标"), "casework:dispute_indicators"),
        MenuItem(_("检查指标"), "inspections:indicators"),
        MenuItem(_("三色预警"), "alerts:alert_board"),
        MenuItem(_("排班表"), "duty:roster"),
        MenuItem(_("在警务区工作时间"), "duty:time_in_beat"),
    ),
    Role.COMMAND_ROOM: (
        MenuItem(_("推送案事件"), "casework:incident_push"),
        MenuItem(_("领导工作台"), "metrics:workbench"),
        MenuItem(_("下发任务"), "tasks:task_issue"),
        MenuItem(_("本所任务"), "tasks:station"),
        MenuItem(_("本所人员"), "web:staff_list"),
        MenuItem(_("警力配置预警"), "web:staffing"),
        MenuItem(_("发布预警"), "alerts:alert_new"),
        MenuItem(_("排班表"), "duty:roster"),
    ),
    Role.CONTROL_CENTRE: (
        MenuItem(_("领导工作台"), "metrics:workbench"),
        MenuItem(_("下发推送任务"), "tasks:task_issue"),
        MenuItem(_("待研判线索"), "leads:lead_queue"),
        MenuItem(_("发布预警"), "alerts:alert_new"),
        MenuItem(_("规定任务规则"), "rules:obligation_list"),
        MenuItem(_("节假日安排"), "rules:calendar"),
        MenuItem(_("组织机构"), "web:org_tree"),
        MenuItem(_("账号管理"), "web:user_list"),
        MenuItem(_("警力配置预警"), "web:staffing"),
    ),
    Role.COMMAND_CENTRE: (
        MenuItem(_("推送案事件"), "casework:incident_push"),
        MenuItem(_("领导工作台"), "metrics:workbench"),
        MenuItem(_("下发指令任务"), "tasks:task_issue"),
        MenuItem(_("发布预警"), "alerts:alert_new"),
        MenuItem(_("任务列表"), "tasks:task_list"),
        MenuItem(_("组织机构"), "web:org_tree"),
        MenuItem(_("警力配置预警"), "web:staffing"),
    ),
    Role.AUDITOR: (
        MenuItem(_("访问留痕"), "web:audit_access"),
        MenuItem(_("操作日志"), "web:audit_operations"),
        MenuItem(_("登录日志"), "web:audit_logins"),
        MenuItem(_("批量查看预警"), "subjects:bulk_read_warnings"),
    ),
    Role.MEDIATOR: (
        MenuItem(_("我的调解"), "casework:my_mediation"),
        MenuItem(_("消息中心"), "tasks:messages"),
    ),
}


# Panels another room adds to 我的工作台 (metrics: what waits for a leader), so web imports none of them:
# ``register_workbench_panel(template, context)`` in the room's AppConfig.ready(); ``context(request)`` returns
# the panel's context, or None to leave it out for this user.
WORKBENCH_PANELS: list[tuple[str, Callable]] = []


def register_workbench_panel(template: str, context: Callable) -> None:
    if (template, context) not in WORKBENCH_PANELS:
        WORKBENCH_PANELS.append((template, context))


def workbench_panels(request) -> list[tuple[str, dict]]:
    return [(t, ctx) for t, fn in WORKBENCH_PANELS if (ctx := fn(request)) is not None]


def menu_for(user) -> list[tuple[str, list[dict]]]:
    sections = []
    for title, items in MENU:
        shown, seen = [], set()
        for i in items:  # an entry may be listed under two permissions (a page two roles reach): shown once
            if i.url_name not in seen and (i.perm is None or user_may(user, i.perm)):
                seen.add(i.url_name)
                shown.append({"label": i.label, "url": reverse(i.url_name), "url_name": i.url_name})
        if shown:
            sections.append((title, shown))
    return sections


def shortcuts_for(roles) -> list[dict]:
    seen, shortcuts = set(), []
    for role in roles:
        for item in SHORTCUTS.get(role, ()):
            if item.url_name not in seen:
                seen.add(item.url_name)
                shortcuts.append({"label": item.label, "url": reverse(item.url_name)})
    return shortcuts
