"""Production: gunicorn behind a TLS proxy, PostgreSQL, static files from whitenoise.

Fails at start-up without a secret key, allowed hosts or a database URL.
"""

from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import *  # noqa: F403
from cms.settings.base import EMAIL_SMTP_HOST, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set SECRET_KEY and ALLOWED_HOSTS in the environment for production.")
if not EMAIL_SMTP_HOST:
    raise ImproperlyConfigured("Set EMAIL_HOST (and the other EMAIL_ settings) so reminders and resets are sent.")

OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "PASSKEY_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS if host.strip(".*") == host]
)

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# Uploads as base.py chose (object storage when AWS_STORAGE_BUCKET_NAME is set); static files hashed and
# compressed for whitenoise.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "cms.storage.StaticStorage"}}  # noqa: F405

# HTTPS only: plain HTTP is redirected, browsers are told to use HTTPS for a year (subdomains included,
# and the site may be preloaded), and cookies are never sent without it. The content security policy,
# Referrer-Policy, Cross-Origin-Opener-Policy and X-Frame-Options come from base.py, the same everywhere.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers ask each instance over plain HTTP whether it is up (cms/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LOGGING["root"]["level"] = env("LOG_LEVEL", default="INFO")  # noqa: F405
# One JSON object a line, with the request's id, for a log service (workforce/common/logs.py).
LOGGING["formatters"]["json"] = {"()": "workforce.common.logs.JsonFormatter"}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")  # noqa: F405
