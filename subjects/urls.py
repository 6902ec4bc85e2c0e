from django.urls import path

from . import views

app_name = "subjects"

urlpatterns = [
    path("", views.subject_list, name="subject_list"),
    path("station/", views.station, name="station"),
    path("<int:pk>/", views.subject_detail, name="subject_detail"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("<int:pk>/unmark/", views.subject_unmark, name="subject_unmark"),
    path("<int:pk>/visit/", views.visit_new, name="visit_new"),
    path("<int:pk>/records/<str:kind>/", views.record_new, name="record_new"),
    path("<int:pk>/transfer/", views.transfer_new, name="transfer_new"),
    path("pick/", views.resident_pick, name="resident_pick"),
    path("mark/<int:resident_pk>/", views.subject_mark, name="subject_mark"),
    path("push/<int:resident_pk>/", views.push_warning, name="push_warning"),
    path("approvals/", views.approval_list, name="approval_list"),
    path("approvals/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/acknowledge/", views.transfer_acknowledge, name="transfer_acknowledge"),
    path("bulk-read-warnings/", views.bulk_read_warnings, name="bulk_read_warnings"),
]
