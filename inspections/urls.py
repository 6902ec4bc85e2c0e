from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/supervision/", views.supervision_edit, name="supervision_edit"),
    path("units/<int:pk>/inspect/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/hazard/", views.hazard_new, name="hazard_new"),
    path("hazards/", views.hazard_list, name="hazard_list"),
    path("hazards/<int:pk>/", views.hazard_detail, name="hazard_detail"),
    path("hazards/<int:pk>/file/", views.hazard_file, name="hazard_file"),
    path("hazards/<int:pk>/extension/", views.extension_new, name="extension_new"),
    path("hazards/<int:pk>/reinspect/", views.reinspection_new, name="reinspection_new"),
    path("notices/<int:pk>.pdf", views.notice_download, name="notice_download"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("extensions/", views.extension_list, name="extension_list"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("indicators/", views.indicator_page, name="indicators"),
    path("settings/", views.settings_page, name="settings"),
]
