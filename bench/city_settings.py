"""Settings for the city benchmark: the project's own, plus a plain Django admin of the resident table — the
yardstick the pages are measured beside (bench/city_http.py)."""

from fengqiao.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.admin"]  # noqa: F405
ROOT_URLCONF = "bench.city_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
