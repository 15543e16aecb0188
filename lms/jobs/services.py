"""Writes to background jobs. A job's handler reports progress through ``job_progress``."""

from collections.abc import Callable
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Job


def job_create(*, kind: str, owner=None, label: str = "", queue: bool = True) -> Job:
    """Record a job and queue it for a worker once the current transaction commits.

    ``kind`` is the dotted path of the handler: a function taking ``(job, report)``
    that returns a JSON-serialisable result.
    """
    import_string(kind)  # fail now, not in the worker, if the handler does not exist
    job = Job.objects.create(kind=kind, owner=owner, label=label)
    if queue:
        from .tasks import run_job

        transaction.on_commit(lambda: run_job.delay(str(job.pk)))
    return job


def _progress_cache_key(job_id) -> str:
    return f"jobs:progress:{job_id}"


def job_progress(*, job: Job, percent: int, message: str = "") -> None:
    """Save how far a running job has got (0-100) and what it is doing.

    A handler that writes everything in one transaction (so that a crash leaves nothing
    half-done) would hide its progress in that transaction until the end; the cache
    (Redis, shared by every process) shows it to the status page at once.
    """
    percent = max(0, min(100, int(percent)))
    message = message[:300]
    cache.set(_progress_cache_key(job.pk), (percent, message), timeout=24 * 60 * 60)
    Job.objects.filter(pk=job.pk).update(progress=percent, message=message)
    job.progress, job.message = percent, message


def job_live_progress(job: Job) -> tuple[int, str]:
    """A job's progress and message, the running handler's latest if it reported any."""
    if job.status == Job.Status.RUNNING:
        reported = cache.get(_progress_cache_key(job.pk))
        if reported is not None:
            return reported[0], reported[1]
    return job.progress, job.message


def job_run(*, job_id) -> Job:
    """Run a job's handler and record the outcome. A finished job is not run again."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return job
        job.status = Job.Status.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "started_at"])

    handler: Callable = import_string(job.kind)

    def report(percent: int, message: str = "") -> None:
        job_progress(job=job, percent=percent, message=message)

    try:
        result = handler(job, report)
    except Exception as error:
        cache.delete(_progress_cache_key(job.pk))
        job.status = Job.Status.FAILED
        job.error = f"{type(error).__name__}: {error}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    cache.delete(_progress_cache_key(job.pk))
    job.status = Job.Status.SUCCEEDED
    job.progress = 100
    job.result = result
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "result", "finished_at"])
    return job


def jobs_purge_finished(*, older_than_days: int) -> int:
    """Delete finished jobs older than the given number of days; returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = Job.objects.filter(
        status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED], finished_at__lt=cutoff
    ).delete()
    return deleted
