"""How allauth treats our people: invited not self-registered, their language after login,
and single sign-on only for accounts that already exist."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    """Staff are invited; after login the site speaks the person's preferred language."""

    def is_open_for_signup(self, request):
        # Only listed e-mail domains may sign themselves up; by default nobody can.
        return bool(settings.SIGNUP_EMAIL_DOMAINS)

    def clean_email(self, email):
        email = super().clean_email(email)
        domains = settings.SIGNUP_EMAIL_DOMAINS
        if domains and email.rsplit("@", 1)[-1].lower() not in domains:
            raise forms.ValidationError(
                _("Sign-up is open only to addresses at: %(domains)s.")
                % {"domains": ", ".join(domains)}
            )
        return email

    def populate_username(self, request, user):
        # Our "username" is the employee number HR gives out; never invent one.
        return None

    def login(self, request, user):
        # The "signed in" message is made now: make it in the language the person reads.
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            super().login(request, user)
        # PreferredLanguageMiddleware sets the language cookie on the response.
        request.preferred_language = user.preferred_language

    def get_login_redirect_url(self, request):
        language = getattr(request.user, "preferred_language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            return resolve_url(super().get_login_redirect_url(request))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on signs in existing people only; it never creates an account."""

    def is_open_for_signup(self, request, sociallogin):
        return False
