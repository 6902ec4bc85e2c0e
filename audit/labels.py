"""What the trails' internal codes mean, in Chinese — the one label table for 访问留痕, 操作日志, 登录日志, their
exports and the 规则运行记录 page. Auditors read labels, never codes (``task_reminders_send``, ``rule_run#16``).

Each app adds a line here when it adds an operation (``ACTION_LABELS``), a kind of record (``OBJECT_LABELS``,
also the rules engine's record types) or a channel. The tests run with ``FENGQIAO_STRICT_LABELS`` on: writing a
trail row whose code has no label fails the test that wrote it (``require_labels``), so a new module cannot put a
bare code in front of an auditor. In production an unknown code is shown as it is, never an error.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str] = {
    # org, accounts
    "org_unit_create": _("新建组织单位"),
    "org_unit_update": _("修改组织单位"),
    "org_unit_move": _("调整组织单位隶属"),
    "staff_create": _("新增人员"),
    "staff_update": _("修改人员信息"),
    "team_create": _("组建社区警务团队"),
    "team_member_add": _("团队增加成员"),
    "user_create": _("开设账号"),
    "user_disable": _("停用账号"),
    "user_enable": _("启用账号"),
    "user_role_assign": _("授予角色"),
    "user_role_revoke": _("撤销角色"),
    "user_password_reset": _("重置密码"),
    "user_password_change": _("修改密码"),
    "export": _("导出"),
    # registry
    "resident_create": _("登记实有人口"),
    "resident_update": _("修改实有人口"),
    "resident_merge": _("合并重复人员"),
    "candidate_mark_distinct": _("确认非重复人员"),
    "finding_close": _("核查办结"),
    "house_register": _("登记实有房屋"),
    "rental_register": _("出租登记"),
    "organization_register": _("登记实有单位"),
    "organization_update": _("修改实有单位"),
    "registry_import": _("批量导入"),
    # rules
    "rules_run": _("规则计算"),
    "obligation_update": _("调整规定任务规则"),
    "holiday_year_enter": _("录入节假日安排"),
    "tracked_record_create": _("登记跟踪对象"),
    "tracked_record_update": _("修改跟踪对象"),
    # tasks
    "task_issue": _("下发任务"),
    "task_dispatch": _("派发任务"),
    "task_reassign": _("改派任务"),
    "task_dispatch_batch": _("批量派发任务"),
    "task_reassign_batch": _("批量改派任务"),
    "task_accept": _("接收任务"),
    "task_feedback_submit": _("提交任务反馈"),
    "task_close": _("办结任务"),
    "task_return": _("退回任务"),
    "task_extension_request": _("申请延期"),
    "task_extension_decide": _("审批延期"),
    "task_cancel": _("撤销任务"),
    "task_reminders_send": _("发送到期提醒和逾期上报"),
    "message_read": _("阅读消息"),
    # subjects
    "special_subject_mark": _("申请标注特定对象"),
    "special_subject_unmark": _("申请撤销标注"),
    "subject_approval_decide": _("审批标注申请"),
    "visit_record": _("记录走访查访"),
    "subject_record_add": _("记录特定对象工作"),
    "subject_transfer_notify": _("通报对象流入"),
    "subject_transfer_acknowledge": _("接收流入对象"),
    "subject_risk_refresh": _("重算风险等级"),
    "pushed_warning_push": _("预警推送"),
    "bulk_read_warning": _("批量查看预警"),
    # leads: 社情民意与线索, informants, visits, cards, patrols, points
    "leads_number_set": _("设定群众工作分值与积分规则"),
    "lead_report": _("收集社情民意/线索"),
    "lead_oral_report": _("线索向派出所口头报告"),
    "lead_submit": _("报告线索"),
    "lead_judge": _("研判线索"),
    "lead_handle": _("处置线索"),
    "lead_link_add": _("线索关联业务记录"),
    "lead_close": _("办结线索"),
    "lead_withdraw": _("撤销线索"),
    "lead_feedback": _("反馈居民"),
    "lead_referral": _("通报有关部门并告知居民"),
    "household_visit_record": _("记录入户走访"),
    "contact_card_issue": _("发放警民联系卡"),
    "informant_register": _("布建治安信息员/耳目"),
    "informant_retire": _("撤销治安信息员/耳目"),
    "patrol_team_create": _("组建巡逻队"),
    "patrol_route_create": _("设定巡逻路线"),
    "checkin_record": _("巡逻签到"),
    "points_credit": _("计入积分"),
    "store_item_create": _("积分超市上架商品"),
    "store_item_update": _("修改积分超市商品"),
    "redemption_make": _("积分兑换"),
    "redemption_hand_over": _("发放兑换商品"),
    "resident_report_submit": _("网格员报告人员信息"),
    "resident_report_decide": _("核实网格员报告"),
    "meeting_record": _("记录会议"),
    "questionnaire_create": _("设置调查问卷"),
    "survey_answer_record": _("记录问卷答卷"),
    "patrol_route_update": _("修改巡逻路线"),
    "patrol_team_update": _("修改巡逻队"),
    # casework: disputes and mediation
    "local_limit_set": _("设定时限"),
    "dispute_record": _("录入矛盾纠纷"),
    "dispute_party_add": _("添加纠纷当事人"),
    "dispute_risk_update": _("调整纠纷风险等级"),
    "dispute_assist_add": _("添加跨辖区配合单位"),
    "repeat_candidate_decide": _("确认/排除重复纠纷"),
    "dispute_repeat_mark": _("标注重复纠纷"),
    "dispute_action_record": _("记录纠纷处置措施"),
    "dispute_follow_up_record": _("纠纷跟进回访"),
    "dispute_resolve": _("纠纷化解完毕"),
    "agreement_record": _("记录治安调解"),
    "agreement_performance_record": _("登记调解协议履行情况"),
    "dispute_marking_request": _("从纠纷申请标注特定对象"),
    "mediator_register": _("调解员入库"),
    "mediator_update": _("修改调解员"),
    "handover_create": _("移交调解员"),
    "handover_accept": _("调解员接收移交"),
    "handover_result": _("调解员反馈结果"),
    "handover_deadlines_check": _("调解移交逾期提醒"),
    # casework: incidents
    "incident_push": _("推送案事件"),
    "incident_record": _("录入案事件"),
    "incident_arrive": _("登记到场"),
    "incident_person_add": _("添加涉案人员"),
    "incident_person_link": _("涉案人员关联实有人口"),
    "incident_person_verify": _("核实涉案人员基本情况"),
    "incident_dissuasion_instruct": _("下达见面劝阻指令"),
    "incident_scene_record": _("记录现场处置"),
    "incident_file": _("登记立案"),
    "incident_close": _("案事件办结"),
    "incident_follow_up_record": _("案事件回访"),
    "incident_notice_issue": _("可防性案件制发文书"),
    # inspections
    "supervision_update": _("修改单位监督管理信息"),
    "inspection_setting_update": _("调整本所检查选项"),
    "inspection_record": _("记录单位监督检查"),
    # metrics
    "evaluation_year_lock": _("年度考评终评锁定"),
    "evaluation_scheme_create": _("制定考评方案"),
    "station_category_set": _("设定派出所考评分类"),
    "survey_record": _("录入群众调查"),
    "safety_index_update": _("调整社区安全指数配置"),
    "inspection_report_serious": _("治安问题突出立即报告"),
    "hazard_raise": _("责令限期整改"),
    "notice_issue": _("制发文书"),
    "hazard_file": _("隐患整改决定报所备案"),
    "extension_record": _("登记延期整改申请"),
    "extension_decide": _("审批延期整改申请"),
    "reinspection_record": _("记录整改复查"),
    # outreach (为民服务、关爱帮扶、警务公开)
    "service_limit_set": _("设定为民服务时限"),
    "service_request_receive": _("受理群众诉求"),
    "service_request_hand_over": _("移交群众诉求"),
    "service_request_overdue_note": _("记录超时处理情况"),
    "service_request_close": _("办结群众诉求"),
    "service_request_rate": _("评价群众诉求"),
    "certificate_issue": _("出具证明"),
    "lost_found_register": _("登记失物招领"),
    "lost_found_match": _("失物比对认领"),
    "lost_found_return": _("失物归还/处理"),
    "post_opening_record": _("记录警务室开放"),
    "complaint_record": _("登记群众投诉"),
    "complaint_decide": _("投诉调查结论"),
    "care_recipient_add": _("纳入关爱帮扶"),
    "care_recipient_end": _("结束关爱帮扶"),
    "care_alert_raise": _("关爱对象预警"),
    "care_visit_record": _("记录关爱走访"),
    "public_info_update": _("修改警务公开信息"),
    "public_contact_update": _("修改公开联系方式"),
    # alerts
    "alert_raise": _("发布三色预警"),
    "alert_respond": _("响应预警"),
    "alert_department_link": _("登记预警联动部门"),
    "alert_sampling_draw": _("预警双随机抽样"),
    "alert_close": _("预警闭环"),
    "alert_setting_set": _("调整预警设置"),
    # duty
    "shift_create": _("排班"),
    "shift_update": _("修改排班"),
    "shift_cancel": _("取消排班"),
    "leave_record": _("登记请假外出"),
    "leave_return": _("销假"),
    "work_log_fill": _("生成工作日志"),
    "work_log_entry_add": _("补记工作日志"),
    "work_log_sign": _("审核工作日志"),
    "duty_setting_set": _("调整本所勤务设置"),
    "support_request": _("向上级请求支援"),
    "support_answer": _("登记支援答复"),
    "training_record": _("登记培训"),
    "equipment_register": _("登记警用装备"),
    "representative_report_record": _("记录向群众代表报告"),
}

# Kinds of record named by the trails (object_type) and by the rules engine (record_type).
OBJECT_LABELS: dict[str, str] = {
    "org_unit": _("组织单位"),
    "staff": _("人员"),
    "team": _("社区警务团队"),
    "user": _("账号"),
    "list": _("列表"),
    "address": _("标准地址"),
    "addresses": _("标准地址"),
    "resident": _("实有人口"),
    "residents": _("实有人口"),
    "house": _("实有房屋"),
    "houses": _("实有房屋"),
    "organization": _("实有单位"),
    "organizations": _("实有单位"),
    "task": _("任务"),
    "message": _("消息"),
    "rule_run": _("规则运行记录"),
    "obligation": _("规定任务规则"),
    "holiday_year": _("节假日安排"),
    "tracked_record": _("跟踪对象"),
    "special_subject": _("特定对象"),
    "subject_transfer": _("流入流出通报"),
    "pushed_warning": _("预警推送"),
    "bulk_read_warning": _("批量查看预警"),
    "leads_number": _("群众工作设置"),
    "lead": _("社情民意与线索"),
    "household_visit": _("入户走访"),
    "contact_card": _("警民联系卡"),
    "informant": _("治安信息员/耳目"),
    "patrol_team": _("巡逻队"),
    "patrol_route": _("巡逻路线"),
    "checkin": _("巡逻签到"),
    "points_entry": _("积分记录"),
    "store_item": _("积分超市商品"),
    "redemption": _("积分兑换"),
    "resident_report": _("网格员采集报告"),
    "meeting_record": _("会议记录"),
    "questionnaire": _("调查问卷"),
    "survey_answer": _("问卷答卷"),
    "local_limit": _("时限设置"),
    "dispute_party": _("纠纷当事人"),
    "mediation_agreement": _("治安调解协议"),
    "mediator": _("调解员"),
    "mediation_handover": _("调解移交"),
    "incident_person": _("涉案人员"),
    "inspection": _("监督检查"),
    "evaluation_lock": _("年度终评"),
    "evaluation_scheme": _("考评方案"),
    "station_profile": _("派出所考评分类"),
    "survey": _("群众调查"),
    "safety_index": _("社区安全指数"),
    "notice": _("文书"),
    "alert_setting": _("预警设置"),
    "shift": _("排班"),
    "leave": _("请销假"),
    "work_log": _("工作日志"),
    "duty_setting": _("勤务设置"),
    "support_request": _("支援请求"),
    "training": _("培训记录"),
    "equipment": _("警用装备"),
    # record types of the rules engine (rules.adapters)
    "beat": _("警务区"),
    "supervised_unit": _("监督检查单位"),
    "incident": _("案事件"),
    "dispute": _("矛盾纠纷"),
    "hazard": _("治安隐患"),
    "pushed_person": _("预警推送人员"),
    "alert": _("三色预警"),
    "registry_findings": _("信息核查"),
    # outreach (records and the rules engine's record types)
    "service_limit": _("为民服务时限"),
    "service_request": _("群众诉求"),
    "lost_found_item": _("失物招领"),
    "post_opening": _("警务室开放记录"),
    "complaint": _("群众投诉"),
    "care_recipient": _("关爱帮扶对象"),
    "care_alert": _("关爱预警"),
    "beat_public_info": _("警务公开信息"),
    "public_contact": _("公开联系方式"),
    "representative_report": _("向群众代表报告"),
}

CHANNEL_LABELS: dict[str, str] = {
    "web": _("网页"),
    "api": _("接口"),
}

TABLES = {"action": ACTION_LABELS, "object_type": OBJECT_LABELS, "channel": CHANNEL_LABELS}


def _label(table: dict[str, str], code: str) -> str:
    return str(table.get(code, code))


def action_label(code: str) -> str:
    return _label(ACTION_LABELS, code)


def object_label(code: str) -> str:
    return _label(OBJECT_LABELS, code)


def channel_label(code: str) -> str:
    return _label(CHANNEL_LABELS, code)


def object_ref(object_type: str, object_id: str) -> str:
    """“规则运行记录 #16”; a row about many records at once (``-``) is just the kind: “任务”."""
    label = object_label(object_type)
    return label if object_id in ("", "-") else f"{label} #{object_id}"


def action_choices() -> list[tuple[str, str]]:
    """The 操作日志 filter's dropdown: every operation by its label."""
    return sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: c[1])


def require_labels(**codes: str) -> None:
    """With ``FENGQIAO_STRICT_LABELS`` (the tests): refuse a trail row whose code has no Chinese label here."""
    if not getattr(settings, "FENGQIAO_STRICT_LABELS", False):
        return
    for kind, code in codes.items():
        if code not in TABLES[kind]:
            raise LookupError(f"audit/labels.py has no label for {kind} {code!r}: add one line for it")
