import warnings

from cms.settings.base import *  # noqa: F403
from cms.settings.base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"
STORAGES = {
    "default": {"BACKEND": "workforce.common.storage.ServerNamedInMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Each test run keeps its own cache, even where REDIS_URL is set for running the site.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests change the data between requests and expect the figures to follow; one test turns the cache on.
FIGURES_CACHE_SECONDS = 0
# Background tasks run at once in the test that asks for them; a test of the worker chooses the database.
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}

# Static files come from the app finders here; only production collects them into STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
