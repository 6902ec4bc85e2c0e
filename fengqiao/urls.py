from django.urls import include, path

from api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("registry/", include("registry.urls")),
    path("tasks/", include("tasks.urls")),
    path("rules/", include("rules.urls")),
    path("subjects/", include("subjects.urls")),
    path("leads/", include("leads.urls")),
    path("casework/", include("casework.urls")),
    path("ops/", include("ops.urls")),
    path("inspections/", include("inspections.urls")),
    path("outreach/", include("outreach.urls")),
    path("public/", include("outreach.public_urls")),
    path("duty/", include("duty.urls")),
    path("alerts/", include("alerts.urls")),
    path("online-groups/", include("online_groups.urls")),
    path("metrics/", include("metrics.urls")),
    path("", include("web.urls")),
]

handler400 = "web.views.errors.bad_request"
handler403 = "web.views.errors.permission_denied"
handler404 = "web.views.errors.page_not_found"
handler500 = "web.views.errors.server_error"
