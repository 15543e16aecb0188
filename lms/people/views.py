"""Views of the people app: the language switch and the account page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from lms.notifications.services import notification_preference_set, wants_optional_email

from .forms import ProfileForm
from .services import user_set_language, user_update_profile


@require_POST
def set_language(request):
    """Django's language switch, remembering the choice on the person's profile too."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    return response


@login_required
def account_profile(request):
    """The person's own account: name, language, optional e-mail; links to the rest."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user_update_profile(
                user=user,
                full_name=form.cleaned_data["full_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
            notification_preference_set(
                user=user, optional_email=form.cleaned_data["optional_email"]
            )
            language = user.preferred_language
            translation.activate(language)
            messages.success(request, _("Your account details were saved."))
            response = redirect("account_profile")
            request.preferred_language = language  # PreferredLanguageMiddleware sets the cookie
            return response
    else:
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "preferred_language": user.preferred_language,
                "optional_email": wants_optional_email(user),
            }
        )
    return render(request, "account/profile.html", {"form": form})
