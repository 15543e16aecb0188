from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificate designs, issued certificates, their PDFs and public verification."""

    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .services import designs_after_migrate

        post_migrate.connect(designs_after_migrate, dispatch_uid="certificates-default-designs")
