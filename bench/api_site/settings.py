"""bench/api.py's settings: the real ones on the bench database, with the
bench URLconf (which adds the baseline view) and throttles out of the way."""

import os
import warnings

import dj_database_url

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")

from config.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.api_site.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ["CLAIMDESK_BENCH_DATABASE_URL"], conn_max_age=600
    )
}
CLAIMDESK_API_ANON_RATE = "100000000/minute"
CLAIMDESK_API_USER_RATE = "100000000/minute"
LOGGING = {"version": 1, "disable_existing_loggers": True}

# No collectstatic for a benchmark: whitenoise need not say so on every start.
warnings.filterwarnings("ignore", message="No directory at")
