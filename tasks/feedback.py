"""Feedback validated against its 任务标准件: typed fields, required/optional, choices, evidence.

``feedback_clean`` returns the cleaned values or raises one ValidationError listing every field's problem in
Chinese, so a page can show them all and keep what the officer typed (nothing is lost on bad input).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import errors

TEXT_MAX = {"text": 200, "textarea": 2000}


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def feedback_clean(template, data: dict, *, evidence_count: int = 0, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    problems: dict[str, list[str]] = {}
    cleaned: dict = {}
    known = {spec["name"] for spec in template.fields}
    unknown = sorted(set(data) - known)
    if unknown:
        problems["__all__"] = [_(errors.UNKNOWN_FIELDS).format(names="、".join(unknown))]
    for spec in template.fields:
        name, label, kind = spec["name"], spec["label"], spec["type"]
        value = data.get(name)
        if kind == "bool":
            cleaned[name] = value in (True, "true", "on", "1", 1, "yes")
            continue
        if _empty(value):
            if spec.get("required", True):
                problems.setdefault(name, []).append(_(errors.FIELD_REQUIRED).format(label=label))
            continue
        try:
            cleaned[name] = _convert(spec, value, today)
        except ValueError as exc:
            problems.setdefault(name, []).append(str(exc))
    if template.evidence_required and evidence_count == 0:
        problems.setdefault("evidence", []).append(_(errors.EVIDENCE_REQUIRED))
    if problems:
        raise ValidationError(problems, code="feedback_invalid")
    return cleaned


def _convert(spec: dict, value, today: date):
    label, kind = spec["label"], spec["type"]
    if kind in TEXT_MAX:
        value = str(value).strip()
        if len(value) > TEXT_MAX[kind]:
            raise ValueError(_(errors.TEXT_TOO_LONG).format(label=label, max=TEXT_MAX[kind]))
        return value
    if kind == "choice":
        values = [c[0] for c in spec["choices"]]
        if value not in values:
            names = "、".join(c[1] for c in spec["choices"])
            raise ValueError(_(errors.CHOICE_INVALID).format(label=label, choices=names))
        return value
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(_(errors.INT_INVALID).format(label=label)) from None
    if kind == "date":
        try:
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(_(errors.DATE_INVALID).format(label=label)) from None
        if day > today:
            raise ValueError(_(errors.DATE_IN_FUTURE).format(label=label))
        return day.isoformat()
    raise ValueError(f"unknown field type {kind!r}")
