"""The learner's forms: a reply chosen in the scenario player."""

from django import forms
from django.utils.translation import gettext_lazy as _

from content.scenarios import KEY_PATTERN


class ScenarioReplyForm(forms.Form):
    """A reply chosen at one step: which step the form was shown for, and the reply index.

    The choices are not listed here: whether the step offers the index is the service's
    rule, so a tampered index gets the service's own clear message.
    """

    step = forms.RegexField(regex=KEY_PATTERN, max_length=40)
    position = forms.IntegerField(min_value=0, required=False)
    reply = forms.IntegerField(
        error_messages={
            "required": _("Choose a reply."),
            "invalid": _("Choose one of the replies."),
        }
    )
