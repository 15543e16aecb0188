"""Celery adapters for recognition: they call the services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def grant_awards() -> dict[str, int]:
    """Hourly: grant each programme's month in each unit once that month has ended in the
    unit's time zone, then confirm the proposed awards whose time to confirm has passed.

    Safe to run twice or on two workers at once: a granted month is not granted again, and
    a month granted twice at once is granted one run after the other.
    """
    return {
        "granted": services.awards_grant_due(),
        "confirmed": services.awards_confirm_due(),
    }
