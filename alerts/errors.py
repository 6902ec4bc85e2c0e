"""Messages of the alert services (Chinese, field-bound; English through the catalogue). Tests reuse them."""

from django.utils.translation import gettext_noop as _

NOT_PERMITTED = _("您没有此项预警的处置权限")
NOT_RAISER = _("您没有发布预警的权限")
TITLE_REQUIRED = _("请填写预警事项")
COLOUR_UNKNOWN = _("请选择预警等级：红色、橙色或黄色")
BEAT_REQUIRED = _("请选择预警所在的警务区")
RAISED_IN_FUTURE = _("发布时间不能晚于当前时间")
NOTE_REQUIRED = _("请填写处置情况")
ALREADY_CLOSED = _("该预警已闭环，不能再处置")
ALREADY_RESPONDED = _("该预警已响应")
DEPARTMENT_REQUIRED = _("请填写联动部门名称")
DEPARTMENT_DUPLICATE = _("该部门已登记为联动部门")
DEPARTMENTS_TOO_FEW = _("红色预警须至少{need}个部门联动方可闭环，目前仅{have}个，请先登记联动部门")
RED_ONLY = _("只有红色预警登记联动部门")
ORANGE_ONLY = _("只有橙色预警建立“双随机”抽样方案")
PLAN_EXISTS = _("该预警已建立抽样方案，抽样结果不可重抽")
PLAN_REQUIRED = _("橙色预警须先建立“双随机”抽样方案方可闭环")
POPULATION_EMPTY = _("警务区内没有可抽取的{what}，请先登记")
POPULATION_UNKNOWN = _("请选择抽样对象：单位或住户")
NOT_RESPONDED = _("红色预警须先响应方可闭环")
SETTING_INVALID = _("请输入1至365之间的整数")
