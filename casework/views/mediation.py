"""The mediator pool, the mediator's own page (only their hand-overs), hand-over files, the stations' limits."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.masking import mask_phone
from fengqiao import uploads
from web.listing import Column, list_page
from web.shortcuts import get_or_404

from .. import selectors, services
from ..forms import HandoverFilterForm, HandoverResultForm, LimitForm, MediatorFilterForm, MediatorForm
from ..limits import LIMITS, UNIT_LABELS
from .common import form_step, post_step, require

MEDIATOR_COLUMNS = [
    Column(_("姓名"), lambda m: m.name),
    Column(_("类别"), lambda m: m.get_kind_display()),
    Column(_("所属组织"), lambda m: m.organization),
    Column(_("要素标签"), lambda m: "、".join(m.tags)),
    Column(_("擅长领域"), lambda m: m.speciality),
    Column(_("联系电话"), lambda m: mask_phone(m.phone)),
    Column(_("登录账号"), lambda m: m.user.username if m.user else ""),
    Column(_("所属派出所"), lambda m: m.org_unit.name),
]


def _pool_perm(request) -> str:
    if user_may(request.user, Perm.MANAGE_CASEWORK):
        return Perm.MANAGE_CASEWORK
    require(request, Perm.VIEW_DISPUTES)
    return Perm.VIEW_DISPUTES


def mediator_list(request):
    perm = _pool_perm(request)
    form = MediatorFilterForm(request.GET or None)
    manage = user_may(request.user, Perm.MANAGE_CASEWORK)
    return list_page(
        request,
        queryset=selectors.mediator_list(user=request.user, filters=form.filters() if request.GET else {}, perm=perm),
        filter_form=form,
        columns=MEDIATOR_COLUMNS,
        export_name=_("调解员库"),
        title=_("在线调解人才资源库"),
        row_url=(lambda m: reverse("casework:mediator_edit", args=[m.pk])) if manage else None,
        actions=[(_("调解员入库"), reverse("casework:mediator_new"))] if manage else [],
    )


def mediator_new(request):
    require(request, Perm.MANAGE_CASEWORK)
    form = MediatorForm(request.POST or None, user=request.user)
    return form_step(
        request,
        form,
        lambda: services.mediator_register(
            acting_user=request.user, org_unit=form.cleaned_data["org_unit"], data=form.data_dict()
        ),
        done=_("调解员已入库"),
        to=lambda _m: reverse("casework:mediator_list"),
        title=_("调解员入库"),
    )


def mediator_edit(request, pk):
    require(request, Perm.MANAGE_CASEWORK)
    mediator = get_or_404(selectors.mediator_get, user=request.user, pk=pk, perm=Perm.MANAGE_CASEWORK)
    initial = {
        "org_unit": mediator.org_unit,
        **{f: getattr(mediator, f) for f in ("name", "kind", "organization", "tags", "speciality", "phone")},
        "username": mediator.user.username if mediator.user else "",
        "is_active": mediator.is_active,
    }
    form = MediatorForm(request.POST or None, user=request.user, initial=initial)
    return form_step(
        request,
        form,
        lambda: services.mediator_update(acting_user=request.user, mediator=mediator, data=form.data_dict()),
        done=_("已保存"),
        to=lambda _m: reverse("casework:mediator_list"),
        title=_("调解员：%(name)s") % {"name": mediator.name},
    )


HANDOVER_COLUMNS = [
    Column(_("移交时间"), lambda h: h.handed_at.strftime("%Y-%m-%d %H:%M")),
    Column(_("纠纷"), lambda h: str(h.dispute)),
    Column(_("状态"), lambda h: h.get_status_display()),
    Column(_("接收时限"), lambda h: h.accept_due_at.strftime("%Y-%m-%d %H:%M") if h.accept_due_at else ""),
    Column(_("调解期限"), lambda h: h.mediation_due_on.isoformat() if h.mediation_due_on else ""),
]


def my_mediation(request):
    """调解员: the hand-overs made to them, and nothing else."""
    require(request, Perm.MEDIATE_DISPUTES)
    form = HandoverFilterForm(request.GET or None)
    return list_page(
        request,
        queryset=selectors.my_handovers(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=HANDOVER_COLUMNS,
        export_name=_("我的调解"),
        title=_("我的调解"),
        row_url=lambda h: reverse("casework:my_handover", args=[h.pk]),
    )


def my_handover(request, pk):
    require(request, Perm.MEDIATE_DISPUTES)
    handover = get_or_404(selectors.my_handover_get, user=request.user, pk=pk)
    dispute = handover.dispute
    services.dispute_read(acting_user=request.user, dispute=dispute, channel="web")
    context = {
        "title": _("调解移交：%(d)s") % {"d": dispute},
        "handover": handover,
        "dispute": dispute,
        "parties": [(p, mask_phone(p.phone)) for p in dispute.parties.all()],
        "files": handover.files.all(),
        "result_form": HandoverResultForm(),
    }
    return render(request, "casework/my_handover.html", context)


@require_POST
def handover_accept(request, pk):
    require(request, Perm.MEDIATE_DISPUTES)
    handover = get_or_404(selectors.my_handover_get, user=request.user, pk=pk)
    return post_step(
        request,
        lambda: services.handover_accept(acting_user=request.user, handover=handover),
        done=_("已接收，请在调解期限内反馈结果"),
        to=reverse("casework:my_handover", args=[pk]),
    )


def handover_result(request, pk):
    require(request, Perm.MEDIATE_DISPUTES)
    handover = get_or_404(selectors.my_handover_get, user=request.user, pk=pk)
    form = HandoverResultForm(request.POST or None)
    return form_step(
        request,
        form,
        lambda: services.handover_result(acting_user=request.user, handover=handover, **form.cleaned_data),
        done=_("已反馈调解结果"),
        to=lambda _h: reverse("casework:my_handover", args=[pk]),
        title=_("反馈调解结果"),
    )


def handover_file(request, pk):
    """A hand-over file, for its mediator or a reader of the dispute; downloaded, never rendered inline."""
    if not (user_may(request.user, Perm.MEDIATE_DISPUTES) or user_may(request.user, Perm.VIEW_DISPUTES)):
        raise Http404
    stored = get_or_404(selectors.handover_file_get, user=request.user, pk=pk)
    return uploads.response(stored)


def limits(request):
    """时限设置: the limits in force per station (with their articles and readings); 所领导 set theirs."""
    require(request, Perm.MANAGE_CASEWORK)
    form = LimitForm(request.POST or None, user=request.user, limits=LIMITS)
    units = list(selectors.limit_units(user=request.user).order_by("path")[:100])
    values = services.limit_values([row["code"] for row in LIMITS], [u.path for u in units])
    table = [
        {**row, "unit_label": UNIT_LABELS[row["unit"]], "values": [values[row["code"], u.path] for u in units]}
        for row in LIMITS
    ]
    return form_step(
        request,
        form,
        lambda: services.local_limit_set(acting_user=request.user, **form.cleaned_data),
        done=_("已保存时限"),
        to=lambda _l: reverse("casework:limits"),
        title=_("时限设置"),
        template="casework/limits.html",
        context={"units": units, "table": table},
    )
