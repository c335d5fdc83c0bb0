"""Gunicorn settings for production: `make serve`, or
`gunicorn -c config/gunicorn.py config.wsgi`. Each can be set from the
environment; the README ("Serving") says why these values."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core plus one: a request waits on the database about as
# long as it computes.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
# Threads: the worker's main loop keeps telling the arbiter it is alive while
# its threads serve, so a long response (an export streaming a million
# claims) is not killed at `timeout`, as a sync worker's would be; and a slow
# client does not hold a whole process.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A worker whose main loop is stuck this long is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On a restart or a deploy, requests in flight get this long to finish; an
# export cut then is resumed with ?after= (README, "Exports").
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 120))
keepalive = 5
# Recycle workers now and then, staggered, so that none grows for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
