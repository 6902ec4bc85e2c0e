"""Template filters every page may use: ``{% load fengqiao %}``."""

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int | str:
    """A duration in whole minutes ("30"), for wording like “请 30 分钟后再试” (not ISO 8601's PT30M)."""
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 60)
    return ""
