"""Messages of the inspections app: constants, so tests assert the exact text users see. ``gettext_noop`` marks
them for the app's English catalogue; services translate them where they raise (``_(errors.X)``)."""

from django.utils.translation import gettext_noop as _

NOT_PERMITTED = _("您没有此项单位监督检查权限")
LEAD_DECIDES = _("延期整改由所领导审批决定（报所定，规范001 第六十一条），民警只能登记和审查申请")
NOT_SUPERVISED = _("该单位由上级公安机关或行业公安机关直接管理，不由本所社区民警监督检查（规范001 第五十七条）")
UNIT_INACTIVE = _("该单位已注销，不能检查")
TRADE_TYPE_UNKNOWN = _("场所行业类型无效，请从列表中选择（规范001 第六十八条）")
DATE_FUTURE = _("日期不能晚于今天")
DATE_REQUIRED = _("请填写日期")
ASSISTANT_REQUIRED = _(
    "检查须在辅警或警务助理协助下进行，或与其他民警联勤（规范001 第六十条、第七十条），请选择协助人员"
)
ASSISTANT_INVALID = _("协助人员须为本所在岗的辅警、警务助理或民警")
RECORDER_REQUIRED = _("请填写执法记录仪录像编号（检查过程须录音录像备查，规范001 第六十条）")
ITEM_UNANSWERED = _("请逐项填写检查结果：“{label}”尚未填写")
ITEM_UNKNOWN = _("检查项目“{code}”不适用于该单位")
ITEM_NOTE_REQUIRED = _("“{label}”不合格，请说明发现的问题")
KIND_INVALID = _("请选择检查类别（定期、临时或专项检查）")
TRIGGER_INVALID = _("请选择检查缘由")
ITEM_NOT_FAILED = _("只能对本次检查中不合格的项目责令整改")
HAZARD_EXISTS = _("该项目已责令整改（{number}）")
DESCRIPTION_REQUIRED = _("请填写隐患情况")
REQUIREMENT_REQUIRED = _("请填写整改要求")
DEADLINE_REQUIRED = _("请确定整改期限（条文未规定天数，由民警根据隐患情况确定）")
DEADLINE_TOO_EARLY = _("整改期限须晚于决定日期")
DECIDED_FUTURE = _("决定时间不能晚于现在")
INTERVIEW_REQUIRED = _("场所、行业存在治安隐患的，须约谈单位相关负责人并记录在案（规范001 第七十条）")
HAZARD_CLOSED = _("该隐患已销号（{status}），不能再{action}")
ALREADY_FILED = _("该隐患已于 {at} 报所备案")
EXTENSION_PENDING = _("已有一份延期申请待所领导审批")
EXTENSION_DATE = _("申请延至的日期须晚于现行整改期限（{deadline}）")
EXTENSION_LATE = _("延期整改申请须在整改期限（{deadline}）届满前提出")
REASON_REQUIRED = _("请填写理由")
OPINION_REQUIRED = _("请填写民警审查意见")
NOT_PENDING = _("该申请已审批，不能重复审批")
REINSPECTION_EARLY = _("整改期限（{deadline}）未满，只有单位申请提前复查时才能提前复查")
RESULT_INVALID = _("请选择复查结果")
ESCALATION_REQUIRED = _(
    "整改未达到要求的，须报告乡镇人民政府、街道办事处，或通报单位上一级主管部门，"
    "或对无正当理由未整改的报所依法处理（规范001 第六十一条），请选择并填写"
)
ESCALATED_TO_REQUIRED = _("请填写报告或通报的单位名称")
ESCALATION_NOTE_REQUIRED = _("请填写报告、通报或报所的情况")
ESCALATION_ONLY_ON_FAILURE = _("整改已达到要求的，不需要报告或通报")
