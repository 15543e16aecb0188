"""How allauth treats our people: no open sign-up, and the person's language after login."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Staff are invited; after login the site speaks the person's preferred language."""

    def is_open_for_signup(self, request):
        return settings.ACCOUNT_ALLOW_SIGNUPS

    def login(self, request, user):
        # The "signed in" message is made now: make it in the language the person reads.
        translation.activate(user.preferred_language or settings.LANGUAGE_CODE)
        super().login(request, user)
        # PreferredLanguageMiddleware sets the language cookie on the response.
        request.preferred_language = user.preferred_language

    def get_login_redirect_url(self, request):
        language = getattr(request.user, "preferred_language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            return resolve_url(super().get_login_redirect_url(request))
