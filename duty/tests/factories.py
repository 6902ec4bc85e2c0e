"""Helpers for duty tests: the demo officer's station, its staff, and located work on given days."""

from datetime import date

from org.models import OrgUnitKind, Staff, StaffKind
from subjects.tests.factories import beat_of
from tasks.models import Task, TaskKind, TaskStatus, TaskTemplate

__all__ = ["SCENARIO_WEEK", "beat_of", "done_task", "station_of_officer", "station_staff"]

# The roster scenarios' days: the Sunday before Monday 23 November 2026 through the Monday after (conftest.py here).
SCENARIO_WEEK = (date(2026, 11, 22), date(2026, 11, 30))


def station_of_officer(users):
    return beat_of(users["officer"]).parent


def station_staff(users, kind=StaffKind.COMMUNITY_OFFICER):
    station = station_of_officer(users)
    return list(Staff.objects.filter(scope_path__startswith=station.path, kind=kind, is_active=True).order_by("pk"))


def done_task(user, unit, day: date, title="入户走访"):
    """A task the user completed on ``day`` in ``unit`` (a located activity of that day)."""
    return Task.objects.create(
        kind=TaskKind.COMMAND,
        title=title,
        template=TaskTemplate.objects.get(code="command_feedback"),
        org_unit=unit,
        assignee=user,
        due_on=day,
        done_on=day,
        status=TaskStatus.CLOSED,
    )


def other_beat(users):
    station = station_of_officer(users)
    mine = beat_of(users["officer"])
    return station.children.filter(kind=OrgUnitKind.BEAT).exclude(pk=mine.pk).order_by("path").first()
