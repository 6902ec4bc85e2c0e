from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.masking import mask_id_number, mask_phone
from audit.services import personal_record_read
from org import selectors
from org.models import OrgUnit, OrgUnitKind
from org.rules import STAFFING_RULES
from org.services import staff_create, staff_update

from ..forms import OrgUnitFilterForm, StaffFilterForm, StaffForm, TeamFilterForm, add_service_errors
from ..listing import Column, PersonalTrail, list_page
from ..shortcuts import get_or_404

# Above this many units the tree stops at the beats; each unit's page lists its own children.
TREE_FULL_LIMIT = 1500
TREE_UPPER_KINDS = [OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU, OrgUnitKind.STATION, OrgUnitKind.BEAT]


def org_tree(request):
    visible = selectors.org_unit_list(user=request.user, filters={"active": True}).count()
    shortened = visible > TREE_FULL_LIMIT and request.GET.get("all") != "1"
    roots = selectors.org_unit_tree(user=request.user, kinds=TREE_UPPER_KINDS if shortened else None)
    return render(
        request,
        "web/org/tree.html",
        {"title": _("组织机构"), "roots": roots, "shortened": shortened, "visible": visible},
    )


ORG_UNIT_COLUMNS = [
    Column(_("名称"), lambda u: u.name),
    Column(_("类型"), lambda u: u.get_kind_display()),
    Column(_("机构代码"), lambda u: u.code),
    Column(_("上级单位"), lambda u: u.parent.name if u.parent else ""),
    Column(_("实有人口数"), lambda u: u.population),
    Column(_("状态"), lambda u: "启用" if u.is_active else "停用"),
]


def org_unit_list(request):
    form = OrgUnitFilterForm(request.GET or None)
    qs = selectors.org_unit_list(user=request.user, filters=form.filters() if request.GET else {})
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=ORG_UNIT_COLUMNS,
        export_name="组织单位",
        title=_("单位列表"),
        row_url=lambda u: reverse("web:org_unit_detail", args=[u.pk]),
    )


def org_unit_detail(request, pk):
    unit = get_or_404(selectors.org_unit_get, user=request.user, pk=pk)
    context = {
        "title": unit.name,
        "unit": unit,
        "children": selectors.org_unit_list(user=request.user).filter(parent=unit),
        "staff": selectors.staff_list(user=request.user, filters={"within": unit, "active": True})[:50]
        if user_may(request.user, Perm.VIEW_STAFF)
        else None,
        "teams": selectors.team_list(user=request.user, filters={"within": unit}),
        "ancestors": OrgUnit.objects.filter(path__in=unit.ancestor_paths()).order_by("path"),
    }
    return render(request, "web/org/unit_detail.html", context)


STAFF_COLUMNS = [
    Column(_("姓名"), lambda s: s.name),
    Column(_("人员类别"), lambda s: s.get_kind_display()),
    Column(_("所属单位"), lambda s: s.org_unit.name),
    Column(_("警号"), lambda s: s.police_number),
    Column(_("联系电话"), lambda s: mask_phone(s.phone)),
    Column(_("社区警务团队"), lambda s: s.team.name if s.team else ""),
    Column(_("状态"), lambda s: "在岗" if s.is_active else "离岗"),
]
STAFF_TRAIL = PersonalTrail("staff", label=lambda s: s.name, scope_path=lambda s: s.org_unit.path)


def staff_list(request):
    form = StaffFilterForm(request.GET or None, user=request.user)
    qs = selectors.staff_list(user=request.user, filters=form.filters() if request.GET else {})
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=STAFF_COLUMNS,
        export_name="人员名单",
        title=_("人员"),
        personal=STAFF_TRAIL,
        row_url=lambda s: reverse("web:staff_detail", args=[s.pk]),
        actions=[(_("新增人员"), reverse("web:staff_new"))] if user_may(request.user, Perm.MANAGE_STAFF) else [],
    )


