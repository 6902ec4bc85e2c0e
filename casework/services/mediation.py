"""The mediator pool and hand-overs to mediators (规范004 "公安在调解"): a dispute that cannot be mediated on the
spot goes to a mediator with the 前期调查取证 and 案事件接报材料 attached; the mediator accepts within the
station's limit and mediates within its period; a failure goes back to the duty officer "第一时间".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import Perm, Role
from accounts.scope import path_covered
from fengqiao import names, uploads
from org.hooks import duty_officers_at
from org.models import OrgUnit
from rules.calendar import due_within
from tasks.services import message_send

from .. import errors
from ..choices import MEDIATOR_TAGS, ActionKind, HandoverFileKind, HandoverStatus, MediatorKind, Outcome
from ..models import Dispute, HandoverFile, MediationHandover, Mediator
from .common import limit_value, log, now_or, require
from .disputes import require_lead_beat, require_open, timeline_add

MEDIATOR_FIELDS = ("name", "kind", "organization", "tags", "speciality", "phone", "user", "is_active")


def _mediator_problems(data: dict) -> dict:
    problems: dict[str, list[str]] = {}
    for name, label in (("name", _("姓名")), ("organization", _("所属组织"))):
        if not str(data.get(name) or "").strip():
            problems[name] = [_(errors.REQUIRED).format(label=label)]
    # The same discipline as every person name and organisation name (fengqiao/names.py, issue 21).
    for name, check in (("name", names.person_name), ("organization", names.organization_name)):
        if name not in problems:
            try:
                data[name] = check(data.get(name))
            except ValidationError as exc:
                problems[name] = exc.messages
    if data.get("kind") not in MediatorKind.values:
        labels = "、".join(str(label) for _c, label in MediatorKind.choices)
        problems["kind"] = [_(errors.CHOICE).format(label=_("类别"), choices=labels)]
    if any(t not in MEDIATOR_TAGS for t in data.get("tags") or []):
        problems["tags"] = [_(errors.MEDIATOR_TAG)]
    user = data.get("user")
    if user is not None and not RoleAssignment.objects.filter(user=user, role=Role.MEDIATOR).exists():
        problems["user"] = [_(errors.MEDIATOR_USER_ROLE)]
    return problems


@transaction.atomic
def mediator_register(*, acting_user, org_unit: OrgUnit, data: dict) -> Mediator:
    """入库: add a mediator to a station's pool (manage_casework: 所领导). An auxiliary chosen as 专职调解员, a
    people's mediator, a lawyer … ``data["user"]``: their account (role 调解员), so they see their hand-overs."""
    require(acting_user, Perm.MANAGE_CASEWORK, org_unit.path)
    problems = _mediator_problems(data)
    if problems:
        raise ValidationError(problems, code="invalid")
    mediator = Mediator.objects.create(
        org_unit=org_unit,
        name=data["name"].strip()[:60],
        kind=data["kind"],
        organization=data["organization"].strip()[:100],
        tags=list(dict.fromkeys(data.get("tags") or [])),
        speciality=(data.get("speciality") or "").strip()[:200],
        phone=(data.get("phone") or "").strip()[:20],
        user=data.get("user"),
    )
    log(acting_user, "mediator_register", "mediator", mediator.pk, f"调解员“{mediator.name}”入库", org_unit.path)
    return mediator


@transaction.atomic
def mediator_update(*, acting_user, mediator: Mediator, data: dict) -> Mediator:
    """Change a mediator's facts, or take them out of the pool (``is_active`` False)."""
    require(acting_user, Perm.MANAGE_CASEWORK, mediator.org_unit.path)
    merged = {name: data.get(name, getattr(mediator, name)) for name in MEDIATOR_FIELDS}
    problems = _mediator_problems(merged)
    if problems:
        raise ValidationError(problems, code="invalid")
    changes = {}
    for name in MEDIATOR_FIELDS:
        value = merged[name]
        if isinstance(value, str):
            value = value.strip()
        if getattr(mediator, name) != value:
            changes[name] = [str(getattr(mediator, name)), str(value)]
            setattr(mediator, name, value)
    if changes:
        mediator.save(update_fields=list(changes))
        log(
            acting_user,
            "mediator_update",
            "mediator",
            mediator.pk,
            f"修改调解员“{mediator.name}”" + ("" if mediator.is_active else "（已出库）"),
            mediator.org_unit.path,
            changes=changes,
        )
    return mediator


