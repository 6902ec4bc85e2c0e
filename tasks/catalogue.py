"""任务标准件 as data: one row per type of task, with its typed feedback fields.

Field spec: ``name``, ``label``, ``type`` (text, textarea, date, choice, bool, int), ``required`` (default
True), ``choices`` (list of [value, label]) for choice fields. Every template starts with ``done_on`` (完成日期):
the day the work was done, which the rules engine counts from. Loaded into ``TaskTemplate`` after migrate
(missing codes only, so a control centre's edits stay); ``tasks.checks`` rejects a malformed row.
"""

from .models import Closer, TaskKind

DONE_ON = {"name": "done_on", "label": "完成日期", "type": "date"}
NOTES = {"name": "notes", "label": "备注", "type": "textarea", "required": False}
YES_NO = [["no", "否"], ["yes", "是"]]


def _t(code, name, kind, fields, *, evidence=False, closer=Closer.ASSIGNEE, source=""):
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "fields": [DONE_ON, *fields, NOTES],
        "evidence_required": evidence,
        "closer": closer,
        "source": source,
    }


S = TaskKind.STANDING
TEMPLATES: tuple[dict, ...] = (
    _t(
        "subject_visit",
        "特定对象全面走访考察记录",
        S,
        [
            {"name": "visited", "label": "走访对象", "type": "text"},
            {"name": "situation", "label": "现实表现", "type": "textarea"},
        ],
        source="规范001 第四十二条",
    ),
    _t(
        "dv_visit",
        "家庭暴力加害人查访记录",
        S,
        [
            {
                "name": "visited",
                "label": "查访对象",
                "type": "choice",
                "choices": [["perpetrator", "加害人"], ["victim", "受害人"], ["both", "加害人和受害人"]],
            },
            {
                "name": "recurrence_found",
                "label": "是否发现再次实施家庭暴力",
                "type": "choice",
                "choices": [["no", "未发现"], ["yes", "发现再次实施"]],
            },
            {"name": "situation", "label": "查访情况", "type": "textarea"},
        ],
        source="规范001 第四十一条(五)",
    ),
    _t(
        "activity_report",
        "活动情况报告",
        S,
        [{"name": "summary", "label": "活动情况", "type": "textarea"}],
        source="规范001 第四十一条(四)(六)",
    ),
    _t(
        "report_to_station",
        "期满前报所",
        S,
        [{"name": "summary", "label": "报所内容", "type": "textarea"}],
        evidence=True,
        source="规范001 第四十一条(四)",
    ),
    _t(
        "organ_notice",
        "向决定机关反馈/通知",
        S,
        [
            {"name": "organ", "label": "决定机关", "type": "text"},
            {
                "name": "method",
                "label": "反馈方式",
                "type": "choice",
                "choices": [["written", "书面"], ["phone", "电话"], ["system", "系统推送"]],
            },
        ],
        source="规范001 第四十一条(八)",
    ),
    _t(
        "compliance_check",
        "遵守规定情况检查",
        S,
        [
            {"name": "violation_found", "label": "是否发现违反规定", "type": "choice", "choices": YES_NO},
            {"name": "situation", "label": "检查情况", "type": "textarea"},
        ],
        source="规范001 第四十一条(八)",
    ),
    _t(
        "education_talk",
        "首次面见法治教育谈话",
        S,
        [
            {"name": "talk_record", "label": "谈话记录", "type": "textarea"},
            {"name": "file_created", "label": "已建立档案", "type": "bool"},
        ],
        evidence=True,
        source="规范001 第四十一条(二)",
    ),
    _t(
        "risk_assessment",
        "风险类别评估",
        S,
        [
            {
                "name": "risk_level",
                "label": "风险类别",
                "type": "choice",
                "choices": [["high", "高风险"], ["medium", "中风险"], ["low", "低风险"]],
            }
        ],
        source="规范001 第四十一条(三)",
    ),
    _t(
        "meeting",
        "联系见面记录",
        S,
        [
            {"name": "met_persons", "label": "见面人员", "type": "text"},
            {"name": "content", "label": "了解情况", "type": "textarea"},
        ],
        source="规范001 第四十八条",
    ),
    _t(
        "resident_feedback",
        "群众反映问题反馈记录",
        S,
        [{"name": "content", "label": "反馈居民的工作情况", "type": "textarea"}],
        source="规范002 工作情况反馈制度",
    ),
    _t(
        "resident_report",
        "向居民报告治安情况",
        S,
        [
            {"name": "audience", "label": "参加人数", "type": "int"},
            {"name": "content", "label": "报告及意见建议", "type": "textarea"},
        ],
        source="规范001 第四十八条(六)、第九十六条",
    ),
    _t(
        "unit_inspection",
        "单位监督检查记录",
        S,
        [
            {"name": "hazard_found", "label": "是否发现治安隐患", "type": "choice", "choices": YES_NO},
            {"name": "situation", "label": "检查情况", "type": "textarea"},
        ],
        # The checklist, the 执法记录仪 reference and the evidence files are on the inspection record
        # (inspections app), which submits this feedback.
        source="规范001 第六十二条",
    ),
    _t(
        "hazard_filing",
        "限期整改决定备案",
        S,
        [{"name": "decision_no", "label": "决定书编号", "type": "text"}],
        source="规范001 第六十一条",
    ),
    _t(
        "reinspection",
        "隐患整改复查",
        S,
        [
            {
                "name": "result",
                "label": "复查结果",
                "type": "choice",
                "choices": [["rectified", "已整改"], ["not_rectified", "未达到要求（报告/通报）"]],
            }
        ],
        source="规范001 第六十一条",
    ),
    _t(
        "follow_up",
        "回访记录",
        S,
        [
            {"name": "visited", "label": "回访对象", "type": "text"},
            {
                "name": "satisfaction",
                "label": "满意度",
                "type": "choice",
                "choices": [["satisfied", "满意"], ["neutral", "基本满意"], ["unsatisfied", "不满意"]],
            },
            {"name": "content", "label": "回访情况", "type": "textarea"},
        ],
        source="规范001 第七十五条、第八十条",
    ),
    _t(
        "service_request",
        "办理群众诉求",
        S,
        [{"name": "result", "label": "办理结果", "type": "textarea"}],
        # Done by closing the request on its page (outreach), which submits this feedback.
        source="规范001 第九十三条(一)(三)",
    ),
    _t(
        "care_visit",
        "关爱帮扶走访",
        S,
        [{"name": "situation", "label": "走访情况", "type": "textarea"}],
        source="规范001 第九十九条(二)(三)",
    ),
    _t(
        "fraud_dissuasion",
        "电信网络诈骗受害人见面劝阻",
        TaskKind.COMMAND,
        [
            {"name": "met", "label": "是否已见面劝阻", "type": "bool"},
            {"name": "result", "label": "劝阻情况", "type": "textarea"},
        ],
        closer=Closer.ISSUER,
        source="规范001 第七十七条第二款",
    ),
    _t(
        "person_collection",
        "涉案人员实有人口采集",
        S,
        [{"name": "result", "label": "采集情况", "type": "textarea"}],
        source="规范001 第七十九条(三)、第三十条(三)",
    ),
    _t(
        "upper_report",
        "向上级公安机关报告矛盾纠纷",
        S,
        [
            {"name": "reported_to", "label": "报告单位", "type": "text"},
            {"name": "summary", "label": "纠纷及调处情况、风险隐患", "type": "textarea"},
        ],
        source="规范001 第七十四条(三)",
    ),
    _t(
        "dispute_station_report",
        "治安调解未达成或未履行报所",
        S,
        [{"name": "summary", "label": "报所情况", "type": "textarea"}],
        source="规范001 第七十四条第二款",
    ),
    _t(
        "pushed_meet",
        "预警推送人员面见",
        TaskKind.PUSHED,
        [
            {"name": "met", "label": "是否已面见", "type": "bool"},
            {"name": "measures", "label": "采取的工作措施", "type": "textarea"},
        ],
        closer=Closer.STATION_LEAD,
        source="规范001 第四十条(二)",
    ),
    _t(
        "alert_response",
        "预警处置",
        S,
        [{"name": "measures", "label": "处置情况", "type": "textarea"}],
        source="规范003",
    ),
    _t(
        "alert_sample_check",
        "橙色预警双随机抽检",
        TaskKind.VERIFICATION,
        [
            {"name": "found", "label": "是否发现问题", "type": "bool"},
            {"name": "details", "label": "抽检情况", "type": "textarea"},
        ],
        source="规范003 服务机制(一)2",
    ),
    _t(
        "alert_sample_visit",
        "橙色预警双随机走访",
        TaskKind.VERIFICATION,
        [{"name": "details", "label": "走访情况", "type": "textarea"}],
        source="规范003 服务机制(一)2",
    ),
    _t(
        "command_feedback",
        "指令任务反馈",
        TaskKind.COMMAND,
        [{"name": "result", "label": "落实情况", "type": "textarea"}],
        closer=Closer.ISSUER,
        source="规范001 第三十条(四)",
    ),
    _t(
        "verification",
        "核查反馈",
        TaskKind.VERIFICATION,
        [
            {
                "name": "verdict",
                "label": "核查结论",
                "type": "choice",
                "choices": [["true", "属实"], ["partly", "部分属实"], ["false", "不属实"]],
            },
            {"name": "details", "label": "核查情况", "type": "textarea"},
        ],
        closer=Closer.STATION_LEAD,
        source="规范001 第四十条(四)",
    ),
)

FIELD_TYPES = ("text", "textarea", "date", "choice", "bool", "int")
