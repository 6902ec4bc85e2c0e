from django.urls import path

from . import views

app_name = "duty"

urlpatterns = [
    path("", views.roster_week, name="roster"),
    path("shifts/", views.shift_list, name="shift_list"),
    path("shifts/new/", views.shift_new, name="shift_new"),
    path("shifts/<int:pk>/cancel/", views.shift_cancel, name="shift_cancel"),
    path("leave/", views.leave_list, name="leave_list"),
    path("leave/new/", views.leave_new, name="leave_new"),
    path("leave/<int:pk>/", views.leave_detail, name="leave_detail"),
    path("logs/", views.log_list, name="log_list"),
    path("logs/mine/", views.my_log, name="my_log"),
    path("logs/<int:pk>/", views.log_detail, name="log_detail"),
    path("time-in-beat/", views.time_in_beat, name="time_in_beat"),
    path("time-in-beat/<int:pk>/", views.time_in_beat_detail, name="time_in_beat_detail"),
    path("support/", views.support_list, name="support_list"),
    path("support/new/", views.support_new, name="support_new"),
    path("support/<int:pk>/", views.support_detail, name="support_detail"),
    path("settings/", views.settings_page, name="settings"),
    path("staffing/", views.staffing, name="staffing"),
]
