"""ClaimDesk settings, read from the environment (see README, "Configuration")."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """A whole number of 0 or more from the environment; anything else stops
    the start with the variable's name, not a traceback of int()."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-only-key"  # only ever used with DEBUG on

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

# HTTPS (README, "Security"): one switch for a site served only over TLS,
# directly or behind a proxy that sets X-Forwarded-Proto (and strips a
# client's own). Off for the demo and tests, which run over plain HTTP.
CLAIMDESK_HTTPS = env_bool("CLAIMDESK_HTTPS")
if CLAIMDESK_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A year, as browsers' preload lists ask; start lower (e.g. 3600) while
    # trying HTTPS out: browsers remember the header for max-age seconds.
    SECURE_HSTS_SECONDS = env_int("CLAIMDESK_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
        "CLAIMDESK_HSTS_INCLUDE_SUBDOMAINS", default=True
    )
    SECURE_HSTS_PRELOAD = env_bool("CLAIMDESK_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Preloading is hard to undo: it is a choice, not a default, and
        # check --deploy should not nag whoever has not made it.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "claims",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# A claim is shown in the annotations app's reader, with its panel open; the
# claims app itself knows nothing of annotations.
ABSOLUTE_URL_OVERRIDES = {
    "claims.claim": lambda claim: reverse("annotations:claim", args=[claim.pk])
}
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.role",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins and wait their turn,
    # instead of failing with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters sent apart from the SQL, and a statement a connection runs
    # five times prepared: the same page's queries are then planned once per
    # connection, not on every request (planning was up to 2 ms a query).
    # Behind a pooler in transaction mode (PgBouncer), set
    # DATABASE_PREPARE_THRESHOLD=0: prepared statements need the session.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=env_int("DATABASE_PREPARE_THRESHOLD", 5) or None,
    )
    # The planner's cost of a random read, as for an SSD or a cloud volume
    # (the default, 4, is for spinning disks). With 4 it found a page of
    # published claims by walking the primary key backwards past the 10,000
    # newest, unpublished ones (11 ms) instead of reading the (status, -id)
    # index (0.3 ms). PgBouncer does not pass these options on: there, set
    # DATABASE_STARTUP_OPTIONS= (empty) and the value on the server.
    startup = os.environ.get("DATABASE_STARTUP_OPTIONS", "-c random_page_cost=1.1")
    if startup.strip():
        DATABASES["default"]["OPTIONS"]["options"] = startup
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Content-Security-Policy (config/csp.py): our own files only, nothing
# inline. `data:` images are the favicon placeholder and Swagger UI's icons.
CLAIMDESK_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The API's HTML pages (config/csp.py): Swagger UI at /api/docs/ (from
# drf-spectacular's sidecar, our static files) and DRF's browsable API set
# inline styles as they render, so they may; their scripts stay ours.
CLAIMDESK_API_PAGES_CONTENT_SECURITY_POLICY = CLAIMDESK_CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)

# Sign-in lockout (README, "Security"): django-axes counts failed sign-ins
# on every form that calls authenticate() — the sign-in page, the admin's and
# the API's auth/token/ — per client address, in its own tables (shared by all
# workers), and refuses that address for a while once over the limit.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the signed-in user's role with the user.
    "claims.roles.RoleBackend",
]
AXES_VERBOSE = False  # no banner on stderr: commands print only their own output
AXES_FAILURE_LIMIT = env_int("CLAIMDESK_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("CLAIMDESK_SIGNIN_LOCKOUT_MINUTES", 15)
)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "claims.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "claims.signin.locked_out"

# Trusted proxies: how many reverse proxies in front of us append to
# X-Forwarded-For. 0 (the default): the header is ignored and the address is
# REMOTE_ADDR, since any client can send the header. N: the N-th address from
# the right, the one the outermost of our proxies saw. The API's throttles
# (NUM_PROXIES) and the sign-in lockout use the same rule (claims/signin.py).
CLAIMDESK_TRUSTED_PROXIES = env_int("CLAIMDESK_TRUSTED_PROXIES", 0)

