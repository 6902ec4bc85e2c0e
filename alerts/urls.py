from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_board, name="alert_board"),
    path("new/", views.alert_new, name="alert_new"),
    path("<int:pk>/", views.alert_detail, name="alert_detail"),
    path("<int:pk>/respond/", views.alert_respond, name="alert_respond"),
    path("<int:pk>/departments/", views.department_add, name="department_add"),
    path("<int:pk>/draw/", views.sampling_draw, name="sampling_draw"),
    path("<int:pk>/close/", views.alert_close, name="alert_close"),
]
