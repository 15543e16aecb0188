"""Celery adapters for the exam: they take ids and call the services."""

from celery import shared_task

from . import services


@shared_task
def close_overdue_attempts() -> int:
    """Close and grade the attempts whose time ran out and that nobody touched since.

    Nothing is wrong if this does not run: every service closes an overdue attempt when
    it touches it. Returns how many were closed.
    """
    return services.attempts_close_overdue()