def _mediator_user(acting_user, handover: MediationHandover) -> None:
    """Only the mediator it was handed to (through their account and 调解员 role) acts on a hand-over."""
    if acting_user is None:
        return
    if handover.mediator.user_id != acting_user.pk or not path_covered(
        acting_user, handover.mediator.org_unit.path, Perm.MEDIATE_DISPUTES
    ):
        raise PermissionDenied(_(errors.HANDOVER_NOT_YOURS))


def _status(handover: MediationHandover, allowed, action: str) -> None:
    if handover.status not in allowed:
        raise ValidationError(
            _(errors.HANDOVER_STATUS).format(status=handover.get_status_display(), action=action), code="status"
        )


@transaction.atomic
def handover_create(
    *,
    acting_user,
    dispute: Dispute,
    mediator: Mediator,
    files: dict,
    note: str = "",
    duty_officer=None,
    now: datetime | None = None,
) -> MediationHandover:
    """移交调解员 (规范004): refused unless both the 前期调查取证 and the 案事件接报材料 are attached
    (``files``: {kind: [uploaded files]}). The mediator is told at once; their acceptance deadline is the
    station's ``mediator_accept_hours``. ``duty_officer``: who hears of a failure (default: the station's officer
    on duty now by its roster, through ``org.hooks.duty_officers_at``; without one on the roster, who hands over)."""
    require_lead_beat(acting_user, dispute)
    require_open(dispute, _("移交调解员"))
    now = now_or(now)
    problems: dict[str, list[str]] = {}
    missing = [label for kind, label in HandoverFileKind.choices if not files.get(kind)]
    if missing:
        problems["files"] = [_(errors.HANDOVER_FILES).format(missing="和".join(str(m) for m in missing))]
    if not mediator.is_active:
        problems["mediator"] = [_(errors.MEDIATOR_INACTIVE)]
    elif not dispute.beat.path.startswith(mediator.org_unit.path):
        problems["mediator"] = [_(errors.MEDIATOR_OUT_OF_STATION)]
    if dispute.handovers.filter(status__in=[HandoverStatus.WAITING, HandoverStatus.ACCEPTED]).exists():
        problems["__all__"] = [_(errors.HANDOVER_LIVE)]
    checked = []
    for kind, uploaded in files.items():
        try:
            checked.extend((kind, c) for c in uploads.check_all(uploaded, field="files", kinds=uploads.DOCUMENTS))
        except ValidationError as exc:
            problems.setdefault("files", []).extend(exc.message_dict["files"])
    if problems:
        raise ValidationError(problems, code="invalid")
    hours = limit_value("mediator_accept_hours", dispute.beat)
    handover = MediationHandover.objects.create(
        dispute=dispute,
        mediator=mediator,
        note=note.strip(),
        handed_by=acting_user,
        handed_at=now,
        duty_officer=duty_officer or next(iter(duty_officers_at(dispute.station, now)), None) or acting_user,
        accept_due_at=now + timedelta(hours=hours) if hours else None,
    )
    for kind, c in checked:
        HandoverFile.objects.create(handover=handover, kind=kind, uploaded_by=acting_user, **c.facts())
    timeline_add(acting_user, dispute, ActionKind.HANDOVER, now, note or _("移交调解员调解"), target=mediator.name)
    if mediator.user_id:
        due = f"，请于{timezone.localtime(handover.accept_due_at):%Y-%m-%d %H:%M}前接收" if hours else ""
        message_send(
            recipient=mediator.user,
            text=f"收到调解移交：{dispute.get_domain_display()}纠纷（{dispute.place_text[:30]}）{due}",
            key=f"handover:{handover.pk}:new",
        )
    log(
        acting_user,
        "handover_create",
        "mediation_handover",
        handover.pk,
        f"移交调解员“{mediator.name}”调解（附材料{len(checked)}份）",
        dispute.beat.path,
    )
    return handover


