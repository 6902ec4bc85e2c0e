"""Fengqiao settings: everything comes from environment variables with safe defaults.

FENGQIAO_DEBUG            "1" for development pages (default off)
FENGQIAO_SECRET_KEY       required when DEBUG is off in production; a dev key is used otherwise
DATABASE_URL              default sqlite:///<repo>/db.sqlite3 (the demo); PostgreSQL in production/tests
FENGQIAO_ALLOWED_HOSTS    comma list, default "localhost,127.0.0.1,[::1],testserver"
FENGQIAO_SESSION_IDLE_MINUTES   sign-out after this much inactivity (default 30)
FENGQIAO_LOGIN_FAILURE_LIMIT    failed sign-ins before lock-out (default 5)
FENGQIAO_LOCKOUT_MINUTES        lock-out length (default 30)
With FENGQIAO_DEBUG off the site is HTTPS-only (redirect, HSTS, secure cookies; docs/adr/0005):
FENGQIAO_CSRF_TRUSTED_ORIGINS   comma list of https://… origins forms may post from (default: the allowed hosts)
FENGQIAO_HSTS_SECONDS           HSTS max-age (default one year)
FENGQIAO_PLAIN_HTTP             "1" only where no TLS is in front (scripts/demo, a local scripts/serve, load runs):
                                plain HTTP, no redirect, no HSTS; ``check --deploy`` warns (fengqiao.W101)
Production (deploy/fengqiao.env.example documents each): FENGQIAO_REPLICA_URL, FENGQIAO_REPLICA_MAX_LAG,
FENGQIAO_REPLICA_PIN_SECONDS, FENGQIAO_DB_CONNECT_WAIT, FENGQIAO_TASKS_BACKEND, FENGQIAO_REDIS_URL,
FENGQIAO_LOG_FORMAT, FENGQIAO_BACKUP_DIR, FENGQIAO_BACKUP_KEEP
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DEBUG = env_bool("FENGQIAO_DEBUG")
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = os.environ.get("FENGQIAO_SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = os.environ.get("FENGQIAO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

# Production is the one switch: FENGQIAO_DEBUG off means HTTPS only (docs/adr/0005). TLS ends at nginx
# (deploy/nginx/fengqiao.conf), which passes X-Forwarded-Proto; gunicorn believes it only from
# FENGQIAO_FORWARDED_ALLOW_IPS and sets the request's scheme, so Django needs no proxy header setting of its own.
FENGQIAO_HTTPS = not DEBUG and not env_bool("FENGQIAO_PLAIN_HTTP")
SECURE_SSL_REDIRECT = FENGQIAO_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes each app server over plain HTTP
SECURE_HSTS_SECONDS = env_int("FENGQIAO_HSTS_SECONDS", 365 * 24 * 3600) if FENGQIAO_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = FENGQIAO_HTTPS
SECURE_HSTS_PRELOAD = FENGQIAO_HTTPS
SESSION_COOKIE_SECURE = FENGQIAO_HTTPS
CSRF_COOKIE_SECURE = FENGQIAO_HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
_HOST_ORIGINS = ",".join(f"https://{h}" for h in ALLOWED_HOSTS if h and h[0] not in ".*[" and h != "testserver")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("FENGQIAO_CSRF_TRUSTED_ORIGINS", _HOST_ORIGINS).split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Fengqiao rooms, bottom of the dependency order first (DESIGN.md).
    "org",
    "accounts",
    "audit",
    "rules",
    "tasks",
    "registry",
    "subjects",
    "leads",
    "casework",
    "ops",
    "inspections",
    "outreach",
    "duty",
    "alerts",
    "online_groups",
    "metrics",
    "web",
    "api",
]

MIDDLEWARE = [
    "ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fengqiao.replica.PrimaryPinMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "fengqiao.edge.ControlCharacterMiddleware",  # control characters dropped once, before any view (issue 10)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SignInRequiredMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fengqiao.urls"
WSGI_APPLICATION = "fengqiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiles each large plan (55–70 ms a count at 5 M rows) and pays off only for long reports: off for
    # the pages and API (deploy/postgresql/fengqiao.conf sets the same server-wide).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# PostgreSQL: wait for a restarting server instead of failing at once (ops/postgresql); check a kept connection
# before reusing it, so a restart costs a reconnect, not an error.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].update(
        ENGINE="ops.postgresql", CONN_HEALTH_CHECKS=True, CONNECT_WAIT=env_int("FENGQIAO_DB_CONNECT_WAIT", 20)
    )
# City size: a streaming replica for lists, dashboards and exports (fengqiao/replica.py); unset at a station.
if os.environ.get("FENGQIAO_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["FENGQIAO_REPLICA_URL"], conn_max_age=60, conn_health_checks=True, engine="ops.postgresql"
    )
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2, "options": "-c jit=off"}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["fengqiao.replica.ReplicaRouter"]
FENGQIAO_REPLICA_READS = env_bool("FENGQIAO_REPLICA_READS", True)  # "0": keep the replica, read the primary
FENGQIAO_REPLICA_MAX_LAG = env_int("FENGQIAO_REPLICA_MAX_LAG", 30)  # seconds behind before reads go to the primary
FENGQIAO_REPLICA_PIN_SECONDS = env_int("FENGQIAO_REPLICA_PIN_SECONDS", 15)  # read-your-writes after a write
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:workbench"
LOGOUT_REDIRECT_URL = "web:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must come first: refuses locked-out sign-ins
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.LettersAndDigitsValidator"},
]

# Sign-in security: idle sessions end; repeated failures lock the account name.
SESSION_COOKIE_AGE = env_int("FENGQIAO_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp; docs/adr/0005): only the project's own scripts, styles, images and fonts;
# no inline script, handler or style attribute (an inline script would need ``nonce="{{ request.csp_nonce }}"``),
# no plug-ins, no framing, forms post only here. web/tests/test_csp.py walks the pages in chromium under it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap's and Swagger UI's icons are data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AXES_FAILURE_LIMIT = env_int("FENGQIAO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FENGQIAO_LOCKOUT_MINUTES", 30))
# Lock the account name, not the address: a station's whole intranet often shares one NAT address.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("FENGQIAO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("FENGQIAO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploaded evidence (fengqiao/uploads.py): the size limit of a module that names none (nginx allows 50 MB).
FENGQIAO_UPLOAD_MAX_MB = env_int("FENGQIAO_UPLOAD_MAX_MB", 20)

# Logs: one JSON object a line in production (FENGQIAO_LOG_FORMAT=json), each with the request id (ops/logs.py);
# requests, jobs and schedules log at INFO on the fengqiao.* loggers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("FENGQIAO_LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("FENGQIAO_LOG_LEVEL", "WARNING")},
    "loggers": {"fengqiao": {"level": os.environ.get("FENGQIAO_APP_LOG_LEVEL", "INFO")}},
}

# Lists show this many rows a page unless the user asks for another size (max 200).
FENGQIAO_PAGE_SIZE = 20

# Background jobs (nightly rules run, reminders) through django-tasks; the database backend needs no broker.
# A city sets FENGQIAO_TASKS_BACKEND=django_tasks_rq.RQBackend and FENGQIAO_REDIS_URL: jobs on Redis, RQ workers.
TASKS = {"default": {"BACKEND": os.environ.get("FENGQIAO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("FENGQIAO_REDIS_URL", "redis://127.0.0.1:6379/0")}}

# Backups (ops/backup.py): pg_dump + media into this directory every night, the newest N kept; unset = none.
FENGQIAO_BACKUP_DIR = os.environ.get("FENGQIAO_BACKUP_DIR", "")
FENGQIAO_BACKUP_KEEP = env_int("FENGQIAO_BACKUP_KEEP", 14)
