import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fengqiao.settings")
django_application = get_wsgi_application()

from ops.retry import RetryOnConnectionLoss  # noqa: E402  (after Django is set up)

# A request cut off by a PostgreSQL restart before it committed anything is answered once more (ops/retry.py).
application = RetryOnConnectionLoss(django_application)
