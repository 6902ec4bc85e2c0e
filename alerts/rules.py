"""The three-colour alert scheme of 规范003 服务机制(一), as data: one row per colour, every number with its source and
how it was read. The clocks themselves (red: respond in 1 hour, close in 5 days; yellow: close in 24 hours) are
obligation rows of the rules engine (``rules/obligations.py``: ``alert_red_response``, ``alert_red_close``,
``alert_yellow_close``) read through ``alerts.adapters``; this file holds what is not a clock: the departments a
red alert must link before it closes and the sampling rates of an orange alert.

"以上"/"≥" include the number (规范001 第一百二十五条): three departments close a red alert; 30 % of 100 units is 30.
"""

from decimal import Decimal

SOURCE_RED = "规范003 服务机制(一)1 红色预警“1+3+5”"
SOURCE_ORANGE = "规范003 服务机制(一)2 橙色预警“双随机”"
SOURCE_YELLOW = "规范003 服务机制(一)3 黄色预警“24小时办结承诺制”"

COLOUR_RULES: dict[str, dict] = {
    "red": {
        "label": "红色预警（重大风险）",
        "source": SOURCE_RED,
        "response_hours": 1,  # 1小时响应 — obligation alert_red_response
        "close_hours": 120,  # 5日闭环 — obligation alert_red_close
        "min_departments": 3,  # 3部门联动
        "reading": (
            "“1+3+5”：自发布之时起1小时内响应（到期为时刻）；闭环前须登记不少于3个联动部门（本派出所不计入），"
            "少于3个不得闭环；“5日闭环”按日历日计算、不因休息日提前或顺延，即发布之时起5×24小时内闭环。"
        ),
    },
    "orange": {
        "label": "橙色预警（潜在风险）",
        "source": SOURCE_ORANGE,
        "check_rate": Decimal("0.30"),  # 随机抽检率≥30%
        "visit_rate": Decimal("0.20"),  # 随机走访率≥20%
        "reading": (
            "“双随机”：对预警涉及的单位或住户建立抽样方案，按记录的随机种子抽取不少于30%进行抽检、不少于20%进行走访"
            "（向上取整），同一种子必得同一抽样结果；每一抽中对象生成一项任务派发给所在警务区社区民警。"
            "条文未规定单件期限，不设规定任务时钟；核查期限为派出所设置（默认30日）。"
        ),
    },
    "yellow": {
        "label": "黄色预警（一般问题）",
        "source": SOURCE_YELLOW,
        "close_hours": 24,  # 24小时办结 — obligation alert_yellow_close
        "reading": "“24小时办结承诺制”：作为电子工单，自发布之时起24小时内办结；闭环率100%为目标，逾期即上报所领导。",
    },
}

MIN_DEPARTMENTS = COLOUR_RULES["red"]["min_departments"]
CHECK_RATE = COLOUR_RULES["orange"]["check_rate"]
VISIT_RATE = COLOUR_RULES["orange"]["visit_rate"]

# Numbers the text does not give: station data (the nearest unit's value wins), with their readings.
SETTINGS: tuple[dict, ...] = (
    {
        "code": "orange_sample_days",
        "label": "橙色预警抽检、走访任务期限",
        "unit": "日",
        "default": 30,
        "source": SOURCE_ORANGE,
        "reading": "条文未规定抽检、走访的完成期限：自抽取次日起30日内完成，派出所可调整。",
    },
)
SETTING_BY_CODE = {row["code"]: row for row in SETTINGS}
