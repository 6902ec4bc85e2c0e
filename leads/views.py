"""群众工作 pages: thin views over the leads' selectors and services. The phone-width pages (report a lead, check
in, points and store, resident report) are what a grid worker or volunteer opens first."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.masking import mask_phone
from fengqiao import uploads
from fengqiao.indicators import stored_measures
from web.forms import add_service_errors, form_submit
from web.listing import Column, list_page
from web.shortcuts import get_or_404

from . import selectors, services
from .choices import LeadStatus
from .forms import (
    AwardForm,
    CardFilterForm,
    CardForm,
    InformantFilterForm,
    InformantForm,
    JudgeForm,
    LeadFilterForm,
    LeadForm,
    LinkForm,
    MeetingFilterForm,
    MeetingForm,
    NoteForm,
    NumberForm,
    OralReportForm,
    QuestionnaireForm,
    ReferralForm,
    ReportFilterForm,
    ResidentReportForm,
    RouteEditForm,
    RouteFilterForm,
    RouteForm,
    StoreItemForm,
    SurveyAnswerForm,
    TeamForm,
    VisitFilterForm,
    VisitForm,
    WithdrawForm,
)
from .indicators import SPECS
from .limits import NUMBERS


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项群众工作权限"))


def _form_page(request, form, title, template="web/form.html", **extra):
    return render(request, template, {"title": title, "form": form, **extra})


# ---------------------------------------------------------------- leads


LEAD_COLUMNS = [
    Column(_("编号"), lambda o: o.number),
    Column(_("类别"), lambda o: o.get_kind_display()),
    Column(_("事件"), lambda o: o.event[:40]),
    Column(_("对象"), lambda o: o.subject_text[:30]),
    Column(_("时间"), lambda o: o.occurred_at),
    Column(_("地点"), lambda o: o.place_text[:30]),
    Column(_("来源渠道"), lambda o: o.get_channel_display()),
    Column(_("行动性"), lambda o: o.is_actionable),
    Column(_("状态"), lambda o: o.get_status_display()),
    Column(_("采用得分"), lambda o: o.score),
    Column(_("警务区"), lambda o: o.beat.name),
]


def lead_list(request):
    if not (user_may(request.user, Perm.VIEW_LEADS) or user_may(request.user, Perm.REPORT_LEADS)):
        raise PermissionDenied(_("您没有此项群众工作权限"))
    form = LeadFilterForm(request.GET or None, user=request.user)
    actions = [(_("报告线索"), reverse("leads:lead_new"))] if user_may(request.user, Perm.REPORT_LEADS) else []
    title = _("社情民意与线索") if user_may(request.user, Perm.VIEW_LEADS) else _("我报告的线索")
    return list_page(
        request,
        queryset=selectors.lead_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=LEAD_COLUMNS,
        export_name=_("社情民意与线索"),
        title=title,
        row_url=lambda o: reverse("leads:lead_detail", args=[o.pk]),
        actions=actions,
    )


def lead_queue(request):
    """基础管控中心's 研判 queue: the reported leads waiting for a verdict."""
    _require(request, Perm.JUDGE_LEADS)
    form = LeadFilterForm(request.GET or None, user=request.user)
    filters = (form.filters() if request.GET else {}) | {"queue": True}
    return list_page(
        request,
        queryset=selectors.lead_list(user=request.user, filters=filters),
        filter_form=form,
        columns=LEAD_COLUMNS,
        export_name=_("待研判线索"),
        title=_("待研判线索"),
        row_url=lambda o: reverse("leads:lead_detail", args=[o.pk]),
    )


