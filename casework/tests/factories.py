"""Helpers for casework tests: disputes on a demo officer's beat at fixed times (Asia/Shanghai)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from casework import services
from casework.models import Mediator
from subjects.tests.factories import beat_of, resident
from tasks.models import OPEN_STATUSES, Task

TZ = ZoneInfo("Asia/Shanghai")

__all__ = ["at", "beat_of", "dispute", "due", "incident", "jpg", "mediator", "pdf", "push", "resident", "tasks_of"]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def dispute(users, *, officer="officer", on: date, parties=None, **overrides):
    """A neighbour dispute recorded by the officer on ``on`` at 10:00 (parties: names or residents)."""
    parties = parties or ["张甲", "李乙"]
    data = {
        "beat": beat_of(users[officer]),
        "domain": "neighbour",
        "source": "call",
        "summary": "楼上漏水引发争吵",
        "place_text": "江枫社区幸福路8号3栋2单元301室",
        "reported_at": at(on),
        "risk_level": "low",
        "parties": [_party(p) for p in parties],
        **overrides,
    }
    return services.dispute_record(acting_user=users[officer], now=at(on, 11), **data)


def _party(p) -> dict:
    """A party given as a name (free text), a resident, or the service's own dict."""
    if isinstance(p, dict):
        return p
    if isinstance(p, str):
        return {"name": p, "phone": "13900001234"}
    return {"resident": p}


def tasks_of(record_type, record_id, code=None, open_only=True):
    qs = Task.objects.filter(record_type=record_type, record_id=str(record_id))
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if code:
        qs = qs.filter(obligation_code=code)
    return list(qs.order_by("due_on", "id"))


def due(d, code="art75_dispute_follow_up"):
    return [t.due_on for t in tasks_of("dispute", d.pk, code)]


def pdf(name="取证.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% evidence\n", content_type="application/pdf")


def jpg(name="接报.jpg"):
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0intake", content_type="image/jpeg")


def mediator(users, *, lead="lead", user="mediator", **data) -> Mediator:
    station = users[lead].role_assignments.first().org_unit
    return services.mediator_register(
        acting_user=users[lead],
        org_unit=station,
        data={
            "name": "调解员周",
            "kind": "people_mediator",
            "organization": "江枫社区人民调解委员会",
            "tags": ["人", "事"],
            "user": users.get(user) if user else None,
            **data,
        },
    )


def incident(users, *, officer="officer", on: date, hour: int = 10, **overrides):
    """A burglary the officer found on ``on`` at ``hour``:00, recorded an hour later."""
    data = {
        "beat": beat_of(users[officer]),
        "kind": "criminal",
        "subkind": "burglary",
        "source": "officer",
        "summary": "住户报称家中财物被盗",
        "place_text": "江枫社区幸福路8号3栋2单元301室",
        "reported_at": at(on, hour),
        **overrides,
    }
    return services.incident_record(acting_user=users[officer], now=at(on, hour + 1), **data)


def push(users, *, by="command_room", beat=None, on: date, hour: int = 10, **overrides):
    """A burglary pushed by 综合指挥室 to the demo officer's beat at ``hour``:05."""
    data = {
        "beat": beat or beat_of(users["officer"]),
        "kind": "criminal",
        "subkind": "burglary",
        "source": "command_room",
        "summary": "110接报入室盗窃",
        "place_text": "江枫社区幸福路8号3栋2单元301室",
        "reported_at": at(on, hour),
        **overrides,
    }
    return services.incident_push(acting_user=users[by], now=at(on, hour, 5), **data)
