"""Receivers of the signals from the parts below certificates; each only calls a service."""

from django.dispatch import receiver

from lms.learning.signals import enrolment_completed

from . import services


@receiver(enrolment_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, enrolment, **kwargs):
    """A completed enrolment earns its certificate (the PDF is rendered by a worker)."""
    services.certificate_issue(enrolment=enrolment)
