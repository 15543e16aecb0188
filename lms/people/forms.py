"""Admin forms for people and organisation units."""

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import OrgUnit, User

PERSON_FIELDS = [
    "email",
    "employee_number",
    "full_name",
    "preferred_language",
    "job_role",
    "home_store",
    "hire_date",
]


class _PersonFieldsMixin(forms.Form):
    """Our user has a full name instead of first and last names, and may lack an e-mail."""

    first_name = None
    last_name = None
    email = forms.EmailField(required=False, label=_("E-mail"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("employee_number"):
            raise forms.ValidationError(_("Give an e-mail, an employee number, or both."))
        return cleaned

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if not email:
            return None
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A person with this e-mail already exists."))
        return email

    def _clean_username(self):
        # Wagtail checks the username field (our e-mail) for clashes; no e-mail never clashes.
        if self.cleaned_data.get("email") is None:
            return None
        return super()._clean_username()

    def clean_employee_number(self):
        return (self.cleaned_data.get("employee_number") or "").strip() or None


class PersonCreationForm(_PersonFieldsMixin, UserCreationForm):
    """Create a person in the Wagtail admin."""

    class Meta(UserCreationForm.Meta):
        fields = {*PERSON_FIELDS, "is_superuser", "groups"}


class PersonEditForm(_PersonFieldsMixin, UserEditForm):
    """Edit a person in the Wagtail admin."""

    class Meta(UserEditForm.Meta):
        fields = {*PERSON_FIELDS, "is_active", "is_superuser", "groups"}


class OrgUnitForm(WagtailAdminModelForm):
    """A unit's own fields, and where it sits in the tree when it is created."""

    parent = forms.ModelChoiceField(
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        label=_("Parent unit"),
        help_text=_("Leave blank only for the company at the top of the tree."),
    )

    class Meta:
        model = OrgUnit
        fields = ["parent", "name", "code", "kind", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Moving a unit moves its people's history with it: not done from this form.
            del self.fields["parent"]

    def clean(self):
        cleaned = super().clean()
        if (
            not self.instance.pk
            and cleaned.get("parent") is None
            and OrgUnit.get_root_nodes().exists()
        ):
            raise forms.ValidationError(_("Choose the unit this one belongs to."))
        if not self.instance.pk:
            # The model's own checks need to know where the unit will sit in the tree.
            parent = cleaned.get("parent")
            self.instance.depth = 1 if parent is None else parent.depth + 1
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit=commit)
        parent = self.cleaned_data.get("parent")
        if parent is None:
            return OrgUnit.add_root(instance=self.instance)
        return parent.add_child(instance=self.instance)


class LoginForm(AllauthLoginForm):
    """allauth's login form, asking for what our people actually have."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("E-mail or employee number")
        login.widget.attrs.update({"autocomplete": "username", "placeholder": ""})
        self.fields["password"].widget.attrs["placeholder"] = ""


class ProfileForm(forms.Form):
    """What a person may change about themselves on their account page."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    optional_email = forms.BooleanField(
        label=_("Send me optional e-mails"),
        required=False,
        help_text=_(
            "Reminders, digests and news. Mail about your account and certificates is always sent."
        ),
    )


class AddEmailForm(AllauthAddEmailForm):
    """Change of e-mail address that keeps the current address until the new one is confirmed.

    People added by an administrator or an import have an address nobody has confirmed
    yet; allauth would take it for an abandoned earlier change and drop it at once.
    """

    def save(self, request):
        if EmailAddress.objects.filter(user=self.user, verified=True).exists():
            return super().save(request)
        current = (self.user.email or "").lower()
        EmailAddress.objects.filter(user=self.user, verified=False).exclude(
            email__iexact=current
        ).delete()
        address = EmailAddress.objects.create(
            user=self.user, email=self.cleaned_data["email"].lower()
        )
        send_verification_email_to_address(request, address)
        return address


class ResetPasswordForm(AllauthResetPasswordForm):
    """Password reset only to a person's own address, never to one still awaiting confirmation.

    Otherwise whoever owns a mistyped new address could take the account over.
    """

    def clean_email(self):
        email = super().clean_email()
        confirmed = set(
            EmailAddress.objects.filter(email__iexact=email, verified=True).values_list(
                "user_id", flat=True
            )
        )
        self.users = [
            user
            for user in self.users
            if (user.email or "").lower() == email.lower() or user.pk in confirmed
        ]
        return email


class SignupForm(AllauthSignupForm):
    """Self sign-up, open only to the e-mail domains in ``SIGNUP_EMAIL_DOMAINS``."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    field_order = ["full_name", "email", "password1", "password2"]

    def clean_email(self):
        email = super().clean_email()
        domains = settings.SIGNUP_EMAIL_DOMAINS
        if email.rsplit("@", 1)[-1].lower() not in domains:
            raise forms.ValidationError(
                _("Sign-up is open only to addresses at: %(domains)s.")
                % {"domains": ", ".join(domains)}
            )
        return email
