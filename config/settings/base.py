"""Settings for every environment; production differs only through the environment.

Every value is read from `TERBUKA_*` variables (plus `DATABASE_URL`); see the README's
settings table. A `.env` file in the project root is read when present.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

VAR_DIR = Path(env.str("TERBUKA_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("TERBUKA_DEBUG", default=False)


def _local_secret(name: str, make: str) -> str:
    """Read a secret generated into var/ on the first local (debug) run."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make)
        path.chmod(0o600)
    return path.read_text().strip()


if "TERBUKA_SECRET_KEY" in env:
    SECRET_KEY = env.str("TERBUKA_SECRET_KEY")
elif DEBUG:
    SECRET_KEY = _local_secret("secret_key", secrets.token_urlsafe(50))
else:
    raise ImproperlyConfigured("TERBUKA_SECRET_KEY is required when TERBUKA_DEBUG is off.")

# Fernet keys for encrypted identity fields (NIK, address, phone, KTP scans). The first key
# encrypts; the others still decrypt, so keys can be rotated by prepending a new one.
if "TERBUKA_FIELD_KEYS" in env:
    FIELD_ENCRYPTION_KEYS = env.list("TERBUKA_FIELD_KEYS")
elif DEBUG:
    FIELD_ENCRYPTION_KEYS = [_local_secret("field_key", Fernet.generate_key().decode())]
else:
    raise ImproperlyConfigured("TERBUKA_FIELD_KEYS is required when TERBUKA_DEBUG is off.")

# Optional separate key for the keyed hashes used to look up encrypted values (NIK).
FIELD_HASH_KEY = env.str("TERBUKA_HASH_KEY", default="")

ALLOWED_HOSTS = env.list(
    "TERBUKA_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("TERBUKA_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "ninja",
    "terbuka.core",
    "terbuka.accounts",
    "terbuka.calendars",
    "terbuka.bodies",
    "terbuka.portal",
    "terbuka.notifications",
    "terbuka.safety",
    "terbuka.search",
    "terbuka.registry",
    "terbuka.budget",
    "terbuka.inforequests",
    "terbuka.objections",
    "terbuka.charter",
    "terbuka.monev",
    "terbuka.reports",
    "terbuka.ops",
    "terbuka.synth",
    "terbuka.accessible",
    # After terbuka.core, whose `db_worker` (stale-task recovery, terbuka/core/jobs.py) replaces
    # django_tasks_db's command of the same name.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer (docs/security.md).
    "csp.middleware.CSPMiddleware",
    "terbuka.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's saved language applies without a cookie.
    "terbuka.core.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A full disk answers 507 with a clear message (quality.md F3; terbuka/core/storage_full.py).
    "terbuka.core.storage_full.StorageFullMiddleware",
    "terbuka.bodies.middleware.StaffMfaRequiredMiddleware",
    # Last: it needs the signed-in user and the resolved view (TERBUKA_RATE_LIMITS below).
    "terbuka.core.ratelimits.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "terbuka.core.context_processors.site",
                "terbuka.bodies.context_processors.officer",
                "terbuka.registry.context_processors.announcements",
            ],
        },
    },
]

# Database: SQLite under var/ by default; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'terbuka.sqlite3'}"),
}
# Keep connections between requests (one per worker thread); health checks drop broken ones.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("TERBUKA_CONN_MAX_AGE", default=600))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend plus fair write locking and group commit (terbuka/core/sqlite/base.py):
    # the writers of a process queue first come first served instead of polling SQLite's busy
    # handler, and no writer holds the lock while the disk flushes (quality.md F4).
    DATABASES["default"]["ENGINE"] = "terbuka.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so read-then-write transactions never fail
        # on lock upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # synchronous=NORMAL plus the backend's own fsync of the log before commit() returns:
        # acknowledged commits survive power loss, as with synchronous=FULL.
        "group_commit": True,
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;",
    }
    # Tests use Django's in-memory SQLite database; spelt out, because pytest-django recognises
    # it by the stock ENGINE only (and would otherwise name a file per xdist worker).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
