"""Reads of certificates: who may see which, and the lookup by verification code."""

from django.db.models import QuerySet

from lms.people.selectors import people_in_scope, user_is_administrator

from .codes import normalize_code
from .models import Certificate


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """The certificates ``user`` may open: trainers and administrators all of them, a
    manager those of the people in their scope, anyone else their own."""
    certificates = Certificate.objects.select_related("user", "course")
    if not user.is_authenticated or not user.is_active:
        return certificates.none()
    if user_is_administrator(user) or user.has_perm("certificates.view_certificate"):
        return certificates
    in_scope = people_in_scope(user)
    return certificates.filter(user__in=in_scope.values("pk")) | certificates.filter(user=user)


def certificate_by_code(typed: str) -> Certificate | None:
    """The certificate a typed code names (case, spaces, dashes, I/L/O forgiven)."""
    code = normalize_code(typed)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).select_related("design").first()


def certificates_of(user, *, kind: str = Certificate.Kind.COURSE) -> list[Certificate]:
    """``user``'s own certificates of ``kind``, newest first (for "My learning", where
    award certificates are shown with their awards); one query."""
    return list(Certificate.objects.filter(user=user, kind=kind).order_by("-issued_on", "-pk"))
