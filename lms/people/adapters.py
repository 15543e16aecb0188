"""How allauth treats our people: invited not self-registered, their language after login,
and single sign-on only for accounts that already exist."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.db.models import Q
from django.shortcuts import resolve_url
from django.utils import translation

from .models import User
from .roles import LEARNER
from .services import user_set_roles


class AccountAdapter(DefaultAccountAdapter):
    """Staff are invited; after login the site speaks the person's preferred language."""

    def is_open_for_signup(self, request):
        # Only listed e-mail domains may sign themselves up; by default nobody can.
        return bool(settings.SIGNUP_EMAIL_DOMAINS)

    def save_user(self, request, user, form, commit=True):
        """A person who signed themselves up: their name, and the Learner role."""
        user.full_name = form.cleaned_data.get("full_name", "")
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_set_roles(user=user, roles=[LEARNER])
        return user

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed logins per text typed; count them per person, so that
        # switching between e-mail and employee number gives no extra guesses. (A private
        # allauth hook: tests/people/test_accounts.py fails if it stops being called.)
        login = credentials.get("email") or credentials.get("username") or ""
        person = (
            User.objects.filter(Q(email__iexact=login) | Q(employee_number__iexact=login))
            .values_list("pk", flat=True)
            .first()
            if login
            else None
        )
        if person is None:
            return super()._get_login_attempts_cache_key(request, **credentials)
        return f"person:{person}"

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
