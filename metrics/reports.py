"""Reports: the monthly evaluation report of a station (PDF through the CJK pipeline, and Excel), and the quarterly
治安情况 summary for residents' representatives (规范001 第九十六条) — counts and rates only, nothing about a person."""

from __future__ import annotations

import calendar
from datetime import date

from fengqiao.pdf import render_pdf
from fengqiao.spreadsheets import Workbook

from . import selectors, selectors_index
from .beats import HEAT_SOURCES, _date_field, _model

PUBLIC_NOTE = "本报告只含辖区汇总数字与比率，不含任何个人信息，可向辖区群众代表通报（规范001 第九十六条）。"


def monthly_context(unit, period: str) -> dict:
    values = selectors.unit_indicator_values(unit, period)
    scheme = selectors_index.scheme_for(unit) if unit.kind == "station" else None
    result = selectors_index.evaluation_result(scheme, unit, period) if scheme else (None, [])
    return {
        "unit": unit,
        "period": period,
        "values": values,
        "index": selectors_index.safety_index(unit, period),
        "scheme": scheme,
        "score": result[0],
        "rows": result[1],
        "ranked": selectors.units_ranked(selectors.child_units(unit), period),
    }


def monthly_pdf(unit, period: str) -> bytes:
    return render_pdf("metrics/pdf/monthly.html", monthly_context(unit, period))


def monthly_xlsx(unit, period: str) -> bytes:
    ctx = monthly_context(unit, period)
    book = Workbook()
    sheet = book.sheet(
        "指标", headers=["指标", "依据", "值", "分子", "分母", "目标", "达标"], widths=[36, 24, 10, 10, 10, 10, 8]
    )
    for v in ctx["values"]:
        met = {True: "是", False: "否", None: ""}[v.met]
        sheet.append([v.spec.name, v.spec.source, v.shown, v.numerator, v.denominator, v.target_shown, met])
    index = book.sheet("社区安全指数", headers=["类别", "权重%", "得分", "指标", "类内权重%", "指标得分"])
    for c in ctx["index"].categories:
        for p in c.parts:
            index.append([c.category.name, c.category.weight, c.score, p.name, p.weight, p.score])
    ranking = book.sheet("排名", headers=["名次", "单位", "达标占比%", "红", "黄"])
    for r in ctx["ranked"]:
        ranking.append([r.rank, r.unit.name, r.score, r.red, r.amber])
    return book.to_bytes()


def quarter_bounds(text: str | None, today: date) -> tuple[str, date, date]:
    """``YYYY-Qn`` (default: the last full quarter) → label, first and last day."""
    try:
        year, q = text.split("-Q")
        year, q = int(year), int(q)
        assert 1 <= q <= 4
    except (AttributeError, ValueError, AssertionError):
        q = (today.month - 1) // 3  # the quarter before this one
        year = today.year if q else today.year - 1
        q = q or 4
    first = date(year, 3 * q - 2, 1)
    last_month = 3 * q
    return f"{year}-Q{q}", first, date(year, last_month, calendar.monthrange(year, last_month)[1])


def quarterly_context(unit, label: str, start: date, end: date) -> dict:
    counts = []
    for _key, name, model_label, candidates in HEAT_SOURCES:
        model = _model(model_label)
        if model is None or not hasattr(model, "scope_path"):
            continue
        field = _date_field(model, candidates)
        qs = model.objects.filter(scope_path__startswith=unit.path)
        if field:
            qs = qs.filter(**{f"{field}__date__gte": start, f"{field}__date__lte": end})
        counts.append((name, qs.count()))
    periods = [f"{start.year}-{m:02d}" for m in range(start.month, end.month + 1)]
    rates = []
    for v in selectors.unit_indicator_values(unit, periods[-1]):
        if v.spec.unit == "ratio" and v.spec.target is not None:
            rates.append(v)
    return {
        "rates_period": periods[-1],
        "as_of": selectors.as_of(rates),
        "unit": unit,
        "label": label,
        "start": start,
        "end": end,
        "counts": counts,
        "rates": rates,
        "note": PUBLIC_NOTE,
    }


def quarterly_pdf(ctx: dict) -> bytes:
    return render_pdf("metrics/pdf/quarterly.html", ctx)
