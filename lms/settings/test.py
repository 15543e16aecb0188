"""Settings for the test suite: fast hashing, mail kept in memory, services from the environment.

conftest.py points the database and Redis at throwaway servers when DATABASE_URL and
REDIS_URL are not set; the suite never falls back to SQLite.
"""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test gets a folder of its own (tests/conftest.py); a worker process a test starts
# is handed that folder in MEDIA_ROOT.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Unit tests run tasks in-process; the worker integration test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
WHITENOISE_AUTOREFRESH = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# A key prefix of this run's own, so parallel runs sharing one Redis never meet in the
# cache (rate-limit counters, used two-factor codes). conftest.py empties it after each test.
CACHES = {
    "default": {
        **CACHES["default"],
        "KEY_PREFIX": f"academy-test-{os.getpid()}",
    }
}
