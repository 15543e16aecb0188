"""Request middleware of the people app."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

# Paths outside the language-prefixed URLs. A 404 there is a 404: Django would otherwise
# redirect it to /en/<path>, which the Wagtail catch-all answers with an HTML page.
UNPREFIXED_PATHS = (
    "/admin/",
    "/django-admin/",
    "/jobs/",
    "/documents/",
    "/i18n/",
    "/static/",
    "/media/",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, without the language redirect for unprefixed paths."""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_PATHS):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


class PreferredLanguageMiddleware:
    """Set the language cookie to the person's preferred language right after login.

    The URL prefix decides the language of a page; the cookie decides where ``/``
    sends the person next time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "preferred_language", None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
