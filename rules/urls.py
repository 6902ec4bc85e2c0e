from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("", views.obligation_list, name="obligation_list"),
    path("<int:pk>/", views.obligation_detail, name="obligation_detail"),
    path("runs/", views.rule_run_list, name="run_list"),
    path("calendar/", views.holiday_calendar, name="calendar"),
    path("calendar/example.csv", views.holiday_example, name="calendar_example"),
    path("calendar/<int:year>/", views.holiday_year_detail, name="calendar_year"),
]
