"""Forms of the recognition pages and admin."""

from datetime import date

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .models import Award, Programme

# The review page's status filter: "to confirm" first, as that is what a manager came for.
REVIEW_STATUSES = [
    (Award.Status.PROPOSED, _("To confirm")),
    (Award.Status.CONFIRMED, _("Confirmed")),
    (Award.Status.WITHDRAWN, _("Withdrawn")),
    ("all", _("All")),
]


class AwardReviewFilterForm(forms.Form):
    """Filters of the awards a manager reviews: status, programme and month."""

    status = forms.ChoiceField(
        label=_("Status"), choices=REVIEW_STATUSES, required=False, initial=Award.Status.PROPOSED
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        required=False,
        empty_label=_("All programmes"),
    )
    month = forms.TypedChoiceField(
        label=_("Month"), required=False, coerce=date.fromisoformat, empty_value=None, choices=()
    )

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", _("All months"))] + [
            (month.isoformat(), formats.date_format(month, "YEAR_MONTH_FORMAT")) for month in months
        ]
