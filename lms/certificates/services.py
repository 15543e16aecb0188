"""Issuing, rendering and revoking certificates."""

import calendar
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale

from content.models import CoursePage
from lms.learning.models import Enrolment
from lms.notifications.services import notification_send

from .codes import new_code
from .models import Certificate, CertificateDesign
from .rendering import certificate_pdf


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_design(*, kind: str, language: str) -> CertificateDesign:
    """The live default design of ``kind`` in ``language``, else in the default language."""
    designs = CertificateDesign.objects.filter(kind=kind, is_default=True, live=True)
    design = designs.filter(locale__language_code=language).first()
    if design is None:
        design = designs.filter(locale=Locale.get_default()).first() or designs.first()
    if design is None:
        raise ValidationError(_("There is no published default certificate design."))
    return design


def _local_date(moment, person) -> date:
    zone = person.home_store.zoneinfo if person.home_store_id else None
    return timezone.localtime(moment, zone).date()


def _course_in(course: CoursePage, language: str) -> CoursePage:
    translated = (
        CoursePage.objects.live()
        .filter(translation_key=course.translation_key, locale__language_code=language)
        .first()
    )
    return translated or course


def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    """Issue the certificate of a completed enrolment, once; safe to call again.

    The certificate is worded in the learner's language, dated on the day the course was
    completed where they work, expires after the course's validity, and records the exam
    attempt and score that completed it and the design revision it will be rendered with.
    Its PDF is rendered by a worker after the transaction commits.
    """
    enrolment = Enrolment.objects.select_related(
        "user__home_store", "course", "completion_attempt"
    ).get(pk=enrolment.pk)
    if enrolment.completed_at is None:
        raise ValidationError(_("Only a completed course earns a certificate."))
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        _queue_render(existing)
        return existing

    person = enrolment.user
    language = certificate_language(person)
    design = default_design(kind=CertificateDesign.Kind.COURSE, language=language)
    course = _course_in(enrolment.course, language)
    issued_on = _local_date(enrolment.completed_at, person)
    validity = enrolment.course.certificate_validity_months
    attempt = enrolment.completion_attempt
    certificate = _create(
        lookup={"enrolment": enrolment},
        fields={
            "kind": Certificate.Kind.COURSE,
            "user": person,
            "learner_name": person.full_name,
            "course": enrolment.course,
            "course_key": enrolment.course_key,
            "title": course.title,
            "attempt": attempt,
            "score": attempt.percentage if attempt is not None else None,
            "issued_on": issued_on,
            "expires_on": add_months(issued_on, validity) if validity else None,
            "language": language,
            "design": design,
            "design_revision": design.live_revision,
        },
    )
    _queue_render(certificate)
    return certificate


def certificate_language(person) -> str:
    """The language a person's certificates (and their titles) are worded in."""
    return person.preferred_language or settings.LANGUAGE_CODE


def certificate_issue_award(
    *, user, title: str, score: Decimal | None, awarded_at: datetime
) -> Certificate:
    """Issue an award certificate (the award-kind design) to ``user``; its PDF is rendered
    by a worker after the transaction commits.

    ``title`` is the award as the certificate names it, in ``certificate_language(user)``.
    The caller keeps one certificate per award: it locks the award and records the
    certificate on it in the same transaction. Award certificates do not expire.
    """
    language = certificate_language(user)
    design = default_design(kind=CertificateDesign.Kind.AWARD, language=language)
    certificate = _create(
        lookup=None,
        fields={
            "kind": Certificate.Kind.AWARD,
            "user": user,
            "learner_name": user.full_name,
            "title": title,
            "score": score,
            "issued_on": _local_date(awarded_at, user),
            "language": language,
            "design": design,
            "design_revision": design.live_revision,
        },
    )
    _queue_render(certificate)
    return certificate


def _create(*, lookup: dict | None, fields: dict) -> Certificate:
    """Insert a certificate with a fresh code and its serial; with ``lookup``, return the
    certificate that already matches it instead (another worker issued it at this moment).
    """
    for _try in range(5):
        try:
            with transaction.atomic():
                if lookup is None:
                    certificate = Certificate.objects.create(**fields, code=new_code())
                    created = True
                else:
                    certificate, created = Certificate.objects.get_or_create(
                        **lookup, defaults={**fields, "code": new_code()}
                    )
                if created:
                    certificate.serial = f"{certificate.issued_on.year}-{certificate.pk:06d}"
                    certificate.save(update_fields=["serial"])
                    log(
                        instance=certificate,
                        action="certificates.issued",
                        data={"serial": certificate.serial, "person": certificate.learner_name},
                    )
            return certificate
        except IntegrityError:
            # A code already taken (1 in 2^100) or, far likelier, the same enrolment issued
            # at this moment by another worker: then the next round finds it.
            continue
    raise RuntimeError("Could not issue the certificate")  # pragma: no cover