@transaction.atomic
def handover_accept(*, acting_user, handover: MediationHandover, now: datetime | None = None) -> MediationHandover:
    """The mediator accepts; the mediation period (the station's ``mediation_days``) starts the day after."""
    _mediator_user(acting_user, handover)
    _status(handover, (HandoverStatus.WAITING,), _("接收"))
    now = now_or(now)
    days = limit_value("mediation_days", handover.dispute.beat)
    handover.status, handover.accepted_at = HandoverStatus.ACCEPTED, now
    handover.mediation_due_on = due_within(timezone.localdate(now), days) if days else None
    handover.save(update_fields=["status", "accepted_at", "mediation_due_on"])
    log(
        acting_user,
        "handover_accept",
        "mediation_handover",
        handover.pk,
        f"调解员“{handover.mediator.name}”接收移交",
        handover.dispute.beat.path,
    )
    return handover


def _tell_duty_officer(handover: MediationHandover, text: str, key: str) -> None:
    recipient = handover.duty_officer or handover.handed_by
    if recipient is not None:
        message_send(recipient=recipient, text=text, key=key)


@transaction.atomic
def handover_result(
    *, acting_user, handover: MediationHandover, success: bool, note: str, now: datetime | None = None
) -> MediationHandover:
    """The mediator reports the result. A failure goes back to the duty officer at once (规范004 "调解不成功的，
    第一时间反馈值班民警作后续处理"): a message now; the dispute stays open with its follow-up clock."""
    _mediator_user(acting_user, handover)
    _status(handover, (HandoverStatus.WAITING, HandoverStatus.ACCEPTED), _("反馈结果"))
    if not note.strip():
        raise ValidationError({"note": [_(errors.RESULT_NOTE)]}, code="invalid")
    now = now_or(now)
    dispute = handover.dispute
    handover.status = HandoverStatus.SUCCEEDED if success else HandoverStatus.FAILED
    handover.accepted_at = handover.accepted_at or now
    handover.result_at, handover.result_note = now, note.strip()
    handover.save(update_fields=["status", "accepted_at", "result_at", "result_note"])
    timeline_add(
        acting_user,
        dispute,
        ActionKind.MEDIATOR_RESULT,
        now,
        handover.result_note,
        target=handover.mediator.name,
        outcome=Outcome.SUCCESS if success else Outcome.FAILURE,
    )
    if not success:
        _tell_duty_officer(
            handover,
            f"调解不成功，请作后续处理：{dispute.get_domain_display()}纠纷（{dispute.place_text[:30]}），"
            f"调解员{handover.mediator.name}：{handover.result_note[:80]}",
            f"handover:{handover.pk}:failed",
        )
    log(
        acting_user,
        "handover_result",
        "mediation_handover",
        handover.pk,
        f"调解员反馈：{handover.get_status_display()}" + ("，已通知值班民警" if not success else ""),
        dispute.beat.path,
    )
    return handover


@transaction.atomic
def handover_deadlines_check(*, acting_user=None, now: datetime | None = None) -> int:
    """System job: a hand-over not accepted by its deadline, or not mediated within its period, is reported to
    the duty officer (once each). Returns how many were reported."""
    now = now_or(now)
    today = timezone.localdate(now)
    late = list(
        MediationHandover.objects.filter(
            status=HandoverStatus.WAITING, accept_due_at__lt=now, overdue_notified_at=None
        ).select_related("dispute", "mediator", "duty_officer", "handed_by")
    ) + list(
        MediationHandover.objects.filter(
            status=HandoverStatus.ACCEPTED, mediation_due_on__lt=today, overdue_notified_at=None
        ).select_related("dispute", "mediator", "duty_officer", "handed_by")
    )
    for handover in late:
        what = "未按时接收" if handover.status == HandoverStatus.WAITING else "未在调解期限内反馈结果"
        _tell_duty_officer(
            handover,
            f"调解移交逾期：调解员{handover.mediator.name}{what}（{handover.dispute.get_domain_display()}纠纷，"
            f"{handover.dispute.place_text[:30]}），请跟进",
            f"handover:{handover.pk}:overdue",
        )
        handover.overdue_notified_at = now
        handover.save(update_fields=["overdue_notified_at"])
    if late:
        log(acting_user, "handover_deadlines_check", "mediation_handover", "-", f"调解移交逾期提醒{len(late)}条", "")
    return len(late)
