"""A django-tasks backend that hands each task to our Celery workers.

Wagtail 8 does its background work (reference index, file clean-up, renditions) through
django-tasks. Sending it through Celery means one kind of worker runs everything.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id


class CeleryTaskBackend(BaseTaskBackend):
    """Queue django-tasks on Celery; results are not kept (Wagtail does not read them)."""

    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task, args, kwargs):
        from .tasks import run_django_task

        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        transaction.on_commit(
            lambda: run_django_task.delay(task.module_path, list(args), dict(kwargs))
        )
        return result
