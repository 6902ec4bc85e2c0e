"""勤务 API under /api/v1/duty/: rosters with their checks, who is on duty, duty logs, time in the beat, leave and
support requests — the same selectors, services and scope as the pages; every write on the operation log."""

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.roles import Perm
from api.common import Paging, Rows, require
from org.models import OrgUnit, OrgUnitKind, Staff

from . import selectors, services

router = Router(tags=["勤务"])


class ShiftOut(Schema):
    id: int
    org_unit_id: int
    org_unit_name: str
    day: date
    start: time
    end: time
    kind: str
    kind_label: str
    staff_id: int
    staff_name: str
    backup_id: int | None
    backup_name: str
    note: str


class ShiftIn(Schema):
    org_unit_id: int = Field(description="派出所、警务区或警务室")
    day: date
    start: time
    end: time = Field(description="早于或等于开始时间的，次日结束")
    kind: str = Field(description="duty 值班 / standby 备勤 / patrol 巡逻 / school 护学岗 / reception 接待")
    staff_id: int = Field(description="A岗（org.Staff）")
    backup_id: int | None = Field(None, description="B岗（AB岗：A岗缺勤时顶岗）")
    note: str = ""


class ShiftFilters(Schema):
    within: int | None = None
    start: date | None = None
    end: date | None = None
    kind: str | None = None
    q: str | None = None
    no_backup: bool = False


class ProblemOut(Schema):
    code: str
    label: str
    source: str
    day: date | None
    unit: str
    text: str


class WeekOut(Schema):
    station_id: int
    start: date
    shifts: list[ShiftOut]
    problems: list[ProblemOut]


class OnDutyOut(Schema):
    staff_id: int
    name: str
    kind: str


class EntryOut(Schema):
    source: str
    source_label: str
    at: time | None
    text: str
    place: str
    in_beat: bool


class LogOut(Schema):
    id: int
    staff_id: int
    staff_name: str
    day: date
    filled_at: datetime | None
    signed_at: datetime | None
    signed_by: str


class LogDetailOut(LogOut):
    entries: list[EntryOut]


class EntryIn(Schema):
    text: str
    at: time | None = None
    place: str = ""
    in_beat: bool = Field(False, description="在本警务区（计入第一百零一条在警务区工作时间）")


class SignIn(Schema):
    note: str = ""


class BeatDayOut(Schema):
    day: date
    working: bool
    on_leave: bool
    in_beat: bool
    activities: list[str]


class BeatTimeOut(Schema):
    staff_id: int
    staff_name: str
    beat_name: str
    rule: str
    target: float
    working_days: int
    in_beat_days: int
    ratio: float | None
    meets: bool | None
    short_days: list[date]


class BeatTimeDetailOut(BeatTimeOut):
    days: list[BeatDayOut]


class LeaveOut(Schema):
    id: int
    staff_id: int
    staff_name: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    reason: str
    returned_at: datetime | None


class LeaveIn(Schema):
    staff_id: int
    kind: str = Field(description="leave 请假 / out 外出")
    starts_at: datetime
    ends_at: datetime
    reason: str


class SupportOut(Schema):
    id: int
    org_unit_id: int
    to_unit: str
    subject: str
    content: str
    requested_at: datetime
    due_at: datetime
    status: str
    answered_at: datetime | None
    answer: str


class SupportIn(Schema):
    org_unit_id: int
    to_unit: str
    subject: str
    content: str = ""
    due_at: datetime | None = Field(None, description="答复期限（第二十四条：有时限），必填")


class AnswerIn(Schema):
    answer: str


def _aware(moment):
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _unit(request, pk: int, perm: str = Perm.VIEW_DUTY) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.auth, perm=perm), pk=pk)


def _staff(request, pk: int | None, perm: str = Perm.MANAGE_DUTY) -> Staff | None:
    if pk is None:
        return None
    return get_object_or_404(Staff.objects.visible_to(request.auth, perm=perm), pk=pk)


