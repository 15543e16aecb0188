"""Template context shared by every page."""

from django.conf import settings


def site(request):
    """The product's name, the same in the header, page titles and e-mails."""
    return {"site_name": settings.WAGTAIL_SITE_NAME}
