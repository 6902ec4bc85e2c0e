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
]