def _shift_out(s) -> dict:
    return {
        "id": s.pk,
        "org_unit_id": s.org_unit_id,
        "org_unit_name": s.org_unit.name,
        "day": s.day,
        "start": s.start,
        "end": s.end,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "staff_id": s.staff_id,
        "staff_name": s.staff.name,
        "backup_id": s.backup_id,
        "backup_name": s.backup.name if s.backup else "",
        "note": s.note,
    }


def _log_out(g) -> dict:
    return {
        "id": g.pk,
        "staff_id": g.staff_id,
        "staff_name": g.staff.name,
        "day": g.day,
        "filled_at": g.filled_at,
        "signed_at": g.signed_at,
        "signed_by": g.signed_by.display_name if g.signed_by else "",
    }


def _log_detail(g) -> dict:
    entries = [
        {
            "source": e.source,
            "source_label": e.get_source_display(),
            "at": e.at,
            "text": e.text,
            "place": e.place,
            "in_beat": e.in_beat,
        }
        for e in g.entries.all()
    ]
    return {**_log_out(g), "entries": entries}


def _beat_time_out(r, days: bool = False) -> dict:
    out = {
        "staff_id": r.staff.pk,
        "staff_name": r.staff.name,
        "beat_name": r.staff.org_unit.name,
        "rule": r.rule["code"],
        "target": float(r.rule["target"]),
        "working_days": r.working_days,
        "in_beat_days": r.in_beat_days,
        "ratio": float(r.ratio) if r.ratio is not None else None,
        "meets": r.meets,
        "short_days": [d.day for d in r.short_days],
    }
    if days:
        out["days"] = [
            {
                "day": d.day,
                "working": d.working,
                "on_leave": d.on_leave,
                "in_beat": d.in_beat,
                "activities": [a.text for a in d.activities],
            }
            for d in r.days
        ]
    return out


def _leave_out(v) -> dict:
    return {
        "id": v.pk,
        "staff_id": v.staff_id,
        "staff_name": v.staff.name,
        "kind": v.kind,
        "starts_at": v.starts_at,
        "ends_at": v.ends_at,
        "reason": v.reason,
        "returned_at": v.returned_at,
    }


def _support_out(r) -> dict:
    fields = ("id", "org_unit_id", "to_unit", "subject", "content", "requested_at", "due_at", "status")
    return {**{f: getattr(r, f) for f in fields}, "answered_at": r.answered_at, "answer": r.answer}


# ---------------------------------------------------------------- roster


@router.get("/shifts", response=list[ShiftOut], summary="排班", description="权限：view_duty")
@paginate(Paging)
def shift_list(request, filters: Query[ShiftFilters]):
    require(request, Perm.VIEW_DUTY)
    data = filters.dict()
    if data.get("within"):
        data["within"] = _unit(request, data["within"])
    return Rows(selectors.shift_list(user=request.auth, filters=data), _shift_out)


@router.post(
    "/shifts",
    response={201: ShiftOut, 403: dict, 404: dict, 422: dict},
    summary="排班（A岗、B岗）",
    description="权限：manage_duty；规范001 第一百零二条 AB角",
)
def shift_add(request, payload: ShiftIn):
    require(request, Perm.MANAGE_DUTY)
    data = payload.dict()
    data["org_unit"] = _unit(request, data.pop("org_unit_id"), Perm.MANAGE_DUTY)
    data["staff"] = _staff(request, data.pop("staff_id"))
    data["backup"] = _staff(request, data.pop("backup_id"))
    shift = services.shift_create(acting_user=request.auth, **data)
    return Status(201, _shift_out(shift))


@router.delete(
    "/shifts/{shift_id}",
    response={204: None, 403: dict, 404: dict},
    summary="取消班次",
    description="权限：manage_duty",
)
def shift_delete(request, shift_id: int):
    shift = selectors.shift_get(user=request.auth, pk=shift_id)
    services.shift_cancel(acting_user=request.auth, shift=shift)
    return Status(204, None)


