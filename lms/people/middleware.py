"""Request middleware of the people app."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


class AccountSecurityMiddleware:
    """Two-factor setup for the roles that need it, and the idle-session timeout.

    allauth has no setting that forces two-factor authentication: a signed-in
    Administrator, Head trainer or Manager without an authenticator app is sent to set
    one up before anything else. A session with no request for longer than the idle
    timeout (shorter for those roles) is ended.
    """

    # Views a person who must set up two-factor may still open.
    ALLOWED_WITHOUT_TWO_FACTOR = {
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "set_language",
    }
    LAST_SEEN_KEY = "academy_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path_info.startswith(("/static/", "/media/"))
        ):
            return self.get_response(request)

        from .selectors import two_factor_status

        requires_two_factor, has_two_factor = two_factor_status(user)
        if self._idle_for_too_long(request, privileged=requires_two_factor):
            return self._log_out_idle(request, privileged=requires_two_factor)
        if requires_two_factor and not has_two_factor and not self._allowed(request):
            messages.warning(
                request,
                _("Your role needs two-factor authentication. Set up an authenticator app first."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _allowed(self, request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in self.ALLOWED_WITHOUT_TWO_FACTOR

    def _timeout(self, privileged: bool) -> timedelta:
        minutes = (
            settings.SESSION_IDLE_TIMEOUT_PRIVILEGED_MINUTES
            if privileged
            else settings.SESSION_IDLE_TIMEOUT_MINUTES
        )
        return timedelta(minutes=minutes)

    def _idle_for_too_long(self, request, *, privileged: bool) -> bool:
        now = timezone.now().timestamp()
        last_seen = request.session.get(self.LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > self._timeout(privileged).total_seconds():
            return True
        # Write the session at most once a minute, not on every request.
        if last_seen is None or now - last_seen > 60:
            request.session[self.LAST_SEEN_KEY] = now
        return False

    def _log_out_idle(self, request, *, privileged: bool):
        minutes = int(self._timeout(privileged).total_seconds() // 60)
        logout(request)
        messages.info(
            request,
            _("You were signed out after %(minutes)d minutes without activity.")
            % {"minutes": minutes},
        )
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
