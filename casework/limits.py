"""Time limits the standards leave to the station (规定时限), as data.

Each row: a stable ``code``, what it limits, its ``unit``, the article (``source``), how the article was read
(``reading``) and a ``default`` — ``None`` where the article gives no number and no reading supplies one: then
nothing is measured or due until a station (or the city above it) sets it on the 时限设置 page. A station's
value wins over its bureau's and the city's (``casework.services.limit_value``).

规范001 第八十一条(一) says "规定时限内到场" without a number: the arrival limits have **no default** and a system
check refuses one (casework.E002) — 规范003's "8分钟" is a pilot figure, not a rule.
"""

from .choices import IncidentKind

UNITS = ("minutes", "hours", "days")
UNIT_LABELS = {"minutes": "分钟", "hours": "小时", "days": "日"}

LIMITS: tuple[dict, ...] = (
    {
        "code": "repeat_window_days",
        "label": "重复矛盾纠纷比对期间",
        "unit": "days",
        "default": 90,
        "source": "规范001 第七十三条第二款、第七十六条(二)",
        "reading": (
            "条文要求标注重复矛盾纠纷，未规定期间：同一当事人之间、或同一地址同一类别的纠纷，"
            "在前一起接报后90日内再次发生的，系统提示为疑似重复，由民警确认或排除。"
        ),
    },
    {
        "code": "mediator_accept_hours",
        "label": "调解员接收移交时限",
        "unit": "hours",
        "default": None,
        "source": "规范004（调解员在接收移交后，在规定时限内开展调解）",
        "reading": "规范004称“规定时限内”，未给出数字：由派出所设定；未设定的，移交不计接收时限。",
    },
    {
        "code": "mediation_days",
        "label": "调解员调解期限",
        "unit": "days",
        "default": None,
        "source": "规范004（在规定时限内开展调解）",
        "reading": "调解员接收后应在该期限内反馈调解结果，自接收次日起算；逾期即提醒值班民警。由派出所设定。",
    },
    *(
        {
            "code": f"arrival_minutes.{kind}",
            "label": f"到场时限：{label}",
            "unit": "minutes",
            "default": None,
            "source": "规范001 第八十一条(一)",
            "reading": (
                "条文称“规定时限内到场”，未给出数字；不预设默认值（规范003“8分钟”为试点数据）。"
                "自派警（推送）时起算，无派警时间的自接报时起算；未设定时限的类别不计入到场率。"
            ),
            "incident_kind": kind,
        }
        for kind, label in IncidentKind.choices
    ),
)

LIMIT_BY_CODE = {row["code"]: row for row in LIMITS}


def arrival_code(kind: str) -> str:
    return f"arrival_minutes.{kind}"
