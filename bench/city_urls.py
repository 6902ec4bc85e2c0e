"""The project's URLs plus ``/admin/``: a plain ``ModelAdmin`` of residents (defaults only, as Django ships it)."""

from django.contrib import admin
from django.urls import path

from fengqiao.urls import handler403, handler404, handler500  # noqa: F401
from fengqiao.urls import urlpatterns as project
from registry.models import Resident

admin.site.register(Resident)

urlpatterns = [path("admin/", admin.site.urls), *project]
