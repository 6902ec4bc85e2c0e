from django.urls import path

from . import views

app_name = "online_groups"

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("new/", views.group_new, name="group_new"),
    path("<int:pk>/", views.group_detail, name="group_detail"),
    path("<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("<int:pk>/members/new/", views.member_new, name="member_new"),
    path("<int:pk>/members/<int:member_pk>/leave/", views.member_leave, name="member_leave"),
    path("<int:pk>/members/<int:member_pk>/match/", views.member_match, name="member_match"),
    path("<int:pk>/recheck/", views.group_recheck, name="group_recheck"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/acknowledge/", views.request_acknowledge, name="request_acknowledge"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
    path("requests/<int:pk>/convert/", views.request_convert, name="request_convert"),
    path("intake/", views.intake, name="intake"),
    path("broadcasts/", views.broadcast_list, name="broadcast_list"),
    path("broadcasts/new/", views.broadcast_new, name="broadcast_new"),
    path("broadcasts/<int:pk>/", views.broadcast_detail, name="broadcast_detail"),
    path("stats/", views.stats, name="stats"),
    path("settings/", views.settings_page, name="settings"),
]