@router.get(
    "/roster/{station_id}",
    response={200: WeekOut, 404: dict},
    summary="一周排班及检查（7×24空档、AB岗、规范002选项）",
    description="权限：view_duty；start 为该周任一日",
)
def roster_week(request, station_id: int, start: date | None = None):
    require(request, Perm.VIEW_DUTY)
    station = get_object_or_404(
        OrgUnit.objects.visible_to(request.auth, perm=Perm.VIEW_DUTY).filter(kind=OrgUnitKind.STATION), pk=station_id
    )
    week = selectors.station_week(user=request.auth, station=station, start=start or timezone.localdate())
    problems = [
        {"code": p.code, "label": p.label, "source": p.source, "day": p.day, "unit": p.unit, "text": p.text}
        for p in week["problems"]
    ]
    return {
        "station_id": station.pk,
        "start": week["start"],
        "shifts": [_shift_out(s) for s in week["shifts"]],
        "problems": problems,
    }


@router.get(
    "/on-duty/{station_id}",
    response={200: list[OnDutyOut], 404: dict},
    summary="某时刻在岗值班人员（A岗缺勤由B岗顶岗）",
    description="权限：view_duty；at 默认当前时间",
)
def on_duty(request, station_id: int, at: datetime | None = None):
    require(request, Perm.VIEW_DUTY)
    station = _unit(request, station_id)
    rows = selectors.on_duty_at(station=station, when=_aware(at) or timezone.now())
    return [{"staff_id": s.pk, "name": s.name, "kind": s.kind} for s in rows]


# ---------------------------------------------------------------- duty logs and time in the beat


@router.get("/logs", response=list[LogOut], summary="工作日志", description="权限：view_duty")
@paginate(Paging)
def log_list(request, start: date | None = None, end: date | None = None, unsigned: bool = False, q: str = ""):
    require(request, Perm.VIEW_DUTY)
    filters = {"start": start, "end": end, "unsigned": unsigned, "q": q}
    return Rows(selectors.work_log_list(user=request.auth, filters=filters), _log_out)


@router.get(
    "/logs/{log_id}", response={200: LogDetailOut, 404: dict}, summary="工作日志详情", description="权限：view_duty"
)
def log_detail(request, log_id: int):
    require(request, Perm.VIEW_DUTY)
    return _log_detail(selectors.work_log_get(user=request.auth, pk=log_id))


@router.get(
    "/logs/mine/{day}",
    response={200: LogDetailOut, 403: dict, 422: dict},
    summary="本人某日工作日志（打开即按当日记录自动生成）",
    description="权限：keep_duty_log",
)
def my_log(request, day: date):
    require(request, Perm.KEEP_DUTY_LOG)
    staff = getattr(request.auth, "staff", None)
    if staff is None:
        raise PermissionDenied(_("您的账号未关联人员，无工作日志"))
    log = services.work_log_fill(acting_user=request.auth, staff=staff, day=day)
    return _log_detail(log)


@router.post(
    "/logs/{log_id}/entries",
    response={201: LogDetailOut, 403: dict, 404: dict, 422: dict},
    summary="补记工作日志",
    description="权限：keep_duty_log（本人）",
)
def log_entry_add(request, log_id: int, payload: EntryIn):
    log = selectors.work_log_get(user=request.auth, pk=log_id)
    services.work_log_entry_add(acting_user=request.auth, log=log, **payload.dict())
    return Status(201, _log_detail(log))


@router.post(
    "/logs/{log_id}/sign",
    response={200: LogDetailOut, 403: dict, 404: dict, 422: dict},
    summary="审核工作日志",
    description="权限：manage_duty",
)
def log_sign(request, log_id: int, payload: SignIn):
    log = selectors.work_log_get(user=request.auth, pk=log_id)
    services.work_log_sign(acting_user=request.auth, log=log, note=payload.note)
    return _log_detail(log)


