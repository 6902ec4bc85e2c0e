from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("new/", views.task_issue, name="task_issue"),
    path("station/", views.station_view, name="station"),
    path("station/batch/", views.station_batch_view, name="station_batch"),
    path("messages/", views.message_list, name="messages"),
    path("messages/<int:pk>/read/", views.message_read_view, name="message_read"),
    path("rates/", views.rates_view, name="rates"),
    path("extensions/<int:pk>/decide/", views.extension_decide_view, name="extension_decide"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("evidence/<int:pk>/", views.task_evidence_file, name="task_evidence_file"),
    path("<int:pk>/accept/", views.task_accept_view, name="task_accept"),
    path("<int:pk>/feedback/", views.task_feedback_view, name="task_feedback"),
    path("<int:pk>/review/", views.task_review_view, name="task_review"),
    path("<int:pk>/dispatch/", views.task_dispatch_view, name="task_dispatch"),
    path("<int:pk>/extension/", views.task_extension_view, name="task_extension"),
]
