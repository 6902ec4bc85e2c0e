"""Numbers the standards leave to the station, as data (pattern: ``casework/limits.py``).

Each row: a stable ``code``, what it sets, its ``unit``, the article (``source``), how the article was read
(``reading``) and a ``default``. A station (or the bureau/city above it) may set its own value on the 群众工作设置
page; the nearest one above a record wins (``leads.services.number_value``).

规范001 第五十二条 says the control centre "定期通报社情民意收集报告、采用得分情况" without a score table;
规范004 says points weigh "服务时间、次数、成效" without numbers. The defaults below are readings, not rules.
"""

from .choices import EntryKind

UNIT_LABELS = {"score": "分", "points": "积分", "days": "日"}

NUMBERS: tuple[dict, ...] = (
    {
        "code": "score_adopted",
        "label": "线索采用得分（每条）",
        "unit": "score",
        "default": 2,
        "source": "规范001 第五十二条",
        "reading": (
            "条文要求通报“采用得分”，未规定分值：每条被基础管控中心采用的社情民意或情况线索计2分，由派出所或上级调整。"
        ),
    },
    {
        "code": "score_actionable_bonus",
        "label": "行动性、指向性线索采用加分",
        "unit": "score",
        "default": 1,
        "source": "规范001 第四十九条、第五十二条",
        "reading": "行动性、指向性案事件线索被采用的，另加1分（第五十二条“发挥明显作用的”表彰的读法）。",
    },
    {
        "code": f"points.{EntryKind.CHECKIN}",
        "label": "积分规则：巡逻签到（每个必到点每日一次）",
        "unit": "points",
        "default": 1,
        "source": "规范004（巡逻积分评定制度：服务时间、次数、成效）",
        "reading": "每在一个巡逻点签到计1分；同一人同一点同一天只计一次，重复提交只计一次。",
    },
    {
        "code": f"points.{EntryKind.LEAD_ADOPTED}",
        "label": "积分规则：报告线索被采用",
        "unit": "points",
        "default": 5,
        "source": "规范004（成效）、规范001 第五十二条",
        "reading": "网格员、志愿者报告的线索被采用，报告人计5分（“成效”的读法）。",
    },
    {
        "code": f"points.{EntryKind.MEDIATION_HELP}",
        "label": "积分规则：协助化解矛盾纠纷",
        "unit": "points",
        "default": 3,
        "source": "规范004（警民联调）",
        "reading": "民警登记志愿者协助化解一起矛盾纠纷，计3分。",
    },
    {
        "code": f"points.{EntryKind.CAMPAIGN}",
        "label": "积分规则：参加防范宣传",
        "unit": "points",
        "default": 2,
        "source": "规范001 第五十五条(三)、规范004",
        "reading": "民警登记志愿者参加一次群众性防范宣传活动，计2分。",
    },
)

NUMBER_BY_CODE = {row["code"]: row for row in NUMBERS}
NUMBER_MAX = {"score": 100, "points": 1000, "days": 366}
AWARD_KINDS = (EntryKind.MEDIATION_HELP, EntryKind.CAMPAIGN)  # points an officer awards by hand


def points_code(kind: str) -> str:
    return f"points.{kind}"
