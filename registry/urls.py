from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("residents/", views.resident_list, name="resident_list"),
    path("residents/new/", views.resident_form, name="resident_new"),
    path("residents/<int:pk>/", views.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/edit/", views.resident_form, name="resident_edit"),
    path("houses/", views.house_list, name="house_list"),
    path("houses/new/", views.house_new, name="house_new"),
    path("houses/<int:pk>/", views.house_detail, name="house_detail"),
    path("houses/<int:pk>/rental/", views.rental_new, name="rental_new"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_form, name="organization_new"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_form, name="organization_edit"),
    path("addresses/", views.address_list, name="address_list"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("duplicates/", views.candidate_list, name="candidate_list"),
    path("duplicates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("duplicates/<int:pk>/decide/", views.candidate_decide, name="candidate_decide"),
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/report/", views.import_report, name="import_report"),
    path("import/template/<str:kind>/", views.import_template, name="import_template"),
    path("indicators/", views.indicators, name="indicators"),
]
