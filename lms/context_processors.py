"""Template context shared by every page."""

from django.conf import settings


def site(request):
    """The product's name (the same in the header, page titles and e-mails), and whether
    people may sign themselves up (only for listed e-mail domains)."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "signup_open": bool(settings.SIGNUP_EMAIL_DOMAINS),
    }