def _queue_render(certificate: Certificate) -> None:
    if certificate.pdf:
        return
    from .tasks import render_certificate

    pk = certificate.pk
    transaction.on_commit(lambda: render_certificate.delay(pk))


def _pdf_name(certificate: Certificate) -> str:
    return f"certificates/{certificate.serial}-{certificate.code}.pdf"


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render and store the certificate's PDF, once; a second run returns what is there.

    The row is locked while rendering, so two workers never render the same certificate at
    once. The file is written under a fixed name and recorded in the same transaction: a
    worker killed half-way leaves no record, and the next run writes the file again under
    the same name. The learner gets an e-mail when it is ready.
    """
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("user", "design", "design_revision")
            .get(pk=certificate_id)
        )
        if certificate.pdf:
            return certificate
        pdf = certificate_pdf(certificate)
        name = _pdf_name(certificate)
        storage = certificate.pdf.storage
        if storage.exists(name):
            storage.delete(name)  # left by a worker that died before it could commit
        certificate.pdf.save(name.removeprefix("certificates/"), ContentFile(pdf), save=False)
        certificate.rendered_at = timezone.now()
        certificate.save(update_fields=["pdf", "rendered_at"])
        if certificate.kind == Certificate.Kind.AWARD:
            # The winner's award e-mail already says the certificate is in My learning.
            return certificate
        notification_send(
            user=certificate.user,
            template="certificates/ready",
            context={"certificate": certificate, "my_learning_url": _my_learning_url(certificate)},
        )
    return certificate


def _my_learning_url(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return settings.SITE_URL + reverse("learning:my_learning")


def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Revoke a certificate (an administrator, with a written reason; logged)."""
    if not actor.has_perm("certificates.change_certificate"):
        raise PermissionDenied(_("Only an administrator can revoke a certificate."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the certificate is revoked."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status == Certificate.Status.REVOKED:
            return certificate
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_reason = reason
        certificate.save(update_fields=["status", "revoked_reason"])
        log(
            instance=certificate, action="certificates.revoked", user=actor, data={"reason": reason}
        )
    return certificate


# The designs shipped with the Academy ----------------------------------------------------


def _default_design_texts(kind: str) -> dict[str, str]:
    """The wording of a shipped design, in the active language."""
    if kind == CertificateDesign.Kind.AWARD:
        return {
            "name": _("Default award design"),
            "title": _("Certificate of recognition"),
            "body": _("awarded to {name} for {course}, {issued}."),
        }
    return {
        "name": _("Default course design"),
        "title": _("Certificate of completion"),
        "body": _(
            "This certifies that {name} has completed the course {course} and passed its "
            "assessment on {issued}."
        ),
    }


def designs_ensure_default() -> list[CertificateDesign]:
    """Make sure a published default design of each kind exists in every language.

    Run after every migrate: a new installation can issue certificates at once, and a
    language added later gets its own translation of the shipped design (trainers edit or
    replace them in the admin). Designs trainers made are never touched.
    """
    created = []
    locales = list(Locale.objects.all())
    if not locales:
        return created
    source_locale = Locale.get_default()
    for kind in CertificateDesign.Kind.values:
        source = CertificateDesign.objects.filter(
            kind=kind, is_default=True, locale=source_locale
        ).first()
        if source is None:
            with translation.override(source_locale.language_code):
                source = CertificateDesign(
                    kind=kind,
                    is_default=True,
                    issuer=settings.WAGTAIL_SITE_NAME,
                    locale=source_locale,
                    live=False,
                    **_default_design_texts(kind),
                )
                source.save()
                source.save_revision().publish()
            created.append(source)
        for locale in locales:
            if (
                locale == source_locale
                or CertificateDesign.objects.filter(
                    translation_key=source.translation_key, locale=locale
                ).exists()
            ):
                continue
            with translation.override(locale.language_code):
                translated = source.copy_for_translation(locale)
                for field, text in _default_design_texts(kind).items():
                    setattr(translated, field, text)
                translated.live = False
                translated.save()
                translated.save_revision().publish()
            created.append(translated)
    return created


def designs_after_migrate(sender, app_config, using="default", **kwargs) -> None:
    """post_migrate receiver: once, after the last app."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if using != "default" or app_config is not with_models[-1]:
        return
    designs_ensure_default()
