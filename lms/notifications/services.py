"""Sending e-mail to people in their own language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import NotificationPreference


def notification_preference_set(*, user, optional_email: bool) -> NotificationPreference:
    """Switch a person's optional e-mail on or off."""
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"optional_email": optional_email}
    )
    return preference


def wants_optional_email(user) -> bool:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference is None or preference.optional_email


def email_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render ``notifications/email/<template>`` (subject, text, HTML) in ``language``."""
    base = f"notifications/email/{template}"
    context = {"site_url": settings.SITE_URL, "site_name": settings.WAGTAIL_SITE_NAME, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    return subject, text, html


def notification_send(
    *, user, template: str, context: dict | None = None, optional: bool = False
) -> bool:
    """E-mail ``user`` after the current transaction commits; returns whether mail was queued.

    People with no e-mail, inactive people and, for optional mail, people who switched
    it off get nothing.
    """
    if not user.email or not user.is_active:
        return False
    if optional and not wants_optional_email(user):
        return False
    from .tasks import send_email

    language = user.preferred_language or settings.LANGUAGE_CODE
    subject, text, html = email_render(
        template=template, context={"user": user, **(context or {})}, language=language
    )
    transaction.on_commit(lambda: send_email.delay(user.email, subject, text, html))
    return True


def email_deliver(*, to: str, subject: str, text: str, html: str) -> None:
    """Hand one rendered message to the mail server."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