# The cache holds the API's throttle counters, so every worker must share it:
# Django's database cache by default (`manage.py createcachetable` makes its
# table; `make run` does, and test databases get it), Redis when
# CLAIMDESK_CACHE_URL (or REDIS_URL) names one.
CLAIMDESK_CACHE_URL = os.environ.get("CLAIMDESK_CACHE_URL") or os.environ.get(
    "REDIS_URL", ""
)
if CLAIMDESK_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLAIMDESK_CACHE_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "claimdesk_cache",
        }
    }

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The interface is in English only, and nothing is marked for translation.
# With translation on, every number and date a page shows asked the
# translation machinery for the active language (hundreds of calls a page,
# a tenth of the claim panel's time); dates and numbers keep the English
# formats either way.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# ClaimDesk
CLAIMDESK_SPACY_MODEL = os.environ.get("CLAIMDESK_SPACY_MODEL", "")  # "" = auto
# At most 1,000,000: spaCy parses no more characters (claims/ingest.py).
CLAIMDESK_MAX_ARTICLE_BYTES = int(
    os.environ.get("CLAIMDESK_MAX_ARTICLE_BYTES", 1_000_000)
)
# What one browser or API request imports: claims are found while it waits.
CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES = int(
    os.environ.get("CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES", 50_000)
)
# Room for the largest article as JSON (escapes can make text several times
# longer); anything larger is refused with 413 before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(6 * CLAIMDESK_MAX_ARTICLE_BYTES, 2621440)
# Articles from a URL (claims/intake/fetch.py): public addresses only, unless
# loopback and private ranges are allowed too (tests, intranets); link-local
# addresses (cloud metadata) never.
CLAIMDESK_FETCH_ALLOW_PRIVATE = env_bool("CLAIMDESK_FETCH_ALLOW_PRIVATE")
CLAIMDESK_FETCH_MAX_BYTES = env_int("CLAIMDESK_FETCH_MAX_BYTES", 5_000_000)
CLAIMDESK_PUBLISHER_NAME = os.environ.get("CLAIMDESK_PUBLISHER_NAME", "ClaimDesk")
# Unset: the address the API was asked on.
CLAIMDESK_PUBLISHER_URL = os.environ.get("CLAIMDESK_PUBLISHER_URL", "")

# Notifications (annotations/notifications.py) are always in the app; by
# e-mail too when this is on. The site's address makes their links whole.
CLAIMDESK_NOTIFY_EMAIL = env_bool("CLAIMDESK_NOTIFY_EMAIL")
CLAIMDESK_SITE_URL = os.environ.get("CLAIMDESK_SITE_URL", "")
# Local development prints e-mail on the console; elsewhere it goes by SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")  # the file backend's folder
EMAIL_TIMEOUT = 10  # a slow mail server never holds a request for long
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "claimdesk@localhost")

# Celery: with no broker, tasks run eagerly in this process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Several deployments (or test runs) on one Redis each take their own queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# Without a broker, import jobs run in a thread of the process that made them
# (the request answers at once); tests run them inline.
CLAIMDESK_IMPORT_IN_THREAD = True

# The REST API (README, "API"): throttle rates are requests per second,
# minute, hour or day, per anonymous address and per signed-in user.
CLAIMDESK_API_ANON_RATE = os.environ.get("CLAIMDESK_API_ANON_RATE", "120/minute")
CLAIMDESK_API_USER_RATE = os.environ.get("CLAIMDESK_API_USER_RATE", "1200/minute")
CLAIMDESK_API_TOKEN_RATE = os.environ.get("CLAIMDESK_API_TOKEN_RATE", "10/minute")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.base.RolePermission"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.base.CursorPage",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "claims.api.base.StableOrdering",
    ],
    "NUM_PROXIES": CLAIMDESK_TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.base.AnonThrottle",
        "claims.api.base.UserThrottle",
    ],
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ClaimDesk API",
    "DESCRIPTION": "Claims found in news articles, their evidence and verdicts. "
    "Token or session authentication; anonymous callers read published work.",
    "VERSION": "1.0.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.errors.add_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",  # tags: articles, claims, evidence, …
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ImportJobStatusEnum": "claims.models.ImportJob.Status",
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "NotificationKindEnum": "annotations.models.Notification.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
