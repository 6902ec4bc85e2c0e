"""警务公开 (规范001 第九十四条、第九十五条; 规范002 警务公开制度/公示栏; 规范003 阳光警务): the public pages, open
without sign-in. They read only beats, the published contacts of the beat's team, the beat's public information and
counts (``selectors.public_page``) — no resident's name, ID number, phone or address can reach them. Submissions
(a rating with the one-time 评价码, a suggestion) are throttled per address (``services.public_throttle``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from web.forms import add_service_errors

from . import selectors, services
from .forms import PublicRateForm, SuggestionForm
from .models import PublicContact


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _beat(code: str):
    try:
        return selectors.public_beat(code)
    except Exception:
        raise Http404 from None


@login_not_required
@cache_control(public=True, max_age=300)
def beat_index(request):
    stations: dict[str, list] = {}
    for beat in selectors.public_beats():
        stations.setdefault(beat.parent.name if beat.parent_id else "", []).append(beat)
    return render(request, "outreach/public/index.html", {"title": _("警务公开"), "stations": stations})


@login_not_required
@require_http_methods(["GET", "POST"])
def beat_page(request, code):
    beat = _beat(code)
    form = SuggestionForm(request.POST or None)
    sent = None
    if request.method == "POST" and form.is_valid():
        try:
            services.public_throttle(_ip(request))
            sent = services.public_suggestion_submit(beat=beat, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(f"{request.path}?sent={sent.number}")
    context = {
        "title": str(_("%(beat)s · 警务公开")) % {"beat": beat.name},
        "page": selectors.public_page(beat),
        "form": form,
        "sent": request.GET.get("sent", "")[:20],
    }
    return render(request, "outreach/public/beat.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def rate(request):
    form = PublicRateForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            services.public_throttle(_ip(request))
            data = form.cleaned_data
            services.service_request_rate(code=data["code"], satisfaction=data["satisfaction"], comment=data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = True
    return render(request, "outreach/public/rate.html", {"title": _("服务评价"), "form": form, "done": done})


@login_not_required
@cache_control(public=True, max_age=3600)
def photo(request, pk):
    contact = PublicContact.objects.filter(staff_id=pk, published=True).exclude(photo="").first()
    if contact is None:
        raise Http404
    return FileResponse(contact.photo.open("rb"), content_type="image/png" if contact.photo.name.endswith(".png")
                        else "image/jpeg")  # fmt: skip
