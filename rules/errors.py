"""Messages of the rules app: constants, so tests assert the exact text users see."""

OBLIGATION_FIELD_INVALID = "规则“{code}”的“{field}”取值无效：{why}"
PARAMETER_NOT_ADJUSTABLE = "“{field}”不能在此调整，只能调整期限、间隔、提醒、上报和启用参数"
AMOUNT_REQUIRED = "请填写大于0的数值"
CALENDAR_FALLBACK = "{years}年的法定节假日数据尚未收录，工作日暂按周一至周五计算，请升级 chinese-calendar"
OBLIGATION_NOT_PERMITTED = "您没有调整规定任务规则的权限"
RECORD_BEAT_OUT_OF_SCOPE = "所选警务区不在您的管辖范围内"
