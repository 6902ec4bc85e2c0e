"""WSGI entry of the gateway (gunicorn wecom.wsgi:application behind the DMZ's TLS proxy)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecom.settings")
application = get_wsgi_application()
