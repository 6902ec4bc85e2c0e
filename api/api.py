"""JSON API under /api/v1/: the same selectors, services and data scope as the pages.

Every endpoint needs a signed-in session (``django_auth``; CSRF token on writes). The permission each
endpoint needs is named in its OpenAPI description. Docs: /api/v1/docs (local assets only).
"""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import django_auth

from accounts.roles import ROLE_PERMISSIONS, Perm
from accounts.selectors import user_roles
from audit import selectors as audit_selectors
from audit.masking import mask_id_number, mask_phone
from audit.services import personal_record_read
from org import selectors as org_selectors
from org.models import OrgUnit, OrgUnitKind, StaffKind, Team
from org.services import staff_create

from . import errors
from .common import Paging, Rows, require
from .schemas import (
    AccessRecordOut,
    ErrorOut,
    MeOut,
    OrgUnitOut,
    StaffDetailOut,
    StaffIn,
    StaffingWarningOut,
    StaffOut,
    TeamOut,
)


class LocalTimeEncoder(NinjaJSONEncoder):
    """Moments leave in Asia/Shanghai (``+08:00``), as the pages show them, not in the database's UTC."""

    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat()
        return super().default(o)


class ReadableJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Chinese stays readable in responses and logs
    encoder_class = LocalTimeEncoder


api = NinjaAPI(
    title="枫桥社区警务工作平台 API",
    version="1",
    description="社区警务工作模块接口（需登录；数据范围与页面一致）",
    auth=django_auth,
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
)
errors.install(api)


me_router = Router(tags=["账号"])
org_router = Router(tags=["组织机构"])
audit_router = Router(tags=["审计"])


@me_router.get("", response=MeOut, summary="当前用户与角色")
def me(request):
    roles = user_roles(request.auth)
    return {
        "username": request.auth.username,
        "full_name": request.auth.full_name,
        "roles": [
            {
                "role": a.role,
                "role_label": a.get_role_display(),
                "org_unit_id": a.org_unit_id,
                "org_unit_name": a.org_unit.name,
            }
            for a in roles
        ],
        "permissions": sorted({p for a in roles for p in ROLE_PERMISSIONS.get(a.role, ())}),
    }


def _unit_out(u: OrgUnit) -> dict:
    return {
        **{
            f: getattr(u, f)
            for f in (
                "id",
                "kind",
                "name",
                "code",
                "parent_id",
                "depth",
                "population",
                "has_two_teams_one_room",
                "is_active",
            )
        },
        "kind_label": u.get_kind_display(),
    }


class UnitFilters(Schema):
    q: str | None = None
    kind: OrgUnitKind | None = None


@org_router.get("/units", response=list[OrgUnitOut], summary="单位列表", description="权限：view_org")
@paginate(Paging)
def unit_list(request, filters: Query[UnitFilters]):
    return Rows(org_selectors.org_unit_list(user=request.auth, filters=filters.dict()), _unit_out)


@org_router.get(
    "/units/{unit_id}", response={200: OrgUnitOut, 404: ErrorOut}, summary="单位详情", description="权限：view_org"
)
def unit_detail(request, unit_id: int):
    return _unit_out(org_selectors.org_unit_get(user=request.auth, pk=unit_id))


def _staff_out(s, *, unmasked: bool = False) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "org_unit_id": s.org_unit_id,
        "org_unit_name": s.org_unit.name,
        "team_id": s.team_id,
        "police_number": s.police_number,
        "phone": s.phone if unmasked else mask_phone(s.phone),
        "is_active": s.is_active,
    }


class StaffFilters(Schema):
    q: str | None = None
    kind: StaffKind | None = None
    within: int | None = None
    active: bool | None = None


@org_router.get("/staff", response=list[StaffOut], summary="人员列表（电话脱敏）", description="权限：view_staff")
@paginate(Paging)
def staff_list(request, filters: Query[StaffFilters]):
    data = filters.dict()
    if data.get("within"):
        data["within"] = get_object_or_404(OrgUnit.objects.visible_to(request.auth), pk=data["within"])
    return Rows(org_selectors.staff_list(user=request.auth, filters=data), _staff_out)


