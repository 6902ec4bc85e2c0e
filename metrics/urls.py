from django.urls import path

from . import views, views_more

app_name = "metrics"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("safety-index/", views_more.safety_index, name="safety_index"),
    path("safety-index/weights/", views_more.safety_index_weights, name="safety_index_weights"),
    path("schemes/", views_more.schemes, name="schemes"),
    path("schemes/new/", views_more.scheme_new, name="scheme_new"),
    path("schemes/lock/", views_more.year_lock, name="year_lock"),
    path("surveys/new/", views_more.survey_new, name="survey_new"),
    path("supervision/", views_more.supervision, name="supervision"),
    path("dashboard/", views_more.dashboard, name="dashboard"),
    path("reports/", views_more.reports, name="reports"),
    path("reports/monthly.pdf", views_more.report_monthly_pdf, name="report_monthly_pdf"),
    path("reports/monthly.xlsx", views_more.report_monthly_xlsx, name="report_monthly_xlsx"),
    path("reports/quarterly.pdf", views_more.report_quarterly_pdf, name="report_quarterly_pdf"),
]
