from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("", views.obligation_list, name="obligation_list"),
    path("<int:pk>/", views.obligation_detail, name="obligation_detail"),
    path("runs/", views.rule_run_list, name="run_list"),
]