# Optional read replica (PostgreSQL streaming replica): public statistics, published reports,
# search and open data read from it; everything else, and every write, uses the primary. The
# rule is in config/dbrouters.py. In tests the alias mirrors the test database.
if DATABASE_REPLICA_URL := env.str("TERBUKA_DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.dbrouters.PrimaryReplicaRouter"]
# GET and HEAD requests under these paths may read the replica (config/dbrouters.py).
TERBUKA_REPLICA_PATHS = env.list(
    "TERBUKA_REPLICA_PATHS",
    default=["/statistik/", "/laporan/", "/cari/", "/data/", "/api/v1/reports/", "/api/v1/search"],
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {"default": env.cache_url("TERBUKA_CACHE_URL", default="locmemcache://terbuka")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A stopped Redis costs a request at most a second and then reads as an empty cache
    # (terbuka/core/cache.py), so the portal keeps serving (quality.md F8).
    CACHES["default"]["BACKEND"] = "terbuka.core.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )
# Sessions live in the database (the default, shared by every app server); with Redis,
# `django.contrib.sessions.backends.cached_db` reads them from the cache and still writes them
# through to the database, so a Redis restart signs nobody out.
SESSION_ENGINE = env.str("TERBUKA_SESSION_ENGINE", default="django.contrib.sessions.backends.db")

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): e-mail login, verification for citizens, TOTP for staff.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("TERBUKA_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # Login throttling: failed attempts per IP and per account (ASVS 6.3.1).
    "login_failed": env.str("TERBUKA_LOGIN_FAILED_LIMIT", default="10/m/ip,5/5m/key"),
    "signup": "20/h/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Terbuka] "
ACCOUNT_ADAPTER = "terbuka.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("TERBUKA_MFA_ISSUER", default="Terbuka")
# Officers (any staff membership) must enrol TOTP before using the back office.
TERBUKA_STAFF_MFA_REQUIRED = env.bool("TERBUKA_STAFF_MFA_REQUIRED", default=True)
# Requester identity documents (KTP scans, powers of attorney): JPEG, PNG or PDF up to this size.
TERBUKA_IDENTITY_MAX_UPLOAD_BYTES = env.int(
    "TERBUKA_IDENTITY_MAX_UPLOAD_BYTES", default=2 * 1024 * 1024
)
TERBUKA_API_TOKENS_PER_USER = env.int("TERBUKA_API_TOKENS_PER_USER", default=20)
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# Working days: cuti bersama (joint leave) count as non-working unless switched off.
TERBUKA_JOINT_LEAVE_IS_NON_WORKING = env.bool("TERBUKA_JOINT_LEAVE_IS_NON_WORKING", default=True)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("TERBUKA_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("TERBUKA_MEDIA_ROOT", default=str(VAR_DIR / "media")))
PRIVATE_ROOT = Path(env.str("TERBUKA_PRIVATE_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Identity documents (KTP scans, powers of attorney): never under MEDIA_URL; served only
    # through views that check permission and log the access.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Several app servers share uploads through S3-compatible object storage (AWS S3, MinIO, ...).
# Both stores stay private: no public ACL, and every file is still served through the views
# that check permission (answer documents, DIP versions, KTP scans); a URL, if ever asked for,
# is signed and expires. Static files stay on WhiteNoise.
TERBUKA_STORAGE = env.str("TERBUKA_STORAGE", default="local")
if TERBUKA_STORAGE == "s3":
    if not env.str("TERBUKA_S3_BUCKET", default=""):
        raise ImproperlyConfigured("TERBUKA_S3_BUCKET is required when TERBUKA_STORAGE=s3.")
    _s3 = {
        "bucket_name": env.str("TERBUKA_S3_BUCKET"),
        "endpoint_url": env.str("TERBUKA_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("TERBUKA_S3_REGION", default="") or None,
        # Unset: boto3 finds credentials itself (AWS_* variables, instance role).
        "access_key": env.str("TERBUKA_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("TERBUKA_S3_SECRET_ACCESS_KEY", default="") or None,
        "addressing_style": env.str("TERBUKA_S3_ADDRESSING_STYLE", default="") or None,
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env.int("TERBUKA_S3_URL_EXPIRE", default=300),
        # Never replace an existing object: names get a suffix, as on the local disk.
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "media"},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": env.str("TERBUKA_S3_PRIVATE_BUCKET", default=_s3["bucket_name"]),
            "location": "private",
        },
    }
elif TERBUKA_STORAGE != "local":
    raise ImproperlyConfigured("TERBUKA_STORAGE must be local or s3.")
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("TERBUKA_EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("TERBUKA_DEFAULT_FROM_EMAIL", default="Terbuka <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env.str("TERBUKA_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}
# A task RUNNING for longer than this is taken to have lost its worker and is queued again; keep
# it above the longest job (service reports). See terbuka/core/jobs.py.
TERBUKA_TASK_LEASE_SECONDS = env.int("TERBUKA_TASK_LEASE_SECONDS", default=600)
# How often each `terbuka db_worker` runs the recovery sweep (0: only when it starts).
TERBUKA_TASK_SWEEP_SECONDS = env.int("TERBUKA_TASK_SWEEP_SECONDS", default=60)
# Seconds one accessible-format tool (espeak-ng, opusenc, lou_translate) may run on one text
# before the format is marked failed (docs/accessibility.md).
TERBUKA_ACCESSIBLE_TIMEOUT = env.int("TERBUKA_ACCESSIBLE_TIMEOUT", default=120)
# Years a requester's identity is kept after the last of its cases ended, before the citizen
# may delete it (terbuka/accounts/retention.py). UNCONFIRMED default: set it from the body's
# archive retention schedule (JRA; UU 43/2009 Pasal 48).
TERBUKA_CASE_RETENTION_YEARS = env.int("TERBUKA_CASE_RETENTION_YEARS", default=5)

# Security. Production (debug off) gets HTTPS-only cookies, HSTS and redirects by default;
# each can be switched through the environment, e.g. behind a TLS-terminating proxy.
SECURE_SSL_REDIRECT = env.bool("TERBUKA_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("TERBUKA_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("TERBUKA_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("TERBUKA_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("TERBUKA_HSTS_PRELOAD", default=not DEBUG)
if env.bool("TERBUKA_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Login throttling counts per client IP: take it from X-Forwarded-For, not the proxy.
    ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TERBUKA_TRUSTED_PROXY_COUNT", default=1)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles and images only from this site, so an
# injected <script> or style attribute never runs; no framing, no plugins, no <base> rewrites.
# TERBUKA_CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only to try a change.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
    }
}
if env.bool("TERBUKA_CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
# Browser features the site never uses are switched off for it and anything it embeds.
TERBUKA_PERMISSIONS_POLICY = env.str(
    "TERBUKA_PERMISSIONS_POLICY",
    default="camera=(), microphone=(), geolocation=(), payment=(), usb=()",
)

# Rate limits (quality.md X9; django-ratelimit counters in the default cache, so Redis when
# several app servers run). Each value: comma-separated `count/period/key`, key `ip` or
# `account`; empty switches that limit off. Alaveteli's defaults (3 sign-ups and 3 requests per
# IP per hour, 6 requests per account per day) are loosened per IP because Indonesian mobile
# networks put many citizens behind one address (carrier-grade NAT). See docs/security.md.
RATELIMIT_ENABLE = env.bool("TERBUKA_RATE_LIMITS_ENABLED", default=True)
TERBUKA_RATE_LIMITS = {
    "signup": env.str("TERBUKA_RATE_LIMIT_SIGNUP", default="10/h/ip"),
    "request": env.str("TERBUKA_RATE_LIMIT_REQUEST", default="20/h/ip,6/d/account"),
    "objection": env.str("TERBUKA_RATE_LIMIT_OBJECTION", default="20/h/ip,6/d/account"),
    "search": env.str("TERBUKA_RATE_LIMIT_SEARCH", default="120/m/ip,60/m/account"),
    "download": env.str("TERBUKA_RATE_LIMIT_DOWNLOAD", default="60/h/ip,60/h/account"),
    "token": env.str("TERBUKA_RATE_LIMIT_TOKEN", default="20/h/ip,10/h/account"),
}
# With the cache down, requests pass (and are logged) rather than every form failing.
TERBUKA_RATE_LIMITS_FAIL_OPEN = env.bool("TERBUKA_RATE_LIMITS_FAIL_OPEN", default=True)
# Named by path so `core` never imports `accounts` or `bodies` (style.md section 1).
TERBUKA_RATE_LIMITS_BEARER_OWNER = "terbuka.accounts.selectors.api_token_get_active"
TERBUKA_RATE_LIMITS_OFFICER_CHECK = "terbuka.bodies.selectors.user_has_staff_role"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("TERBUKA_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

TERBUKA_SITE_NAME = env.str("TERBUKA_SITE_NAME", default="Terbuka")


def _site_url() -> str:
    """The scheme and host that links in e-mails start with (no trailing slash).

    Outside debug it defaults to https:// and the first allowed host, the canonical name; a
    wildcard host gives no usable default, so the variable is then required.
    """
    if "TERBUKA_SITE_URL" in env:
        value = str(env.str("TERBUKA_SITE_URL")).strip().rstrip("/")
    elif DEBUG:
        value = "http://127.0.0.1:8000"
    elif ALLOWED_HOSTS and not ALLOWED_HOSTS[0].startswith((".", "*")):
        value = f"https://{ALLOWED_HOSTS[0]}"
    else:
        raise ImproperlyConfigured("TERBUKA_SITE_URL is required when TERBUKA_DEBUG is off.")
    scheme, _sep, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest or "/" in rest:
        raise ImproperlyConfigured(
            "TERBUKA_SITE_URL must be http(s)://host[:port] without a path, "
            "e.g. https://ppid.serangkota.go.id"
        )
    return value


# Absolute links in e-mails (the request page of a requester or an officer).
TERBUKA_SITE_URL = _site_url()
# The body shown on the portal home page (one installation can host many bodies).
TERBUKA_DEFAULT_BODY = env.str("TERBUKA_DEFAULT_BODY", default="kota-serang")
# League tables of units leave out units with fewer decided requests in the period than this:
# their on-time rate is too uncertain to rank (peers.md, Alaveteli's league tables).
TERBUKA_LEAGUE_MIN_REQUESTS = env.int("TERBUKA_LEAGUE_MIN_REQUESTS", default=10)
