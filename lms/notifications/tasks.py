"""Celery adapter for sending mail; retries when the mail server is briefly away."""

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_email(to: str, subject: str, text: str, html: str) -> None:
    services.email_deliver(to=to, subject=subject, text=text, html=html)
