"""为民服务 pages: thin views over the outreach selectors and services (the public pages are in public_views)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.selectors import user_may
from audit.masking import mask_phone
from fengqiao.pdf import pdf_response
from web.forms import add_service_errors
from web.listing import Column, PersonalTrail, list_page
from web.shortcuts import get_or_404

from . import selectors, services
from .catalogue import TYPE_BY_CODE, TYPE_FIELDS
from .forms import (
    CertificateForm,
    CloseForm,
    HandoverForm,
    OverdueForm,
    RateForm,
    RequestFilterForm,
    RequestForm,
)


def _require(request, perm: str, path: str | None = None) -> None:
    if not user_may(request.user, perm, path):
        raise PermissionDenied(_("您没有此项为民服务权限"))


def clock(obj, now=None) -> str:
    """The request's clock as a short Chinese phrase: time left, overdue by, or done on time/late."""
    now = now or timezone.now()
    if obj.done_at:
        return str(_("按时办结")) if obj.done_at <= obj.due_at else str(_("超时办结"))
    left = obj.due_at - now
    if left < timedelta(0):
        hours = int(-left.total_seconds() // 3600)
        return str(_("已超时%(h)s小时")) % {"h": hours}
    if left < timedelta(hours=48):
        return str(_("剩余%(h)s小时")) % {"h": int(left.total_seconds() // 3600)}
    return str(_("剩余%(d)s天")) % {"d": left.days}


def _overdue(obj) -> bool:
    return (obj.done_at or timezone.now()) > obj.due_at


REQUEST_COLUMNS = [
    Column(_("受理编号"), lambda o: o.number),
    Column(_("事项类型"), lambda o: o.get_service_type_display()),
    Column(_("急需"), lambda o: o.is_urgent),
    Column(_("受理渠道"), lambda o: o.get_channel_display()),
    Column(_("受理时间"), lambda o: o.received_at),
    Column(_("办结时限"), lambda o: o.due_at),
    Column(_("时限状态"), clock),
    Column(_("承办人"), lambda o: o.owner.display_name if o.owner else ""),
    Column(_("状态"), lambda o: o.get_status_display()),
    Column(_("满意度"), lambda o: o.get_satisfaction_display()),
    Column(_("警务区"), lambda o: o.beat.name),
]


def request_list(request):
    _require(request, Perm.VIEW_SERVICES)
    form = RequestFilterForm(request.GET or None, user=request.user)
    actions = [(_("受理诉求"), reverse("outreach:request_new"))] if user_may(request.user, Perm.SERVE_RESIDENTS) else []
    return list_page(
        request,
        queryset=selectors.request_list(user=request.user, filters=form.filters() if request.GET else {}),
        filter_form=form,
        columns=REQUEST_COLUMNS,
        export_name=_("群众诉求"),
        title=_("群众诉求"),
        row_url=lambda o: reverse("outreach:request_detail", args=[o.pk]),
        row_class=lambda o: "table-danger" if _overdue(o) and o.is_open else "",
        actions=actions,
        personal=PersonalTrail("service_request", lambda o: o.number, lambda o: o.scope_path),
    )


def request_new(request):
    """The window's intake form (第八十七条、第九十一条): type first, then that type's fields."""
    _require(request, Perm.SERVE_RESIDENTS)
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.service_request_receive(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已受理，编号%(n)s，办结时限%(t)s") % {
                "n": obj.number, "t": timezone.localtime(obj.due_at).strftime("%Y-%m-%d %H:%M")})  # fmt: skip
            return redirect("outreach:request_detail", obj.pk)
    types = [{"code": code, "limit": row["default"], "source": row["source"]} for code, row in TYPE_BY_CODE.items()]
    return render(request, "outreach/request_form.html", {"title": _("受理群众诉求"), "form": form, "types": types})


def _request(request, pk):
    _require(request, Perm.VIEW_SERVICES)
    return get_or_404(selectors.request_get, user=request.user, pk=pk)


def request_detail(request, pk):
    obj = _request(request, pk)
    unmasked = services.service_request_read(
        acting_user=request.user, request=obj, unmask=request.GET.get("unmask") == "1"
    )
    may_serve = user_may(request.user, Perm.SERVE_RESIDENTS, obj.beat.path)
    row = TYPE_BY_CODE.get(obj.service_type, {})
    details = [(TYPE_FIELDS[name][0], obj.details.get(name)) for name in row.get("fields", ())]
    context = {
        "title": f"{obj.number} {obj.get_service_type_display()}",
        "obj": obj,
        "type_row": row,
        "details": details,
        "phone": obj.applicant_phone if unmasked else mask_phone(obj.applicant_phone),
        "clock": clock(obj),
        "overdue": _overdue(obj),
        "handovers": obj.handovers.select_related("from_user", "to_user"),
        "tasks": selectors.request_tasks(obj),
        "may_serve": may_serve,
        "may_manage": user_may(request.user, Perm.MANAGE_SERVICES, obj.beat.path),
        "close_form": CloseForm(),
        "rate_form": RateForm(),
        "overdue_form": OverdueForm(),
        "certificate_form": CertificateForm(initial={"holder": obj.applicant_name}) if row.get("certificate") else None,
        "rating_code": request.session.pop(f"outreach_code_{obj.pk}", None),
    }
    return render(request, "outreach/request_detail.html", context)


def _post_form(request, pk, form_class, perm, call, done, **form_kwargs):
    """Shared shape of the detail page's small forms: a POST, one service call, back to the page."""
    obj = _request(request, pk)
    _require(request, perm, obj.beat.path)
    form = form_class(request.POST or None, **form_kwargs(obj) if callable(form_kwargs) else {})
    if request.method == "POST" and form.is_valid():
        try:
            result = call(obj, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("outreach:request_detail", obj.pk), result
    return render(request, "web/form.html", {"title": f"{obj.number} {obj.get_service_type_display()}",
                                             "form": form}), None  # fmt: skip


def request_close(request, pk):
    def call(obj, data):
        done, code = services.service_request_close(acting_user=request.user, request=obj, **data)
        request.session[f"outreach_code_{obj.pk}"] = code  # shown once on the receipt, never stored in clear
        return done

    response, _r = _post_form(request, pk, CloseForm, Perm.SERVE_RESIDENTS, call, _("已办结，请将评价码交给群众"))
    return response


def request_hand_over(request, pk):
    def call(obj, data):
        return services.service_request_hand_over(acting_user=request.user, request=obj, **data)

    response, _r = _post_form(request, pk, HandoverForm, Perm.SERVE_RESIDENTS, call, _("已移交"),
                              form_kwargs=lambda obj: {"request_obj": obj})  # fmt: skip
    return response


def request_overdue(request, pk):
    obj = _request(request, pk)
    if not (
        user_may(request.user, Perm.SERVE_RESIDENTS, obj.beat.path)
        or user_may(request.user, Perm.MANAGE_SERVICES, obj.beat.path)
    ):
        raise PermissionDenied(_("您没有此项为民服务权限"))
    form = OverdueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_request_overdue_note(
                acting_user=request.user, request=obj, note=form.cleaned_data["overdue_note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录超时处理情况"))
            return redirect("outreach:request_detail", obj.pk)
    return render(request, "web/form.html", {"title": _("超时处理：%(n)s") % {"n": obj.number}, "form": form})


def request_rate(request, pk):
    def call(obj, data):
        return services.service_request_rate_record(acting_user=request.user, request=obj, **data)

    response, _r = _post_form(request, pk, RateForm, Perm.SERVE_RESIDENTS, call, _("已记录群众评价"))
    return response


def certificate_new(request, pk):
    def call(obj, data):
        return services.certificate_issue(acting_user=request.user, request=obj, **data)

    response, _r = _post_form(request, pk, CertificateForm, Perm.SERVE_RESIDENTS, call, _("已出具证明"))
    return response


def certificate_download(request, pk):
    obj = _request(request, pk)
    if obj.certificate is None:
        from django.http import Http404

        raise Http404
    with obj.certificate.pdf.open("rb") as handle:
        data = handle.read()
    return pdf_response(data, f"{obj.certificate.number}.pdf")
