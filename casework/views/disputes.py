"""矛盾纠纷 pages: thin views over the casework selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.masking import mask_phone
from web.listing import Column, PersonalTrail, list_page
from web.shortcuts import get_or_404

from .. import selectors, services
from ..choices import RISK_REASON_CHOICES
from ..forms import (
    ActionForm,
    AgreementForm,
    AssistForm,
    DisputeFilterForm,
    DisputeForm,
    FollowUpForm,
    HandoverForm,
    MarkingForm,
    PartyForm,
    PerformanceForm,
    PeriodForm,
    RepeatMarkForm,
    ResolveForm,
    RiskForm,
)
from ..indicators import SPECS
from ..models import DisputeParty
from .common import form_step, post_step, require


def _parties(d) -> str:
    return "、".join(p.name for p in d.parties.all())


DISPUTE_COLUMNS = [
    Column(_("编号"), lambda d: d.pk),
    Column(_("接报时间"), lambda d: timezone.localtime(d.reported_at).strftime("%Y-%m-%d %H:%M")),
    Column(_("类别"), lambda d: d.get_domain_display()),
    Column(_("发生地点"), lambda d: d.place_text),
    Column(_("当事人"), _parties),
    Column(_("风险等级"), lambda d: d.get_risk_level_display()),
    Column(_("状态"), lambda d: d.get_status_display()),
    Column(
        _("重复纠纷"),
        lambda d: (
            _("重复于%(n)s") % {"n": d.repeat_of_id}
            if d.repeat_of_id
            else (_("疑似待确认") if d.has_pending_repeat else "")
        ),
    ),
    Column(_("回访逾期"), lambda d: bool(d.has_overdue)),
    Column(_("事发地警务区"), lambda d: d.beat.name),
]
DISPUTE_TRAIL = PersonalTrail(
    "dispute", label=lambda d: f"纠纷{d.pk}：{_parties(d)}"[:100], scope_path=lambda d: d.beat.path
)


def dispute_list(request):
    require(request, Perm.VIEW_DISPUTES)
    form = DisputeFilterForm(request.GET or None, user=request.user)
    qs = selectors.dispute_list(user=request.user, filters=form.filters() if request.GET else {})
    return list_page(
        request,
        queryset=qs.prefetch_related("parties"),
        filter_form=form,
        columns=DISPUTE_COLUMNS,
        export_name=_("矛盾纠纷"),
        title=_("矛盾纠纷"),
        personal=DISPUTE_TRAIL,
        row_url=lambda d: reverse("casework:dispute_detail", args=[d.pk]),
        actions=[(_("录入矛盾纠纷"), reverse("casework:dispute_new"))]
        if user_may(request.user, Perm.RECORD_DISPUTES)
        else [],
    )


def dispute_new(request):
    require(request, Perm.RECORD_DISPUTES)
    form = DisputeForm(request.POST or None, user=request.user)
    return form_step(
        request,
        form,
        lambda: services.dispute_record(acting_user=request.user, **form.service_kwargs()),
        done=_("已录入矛盾纠纷"),
        to=lambda d: reverse("casework:dispute_detail", args=[d.pk]),
        title=_("录入矛盾纠纷"),
        template="casework/dispute_form.html",
    )


def _dispute(request, pk):
    require(request, Perm.VIEW_DISPUTES)
    return get_or_404(selectors.dispute_get, user=request.user, pk=pk)


def _writable(request, pk):
    dispute = _dispute(request, pk)
    require(request, Perm.RECORD_DISPUTES, dispute.beat.path)
    return dispute


def dispute_detail(request, pk):
    dispute = _dispute(request, pk)
    unmasked = services.dispute_read(acting_user=request.user, dispute=dispute, unmask=request.GET.get("unmask") == "1")
    parties = [
        (p, p.phone if unmasked else mask_phone(p.phone)) for p in dispute.parties.select_related("resident", "marking")
    ]
    may_write = selectors.dispute_may_write(request.user, dispute)
    reasons = dict(RISK_REASON_CHOICES)
    context = {
        "title": str(dispute),
        "dispute": dispute,
        "parties": parties,
        "risk_reasons": [reasons.get(r, r) for r in dispute.risk_reasons],
        "assists": dispute.assists.select_related("unit"),
        "candidates": selectors.repeat_candidates_of(dispute),
        "timeline": selectors.dispute_timeline(dispute),
        "obligations": selectors.dispute_obligations(dispute),
        "agreements": dispute.agreements.all(),
        "handovers": dispute.handovers.select_related("mediator").prefetch_related("files"),
        "follow_ups": dispute.follow_ups.all(),
        "may_write": may_write,
        "is_open": dispute.status == "open",
        "may_unmask": user_may(request.user, Perm.UNMASK_PERSONAL, dispute.beat.path) and not unmasked,
        "read_only_assist": not may_write,
        "performance_form": PerformanceForm(),
    }
    return render(request, "casework/dispute_detail.html", context)


def party_new(request, pk):
    dispute = _writable(request, pk)
    form = PartyForm(request.POST or None, user=request.user)
    return form_step(
        request,
        form,
        lambda: services.dispute_party_add(acting_user=request.user, dispute=dispute, party=form.party()),
        done=_("已添加当事人"),
        to=lambda _p: reverse("casework:dispute_detail", args=[dispute.pk]),
        title=_("添加当事人：纠纷%(n)s") % {"n": dispute.pk},
    )


def assist_new(request, pk):
    dispute = _writable(request, pk)
    form = AssistForm(request.POST or None)
    return form_step(
        request,
        form,
        lambda: services.dispute_assist_add(acting_user=request.user, dispute=dispute, **form.cleaned_data),
        done=_("已添加配合单位"),
        to=lambda _a: reverse("casework:dispute_detail", args=[dispute.pk]),
        title=_("跨辖区配合单位：纠纷%(n)s") % {"n": dispute.pk},
    )


def risk_edit(request, pk):
    dispute = _writable(request, pk)
    initial = {k: getattr(dispute, k) for k in ("risk_level", "risk_reasons", "risk_note", "is_major")}
    form = RiskForm(request.POST or None, initial=initial)
    return form_step(
        request,
        form,
        lambda: services.dispute_risk_update(acting_user=request.user, dispute=dispute, **form.cleaned_data),
        done=_("已调整风险等级"),
        to=lambda d: reverse("casework:dispute_detail", args=[d.pk]),
        title=_("风险等级评估：纠纷%(n)s") % {"n": dispute.pk},
    )


def action_new(request, pk):
    dispute = _writable(request, pk)
    form = ActionForm(request.POST or None, initial={"kind": request.GET.get("kind")})

    def call():
        data = dict(form.cleaned_data)
        action = services.dispute_action_record(acting_user=request.user, dispute=dispute, **data)
        if action.completed_tasks:
            messages.info(request, _("已完成相应任务%(n)s项") % {"n": len(action.completed_tasks)})
        return action

    return form_step(
        request,
        form,
        call,
        done=_("已记录处置措施"),
        to=lambda _a: reverse("casework:dispute_detail", args=[dispute.pk]),
        title=_("记录处置措施：纠纷%(n)s") % {"n": dispute.pk},
    )


def follow_up_new(request, pk):
    dispute = _writable(request, pk)
    form = FollowUpForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    return form_step(
        request,
        form,
        lambda: services.dispute_follow_up_record(acting_user=request.user, dispute=dispute, **form.cleaned_data),
        done=_("已记录回访"),
        to=lambda _f: reverse("casework:dispute_detail", args=[dispute.pk]),
        title=_("跟进回访：纠纷%(n)s") % {"n": dispute.pk},
    )


def agreement_new(request, pk):
    dispute = _writable(request, pk)
    form = AgreementForm(
        request.POST or None, initial={"parties_text": "、".join(p.name for p in dispute.parties.all())}
    )
    return form_step(
        request,
        form,
        lambda: services.agreement_record(acting_user=request.user, dispute=dispute, **form.cleaned_data),
        done=_("已记录治安调解"),
        to=lambda _a: reverse("casework:dispute_detail", args=[dispute.pk]),
        title=_("治安调解：纠纷%(n)s") % {"n": dispute.pk},
    )


@require_POST
def agreement_performance(request, pk):
    require(request, Perm.RECORD_DISPUTES)
    agreement = get_or_404(selectors.agreement_get, user=request.user, pk=pk)
    form = PerformanceForm(request.POST)
    to = reverse("casework:dispute_detail", args=[agreement.dispute_id])
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(to)
    return post_step(
        request,
        lambda: services.agreement_performance_record(
            acting_user=request.user, agreement=agreement, **form.cleaned_data
        ),
        done=_("已登记履行情况"),
        to=to,
    )


def resolve(request, pk):
    dispute = _writable(request, pk)
    form = ResolveForm(request.POST or None, initial={"resolved_on": timezone.localdate()})
    return form_step(
        request,
        form,
        lambda: services.dispute_resolve(acting_user=request.user, dispute=dispute, **form.cleaned_data),
        done=_("纠纷已化解"),
        to=lambda d: reverse("casework:dispute_detail", args=[d.pk]),
        title=_("化解完毕：纠纷%(n)s") % {"n": dispute.pk},
    )


def repeat_mark(request, pk):
    dispute = _writable(request, pk)
    form = RepeatMarkForm(request.POST or None, choices=selectors.repeat_choices(user=request.user, dispute=dispute))
    return form_step(
        request,
        form,
        lambda: services.dispute_repeat_mark(acting_user=request.user, dispute=dispute, **form.cleaned_data),
        done=_("已标注为重复纠纷"),
        to=lambda _c: reverse("casework:dispute_detail", args=[dispute.pk]),
        title=_("标注重复纠纷：纠纷%(n)s") % {"n": dispute.pk},
    )


@require_POST
def candidate_decide(request, pk):
    require(request, Perm.RECORD_DISPUTES)
    candidate = get_or_404(selectors.candidate_get, user=request.user, pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    return post_step(
        request,
        lambda: services.repeat_candidate_decide(acting_user=request.user, candidate=candidate, confirm=confirm),
        done=_("已确认为重复纠纷") if confirm else _("已排除重复"),
        to=reverse("casework:dispute_detail", args=[candidate.dispute_id]),
    )


def handover_new(request, pk):
    dispute = _writable(request, pk)
    form = HandoverForm(request.POST or None, request.FILES or None, mediators=selectors.mediators_for(dispute))

    def call():
        d = form.cleaned_data
        return services.handover_create(
            acting_user=request.user,
            dispute=dispute,
            mediator=d["mediator"],
            files={"evidence": d["evidence"], "intake": d["intake"]},
            note=d["note"],
        )

    return form_step(
        request,
        form,
        call,
        done=_("已移交调解员"),
        to=lambda _h: reverse("casework:dispute_detail", args=[dispute.pk]),
        title=_("移交调解员：纠纷%(n)s") % {"n": dispute.pk},
        template="casework/upload_form.html",
        context={"back": reverse("casework:dispute_detail", args=[dispute.pk])},
    )


def marking_new(request, pk):
    require(request, Perm.RECORD_DISPUTES)
    party = get_or_404(
        lambda *, user, pk: DisputeParty.objects.filter(dispute__in=selectors.disputes_visible(user)).get(pk=pk),
        user=request.user,
        pk=pk,
    )
    form = MarkingForm(request.POST or None, initial={"category": party.subject_concern or None})
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_marking_request(
                acting_user=request.user, party=party, category=form.cleaned_data["category"], facts=form.facts()
            )
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                name = form.service_field(field) if field != "__all__" else None
                form.add_error(name if name in form.fields else None, msgs)
        else:
            messages.success(request, _("已提交标注申请，待所领导审批后生效"))
            return redirect("casework:dispute_detail", party.dispute_id)
    context = {
        "title": _("申请标注特定对象：%(name)s") % {"name": party.name},
        "form": form,
        "party": party,
    }
    return render(request, "subjects/mark.html", context)


def indicators(request):
    require(request, Perm.VIEW_DISPUTES)
    form = PeriodForm(request.GET or None)
    start, end = selectors.month_bounds(form.filters().get("month") if request.GET else None)
    rows = selectors.indicator_table(
        user=request.user, perm=Perm.VIEW_DISPUTES, codes=[s.code for s in SPECS], start=start, end=end
    )
    context = {
        "title": _("矛盾纠纷排查化解指标"),
        "form": form,
        "specs": SPECS,
        "rows": rows,
        "start": start,
        "end": end,
    }
    return render(request, "casework/indicators.html", context)
