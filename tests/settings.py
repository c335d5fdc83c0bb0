"""Settings for the test suite: the real ones, with only what tests need changed."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from config.settings import *  # noqa: E402,F403
from config.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest storage 404s under the live server before collectstatic.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CLAIMDESK_IMPORT_IN_THREAD = False  # import jobs run inline, deterministically
# Serve static files from the app folders, as runserver does: no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The API's throttles stay out of the way; tests/api/test_throttling.py lowers them.
CLAIMDESK_API_ANON_RATE = "100000/minute"
CLAIMDESK_API_USER_RATE = "100000/minute"
CLAIMDESK_API_TOKEN_RATE = "100000/minute"
# The API's throttles write their counters to the cache on every request:
# with the database cache that is several queries per request, which the
# query-count tests would count. Tests share one process, so a local memory
# cache is enough; tests/test_security.py checks the database cache itself.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