@org_router.get(
    "/staff/{staff_id}",
    response={200: StaffDetailOut, 404: ErrorOut},
    summary="人员详情（记录访问留痕）",
    description="权限：view_staff；unmask=true 需 unmask_personal，另记一条留痕",
)
def staff_detail(request, staff_id: int, unmask: bool = False):
    s = org_selectors.staff_get(user=request.auth, pk=staff_id)
    unmasked = personal_record_read(
        acting_user=request.auth,
        object_type="staff",
        object_id=s.pk,
        object_label=s.name,
        scope_path=s.org_unit.path,
        unmask=unmask,
        channel="api",
    )
    return {
        **_staff_out(s, unmasked=unmasked),
        "gender": s.gender,
        "is_full_time": s.is_full_time,
        "joined_on": s.joined_on,
        "unmasked": unmasked,
        "id_number": s.id_number if unmasked else mask_id_number(s.id_number),
    }


@org_router.post(
    "/staff",
    response={201: StaffDetailOut, 403: ErrorOut, 422: ErrorOut},
    summary="新增人员",
    description="权限：manage_staff（所属单位须在管理范围内）",
)
def staff_add(request, payload: StaffIn):
    require(request, Perm.MANAGE_STAFF)
    data = payload.dict()
    data["gender"] = data["gender"] or ""
    data["org_unit"] = get_object_or_404(OrgUnit.objects.visible_to(request.auth), pk=data.pop("org_unit_id"))
    team_id = data.pop("team_id")
    data["team"] = get_object_or_404(Team.objects.visible_to(request.auth), pk=team_id) if team_id else None
    s = staff_create(acting_user=request.auth, **data)
    return Status(
        201,
        {
            **_staff_out(s),
            "gender": s.gender,
            "is_full_time": s.is_full_time,
            "joined_on": s.joined_on,
            "unmasked": False,
            "id_number": mask_id_number(s.id_number),
        },
    )


@org_router.get("/teams", response=list[TeamOut], summary="社区警务团队", description="权限：view_org")
@paginate(Paging)
def team_list(request, q: str | None = None):
    return Rows(org_selectors.team_list(user=request.auth, filters={"q": q}), _team_out)


def _team_out(t) -> dict:
    return {
        "id": t.pk,
        "name": t.name,
        "beat_id": t.beat_id,
        "beat_name": t.beat.name,
        "leader_id": t.leader_id,
        "member_count": t.member_count,
    }


@org_router.get(
    "/staffing-warnings",
    response=list[StaffingWarningOut],
    summary="警力配置预警",
    description="权限：view_staffing；规范001 第五、七、八、十、十三、二十、二十三条",
)
def staffing_warnings(request):
    require(request, Perm.VIEW_STAFFING)
    return [
        {
            "rule_code": w.rule.code,
            "title": w.rule.title,
            "source": w.rule.source,
            "org_unit_id": w.unit.pk,
            "org_unit_name": w.unit.name,
            "value": w.shown_value,
            "limit": w.shown_limit,
        }
        for w in org_selectors.staffing_warnings(user=request.auth)
    ]


@audit_router.get("/access", response=list[AccessRecordOut], summary="访问留痕", description="权限：view_audit")
@paginate(Paging)
def access_records(request, username: str | None = None, object_label: str | None = None):
    require(request, Perm.VIEW_AUDIT)
    return audit_selectors.access_record_list(
        user=request.auth, filters={"username": username, "object_label": object_label}
    )


api.add_router("/me", me_router)
api.add_router("/org", org_router)
api.add_router("/audit", audit_router)

from rules.api import router as rules_router  # noqa: E402  (routers of the other rooms)
from tasks.api import router as tasks_router  # noqa: E402

api.add_router("/tasks", tasks_router)
api.add_router("/rules", rules_router)
from registry.api import router as registry_router  # noqa: E402

api.add_router("/registry", registry_router)
from subjects.api import router as subjects_router  # noqa: E402

api.add_router("/subjects", subjects_router)
from leads.api import leads_router, patrols_router, points_router  # noqa: E402

api.add_router("/leads", leads_router)
api.add_router("/patrols", patrols_router)
api.add_router("/points", points_router)
from casework.api import disputes_router, incidents_router  # noqa: E402

api.add_router("/disputes", disputes_router)
api.add_router("/incidents", incidents_router)
from inspections.api import router as inspections_router  # noqa: E402

api.add_router("/inspections", inspections_router)
from outreach.api import router as outreach_router  # noqa: E402

api.add_router("/outreach", outreach_router)
from alerts.api import router as alerts_router  # noqa: E402
from duty.api import router as duty_router  # noqa: E402

api.add_router("/duty", duty_router)
api.add_router("/alerts", alerts_router)
from online_groups.api import router as online_groups_router  # noqa: E402

api.add_router("/online-groups", online_groups_router)
