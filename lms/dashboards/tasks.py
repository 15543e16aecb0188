"""Celery adapters for the manager pages: they call the services."""

from celery import shared_task

from . import services


@shared_task
def purge_team_exports() -> int:
    """Daily clean-up of old team export files."""
    return services.team_exports_purge()
