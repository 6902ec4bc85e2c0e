from django.urls import path

from . import views

app_name = "metrics"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
]
