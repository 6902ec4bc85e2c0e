"""主观指标 (规范001 第一百一十四条: 主观指标主要考察辖区群众安全感、满意度) — from the survey records.

The rate is the favourable answers over the sample of the surveys of the unit's subtree taken in the period
(a month's survey: ``period`` = YYYY-MM). No survey → nothing to measure (“—”), never 0 %.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Sum

from fengqiao.indicators import IndicatorSpec, Measure, register

from .models import Survey, SurveyKind


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def surveys(kind: str):
    def records(unit, start: date, end: date):
        return Survey.objects.filter(scope_path__startswith=unit.path, kind=kind, period__in=_months(start, end))

    return records


def _rate(kind: str):
    def compute(unit, start: date, end: date) -> Measure:
        totals = surveys(kind)(unit, start, end).aggregate(f=Sum("favourable"), n=Sum("sample"))
        return Measure(totals["f"] or 0, totals["n"] or 0)

    compute.__name__ = f"{kind}_survey_rate"
    return compute


security_rate = _rate(SurveyKind.SECURITY)
satisfaction_rate = _rate(SurveyKind.SATISFACTION)

for _spec in (
    IndicatorSpec(
        code="art114_security_survey",
        name="群众安全感",
        source="规范001 第一百一十四条",
        compute=security_rate,
        reading="期内群众安全感调查中回答有安全感的人数占样本数的比例；未开展调查时不计（显示“—”）。规范未设目标值。",
        records=surveys(SurveyKind.SECURITY),
        tags=frozenset({"主观"}),
    ),
    IndicatorSpec(
        code="art114_satisfaction_survey",
        name="群众满意度",
        source="规范001 第一百一十四条",
        compute=satisfaction_rate,
        reading="期内群众满意度调查中回答满意的人数占样本数的比例；未开展调查时不计（显示“—”）。规范未设目标值。",
        records=surveys(SurveyKind.SATISFACTION),
        tags=frozenset({"主观"}),
    ),
):
    register(_spec, module="metrics")
