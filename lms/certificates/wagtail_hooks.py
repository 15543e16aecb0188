"""Admin for certificates."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import CertificatesViewSetGroup


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    """Certificate actions in Wagtail's audit log (the services log them)."""
    actions.register_action("certificates.issued", _("Issue certificate"), _("Issued"))
    actions.register_action("certificates.revoked", _("Revoke certificate"), _("Revoked"))


# The "Certificates" menu: designs (snippets with preview) and issued certificates.
register_snippet(CertificatesViewSetGroup)
