from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
    path("requests/<int:pk>/hand-over/", views.request_hand_over, name="request_hand_over"),
    path("requests/<int:pk>/overdue/", views.request_overdue, name="request_overdue"),
    path("requests/<int:pk>/rate/", views.request_rate, name="request_rate"),
    path("requests/<int:pk>/certificate/", views.certificate_new, name="certificate_new"),
    path("requests/<int:pk>/certificate.pdf", views.certificate_download, name="certificate_download"),
    path("lost-found/", views.lost_found_list, name="lost_found_list"),
    path("lost-found/new/", views.lost_found_new, name="lost_found_new"),
    path("lost-found/<int:pk>/", views.lost_found_detail, name="lost_found_detail"),
    path("lost-found/<int:pk>/match/", views.lost_found_match, name="lost_found_match"),
    path("lost-found/<int:pk>/return/", views.lost_found_return, name="lost_found_return"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/new/", views.post_new, name="post_new"),
    path("station/", views.station_page, name="station"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/decide/", views.complaint_decide, name="complaint_decide"),
    path("care/", views.care_list, name="care_list"),
    path("care/pick/", views.care_pick, name="care_pick"),
    path("care/new/<int:resident_pk>/", views.care_new, name="care_new"),
    path("care/<int:pk>/", views.care_detail, name="care_detail"),
    path("care/<int:pk>/visits/new/", views.care_visit_new, name="care_visit_new"),
    path("care/<int:pk>/alerts/new/", views.care_alert_new, name="care_alert_new"),
    path("reports/new/", views.report_new, name="report_new"),
    path("public-info/<int:beat_pk>/", views.public_info_edit, name="public_info_edit"),
]
