"""Messages of the metrics services (Chinese, field-level; English through the catalogue)."""

from django.utils.translation import gettext_noop as _

NOT_PERMITTED = _("您无权进行此操作")
PERIOD_INVALID = _("期间格式应为 年-月，例如 2026-11")
UNIT_UNKNOWN = _("没有代码为 %(code)s 的单位，或不在您的权限范围内")
YEAR_LOCKED = _("%(year)s 年度已年底终评锁定，数据不能再修改（规范001 第一百一十五条）")
YEAR_ALREADY_LOCKED = _("%(year)s 年度已经锁定")
COMMUNITY_SHARE_LOW = _(
    "社区警务工作权重合计 %(share)s%%，低于 70%%："
    "社区警务工作绩效在派出所工作绩效考评中占比不得低于百分之七十（规范001 第一百一十三条）"
)
WEIGHTS_NOT_100 = _("各项权重合计应为 100%%，现为 %(total)s%%")
SECOND_SCHEME = _(
    "%(unit)s 的 %(year)s 年度“%(category)s”考评已由 %(owner)s 制定：严禁多头考评、重复考评（规范001 第一百一十五条）"
)
QUOTA_ITEM = _("“%(name)s”是办案、打处类指标，不得纳入社区警务考评（规范001 第一百一十四条）")
UNKNOWN_INDICATOR = _("指标目录中没有“%(code)s”")
NOT_A_STATION = _("请选择派出所")
SURVEY_FAVOURABLE_GT_SAMPLE = _("满意/有安全感人数不能大于样本数")
SURVEY_SAMPLE_ZERO = _("样本数须大于 0")
INDEX_WEIGHTS_NOT_100 = _("安全指数各类权重合计应为 100%%，现为 %(total)s%%")
WEIGHT_RANGE = _("权重应在 0 至 100 之间")
