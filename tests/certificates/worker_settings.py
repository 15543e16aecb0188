"""Settings for the real Celery worker that ``test_worker.py`` and the benchmark start.

The test settings, with what a worker process needs from the process that started it:
tasks sent from inside a task (the "certificate ready" e-mail) go to the broker, on that
process's own queue, and the worker writes files and mail where it can look.

The broker's visibility timeout stays the project's (an hour): a child killed mid-task
must come back through ``reject_on_worker_lost``, not through the timeout.
"""

import os
from pathlib import Path

from lms.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["ACADEMY_TEST_QUEUE"]
MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["ACADEMY_TEST_MAIL_DIR"]
