"""Celery adapters for certificates: they take ids and call the services."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def render_certificate(certificate_id: int) -> str:
    """Render a certificate's PDF. Acknowledged only once done, so a worker that dies
    half-way hands it back; rendering is idempotent, so running it twice is harmless.
    Transient errors (database, storage) are retried with back-off."""
    return services.certificate_render(certificate_id=certificate_id).pdf.name
