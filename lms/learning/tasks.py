"""Celery adapters for learning: they take ids and call the services."""

from celery import shared_task

from . import reminders, services


@shared_task(acks_late=True)
def sync_enrolments(people_ids: list[int]) -> dict[str, int]:
    """Enrol people who joined or moved by the onboarding paths that cover them now.

    Safe to run twice: ``enrolments_sync`` only adds what is missing.
    """
    return services.enrolments_sync_many(people_ids=people_ids)


@shared_task(acks_late=True)
def send_reminders() -> dict[str, int]:
    """Hourly: learners' due-date reminders and managers' weekly digests, each at the
    recipient's local morning.

    Safe to run twice or on two workers at once: each reminder is claimed in the database
    before it is sent.
    """
    return reminders.reminders_send()


@shared_task
def purge_reminders_sent() -> int:
    """Daily clean-up of the record of reminders sent long ago."""
    return reminders.reminders_sent_purge()
