"""一标三实 pages: thin views over the registry's selectors and services."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.masking import mask_id_number, mask_phone
from audit.services import personal_record_read
from fengqiao.replica import reads_from_replica
from web.forms import add_service_errors
from web.listing import Column, PersonalTrail, list_page
from web.shortcuts import get_or_404

from . import selectors, services
from .forms import (
    AddressFilterForm,
    FindingCloseForm,
    FindingFilterForm,
    HouseFilterForm,
    HouseForm,
    ImportForm,
    OrganizationFilterForm,
    OrganizationForm,
    RentalForm,
    ResidentFilterForm,
    ResidentForm,
)
from .importer import template_workbook
from .indicators import registry_indicators_of_units, registry_indicators_read
from .models import (
    ImportJob,
    ImportKind,
    ImportStatus,
    QualityFinding,
)
from .quality import KIND_BY_CODE
from .tasks import import_job_enqueue


def _save(form, call):
    """Run a service for a valid form; refusals land on its fields (scope on the address). None if refused."""
    try:
        return call()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except PermissionDenied as exc:
        form.add_error("address_text" if "address_text" in form.fields else None, str(exc))
    return None


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项一标三实权限"))


# ---------------------------------------------------------------- residents

RESIDENT_COLUMNS = [
    Column(_("姓名"), lambda r: r.name),
    Column(_("公民身份号码"), lambda r: mask_id_number(r.id_number or "")),
    Column(_("性别"), lambda r: r.get_gender_display()),
    Column(_("出生日期"), lambda r: r.birth_date.isoformat() if r.birth_date else ""),
    Column(_("联系电话"), lambda r: mask_phone(r.phone)),
    Column(_("人口类型"), lambda r: r.get_population_type_display()),
    Column(_("现住地址"), lambda r: r.address.full_text if r.address else r.address_text),
    Column(_("警务区"), lambda r: r.org_unit.name),
]
RESIDENT_TRAIL = PersonalTrail("resident", label=lambda r: r.name, scope_path=lambda r: r.org_unit.path)


def resident_list(request):
    _require(request, Perm.VIEW_REGISTRY)
    form = ResidentFilterForm(request.GET or None, user=request.user)
    qs = selectors.resident_list(user=request.user, filters=form.filters() if request.GET else {})
    actions = []
    if user_may(request.user, Perm.EDIT_REGISTRY):
        actions = [(_("登记人员"), reverse("registry:resident_new")), (_("批量导入"), reverse("registry:import"))]
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=RESIDENT_COLUMNS,
        export_name=_("实有人口"),
        title=_("实有人口"),
        personal=RESIDENT_TRAIL,
        actions=actions,
        row_url=lambda r: reverse("registry:resident_detail", args=[r.pk]),
    )


def resident_detail(request, pk):
    _require(request, Perm.VIEW_REGISTRY)
    resident = get_or_404(selectors.resident_get, user=request.user, pk=pk)
    unmasked = personal_record_read(
        acting_user=request.user,
        object_type="resident",
        object_id=resident.pk,
        object_label=resident.name,
        scope_path=resident.org_unit.path,
        unmask=request.GET.get("unmask") == "1",
    )
    context = {
        "title": resident.name,
        "resident": resident,
        "unmasked": unmasked,
        "id_number": resident.id_number if unmasked else mask_id_number(resident.id_number or ""),
        "phone": resident.phone if unmasked else mask_phone(resident.phone),
        "history": selectors.record_history(resident),
        "findings": QualityFinding.objects.filter(object_type="resident", object_id=resident.pk).order_by("status"),
        "candidates": selectors.candidates_of(resident),
        "may_unmask": user_may(request.user, Perm.UNMASK_PERSONAL, resident.org_unit.path),
        "may_edit": user_may(request.user, Perm.EDIT_REGISTRY, resident.org_unit.path),
    }
    return render(request, "registry/resident_detail.html", context)


def _resident_data(cleaned: dict) -> dict:
    data = {k: v for k, v in cleaned.items() if k != "org_unit"}
    return {k: ("" if v is None else v) for k, v in data.items()}


def resident_form(request, pk=None):
    _require(request, Perm.EDIT_REGISTRY)
    resident = get_or_404(selectors.resident_get, user=request.user, pk=pk) if pk else None
    initial = None
    if resident:
        initial = {f: getattr(resident, f, "") for f in ResidentForm.base_fields if f != "org_unit"}
        initial.update(
            gender=resident.get_gender_display(),
            birth_date=resident.birth_date or "",
            population_type=resident.population_type,
            id_number=resident.id_number or "",
        )
    form = ResidentForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _resident_data(form.cleaned_data)
        if resident:
            saved = _save(
                form, lambda: services.resident_update(acting_user=request.user, resident=resident, data=data)
            )
        else:
            unit = form.cleaned_data.get("org_unit")
            saved = _save(form, lambda: services.resident_create(acting_user=request.user, data=data, org_unit=unit))
        if saved is not None:
            messages.success(request, _("已保存"))
            return redirect("registry:resident_detail", pk=saved.pk)
    title = _("修改人员信息") if resident else _("登记实有人口")
    return render(request, "web/form.html", {"title": title, "form": form, "back": "registry:resident_list"})


# ---------------------------------------------------------------- houses, organisations, addresses

HOUSE_COLUMNS = [
    Column(_("房屋地址"), lambda h: h.address.full_text),
    Column(_("用途"), lambda h: h.get_use_display()),
    Column(_("产权人"), lambda h: h.owner_name),
    Column(_("警务区"), lambda h: h.org_unit.name),
]


def house_list(request):
    _require(request, Perm.VIEW_REGISTRY)
    form = HouseFilterForm(request.GET or None)
    qs = selectors.house_list(user=request.user, filters=form.filters() if request.GET else {})
    actions = [(_("登记房屋"), reverse("registry:house_new"))] if user_may(request.user, Perm.EDIT_REGISTRY) else []
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=HOUSE_COLUMNS,
        export_name=_("实有房屋"),
        title=_("实有房屋"),
        actions=actions,
        row_url=lambda h: reverse("registry:house_detail", args=[h.pk]),
    )


def house_detail(request, pk):
    _require(request, Perm.VIEW_REGISTRY)
    house = get_or_404(selectors.house_get, user=request.user, pk=pk)
    occupants = [(r, mask_id_number(r.id_number or "")) for r in house.occupants.filter(is_active=True)]
    context = {
        "title": house.address.full_text,
        "house": house,
        "may_edit": user_may(request.user, Perm.EDIT_REGISTRY, house.org_unit.path),
        "occupants": occupants,
        "rentals": house.rentals.prefetch_related("tenants"),
        "history": selectors.record_history(house),
        "findings": QualityFinding.objects.filter(object_type="house", object_id=house.pk),
    }
    return render(request, "registry/house_detail.html", context)


def rental_new(request, pk):
    house = get_or_404(selectors.house_get, user=request.user, pk=pk)
    _require(request, Perm.EDIT_REGISTRY, house.org_unit.path)
    form = RentalForm(request.POST or None, house=house)
    if request.method == "POST" and form.is_valid():
        services.rental_register(
            acting_user=request.user,
            house=house,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            tenants=list(form.cleaned_data["tenants"]),
        )
        messages.success(request, _("已登记出租"))
        return redirect("registry:house_detail", pk=house.pk)
    return render(
        request,
        "web/form.html",
        {"title": _("出租登记：") + house.address.full_text, "form": form, "back": "registry:house_list"},
    )


def house_new(request):
    _require(request, Perm.EDIT_REGISTRY)
    form = HouseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        house = _save(form, lambda: services.house_register(acting_user=request.user, **form.cleaned_data))
        if house is not None:
            return redirect("registry:house_detail", pk=house.pk)
    return render(request, "web/form.html", {"title": _("登记实有房屋"), "form": form, "back": "registry:house_list"})


ORGANIZATION_COLUMNS = [
    Column(_("单位名称"), lambda o: o.name),
    Column(_("统一社会信用代码"), lambda o: o.uscc or ""),
    Column(_("单位类别"), lambda o: o.get_category_display()),
    Column(_("重点单位"), lambda o: o.is_key_unit),
    Column(_("地址"), lambda o: o.address.full_text if o.address else o.address_text),
    Column(_("警务区"), lambda o: o.org_unit.name),
]


def organization_list(request):
    _require(request, Perm.VIEW_REGISTRY)
    form = OrganizationFilterForm(request.GET or None)
    qs = selectors.organization_list(user=request.user, filters=form.filters() if request.GET else {})
    actions = (
        [(_("登记单位"), reverse("registry:organization_new"))] if user_may(request.user, Perm.EDIT_REGISTRY) else []
    )
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=ORGANIZATION_COLUMNS,
        export_name=_("实有单位"),
        title=_("实有单位"),
        actions=actions,
        row_url=lambda o: reverse("registry:organization_detail", args=[o.pk]),
    )


def organization_detail(request, pk):
    _require(request, Perm.VIEW_REGISTRY)
    organization = get_or_404(selectors.organization_get, user=request.user, pk=pk)
    context = {
        "title": organization.name,
        "organization": organization,
        "may_edit": user_may(request.user, Perm.EDIT_REGISTRY, organization.org_unit.path),
        "legal_phone": mask_phone(organization.legal_phone),
        "security_phone": mask_phone(organization.security_phone),
        "history": selectors.record_history(organization),
        "findings": QualityFinding.objects.filter(object_type="organization", object_id=organization.pk),
    }
    return render(request, "registry/organization_detail.html", context)


ORGANIZATION_FORM_FIELDS = [f for f in OrganizationForm.base_fields if f != "org_unit"]


def organization_form(request, pk=None):
    _require(request, Perm.EDIT_REGISTRY)
    organization = get_or_404(selectors.organization_get, user=request.user, pk=pk) if pk else None
    initial = {f: getattr(organization, f) or "" for f in ORGANIZATION_FORM_FIELDS} if organization else None
    form = OrganizationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "org_unit"}
        unit = form.cleaned_data.get("org_unit")
        if organization:
            saved = _save(
                form,
                lambda: services.organization_update(acting_user=request.user, organization=organization, data=data),
            )
        else:
            saved = _save(
                form, lambda: services.organization_register(acting_user=request.user, data=data, org_unit=unit)
            )
        if saved is not None:
            messages.success(request, _("已保存"))
            return redirect("registry:organization_detail", pk=saved.pk)
    title = _("修改实有单位") if organization else _("登记实有单位")
    return render(request, "web/form.html", {"title": title, "form": form, "back": "registry:organization_list"})


ADDRESS_COLUMNS = [
    Column(_("标准地址"), lambda a: a.full_text),
    Column(_("层级"), lambda a: a.get_level_display()),
    Column(_("地址编码"), lambda a: a.code),
    Column(_("警务区"), lambda a: a.org_unit.name),
]


def address_list(request):
    _require(request, Perm.VIEW_REGISTRY)
    form = AddressFilterForm(request.GET or None)
    qs = selectors.address_list(user=request.user, filters=form.filters() if request.GET else {})
    return list_page(
        request, queryset=qs, filter_form=form, columns=ADDRESS_COLUMNS, export_name=_("标准地址"), title=_("标准地址")
    )


# ---------------------------------------------------------------- quality and duplicates

FINDING_COLUMNS = [
    Column(_("问题类型"), lambda f: KIND_BY_CODE[f.kind].title if f.kind in KIND_BY_CODE else f.kind),
    Column(_("对象"), lambda f: f.object_label),
    Column(_("说明"), lambda f: f.detail),
    Column(_("警务区"), lambda f: f.org_unit.name),
    Column(_("状态"), lambda f: f.get_status_display()),
    Column(_("核查结果"), lambda f: f.outcome),
]


def finding_list(request):
    _require(request, Perm.VIEW_REGISTRY)
    form = FindingFilterForm(request.GET or None)
    qs = selectors.finding_list(user=request.user, filters=form.filters() if request.GET else {})
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=FINDING_COLUMNS,
        export_name=_("信息核查"),
        title=_("信息核查"),
        row_url=lambda f: reverse("registry:finding_detail", args=[f.pk]),
    )


def finding_detail(request, pk):
    _require(request, Perm.VIEW_REGISTRY)
    finding = get_or_404(selectors.finding_get, user=request.user, pk=pk)
    form = FindingCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = form.cleaned_data["outcome"]
        if _save(form, lambda: services.finding_close(acting_user=request.user, finding=finding, outcome=outcome)):
            messages.success(request, _("已记录核查结果"))
            return redirect("registry:finding_list")
    record_url = {
        "resident": "registry:resident_detail",
        "house": "registry:house_detail",
        "organization": "registry:organization_detail",
    }.get(finding.object_type)
    context = {
        "title": _("信息核查"),
        "finding": finding,
        "form": form,
        "kind": KIND_BY_CODE.get(finding.kind),
        "record_url": record_url,
        "may_edit": user_may(request.user, Perm.EDIT_REGISTRY, finding.org_unit.path),
    }
    return render(request, "registry/finding_detail.html", context)


CANDIDATE_COLUMNS = [
    Column(_("人员"), lambda c: c.resident.name),
    Column(_("疑似重复"), lambda c: c.other.name),
    Column(_("比对依据"), lambda c: "、".join(c.reasons)),
    Column(_("相似度"), lambda c: f"{c.score:.2f}"),
    Column(_("状态"), lambda c: c.get_status_display()),
]


def candidate_list(request):
    _require(request, Perm.VIEW_REGISTRY)
    qs = selectors.candidate_list(user=request.user, filters={"status": request.GET.get("status")})
    return list_page(
        request,
        queryset=qs,
        filter_form=None,
        columns=CANDIDATE_COLUMNS,
        export_name=_("疑似重复"),
        title=_("疑似重复人员"),
        row_url=lambda c: reverse("registry:candidate_detail", args=[c.pk]),
    )


def candidate_detail(request, pk):
    _require(request, Perm.VIEW_REGISTRY)
    candidate = get_or_404(selectors.candidate_get, user=request.user, pk=pk)
    people = []
    for person in (candidate.resident, candidate.other):
        personal_record_read(
            acting_user=request.user,
            object_type="resident",
            object_id=person.pk,
            object_label=person.name,
            scope_path=person.org_unit.path,
            unmask=False,
        )
        people.append((person, mask_id_number(person.id_number or ""), mask_phone(person.phone)))
    context = {
        "title": _("疑似重复人员"),
        "candidate": candidate,
        "people": people,
        "may_edit": user_may(request.user, Perm.EDIT_REGISTRY, candidate.resident.org_unit.path),
    }
    return render(request, "registry/candidate_detail.html", context)


@require_POST
def candidate_decide(request, pk):
    _require(request, Perm.EDIT_REGISTRY)
    candidate = get_or_404(selectors.candidate_get, user=request.user, pk=pk)
    if request.POST.get("decision") == "distinct":
        services.candidate_mark_distinct(acting_user=request.user, candidate=candidate)
        messages.success(request, _("已确认为不同人"))
        return redirect("registry:candidate_list")
    keep = {str(candidate.resident_id): candidate.resident, str(candidate.other_id): candidate.other}.get(
        request.POST.get("keep", "")
    )
    if keep is None:
        messages.error(request, _("请选择保留哪一条记录"))
        return redirect("registry:candidate_detail", pk=candidate.pk)
    kept = services.resident_merge(acting_user=request.user, candidate=candidate, keep=keep)
    messages.success(request, _("已合并"))
    return redirect("registry:resident_detail", pk=kept.pk)


# ---------------------------------------------------------------- import and indicators


def import_page(request):
    _require(request, Perm.EDIT_REGISTRY)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            form.add_error("file", _("只接受 .xlsx 或 .csv 文件"))
        else:
            folder = Path(settings.MEDIA_ROOT) / "imports"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{uuid.uuid4().hex}{suffix}"
            with open(path, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            job = ImportJob.objects.create(
                kind=form.cleaned_data["kind"], user=request.user, file_name=upload.name[:200], file_path=str(path)
            )
            import_job_enqueue(job)
            return redirect("registry:import_job", pk=job.pk)
    jobs = selectors.import_job_list(user=request.user)[:20]
    return render(
        request,
        "registry/import.html",
        {"title": _("批量导入"), "form": form, "jobs": jobs, "kinds": ImportKind.choices},
    )


def import_job(request, pk):
    job = get_or_404(selectors.import_job_list(user=request.user).get, pk=pk)
    return render(
        request,
        "registry/import_job.html",
        {"title": _("导入结果"), "job": job, "running": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)},
    )


def import_report(request, pk):
    job = get_or_404(selectors.import_job_list(user=request.user).get, pk=pk)
    if not job.report_path or not Path(job.report_path).exists():
        raise Http404
    return FileResponse(open(job.report_path, "rb"), as_attachment=True, filename=f"错误报告-{job.file_name}.xlsx")


def import_template(request, kind):
    _require(request, Perm.EDIT_REGISTRY)
    if kind not in ImportKind.values:
        raise Http404
    response = HttpResponse(
        io.BytesIO(template_workbook(kind)).getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{ImportKind(kind).value}-template.xlsx"
    return response


@reads_from_replica
def indicators(request):
    _require(request, Perm.VIEW_REGISTRY)
    from org.models import OrgUnit, OrgUnitKind

    beats = OrgUnit.objects.visible_to(request.user, perm=Perm.VIEW_REGISTRY).filter(kind=OrgUnitKind.BEAT)
    beats = list(beats.order_by("path")[:200])
    # The daily snapshots where taken (issue 11: one read for every beat), computed for a beat without one.
    by_beat = registry_indicators_of_units(user=request.user, units=beats)
    rows = [(beat, by_beat[beat.pk]) for beat in beats]
    total = registry_indicators_read(user=request.user)
    as_of = min((i.taken_at for i in [total, *by_beat.values()] if i.taken_at is not None), default=None)
    context = {"title": _("一标三实指标"), "rows": rows, "total": total, "as_of": as_of}
    return render(request, "registry/indicators.html", context)
