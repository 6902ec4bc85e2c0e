"""gunicorn settings for Fengqiao (``gunicorn -c deploy/gunicorn.conf.py fengqiao.wsgi``); each from the environment
file (deploy/fengqiao.env.example). Threads, because a request mostly waits on PostgreSQL."""

import multiprocessing
import os

bind = os.environ.get("FENGQIAO_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("FENGQIAO_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("FENGQIAO_WEB_THREADS", 4))
backlog = 2048
timeout = 60  # an import upload or a large export page; longer work belongs in a job
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (memory held by a large export is returned)
max_requests_jitter = 200
accesslog = None  # one JSON line per request comes from the app (ops/logs.py), with its request id
errorlog = "-"
loglevel = os.environ.get("FENGQIAO_GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FENGQIAO_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "fengqiao-web"
