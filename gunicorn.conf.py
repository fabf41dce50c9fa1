"""gunicorn's settings for Practica: `gunicorn config.wsgi` reads this file from the current
folder (or pass `-c gunicorn.conf.py`). Every value can be changed from the environment."""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# The loopback by default: the app sits behind a reverse proxy (TLS, X-Forwarded-For); an app
# server other hosts must reach (a load balancer elsewhere) sets GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# 2 × cores + 1 workers, at most 12 unless GUNICORN_WORKERS says otherwise.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 12))
threads = _int("GUNICORN_THREADS", 1)
# A worker silent this long is killed and replaced; on shutdown or reload, requests in
# flight get graceful_timeout seconds to finish.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so that a slow leak never grows.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Logs: "-" is standard output (access) and standard error (errors), for systemd's journal;
# or a file path each. capture_output sends what the app writes to standard output and
# error (Django's log records, tracebacks included) into the error log too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = True
# The access log names each request's id (the X-Request-ID response header), so that a line
# of it leads to the app's log lines of the same request.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms '
    "request_id=%({x-request-id}o)s"
)

# The addresses of the proxies trusted to say the visitor's scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Prometheus: with several workers, each writes its counters to PROMETHEUS_MULTIPROC_DIR
# (an empty folder, emptied at each start) and /metrics sums them.
_multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server):
    if _multiproc_dir:
        os.makedirs(_multiproc_dir, exist_ok=True)
        for name in os.listdir(_multiproc_dir):
            os.remove(os.path.join(_multiproc_dir, name))


def child_exit(server, worker):
    if _multiproc_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