def staff_detail(request, pk):
    staff = get_or_404(selectors.staff_get, user=request.user, pk=pk)
    unmasked = personal_record_read(
        acting_user=request.user,
        object_type="staff",
        object_id=staff.pk,
        object_label=staff.name,
        scope_path=staff.org_unit.path,
        unmask=request.GET.get("unmask") == "1",
    )
    context = {
        "title": staff.name,
        "staff": staff,
        "unmasked": unmasked,
        "id_number": staff.id_number if unmasked else mask_id_number(staff.id_number),
        "phone": staff.phone if unmasked else mask_phone(staff.phone),
        "may_unmask": user_may(request.user, Perm.UNMASK_PERSONAL, staff.org_unit.path),
        "may_manage": user_may(request.user, Perm.MANAGE_STAFF, staff.org_unit.path),
    }
    return render(request, "web/org/staff_detail.html", context)


def staff_form(request, pk=None):
    staff = get_or_404(selectors.staff_get, user=request.user, pk=pk) if pk else None
    if not user_may(request.user, Perm.MANAGE_STAFF, staff.org_unit.path if staff else None):
        raise PermissionDenied(_("您没有管理人员的权限"))
    initial = {f: getattr(staff, f) for f in StaffForm.base_fields} if staff else None
    form = StaffForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if staff:
                staff = staff_update(acting_user=request.user, staff=staff, **data)
            else:
                staff = staff_create(acting_user=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存人员“{name}”").format(name=staff.name))
            return redirect("web:staff_detail", pk=staff.pk)
    title = f"编辑人员：{staff.name}" if staff else _("新增人员")
    return render(request, "web/form.html", {"title": title, "form": form, "back": "web:staff_list"})


TEAM_COLUMNS = [
    Column(_("团队名称"), lambda t: t.name),
    Column(_("警务区"), lambda t: t.beat.name),
    Column(_("负责民警"), lambda t: t.leader.name if t.leader else ""),
    Column(_("成员数"), lambda t: t.member_count),
]


def team_list(request):
    form = TeamFilterForm(request.GET or None)
    qs = selectors.team_list(user=request.user, filters=form.filters() if request.GET else {})
    return list_page(
        request,
        queryset=qs,
        filter_form=form,
        columns=TEAM_COLUMNS,
        export_name="社区警务团队",
        title=_("社区警务团队"),
        row_url=lambda t: reverse("web:team_detail", args=[t.pk]),
    )


def team_detail(request, pk):
    team = get_or_404(selectors.team_get, user=request.user, pk=pk)
    members = (
        team.members.filter(is_active=True).order_by("kind", "name")
        if user_may(request.user, Perm.VIEW_STAFF, team.beat.path)
        else None
    )
    return render(request, "web/org/team_detail.html", {"title": team.name, "team": team, "members": members})


# Issue 11: a whole city has ~265 warnings; the page shows them by rule and 50 to a page.
STAFFING_PAGE_SIZE = 50


def staffing(request):
    if not user_may(request.user, Perm.VIEW_STAFFING):
        raise PermissionDenied(_("您没有查看警力配置预警的权限"))
    warnings = selectors.staffing_warnings(user=request.user)
    by_rule = Counter(w.rule.code for w in warnings)
    summary = [(r, by_rule[r.code]) for r in STAFFING_RULES if by_rule[r.code]]
    rule = request.GET.get("rule", "")
    shown = [w for w in warnings if w.rule.code == rule] if rule in by_rule else warnings
    page = Paginator(shown, STAFFING_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "title": _("警力配置预警"),
        "warnings": page.object_list,
        "page": page,
        "total": len(warnings),
        "summary": summary,
        "rule": rule if rule in by_rule else "",
        "querystring": urlencode({"rule": rule}) if rule in by_rule else "",
        "rules": STAFFING_RULES,
    }
    return render(request, "web/org/staffing.html", context)
