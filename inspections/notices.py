"""Numbered written notices (文书) rendered to PDF through the shared pipeline (``fengqiao.pdf``).

The kinds are data (``NOTICE_KINDS``), each with its article and the template that prints it. 整改通知书 is issued
here for a hazard (规范001 第六十一条; 规范002 安全检查制度 “下发《整改通知书》”); 预警建议书, 公安提示函 and the
防范整改 整改通知书 are the notices of 第八十条(四) that the incidents module issues through the same function:

    from inspections.notices import notice_issue
    notice_issue(acting_user=officer, kind="police_tip", org_unit=incident.org_unit,
                 subject=("incident", incident.pk), recipient="江枫小区物业", address="…",
                 content={"facts": "…", "advice": "…"}, legal_basis="规范001 第八十条(四)")

The number runs per station, year and kind (``枫桥派出所〔2026〕整改第3号``), taken under a row lock so two officers
never get the same one. The PDF is rendered once, at issue, and kept with its SHA-256: what was served is what the
file says, whatever later changes to templates.
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from audit.services import operation_log_write
from fengqiao.pdf import pdf_checksum, render_pdf
from org.models import OrgUnit, OrgUnitKind, path_prefixes

from .models import Notice, NoticeCounter

NOTICE_KINDS: dict[str, dict] = {
    "rectification": {
        "label": "整改通知书",
        "word": "整改",
        "template": "inspections/notices/rectification.html",
        "source": "规范001 第六十一条；规范002 安全检查制度",
    },
    "prevention_rectification": {
        "label": "整改通知书",
        "word": "防范整改",
        "template": "inspections/notices/generic.html",
        "source": "规范001 第八十条(四)",
    },
    "warning_advice": {
        "label": "预警建议书",
        "word": "预警",
        "template": "inspections/notices/generic.html",
        "source": "规范001 第八十条(四)",
    },
    "police_tip": {
        "label": "公安提示函",
        "word": "提示",
        "template": "inspections/notices/generic.html",
        "source": "规范001 第八十条(四)",
    },
}


def station_of(unit: OrgUnit) -> OrgUnit:
    if unit.kind == OrgUnitKind.STATION:
        return unit
    station = OrgUnit.objects.filter(path__in=path_prefixes(unit.path), kind=OrgUnitKind.STATION).first()
    return station or unit


def notice_number(station: OrgUnit, year: int, kind: str, sequence: int) -> str:
    return f"{station.name}〔{year}〕{NOTICE_KINDS[kind]['word']}第{sequence}号"


def _next_sequence(station: OrgUnit, year: int, kind: str) -> int:
    counter, _ = NoticeCounter.objects.get_or_create(station=station, year=year, kind=kind)
    counter = NoticeCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def notice_issue(
    *,
    acting_user,
    kind: str,
    org_unit: OrgUnit,
    subject: tuple[str, object],
    recipient: str,
    content: dict,
    deadline: date | None = None,
    address: str = "",
    legal_basis: str = "",
    dated: date | None = None,
) -> Notice:
    """Number a notice, render its PDF and keep both. The caller has checked its own permission and input (the
    issuing service of the record the notice is about); this writes the operation log of the notice. ``dated``: the
    date the notice bears (the decision's day; default today), which also gives the year of its number."""
    spec = NOTICE_KINDS[kind]
    now = timezone.now()
    station = station_of(org_unit)
    dated = dated or timezone.localdate(now)
    year = dated.year
    sequence = _next_sequence(station, year, kind)
    number = notice_number(station, year, kind, sequence)
    officer = getattr(acting_user, "display_name", "") or (acting_user.get_username() if acting_user else "")
    context = {
        "title": spec["label"],
        "kind": spec,
        "number": number,
        "station": station,
        "recipient": recipient,
        "address": address,
        "content": content,
        "deadline": deadline,
        "legal_basis": legal_basis or spec["source"],
        "officer": officer,
        "issued_on": dated,
    }
    data = render_pdf(spec["template"], context)
    notice = Notice(
        kind=kind,
        number=number,
        station=station,
        org_unit=org_unit,
        year=year,
        sequence=sequence,
        subject_type=subject[0],
        subject_id=str(subject[1]),
        recipient=recipient[:200],
        content={**content, "address": address, "legal_basis": context["legal_basis"], "officer": officer},
        deadline=deadline,
        issued_by=acting_user if acting_user is not None and acting_user.pk else None,
        issued_at=now,
        sha256=pdf_checksum(data),
    )
    notice.pdf.save(f"{kind}-{station.pk}-{year}-{sequence}.pdf", ContentFile(data), save=False)
    notice.save()
    operation_log_write(
        acting_user=acting_user,
        action="notice_issue",
        object_type="notice",
        object_id=notice.pk,
        summary=f"制发{spec['label']}{number}（{recipient}）",
        scope_path=org_unit.path,
    )
    return notice