def lead_new(request):
    """The phone-width report: the four required elements (第四十六条); a grid worker picks from their grid's
    addresses. Refused input keeps every field with its own Chinese message."""
    _require(request, Perm.REPORT_LEADS)
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"occurred_at": now, "channel": "grid" if not user_may(request.user, Perm.HANDLE_LEADS) else "walk_in"}
    form = LeadForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.lead_report(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已报告线索%(no)s，谢谢！") % {"no": lead.number})
            return redirect("leads:lead_detail", lead.pk)
    return render(request, "leads/lead_form.html", {"title": _("报告社情民意/线索"), "form": form})


def lead_detail(request, pk):
    lead = get_or_404(selectors.lead_get, user=request.user, pk=pk)
    unmasked = selectors.lead_read(user=request.user, lead=lead)
    path = lead.scope_path
    context = {
        "title": _("线索%(no)s") % {"no": lead.number},
        "lead": lead,
        "resident_phone": lead.resident_phone if unmasked else mask_phone(lead.resident_phone),
        "events": lead.events.select_related("by"),
        "links": lead.links.all(),
        "may_handle": user_may(request.user, Perm.HANDLE_LEADS, path),
        "may_report": user_may(request.user, Perm.REPORT_LEADS, path),
        "may_judge": user_may(request.user, Perm.JUDGE_LEADS, path),
        "oral_form": OralReportForm(),
        "note_form": NoteForm(),
        "judge_form": JudgeForm(),
        "withdraw_form": WithdrawForm(),
        "referral_form": ReferralForm(),
        "link_form": LinkForm(),
        "statuses": LeadStatus,
    }
    return render(request, "leads/lead_detail.html", context)


def _lead_action(request, pk, perm, call, success, form_class=NoteForm, title=""):
    _require(request, perm)
    lead = get_or_404(selectors.lead_get, user=request.user, pk=pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            call(lead, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("leads:lead_detail", lead.pk)
    return _form_page(request, form, f"{title}：{lead.number}")


def lead_oral_report(request, pk):
    def call(lead, d):
        services.lead_oral_report_record(
            acting_user=request.user, lead=lead, at=d["oral_report_at"], receiver=d["oral_report_to"]
        )

    return _lead_action(request, pk, Perm.REPORT_LEADS, call, _("已登记口头报告"), OralReportForm, _("口头报告"))


def lead_submit(request, pk):
    def call(lead, d):
        services.lead_submit(acting_user=request.user, lead=lead, note=d["note"])

    return _lead_action(request, pk, Perm.HANDLE_LEADS, call, _("已报告，待基础管控中心研判"), title=_("报告线索"))


def lead_judge(request, pk):
    def call(lead, d):
        services.lead_judge(acting_user=request.user, lead=lead, adopt=d["decision"] == "adopt", note=d["note"])

    return _lead_action(request, pk, Perm.JUDGE_LEADS, call, _("已研判"), JudgeForm, _("研判"))


def lead_handle(request, pk):
    def call(lead, d):
        services.lead_handle(acting_user=request.user, lead=lead, note=d["note"])

    return _lead_action(request, pk, Perm.HANDLE_LEADS, call, _("已记录处置措施"), title=_("处置"))


def lead_close(request, pk):
    def call(lead, d):
        services.lead_close(acting_user=request.user, lead=lead, note=d["note"])

    return _lead_action(request, pk, Perm.HANDLE_LEADS, call, _("已办结"), title=_("办结"))


def lead_withdraw(request, pk):
    def call(lead, d):
        services.lead_withdraw(acting_user=request.user, lead=lead, reason=d["reason"])

    return _lead_action(request, pk, Perm.HANDLE_LEADS, call, _("已撤销，流转记录保留"), WithdrawForm, _("撤销"))


def lead_feedback(request, pk):
    def call(lead, d):
        services.lead_feedback_give(acting_user=request.user, lead=lead, note=d["note"])

    return _lead_action(request, pk, Perm.HANDLE_LEADS, call, _("已反馈居民"), title=_("反馈居民"))


def lead_referral(request, pk):
    def call(lead, d):
        services.lead_referral_record(acting_user=request.user, lead=lead, referral_to=d["referral_to"], note=d["note"])

    return _lead_action(request, pk, Perm.HANDLE_LEADS, call, _("已登记通报并告知居民"), ReferralForm, _("通报"))


def lead_link(request, pk):
    def call(lead, d):
        services.lead_link_add(acting_user=request.user, lead=lead, kind=d["kind"], record_id=d["record_id"])

    return _lead_action(request, pk, Perm.HANDLE_LEADS, call, _("已关联"), LinkForm, _("关联业务记录"))


def indicators(request):
    """第五十二条 per officer and the module's figures for the user's units, this month by default."""
    _require(request, Perm.VIEW_LEADS)
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start, end = today.replace(day=1), today
    from accounts.scope import scope_prefixes
    from org.models import OrgUnit

    units = list(OrgUnit.objects.filter(path__in=scope_prefixes(request.user, Perm.VIEW_LEADS)).order_by("path"))
    units = units[:20]
    # This month to date (or a whole month) is what the daily snapshots hold: read them in one query (issue 11: the
    # city's 网格 count alone was 0.4 s); another span, or a unit without a snapshot, is computed now.
    stored = stored_measures([u.pk for u in units], [spec.code for spec in SPECS], start, end)
    rows = []
    for unit in units:
        figures = []
        for spec in SPECS:
            kept = stored.get((unit.pk, spec.code))
            figures.append((spec, kept.measure if kept else spec.compute(unit, start, end)))
        rows.append((unit, figures))
    context = {
        "title": _("群众工作指标"),
        "start": start,
        "end": end,
        "rows": rows,
        "as_of": min((s.taken_at for s in stored.values()), default=None),
        "specs": SPECS,
        "officers": selectors.officer_scores(user=request.user, start=start, end=end),
    }
    return render(request, "leads/indicators.html", context)


# ---------------------------------------------------------------- visits and cards


VISIT_COLUMNS = [
    Column(_("走访日期"), lambda o: o.visited_on),
    Column(_("走访地址"), lambda o: o.address_text),
    Column(_("见面人员"), lambda o: o.met_persons),
    Column(_("知晓社区民警"), lambda o: {True: "知晓", False: "不知晓"}.get(o.knows_officer, "未询问")),
    Column(_("了解情况"), lambda o: o.content[:40]),
    Column(_("走访人"), lambda o: o.visitor.display_name if o.visitor else ""),
]


def visit_list(request):
    _require(request, Perm.VIEW_LEADS)
    form = VisitFilterForm(request.GET or None)
    actions = [(_("记录入户走访"), reverse("leads:visit_new"))] if user_may(request.user, Perm.HANDLE_LEADS) else []
    return list_page(
        request,
        queryset=selectors.visit_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=VISIT_COLUMNS,
        export_name=_("入户走访"),
        title=_("入户走访"),
        actions=actions,
    )


def visit_new(request):
    _require(request, Perm.HANDLE_LEADS)
    form = VisitForm(request.POST or None, user=request.user, initial={"visited_on": timezone.localdate()})
    done, _saved = form_submit(request, form, services.household_visit_record)
    if done:
        messages.success(request, _("已记录入户走访；了解到的情况可报告为线索"))
        return redirect("leads:visit_list")
    return _form_page(request, form, _("记录入户走访"))


CARD_COLUMNS = [
    Column(_("户（标准地址）"), lambda o: o.address.full_text),
    Column(_("接卡人"), lambda o: o.holder_name),
    Column(_("发放日期"), lambda o: o.issued_on),
    Column(_("发放人"), lambda o: o.issued_by.display_name if o.issued_by else ""),
    Column(_("警务区"), lambda o: o.org_unit.name),
]


def card_list(request):
    _require(request, Perm.VIEW_LEADS)
    form = CardFilterForm(request.GET or None)
    actions = [(_("发放联系卡"), reverse("leads:card_new"))] if user_may(request.user, Perm.HANDLE_LEADS) else []
    return list_page(
        request,
        queryset=selectors.card_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=CARD_COLUMNS,
        export_name=_("警民联系卡"),
        title=_("警民联系卡"),
        actions=actions,
    )


def card_new(request):
    _require(request, Perm.HANDLE_LEADS)
    form = CardForm(request.POST or None, user=request.user, initial={"issued_on": timezone.localdate()})
    done, _saved = form_submit(request, form, services.contact_card_issue)
    if done:
        messages.success(request, _("已登记发放警民联系卡"))
        return redirect("leads:card_list")
    return _form_page(request, form, _("发放警民联系卡"))


# ---------------------------------------------------------------- informants (restricted)


INFORMANT_COLUMNS = [
    Column(_("代号"), lambda o: o.alias),
    Column(_("类别"), lambda o: o.get_kind_display()),
    Column(_("布建日期"), lambda o: o.recruited_on),
    Column(_("信息收集方向"), lambda o: o.field),
    Column(_("在用"), lambda o: o.is_active),
    Column(_("警务区"), lambda o: o.org_unit.name),
]


def informant_list(request):
    """The registers list aliases only; the name and phone are on the record, each opening on the trail."""
    _require(request, Perm.VIEW_INFORMANTS)
    form = InformantFilterForm(request.GET or None)
    may_manage = user_may(request.user, Perm.MANAGE_INFORMANTS)
    return list_page(
        request,
        queryset=selectors.informant_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=INFORMANT_COLUMNS,
        export_name=_("治安信息员和耳目"),
        title=_("治安信息员和耳目"),
        row_url=lambda o: reverse("leads:informant_detail", args=[o.pk]),
        actions=[(_("布建"), reverse("leads:informant_new"))] if may_manage else [],
    )


def informant_new(request):
    _require(request, Perm.MANAGE_INFORMANTS)
    form = InformantForm(request.POST or None, user=request.user, initial={"recruited_on": timezone.localdate()})
    done, informant = form_submit(request, form, services.informant_register)
    if done:
        messages.success(request, _("已登记"))
        return redirect("leads:informant_detail", informant.pk)
    return _form_page(request, form, _("布建治安信息员/耳目"))


def informant_detail(request, pk):
    _require(request, Perm.VIEW_INFORMANTS)
    informant, unmasked = get_or_404(selectors.informant_open, user=request.user, pk=pk)
    context = {
        "title": str(informant),
        "informant": informant,
        "name": informant.name if unmasked else informant.name[:1] + "*" * (len(informant.name) - 1),
        "phone": informant.phone if unmasked else mask_phone(informant.phone),
        "may_manage": user_may(request.user, Perm.MANAGE_INFORMANTS, informant.scope_path),
        "retire_form": WithdrawForm(),
    }
    return render(request, "leads/informant_detail.html", context)


@require_POST
def informant_retire(request, pk):
    _require(request, Perm.MANAGE_INFORMANTS)
    informant, _unmasked = get_or_404(selectors.informant_open, user=request.user, pk=pk)
    try:
        services.informant_retire(
            acting_user=request.user,
            informant=informant,
            on=timezone.localdate(),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已撤销"))
    return redirect("leads:informant_detail", informant.pk)


# ---------------------------------------------------------------- patrols, check-in, points, store


ROUTE_COLUMNS = [
    Column(_("路线名称"), lambda o: o.name),
    Column(_("所属单位"), lambda o: o.org_unit.name),
    Column(_("巡逻队"), lambda o: o.team.name if o.team else ""),
    Column(_("必巡线"), lambda o: o.must_lines[:40]),
    Column(_("巡逻点数"), lambda o: o.point_count),
    Column(_("每周巡逻次数"), lambda o: o.times_per_week or ""),
]


def route_list(request):
    if not (user_may(request.user, Perm.VIEW_LEADS) or user_may(request.user, Perm.PATROL)):
        raise PermissionDenied(_("您没有此项群众工作权限"))
    form = RouteFilterForm(request.GET or None)
    actions = [(_("设定巡逻路线"), reverse("leads:route_new"))] if user_may(request.user, Perm.MANAGE_PATROLS) else []
    return list_page(
        request,
        queryset=selectors.route_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=ROUTE_COLUMNS,
        export_name=_("巡逻路线"),
        title=_("巡逻路线"),
        row_url=lambda o: reverse("leads:route_detail", args=[o.pk]),
        actions=actions,
    )


def route_new(request):
    _require(request, Perm.MANAGE_PATROLS)
    form = RouteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        points = [{"name": line} for line in (data.pop("points") or "").splitlines() if line.strip()]
        try:
            route = services.patrol_route_create(acting_user=request.user, points=points, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已设定巡逻路线"))
            return redirect("leads:route_detail", route.pk)
    return _form_page(request, form, _("设定巡逻路线"))


def route_detail(request, pk):
    """The route with its points: on a phone, each point is one large 签到 button (client id made per page load, so a
    double tap or a resend counts once)."""
    route = get_or_404(selectors.route_get, user=request.user, pk=pk)
    context = {
        "title": route.name,
        "route": route,
        "points": route.points.all(),
        "may_patrol": services.patrol_route_reachable(request.user, route) and user_may(request.user, Perm.PATROL),
        "client_ids": {p.pk: uuid.uuid4() for p in route.points.all()},
        "recent": selectors.checkin_list(user=request.user, filters={"route": route}).prefetch_related("photos")[:20],
        "may_manage": user_may(request.user, Perm.MANAGE_PATROLS, route.scope_path),
    }
    return render(request, "leads/route_detail.html", context)


@require_POST
def checkin(request, point_pk):
    _require(request, Perm.PATROL)
    point = get_or_404(selectors.point_get, user=request.user, pk=point_pk)
    try:
        _record, created = services.checkin_record(
            acting_user=request.user,
            point=point,
            client_id=request.POST.get("client_id"),
            note=request.POST.get("note", ""),
            photo=request.FILES.get("photo"),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if created:
            messages.success(request, _("已在“%(p)s”签到") % {"p": point.name})
        else:
            messages.info(request, _("该签到已提交过，只计一次"))
    return redirect("leads:route_detail", point.route_id)


def my_points(request):
    _require(request, Perm.PATROL)
    context = {"title": _("我的积分"), **selectors.my_points(user=request.user)}
    context["items"] = selectors.store_items(user=request.user)
    return render(request, "leads/my_points.html", context)


@require_POST
def redeem(request, item_pk):
    _require(request, Perm.PATROL)
    item = get_or_404(selectors.store_item_get, user=request.user, pk=item_pk)
    try:
        quantity = int(request.POST.get("quantity", "1"))
    except ValueError:
        quantity = 0
    try:
        services.redemption_make(acting_user=request.user, item=item, quantity=quantity)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已兑换“%(i)s”，请到警务室领取") % {"i": item.name})
    return redirect("leads:my_points")


def store(request):
    """The station's 积分超市: articles, redemptions to hand over, award points by hand."""
    _require(request, Perm.MANAGE_PATROLS)
    context = {
        "title": _("积分超市"),
        "items": selectors.store_items(user=request.user, manage=True),
        "redemptions": selectors.redemption_list(user=request.user)[:50],
        "ledger": selectors.points_ledger(user=request.user)[:50],
    }
    return render(request, "leads/store.html", context)


def store_item_new(request):
    _require(request, Perm.MANAGE_PATROLS)
    form = StoreItemForm(request.POST or None, user=request.user)
    done, _saved = form_submit(request, form, services.store_item_save)
    if done:
        messages.success(request, _("已上架"))
        return redirect("leads:store")
    return _form_page(request, form, _("积分超市上架商品"))


@require_POST
def hand_over(request, pk):
    _require(request, Perm.MANAGE_PATROLS)
    redemption = get_or_404(lambda user, pk: selectors.redemption_list(user=user).get(pk=pk), user=request.user, pk=pk)
    try:
        services.redemption_hand_over(acting_user=request.user, redemption=redemption)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已发放"))
    return redirect("leads:store")


def award(request):
    _require(request, Perm.MANAGE_PATROLS)
    form = AwardForm(request.POST or None, user=request.user)
    done, _saved = form_submit(request, form, services.points_award)
    if done:
        messages.success(request, _("已计入积分"))
        return redirect("leads:store")
    return _form_page(request, form, _("登记积分"))


def numbers(request):
    """群众工作设置: the station's scores (第五十二条, 基础管控中心) and points rules (规范004, 派出所)."""
    perm = Perm.JUDGE_LEADS if user_may(request.user, Perm.JUDGE_LEADS) else Perm.MANAGE_PATROLS
    _require(request, perm)
    unit = "score" if perm == Perm.JUDGE_LEADS else "points"
    rows = [r for r in NUMBERS if r["unit"] == unit]
    form = NumberForm(request.POST or None, user=request.user, perm=perm, codes=[(r["code"], r["label"]) for r in rows])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.local_number_set(
                acting_user=request.user, org_unit=d["org_unit"], code=d["code"], value=d["value"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("leads:numbers")
    return render(request, "leads/numbers.html", {"title": _("群众工作设置"), "form": form, "rows": rows})


# ---------------------------------------------------------------- the grid worker's collection


REPORT_COLUMNS = [
    Column(_("报告时间"), lambda o: o.created_at),
    Column(_("报告类别"), lambda o: o.get_kind_display()),
    Column(_("姓名"), lambda o: o.name),
    Column(_("居住地址"), lambda o: o.address_text),
    Column(_("状态"), lambda o: o.get_status_display()),
    Column(_("报告人"), lambda o: o.reported_by.display_name if o.reported_by else ""),
    Column(_("网格"), lambda o: o.org_unit.name),
]


def resident_report_list(request):
    if not (user_may(request.user, Perm.HANDLE_LEADS) or user_may(request.user, Perm.COLLECT_RESIDENTS)):
        raise PermissionDenied(_("您没有此项群众工作权限"))
    from .choices import ReportStatus

    form = ReportFilterForm(request.GET or {"status": ReportStatus.PENDING})
    filters = form.filters() if request.GET else {"status": ReportStatus.PENDING}
    filters.setdefault("status", "")
    actions = []
    if user_may(request.user, Perm.COLLECT_RESIDENTS):
        actions = [(_("报告人员信息"), reverse("leads:resident_report_new"))]
    return list_page(
        request,
        queryset=selectors.resident_report_list(user=request.user, filters=filters),
        filter_form=form,
        columns=REPORT_COLUMNS,
        export_name=_("网格员采集报告"),
        title=_("网格员采集报告"),
        row_url=lambda o: reverse("leads:resident_report_detail", args=[o.pk]),
        actions=actions,
    )


def resident_report_new(request):
    _require(request, Perm.COLLECT_RESIDENTS)
    form = ResidentReportForm(request.POST or None, user=request.user)
    done, _saved = form_submit(request, form, services.resident_report_submit)
    if done:
        messages.success(request, _("已报告，待民警核实后入库"))
        return redirect("leads:resident_report_list")
    return render(request, "leads/phone_form.html", {"title": _("报告人员信息"), "form": form})


def resident_report_detail(request, pk):
    if not (user_may(request.user, Perm.HANDLE_LEADS) or user_may(request.user, Perm.COLLECT_RESIDENTS)):
        raise PermissionDenied(_("您没有此项群众工作权限"))
    report = get_or_404(selectors.resident_report_get, user=request.user, pk=pk)
    may_decide = user_may(request.user, Perm.HANDLE_LEADS, report.scope_path)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and may_decide and form.is_valid():
        try:
            if request.POST.get("decision") == "confirm":
                services.resident_report_confirm(
                    acting_user=request.user, report=report, note=form.cleaned_data["note"]
                )
            else:
                services.resident_report_reject(acting_user=request.user, report=report, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已核实"))
            return redirect("leads:resident_report_detail", report.pk)
    from audit.masking import mask_id_number

    context = {
        "title": _("网格员采集报告：%(n)s") % {"n": report.name},
        "report": report,
        "id_number": mask_id_number(report.id_number) if report.id_number else "",
        "phone": mask_phone(report.phone),
        "may_decide": may_decide and report.status == "pending",
        "form": form,
    }
    return render(request, "leads/resident_report_detail.html", context)


def home(request):
    """群众工作 for a grid worker or volunteer: the phone-width start page."""
    if not (user_may(request.user, Perm.REPORT_LEADS) or user_may(request.user, Perm.PATROL)):
        raise PermissionDenied(_("您没有此项群众工作权限"))
    from .services import points_balance

    context = {
        "title": _("群众工作"),
        "balance": points_balance(request.user),
        "routes": selectors.route_list(user=request.user)[:10],
        "mine": selectors.lead_list(user=request.user, filters={"mine": True})[:5],
        "may_collect": user_may(request.user, Perm.COLLECT_RESIDENTS),
    }
    return render(request, "leads/home.html", context)


# ---------------------------------------------------------------- check-in photos, route and team changes


def checkin_photo(request, pk):
    """A check-in's photo, only through the scoped selector (the patroller's own, or view_leads over the route)."""
    return uploads.response(get_or_404(selectors.checkin_photo_get, user=request.user, pk=pk))


def route_edit(request, pk):
    _require(request, Perm.MANAGE_PATROLS)
    route = get_or_404(selectors.route_get, user=request.user, pk=pk)
    initial = {
        "name": route.name,
        "must_lines": route.must_lines,
        "points": "\n".join(p.name for p in route.points.filter(is_must_visit=True)),
        "times_per_week": route.times_per_week,
        "team": route.team_id,
        "is_active": route.is_active,
    }
    form = RouteEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.patrol_route_update(acting_user=request.user, route=route, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已修改巡逻路线"))
            return redirect("leads:route_detail", route.pk)
    return _form_page(request, form, _("修改巡逻路线：%(n)s") % {"n": route.name})


TEAM_COLUMNS = [
    Column(_("巡逻队名称"), lambda o: o.name),
    Column(_("所属单位"), lambda o: o.org_unit.name),
    Column(_("负责人"), lambda o: o.leader_name),
    Column(_("队员数"), lambda o: o.member_count),
]


def team_list(request):
    _require(request, Perm.MANAGE_PATROLS)
    form = RouteFilterForm(request.GET or None)
    return list_page(
        request,
        queryset=selectors.team_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=TEAM_COLUMNS,
        export_name=_("巡逻队"),
        title=_("巡逻队"),
        row_url=lambda o: reverse("leads:team_edit", args=[o.pk]),
        actions=[(_("组建巡逻队"), reverse("leads:team_new"))],
    )


def team_new(request):
    _require(request, Perm.MANAGE_PATROLS)
    form = TeamForm(request.POST or None, user=request.user)
    done, _saved = form_submit(request, form, services.patrol_team_save)
    if done:
        messages.success(request, _("已组建巡逻队"))
        return redirect("leads:team_list")
    return _form_page(request, form, _("组建巡逻队"))


def team_edit(request, pk):
    _require(request, Perm.MANAGE_PATROLS)
    team = get_or_404(selectors.team_get, user=request.user, pk=pk)
    initial = {"name": team.name, "leader_name": team.leader_name, "members": list(team.members.all())}
    form = TeamForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.patrol_team_save(acting_user=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已修改巡逻队"))
            return redirect("leads:team_list")
    return _form_page(request, form, _("修改巡逻队：%(n)s") % {"n": team.name})


# ---------------------------------------------------------------- meetings (第二十五条, 第四十八条(四)(五)(六))


MEETING_COLUMNS = [
    Column(_("会议时间"), lambda o: o.held_at),
    Column(_("会议类别"), lambda o: o.get_kind_display()),
    Column(_("会议地点"), lambda o: o.place),
    Column(_("参加人员"), lambda o: o.met_persons),
    Column(_("参加人数"), lambda o: o.attendees),
    Column(_("会议议题"), lambda o: o.topics[:40]),
    Column(_("转为线索"), lambda o: o.lead_count),
    Column(_("警务区"), lambda o: o.org_unit.name),
]


def meeting_list(request):
    _require(request, Perm.VIEW_LEADS)
    form = MeetingFilterForm(request.GET or None)
    actions = [(_("记录会议"), reverse("leads:meeting_new"))] if user_may(request.user, Perm.HANDLE_LEADS) else []
    return list_page(
        request,
        queryset=selectors.meeting_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=MEETING_COLUMNS,
        export_name=_("会议记录"),
        title=_("会议记录"),
        row_url=lambda o: reverse("leads:meeting_detail", args=[o.pk]),
        actions=actions,
    )


def meeting_new(request):
    _require(request, Perm.HANDLE_LEADS)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = MeetingForm(request.POST or None, user=request.user, initial={"held_at": now})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录会议"))
            return redirect("leads:meeting_detail", meeting.pk)
    return _form_page(request, form, _("记录会议"))


def meeting_detail(request, pk):
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    context = {
        "title": meeting.get_kind_display(),
        "meeting": meeting,
        "leads": meeting.leads.order_by("id"),
    }
    return render(request, "leads/meeting_detail.html", context)


# ---------------------------------------------------------------- questionnaires (第四十八条(七), 第三十五条(一))


QUESTIONNAIRE_COLUMNS = [
    Column(_("问卷名称"), lambda o: o.title),
    Column(_("依据"), lambda o: o.source),
    Column(_("题数"), lambda o: len(o.questions)),
    Column(_("答卷数"), lambda o: o.answer_count),
    Column(_("设置单位"), lambda o: o.org_unit.name),
]


def questionnaire_list(request):
    _require(request, Perm.VIEW_LEADS)
    form = RouteFilterForm(request.GET or None)
    actions = [(_("设置问卷"), reverse("leads:questionnaire_new"))] if user_may(request.user, Perm.HANDLE_LEADS) else []
    return list_page(
        request,
        queryset=selectors.questionnaire_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=QUESTIONNAIRE_COLUMNS,
        export_name=_("调查问卷"),
        title=_("调查问卷"),
        row_url=lambda o: reverse("leads:questionnaire_detail", args=[o.pk]),
        actions=actions,
    )


AWARENESS_QUESTIONS = "您知道本社区的社区民警是谁吗：*知道/不知道\n您知道社区民警的联系方式吗：知道/不知道"


def questionnaire_new(request):
    _require(request, Perm.HANDLE_LEADS)
    initial = {"title": _("社区民警知晓率调查"), "source": "规范001 第三十五条(一)", "questions": AWARENESS_QUESTIONS}
    form = QuestionnaireForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已设置问卷"))
            return redirect("leads:questionnaire_detail", questionnaire.pk)
    return _form_page(request, form, _("设置调查问卷"))


def questionnaire_detail(request, pk):
    """The questionnaire, its answers in the user's scope with the 知晓率 they give, and the form for one more."""
    questionnaire = get_or_404(selectors.questionnaire_get, user=request.user, pk=pk)
    may_answer = user_may(request.user, Perm.HANDLE_LEADS)
    form = None
    if may_answer:
        initial = {"answered_on": timezone.localdate()}
        form = SurveyAnswerForm(request.POST or None, user=request.user, questionnaire=questionnaire, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.survey_answer_record(acting_user=request.user, **form.service_kwargs())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已记录答卷"))
                return redirect("leads:questionnaire_detail", questionnaire.pk)
    answers = selectors.survey_answer_list(user=request.user, questionnaire=questionnaire)
    asked = [a for a in answers if a.aware is not None]
    context = {
        "title": questionnaire.title,
        "questionnaire": questionnaire,
        "answers": answers[:50],
        "aware": sum(1 for a in asked if a.aware),
        "asked": len(asked),
        "form": form,
    }
    return render(request, "leads/questionnaire_detail.html", context)
