"""The gateway answers one route: WeCom's callback (GET URL verification, POST events)."""

from django.urls import path

from . import views

urlpatterns = [path("wecom/callback", views.callback, name="wecom_callback")]
