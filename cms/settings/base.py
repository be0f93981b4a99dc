"""Settings shared by every environment.

Everything is declared here and the environment is read once; dev, test and production only override.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cms",
    "workforce",
    "competencies",
    "peernet",
    "wagtailnhsukfrontend",
    "wagtailnhsukfrontend.forms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "rules",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "auditlog",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First, so every response and every log line of the request carries its id.
    "workforce.common.request_id.RequestIdMiddleware",
    # Pages are gzipped for clients that accept it, after every middleware below has written the body (it
    # runs last on the way out). Static files come already compressed from whitenoise, which GZip leaves be.
    # Django pads each response with random bytes against BREACH-style guessing of tokens in the page.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After sign-in and the second step, so every change and read is filed under the person and request.
    "workforce.audit.middleware.AuditMiddleware",
    "cms.middleware.NoStoreForSignedInMiddleware",
    "workforce.accounts.middleware.SessionLifetimeMiddleware",
    "workforce.accounts.middleware.SecondFactorRequiredMiddleware",
    "cms.middleware.SignInRequiredMiddleware",
    "cms.middleware.AdminAreaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.AdminSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout raised while signing in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite's default (deferred) transaction reads first and asks for the write lock later; when two
    # requests do that at once one fails at once with "database is locked", whatever the timeout. IMMEDIATE
    # takes the write lock at BEGIN, so writers queue for up to `timeout` seconds instead. WAL lets pages be
    # read while someone writes, and with WAL, synchronous=NORMAL is still safe against corruption.
    # Options given in DATABASE_URL's query string win. Django runs each statement of init_command alone.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out name and address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "workforce.accounts.sessions.ActiveAccountBackend",
]
# Sessions record who is signed in, so a leaver's or deactivated account's sessions can be ended. They are
# rows in the database, which every instance shares; a cached copy would outlive the row when those
# sessions are deleted, so the cache is not used for them.
SESSION_ENGINE = "workforce.accounts.sessions"
# A session ends after SESSION_IDLE_TIMEOUT seconds unused or SESSION_ABSOLUTE_LIFETIME after signing in,
# whichever is first (workforce.accounts.middleware), and when the browser closes. Pages warn
# SESSION_IDLE_WARNING seconds before the idle timeout and offer to stay signed in.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_IDLE_WARNING = env.int("SESSION_IDLE_WARNING", default=2 * 60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=8 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        # A service may ask for longer passwords, never shorter than 12 characters.
        "OPTIONS": {"min_length": max(12, env.int("PASSWORD_MIN_LENGTH", default=12))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: ends every session of a person whose password changes (see workforce/accounts/sessions.py).
    {"NAME": "workforce.accounts.sessions.PasswordChangeEndsSessions"},
]
# Argon2 for new passwords; the others only check older hashes, which are re-hashed with Argon2 at sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# --- Two-step sign-in (django-otp) ---
# Every account signs in with a password and then a second step: a 6-digit code from an authenticator app
# (TOTP, RFC 6238), or one of its single-use backup codes. Until then a signed-in session reaches only the
# pages that verify or set up that step (workforce.accounts.middleware.SecondFactorRequiredMiddleware),
# the Wagtail admin included. A code is accepted once; after a wrong one the next try must wait 1 second,
# then 2, 4, 8 ... (OTP_*_THROTTLE_FACTOR seconds, doubling).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="L&D Pathways")
OTP_TOTP_THROTTLE_FACTOR = env.int("OTP_TOTP_THROTTLE_FACTOR", default=1)
OTP_STATIC_THROTTLE_FACTOR = env.int("OTP_STATIC_THROTTLE_FACTOR", default=1)
# How many backup codes a person is given at a time.
OTP_BACKUP_CODES = 10
# Passkeys (django-otp-webauthn), added after the app and used instead of a code; never without the password.
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
PASSKEY_RP_ID = env("PASSKEY_RP_ID", default="")
OTP_WEBAUTHN_RP_ID_CALLABLE = "workforce.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_HELPER_CLASS = "workforce.accounts.passkeys.PasskeyHelper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Where passkeys may be used from. The page's own origin is accepted too (its host is one of ALLOWED_HOSTS);
# browsers allow passkeys on https:// sites and on http://localhost, never on a bare IP address.
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("PASSKEY_ORIGINS", default=["http://localhost:8000"])

# --- Lockout (django-axes) ---
# After AXES_FAILURE_LIMIT wrong passwords for one email address from one IP address, that pair is refused
# for AXES_COOLOFF_TIME hours (a fraction: 0.25 is 15 minutes), then cleared by itself. Keyed on both, so
# someone guessing cannot lock a colleague out from elsewhere. Unknown addresses are counted and locked
# the same way, so the lockout tells nobody which accounts exist. Administrators unlock in the admin
# (Workforce > Sign-in lockouts). Behind a load balancer or proxy, set TRUSTED_PROXY_COUNT to the number of
# proxies in front of the site, so the client's address is read from X-Forwarded-For and not the proxy's
# (workforce.accounts.lockout.client_ip); left at 0, the connection's own address is used.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "workforce.accounts.lockout.lockout_response"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "workforce.accounts.lockout.client_ip"
# The Django admin is not used; lockouts are listed in the Wagtail admin.
AXES_ENABLE_ADMIN = False
# Failed attempts are kept (for the lockout and the admin list); successful sign-ins are not logged twice.
AXES_DISABLE_ACCESS_LOG = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads go to S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set, so every instance of the
# site sees every upload; otherwise to MEDIA_ROOT on this machine's disk (one instance only). The bucket is
# private: files are written with a private ACL, and any URL the storage gives out is signed and expires.
# Documents are still only ever served through Wagtail's view, which checks who is asking
# (WAGTAILDOCS_SERVE_METHOD below). Keys may be left unset where the machine has a role that grants them.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="") or None
AWS_S3_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default="") or None
AWS_S3_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default="") or None
# Buckets with ACLs switched off (the AWS default for new buckets) refuse any ACL: set AWS_DEFAULT_ACL empty.
AWS_DEFAULT_ACL = env("AWS_DEFAULT_ACL", default="private") or None
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=600)
AWS_S3_FILE_OVERWRITE = False
STORAGES = {
    # Uploads are stored under names the server makes (workforce/common/storage.py, cms/storage.py).
    "default": (
        {"BACKEND": "cms.storage.ServerNamedS3Storage"}
        if AWS_STORAGE_BUCKET_NAME
        else {"BACKEND": "workforce.common.storage.ServerNamedFileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Where the browser fetches images from the bucket (signed links), for the content security policy.
if not AWS_STORAGE_BUCKET_NAME:
    MEDIA_ORIGINS = []
elif AWS_S3_ENDPOINT_URL:
    MEDIA_ORIGINS = ["/".join(AWS_S3_ENDPOINT_URL.split("/", 3)[:3])]
else:
    MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
    if AWS_S3_REGION_NAME:
        MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com")

# With REDIS_URL every instance shares one cache (Wagtail keeps its sites' root paths there, and /health/
# checks it); without it each process keeps its own in memory, which is right for one instance only.
# Nothing that must hold across instances lives only in a process: sessions, lockouts (django-axes' database
# handler) and two-step throttles (on the device rows) are all in the database every instance shares.
REDIS_URL = env("REDIS_URL", default="")
# Commissioners' figures (aggregates only, after the disclosure rule) are kept this long once worked out.
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=15 * 60)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Uploads are read into memory up to this size; larger ones are refused by the forms that take them.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Email goes to the console unless SMTP is configured through the environment.
EMAIL_SMTP_HOST = env("EMAIL_HOST", default="")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_SMTP_HOST,
                "port": env.int("EMAIL_PORT", default=587),
                "username": env("EMAIL_HOST_USER", default=""),
                "password": env("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
            },
        }
        if EMAIL_SMTP_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="L&D Pathways <no-reply@ld-pathways.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work runs through Django's task framework. "default" is the immediate backend, which runs a
# task in the calling process, so the daily management commands need no worker. "background" keeps its queue
# in the database (django-tasks-db) for work too slow for a request, such as the large
# spreadsheets: `manage.py db_worker --backend background` runs it, on one machine or many.
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

WAGTAIL_SITE_NAME = "L&D Pathways"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Documents always go through Wagtail's view, which applies collection privacy; never link to the file itself.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "mp3", "m4a", "ogg", "wav"]
# Shared-password privacy: Wagtail keeps those passwords in plain text, and a password passed around a team
# identifies nobody. Pages and collections are private to signed-in users or groups only.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Security headers and caching ---
# Every page outside the Wagtail admin runs under this policy: scripts only from our own files or inline
# with the response's nonce (nonce="{{ csp_nonce }}"), styles only from files, images from here, data:
# URLs or the media bucket (MEDIA_ORIGINS), no plugins, forms that post only back here, and no other page
# may frame ours. Fonts may also come from assets.nhs.uk, where the NHS.UK frontend's stylesheet loads
# Frutiger. A service that needs more (an image host, say) adds that one source to the one directive here;
# never 'unsafe-inline'.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The Wagtail admin (every URL under /admin/) gets this looser policy instead, from
# cms.middleware.AdminSecurityPolicyMiddleware. Wagtail's own admin templates and scripts write inline
# <script> blocks and style attributes, which only 'unsafe-inline' allows; the admin is the one place that
# needs it, and it is open only to signed-in editors. No nonce here: a browser ignores 'unsafe-inline' in a
# directive that has one. blob: images are the thumbnails of images being uploaded. frame-ancestors 'self'
# because the admin shows page previews in an iframe.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [*SECURE_CSP["img-src"], "blob:"],
    "frame-ancestors": [CSP.SELF],
}
# Other sites are not told which page (and so whose record) a link was followed from.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page may be framed; the admin says SAMEORIGIN for itself (AdminSecurityPolicyMiddleware).
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "workforce.common.request_id.RequestIdLogFilter"},
        # Tracebacks keep where an error happened and drop what its message said (it may quote a record).
        "exception_message": {"()": "workforce.common.logs.ExceptionMessageFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "exception_message"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    # Every task run is logged at INFO; only problems are worth a line.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

# The audit trail (django-auditlog) files each change under the request's id.
AUDITLOG_CID_GETTER = "workforce.common.request_id.request_id_current"
# What each change records, and which models and pages are watched: workforce/audit/registry.py. Changes go
# in as JSON (so the trail page can show each field), and never with a full copy of the record.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Every upload is offered to these virus scanners (workforce/common/uploads.py). clamd_scan asks a ClamAV
# daemon when CLAMD_SOCKET (a Unix socket) or CLAMD_HOST is set, and is skipped with a warning otherwise.
UPLOAD_SCANNERS = env.list("UPLOAD_SCANNERS", default=["workforce.common.uploads.clamd_scan"])
CLAMD_SOCKET = env("CLAMD_SOCKET", default="")
CLAMD_HOST = env("CLAMD_HOST", default="")
CLAMD_PORT = env.int("CLAMD_PORT", default=3310)
CLAMD_TIMEOUT = env.int("CLAMD_TIMEOUT", default=30)

# --- Records: retention review, erasure and subject access (cms/records/) ---
# How many years each kind of record is kept before it is reviewed, following Appendix II (the retention
# schedule) of the NHS Records Management Code of Practice 2021, as updated in 2023. Nothing is deleted when
# a period ends: `manage.py flag_records_for_review` puts the record in the review queue, and a service
# manager or administrator decides to keep it longer or to erase it. A service may set its own periods
# through the environment (RECORDS_RETENTION_<KIND>_YEARS); check them with your records manager.
RECORDS_RETENTION = {
    # Code, Human resources, "Staff record": six years after the person leaves. The profile keeps no leaving
    # date, so the period runs from the last sign-in of a profile marked as no longer working here.
    "staff": env.int("RECORDS_RETENTION_STAFF_YEARS", default=6),
    # Code, Human resources, staff appraisal and assessment records: six years, run from the appraisal (the
    # day the assessment was signed off, or submitted or started if it never was).
    "appraisal": env.int("RECORDS_RETENTION_APPRAISAL_YEARS", default=6),
    # Code, Human resources, "Staff record" applied to volunteers (the Code treats volunteers' records as
    # staff records): six years, run from the day the volunteering or peer work ended.
    "peer": env.int("RECORDS_RETENTION_PEER_YEARS", default=6),
    # Code, Human resources, training records: six years, run from the day of the training session.
    "training": env.int("RECORDS_RETENTION_TRAINING_YEARS", default=6),
    # Code, Corporate and administrative records, patient and public involvement records: six years, run
    # from the young person's last involvement (a session delivered or time logged).
    "young_expert": env.int("RECORDS_RETENTION_YOUNG_EXPERT_YEARS", default=6),
}
# The young expert "remove their details" flow (workforce/training) goes through the erasure service here.
# workforce cannot import cms, so it finds the service by this name.
RECORDS_FORGET = "cms.records.services.record_forget"

# Document uploads are checked by type, size and content (cms/library/documents.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.library.documents.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
