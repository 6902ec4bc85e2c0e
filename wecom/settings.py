"""Settings of the gateway process (DJANGO_SETTINGS_MODULE=wecom.settings; `python -m wecom` sets it). Everything
comes from the environment; none of it is needed by the core, whose settings (fengqiao.settings) do not know this app.

WECOM_CORP_ID, WECOM_SECRET         the enterprise's CorpID and the app's secret (客户联系 secret for groupchat/*)
WECOM_TOKEN, WECOM_AES_KEY          the callback's Token and EncodingAESKey (43 characters)
WECOM_API_BASE                      default https://qyapi.weixin.qq.com/cgi-bin; the fake's URL in tests and the demo
WECOM_SPOOL                         the envelope spool shared with the core (default FENGQIAO_WECOM_SPOOL, else
                                    <repo>/var/wecom-spool)
WECOM_DATABASE_URL                  default sqlite:///<repo>/var/wecom.sqlite3; postgres://… in production
WECOM_ALLOWED_HOSTS                 comma list (default localhost,127.0.0.1,testserver)
WECOM_SECRET_KEY                    Django's key (the gateway signs nothing; a dev key is used when unset)
WECOM_MAX_SKEW, WECOM_MONTHLY_CAP   readings (解读): callback timestamp window (300 s), 群发 per group per month (4)
WECOM_RECONCILE_CHAT_IDS            comma list of chat ids reconcile also asks about (groups registered by hand)
"""

import os
from pathlib import Path

import dj_database_url

from wecom.conf import BASE_DIR, DEFAULTS

SECRET_KEY = os.environ.get("WECOM_SECRET_KEY", "wecom-gateway-dev-key-not-secret")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("WECOM_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",")
INSTALLED_APPS = ["wecom"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
ROOT_URLCONF = "wecom.urls"
WSGI_APPLICATION = "wecom.wsgi.application"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TEMPLATES = []

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("WECOM_DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'wecom.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The HTTP threads and the worker write to one file: wait for the lock, take it at BEGIN.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }

WECOM_CORP_ID = os.environ.get("WECOM_CORP_ID", "")
WECOM_SECRET = os.environ.get("WECOM_SECRET", "")
WECOM_TOKEN = os.environ.get("WECOM_TOKEN", "")
WECOM_AES_KEY = os.environ.get("WECOM_AES_KEY", "")
WECOM_API_BASE = os.environ.get("WECOM_API_BASE", DEFAULTS["WECOM_API_BASE"])
WECOM_SPOOL = os.environ.get("WECOM_SPOOL", DEFAULTS["WECOM_SPOOL"])
WECOM_MAX_SKEW = int(os.environ.get("WECOM_MAX_SKEW", DEFAULTS["WECOM_MAX_SKEW"]))
WECOM_MONTHLY_CAP = int(os.environ.get("WECOM_MONTHLY_CAP", DEFAULTS["WECOM_MONTHLY_CAP"]))
WECOM_RECONCILE_CHAT_IDS = [c for c in os.environ.get("WECOM_RECONCILE_CHAT_IDS", "").split(",") if c]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("WECOM_LOG_LEVEL", "INFO")},
}
