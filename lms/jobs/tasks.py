"""Celery adapters for background jobs: they take ids and call the services."""

from celery import shared_task
from django.conf import settings
from django.utils.module_loading import import_string

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: str) -> None:
    """Run one background job."""
    services.job_run(job_id=job_id)


@shared_task
def purge_finished_jobs() -> int:
    """Daily clean-up of old finished job records."""
    return services.jobs_purge_finished(older_than_days=settings.JOBS_KEEP_DAYS)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_django_task(task_path: str, args: list, kwargs: dict) -> None:
    """Run a django-tasks task (Wagtail's background work) on a Celery worker."""
    import_string(task_path).call(*args, **kwargs)
