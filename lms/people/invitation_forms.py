"""Forms of the invitation pages: inviting, finding invitations, and accepting one."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordMixin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .invitations import InvitationStatus
from .models import JobRole, OrgUnit, User
from .roles import LEARNER, ROLE_LABELS
from .selectors import units_in_scope, user_is_administrator


class InvitationForm(forms.Form):
    """Who to invite. Stores are those in the inviter's scope; only administrators pick a role."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("The invitation link is sent here. Leave empty to print a slip with a code."),
    )
    employee_number = forms.CharField(
        label=_("Employee number"),
        max_length=40,
        required=False,
        help_text=_("Needed when the person has no e-mail: it goes on their printed slip."),
    )
    home_store = forms.ModelChoiceField(
        label=_("Store"), queryset=OrgUnit.objects.none(), empty_label=_("Choose a store")
    )
    job_role = forms.ModelChoiceField(
        label=_("Job role"),
        queryset=JobRole.objects.all(),
        required=False,
        empty_label=_("No job role yet"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=list(ROLE_LABELS.items()), initial=LEARNER)
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the e-mail and of the site for this person."),
    )
    hire_date = forms.DateField(
        label=_("Hire date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_store"].queryset = (
            units_in_scope(actor).filter(kind=OrgUnit.Kind.STORE).order_by("name")
        )
        self.fields["preferred_language"].initial = get_language()
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        if not user_is_administrator(actor):
            # Managers invite learners only; the service refuses anything else anyway.
            del self.fields["role"]

    def clean_email(self):
        return self.cleaned_data["email"].strip() or None

    def clean_employee_number(self):
        return self.cleaned_data["employee_number"].strip() or None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("employee_number"):
            self.add_error(
                "employee_number",
                _("Give an e-mail for an invitation link, or an employee number for a slip."),
            )
        return cleaned


class InvitationFilterForm(forms.Form):
    """Search the invitations by name and narrow them by status."""

    q = forms.CharField(label=_("Name, e-mail or employee number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *InvitationStatus.choices],
    )


class ActivationForm(forms.Form):
    """Employee number and the code from the printed slip."""

    employee_number = forms.CharField(label=_("Employee number"), max_length=40)
    code = forms.CharField(
        label=_("Code from your slip"),
        max_length=20,
        help_text=_("Ten letters and digits, for example K7PM-4QXD-9T."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )


class InvitationPasswordForm(SetPasswordMixin, forms.Form):
    """The invitee's first password, typed twice and checked by the password validators."""

    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Choose a password"), label2=_("Type the password again")
    )

    def __init__(self, person: User, *args, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)

    def clean(self):
        self.validate_passwords("password1", "password2")
        # The validators' advice belongs next to the field where the password was chosen.
        self.validate_password_for_user(self.person, "password1")
        return super().clean()


class BulkInvitationForm(forms.Form):
    """Which store's not-yet-invited people to list (blank: every store in scope)."""

    store = forms.ModelChoiceField(
        label=_("Store"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All my stores"),
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = units_in_scope(actor).filter(kind=OrgUnit.Kind.STORE)
