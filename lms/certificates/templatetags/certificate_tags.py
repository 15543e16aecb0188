"""Template tags that show a person's certificates on the learner's pages."""

from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Certificate
from ..selectors import certificates_of

register = template.Library()


@register.filter
def certificate_score(score: Decimal | None) -> str:
    """A score as the PDF prints it: "92.5 %", in the active language's number format."""
    if score is None:
        return ""
    return _("%(score)s %%") % {"score": formats.number_format(score.normalize(), use_l10n=True)}


@register.inclusion_tag("certificates/includes/my_certificates.html")
def my_certificates(user):
    """``user``'s certificates with their dates and status, and a download link for each
    whose PDF is ready; one query. Certificates still being rendered say so, and
    certificate-status.js swaps in the link when it is ready."""
    certificates = certificates_of(user) if user.is_authenticated else []
    today = timezone.localdate()
    rows = []
    for certificate in certificates:
        status = certificate.status_on(today)
        rows.append(
            {
                "certificate": certificate,
                "status": status,
                "status_label": Certificate.Status(status).label,
            }
        )
    return {"rows": rows}
