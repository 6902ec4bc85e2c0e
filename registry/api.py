"""一标三实 API: the same selectors, services, scope, masking and access trail as the pages."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.roles import Perm
from api.common import Paging, Rows, require
from audit.masking import mask_id_number, mask_phone
from audit.services import personal_record_read
from org.models import OrgUnit

from . import selectors, services
from .indicators import registry_indicators_read
from .models import PopulationType

router = Router(tags=["一标三实"])


class ResidentOut(Schema):
    id: int
    name: str
    id_number: str = Field(description="公民身份号码，无显示权限时脱敏")
    gender: str
    birth_date: date | None
    phone: str = Field(description="联系电话，无显示权限时脱敏")
    population_type: str
    address: str
    address_matched: bool
    org_unit_id: int
    org_unit_name: str
    labels: list[str]


class ResidentDetailOut(ResidentOut):
    ethnicity: str
    house_relation: str
    household_address: str
    unmasked: bool
    open_findings: list[str]


class ResidentIn(Schema):
    name: str = Field(max_length=60)
    id_number: str = Field("", max_length=20)
    gender: str = Field("", description="男/女，空则按身份证号")
    birth_date: str = Field("", description="YYYY-MM-DD，空则按身份证号")
    ethnicity: str = Field("", max_length=20)
    phone: str = Field("", max_length=20)
    population_type: str = Field(description="户籍人口/流动人口/人户分离人口/境外人员 或其代码")
    nationality: str = Field("", max_length=50)
    passport_number: str = Field("", max_length=30)
    address_text: str = Field(max_length=300)
    house_relation: str = Field("", max_length=20)
    household_address: str = Field("", max_length=300)
    org_unit_id: int | None = Field(None, description="地址无法识别时归属的警务区")


class ResidentFilters(Schema):
    q: str | None = None
    population_type: PopulationType | None = None


class IndicatorsOut(Schema):
    residents: int
    accuracy: str
    collection: str
    accuracy_ok: bool
    collection_ok: bool
    as_of: datetime | None = None  # when the daily snapshot read was taken; null when computed now


def _resident_out(r, *, unmasked=False) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "gender": r.get_gender_display(),
        "birth_date": r.birth_date,
        "id_number": (r.id_number or "") if unmasked else mask_id_number(r.id_number or ""),
        "phone": r.phone if unmasked else mask_phone(r.phone),
        "population_type": r.get_population_type_display(),
        "address": r.address.full_text if r.address else r.address_text,
        "address_matched": r.address_id is not None,
        "org_unit_id": r.org_unit_id,
        "org_unit_name": r.org_unit.name,
        "labels": r.labels,
    }


@router.get("/residents", response=list[ResidentOut], summary="实有人口列表（脱敏）", description="权限：view_registry")
@paginate(Paging)
def resident_list(request, filters: Query[ResidentFilters]):
    require(request, Perm.VIEW_REGISTRY)
    return Rows(selectors.resident_list(user=request.auth, filters=filters.dict()), _resident_out)


@router.get(
    "/residents/{resident_id}",
    response={200: ResidentDetailOut, 404: dict},
    summary="人员详情（记录访问留痕）",
    description="权限：view_registry；unmask=true 需 unmask_personal，另记一条留痕",
)
def resident_detail(request, resident_id: int, unmask: bool = False):
    require(request, Perm.VIEW_REGISTRY)
    r = selectors.resident_get(user=request.auth, pk=resident_id)
    unmasked = personal_record_read(
        acting_user=request.auth,
        object_type="resident",
        object_id=r.pk,
        object_label=r.name,
        scope_path=r.org_unit.path,
        unmask=unmask,
        channel="api",
    )
    findings = [
        f.detail for f in selectors.finding_list(user=request.auth).filter(object_type="resident", object_id=r.pk)
    ]
    return {
        **_resident_out(r, unmasked=unmasked),
        "ethnicity": r.ethnicity,
        "house_relation": r.get_house_relation_display(),
        "household_address": r.household_address,
        "unmasked": unmasked,
        "open_findings": findings,
    }


@router.post(
    "/residents",
    response={201: ResidentDetailOut, 403: dict, 422: dict},
    summary="登记实有人口",
    description="权限：edit_registry；返回疑似重复由 /duplicates 查询",
)
def resident_add(request, payload: ResidentIn):
    require(request, Perm.EDIT_REGISTRY)
    data = payload.dict()
    unit_id = data.pop("org_unit_id")
    unit = (
        get_object_or_404(OrgUnit.objects.visible_to(request.auth, perm=Perm.EDIT_REGISTRY), pk=unit_id)
        if unit_id
        else None
    )
    r = services.resident_create(acting_user=request.auth, data=data, org_unit=unit)
    return Status(
        201,
        {
            **_resident_out(r),
            "ethnicity": r.ethnicity,
            "house_relation": r.get_house_relation_display(),
            "household_address": r.household_address,
            "unmasked": False,
            "open_findings": [
                f.detail
                for f in selectors.finding_list(user=request.auth).filter(object_type="resident", object_id=r.pk)
            ],
        },
    )


@router.get("/duplicates", response=list[dict], summary="疑似重复人员", description="权限：view_registry")
@paginate(Paging)
def duplicate_list(request):
    require(request, Perm.VIEW_REGISTRY)
    return Rows(selectors.candidate_list(user=request.auth), _candidate_out)


def _candidate_out(c) -> dict:
    return {
        "id": c.pk,
        "resident_id": c.resident_id,
        "other_id": c.other_id,
        "names": [c.resident.name, c.other.name],
        "reasons": c.reasons,
        "score": c.score,
    }


@router.get("/findings", response=list[dict], summary="信息核查（待核查）", description="权限：view_registry")
@paginate(Paging)
def finding_list(request, kind: str | None = None):
    require(request, Perm.VIEW_REGISTRY)
    return Rows(selectors.finding_list(user=request.auth, filters={"kind": kind}), _finding_out)


def _finding_out(f) -> dict:
    return {
        "id": f.pk,
        "kind": f.kind,
        "object_type": f.object_type,
        "object_id": f.object_id,
        "object": f.object_label,
        "detail": f.detail,
        "org_unit_id": f.org_unit_id,
    }


@router.get(
    "/indicators", response=IndicatorsOut, summary="一标三实指标（规范001 第三十条）", description="权限：view_registry"
)
def indicators(request):
    require(request, Perm.VIEW_REGISTRY)
    i = registry_indicators_read(user=request.auth)
    return {
        "as_of": i.taken_at,
        "residents": i.residents,
        "accuracy": i.accuracy_shown,
        "collection": i.collection_shown,
        "accuracy_ok": i.accuracy_ok,
        "collection_ok": i.collection_ok,
    }
