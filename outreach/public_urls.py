from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.beat_index, name="index"),
    path("beats/<str:code>/", public_views.beat_page, name="beat"),
    path("rate/", public_views.rate, name="rate"),
    path("photos/<int:pk>/", public_views.photo, name="photo"),
]
