"""Rules as data for the subjects app: the risk score (赋分, 规范001 第三十八条: 分级管理 where no scoring
platform exists) and the bulk-read threshold (违规预警, 第一百零九条). ``subjects.checks`` rejects a bad row.

Risk: a subject's score is the sum of the points of every factor whose predicate holds; the level is the first of
``RISK_LEVELS`` whose minimum the score reaches. Predicates are named functions registered in ``PREDICATES``.
Reading: 第三十八条 leaves the model to the upper level; the factors below are this platform's starting set (the
category's base weight, what the latest records say, and whether work is overdue), adjustable here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Base points per category (第三十七条): higher where the standard asks for 提级管控 or a work group.
CATEGORY_POINTS: dict[str, int] = {
    "state_security": 40,
    "threat": 40,
    "released_prisoner": 10,
    "drug_user": 20,
    "deprived_rights": 20,
    "dv_perpetrator": 20,
    "minor": 15,
    "mental_patient": 30,
    "bail": 15,
    "surveillance": 20,
    "other": 10,
}


@dataclass(frozen=True)
class RiskInput:
    category: str
    drug_risk: str  # latest 风险类别 of a drug user ("" if none)
    recurrence_found: bool  # latest DV visit found a recurrence
    violation_found: bool  # latest compliance check found a violation
    overdue_tasks: int
    days_since_visit: int | None  # None: never visited


def drug_high(i: RiskInput) -> bool:
    return i.drug_risk == "high"


def drug_medium(i: RiskInput) -> bool:
    return i.drug_risk == "medium"


def recurrence(i: RiskInput) -> bool:
    return i.recurrence_found


def violation(i: RiskInput) -> bool:
    return i.violation_found


def overdue(i: RiskInput) -> bool:
    return i.overdue_tasks > 0


def not_visited_half_year(i: RiskInput) -> bool:
    return i.days_since_visit is None or i.days_since_visit > 183


PREDICATES: dict[str, Callable[[RiskInput], bool]] = {
    "drug_high": drug_high,
    "drug_medium": drug_medium,
    "recurrence": recurrence,
    "violation": violation,
    "overdue": overdue,
    "not_visited_half_year": not_visited_half_year,
}

RISK_FACTORS: tuple[dict, ...] = (
    {
        "code": "drug_high",
        "label": "吸毒人员评估为高风险",
        "points": 40,
        "predicate": "drug_high",
        "source": "规范001 第四十一条(三)",
    },
    {
        "code": "drug_medium",
        "label": "吸毒人员评估为中风险",
        "points": 20,
        "predicate": "drug_medium",
        "source": "规范001 第四十一条(三)",
    },
    {
        "code": "dv_recurrence",
        "label": "最近查访发现再次实施家庭暴力",
        "points": 40,
        "predicate": "recurrence",
        "source": "规范001 第四十一条(五)",
    },
    {
        "code": "bail_violation",
        "label": "最近检查发现违反规定",
        "points": 40,
        "predicate": "violation",
        "source": "规范001 第四十一条(八)",
    },
    {
        "code": "overdue_work",
        "label": "有逾期未落实的工作",
        "points": 15,
        "predicate": "overdue",
        "source": "规范001 第四十条",
    },
    {
        "code": "no_recent_visit",
        "label": "半年以上未走访",
        "points": 10,
        "predicate": "not_visited_half_year",
        "source": "规范001 第四十二条",
    },
)

# Highest first; a score at or above ``min`` gets the level ("以上" includes the number, 第一百二十五条).
RISK_LEVELS: tuple[dict, ...] = (
    {"level": "high", "min": 60},
    {"level": "medium", "min": 30},
    {"level": "low", "min": 0},
)

# 违规预警: more than ``max_reads`` openings of subject records by one user within ``window_minutes``.
BULK_READ_THRESHOLD = {"window_minutes": 10, "max_reads": 30, "source": "规范001 第一百零九条"}


def risk_score(data: RiskInput) -> tuple[int, str, list[str]]:
    """(score, level, the labels of the factors that counted)."""
    score = CATEGORY_POINTS.get(data.category, 0)
    reasons = []
    for factor in RISK_FACTORS:
        if PREDICATES[factor["predicate"]](data):
            score += factor["points"]
            reasons.append(factor["label"])
    level = next(row["level"] for row in RISK_LEVELS if score >= row["min"])
    return score, level, reasons