@router.get(
    "/time-in-beat",
    response=list[BeatTimeOut],
    summary="在警务区工作时间（第一百零一条）",
    description="权限：view_duty；month 为该月任一日；专职≥80%、其他≥40%（含本数）",
)
def time_in_beat(request, month: date | None = None, within: int | None = None):
    require(request, Perm.VIEW_DUTY)
    unit = _unit(request, within) if within else None
    rows = selectors.time_in_beat(user=request.auth, month=month or timezone.localdate(), within=unit)
    return [_beat_time_out(r) for r in rows]


@router.get(
    "/time-in-beat/{staff_id}",
    response={200: BeatTimeDetailOut, 404: dict},
    summary="某民警在警务区工作时间及逐日明细",
    description="权限：view_duty",
)
def time_in_beat_detail(request, staff_id: int, month: date | None = None):
    require(request, Perm.VIEW_DUTY)
    from .beat_time import beat_time, month_bounds

    staff = selectors.staff_get(user=request.auth, pk=staff_id)
    start, end = month_bounds(month or timezone.localdate())
    [row] = beat_time([staff], start, end)
    return _beat_time_out(row, days=True)


# ---------------------------------------------------------------- leave and support


@router.get("/leave", response=list[LeaveOut], summary="请销假", description="权限：view_duty")
@paginate(Paging)
def leave_list(request, q: str = "", open: bool = False):
    require(request, Perm.VIEW_DUTY)
    return Rows(selectors.leave_list(user=request.auth, filters={"q": q, "open": open}), _leave_out)


@router.post(
    "/leave",
    response={201: LeaveOut, 403: dict, 404: dict, 422: dict},
    summary="登记请假外出",
    description="权限：manage_duty",
)
def leave_add(request, payload: LeaveIn):
    require(request, Perm.MANAGE_DUTY)
    data = payload.dict()
    data["staff"] = _staff(request, data.pop("staff_id"))
    data["starts_at"], data["ends_at"] = _aware(data["starts_at"]), _aware(data["ends_at"])
    return Status(201, _leave_out(services.leave_record(acting_user=request.auth, **data)))


@router.post(
    "/leave/{leave_id}/return",
    response={200: LeaveOut, 403: dict, 404: dict, 422: dict},
    summary="销假",
    description="权限：manage_duty",
)
def leave_return(request, leave_id: int):
    leave = selectors.leave_get(user=request.auth, pk=leave_id)
    return _leave_out(services.leave_return(acting_user=request.auth, leave=leave))


@router.get("/support", response=list[SupportOut], summary="向上级请求支援", description="权限：view_duty")
@paginate(Paging)
def support_list(request, status: str | None = None, overdue: bool = False, q: str = ""):
    require(request, Perm.VIEW_DUTY)
    filters = {"status": status, "overdue": overdue, "q": q}
    return Rows(selectors.support_list(user=request.auth, filters=filters), _support_out)


@router.post(
    "/support",
    response={201: SupportOut, 403: dict, 404: dict, 422: dict},
    summary="请求支援（须有答复期限）",
    description="权限：manage_duty；规范001 第二十四条",
)
def support_add(request, payload: SupportIn):
    require(request, Perm.MANAGE_DUTY)
    data = payload.dict()
    data["org_unit"] = _unit(request, data.pop("org_unit_id"), Perm.MANAGE_DUTY)
    data["due_at"] = _aware(data["due_at"])
    return Status(201, _support_out(services.support_request(acting_user=request.auth, **data)))


@router.post(
    "/support/{request_id}/answer",
    response={200: SupportOut, 403: dict, 404: dict, 422: dict},
    summary="登记答复",
    description="权限：manage_duty",
)
def support_answer(request, request_id: int, payload: AnswerIn):
    req = selectors.support_get(user=request.auth, pk=request_id)
    return _support_out(services.support_answer(acting_user=request.auth, request=req, answer=payload.answer))
