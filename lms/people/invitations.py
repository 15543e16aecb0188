"""Invitations: how a new person gets their first password.

An administrator invites anyone; a manager invites learners into the stores in their
scope. A person with an e-mail gets a single-use link; a person without one gets a
printed slip with their employee number and a one-time code. Only hashes of links and
codes are stored, so the plain secret exists only in the e-mail, on the slip, and in the
return value of the service that made it.

Whether an invitation is open, expired, accepted or withdrawn is worked out from its dates
whenever it is read; nothing has to run for an invitation to expire.
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from wagtail.log_actions import log

# People normally import nothing from the parts above them; invitation mail is the one
# exception, because an invitation is worthless unless it reaches the person.
from lms.notifications.services import notification_send

from .models import Invitation, OrgUnit, User
from .roles import GROUP_PERMISSIONS, LEARNER
from .selectors import people_in_scope, units_in_scope, user_is_administrator
from .services import user_create, user_set_roles
from .signals import placement_changed

# Wrong slip codes allowed before the invitation is locked and must be resent.
MAX_CODE_ATTEMPTS = 5
# No 0/O, 1/I/L: the code is read off paper and typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class InvitationStatus(models.TextChoices):
    """Where an invitation stands, worked out from its dates when it is read."""

    OPEN = "open", gettext_lazy("Open")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    EXPIRED = "expired", gettext_lazy("Expired")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


class InvitationUnusable(Exception):
    """A link or code that cannot be used; ``reason`` says why, for the page that says so."""

    INVALID = "invalid"
    LOCKED = "locked"

    messages = {
        INVALID: gettext_lazy("This invitation link or code is not valid."),
        LOCKED: gettext_lazy("Too many wrong codes were tried; this invitation is locked."),
        InvitationStatus.ACCEPTED: gettext_lazy("This invitation has been used already."),
        InvitationStatus.EXPIRED: gettext_lazy("This invitation has expired."),
        InvitationStatus.WITHDRAWN: gettext_lazy("This invitation was withdrawn."),
    }

    def __init__(self, reason: str):
        self.reason = str(reason)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return str(self.messages[self.reason])


# --- Reading


def _status_conditions(now: datetime) -> dict[str, Q]:
    open_ = Q(accepted_at__isnull=True, withdrawn_at__isnull=True)
    return {
        InvitationStatus.ACCEPTED: Q(accepted_at__isnull=False),
        InvitationStatus.WITHDRAWN: Q(accepted_at__isnull=True, withdrawn_at__isnull=False),
        InvitationStatus.EXPIRED: open_ & Q(expires_at__lte=now),
        InvitationStatus.OPEN: open_ & Q(expires_at__gt=now),
    }


def invitation_status(invitation: Invitation, *, now: datetime | None = None) -> str:
    """The invitation's status now (or at ``now``)."""
    now = now or timezone.now()
    if invitation.accepted_at is not None:
        return InvitationStatus.ACCEPTED
    if invitation.withdrawn_at is not None:
        return InvitationStatus.WITHDRAWN
    if invitation.expires_at <= now:
        return InvitationStatus.EXPIRED
    return InvitationStatus.OPEN


def invitation_is_locked(invitation: Invitation) -> bool:
    """Too many wrong slip codes: only a resend opens it again."""
    return invitation.failed_code_attempts >= MAX_CODE_ATTEMPTS


def invitations_in_scope(user: User, *, search: str = "", status: str = "") -> QuerySet[Invitation]:
    """Invitations the user may see, newest first, each annotated with its ``status``.

    Administrators see all; anyone else sees the invitations of people whose home store
    is in their scope. ``search`` matches name, e-mail or employee number; ``status`` is
    one of ``InvitationStatus``. A fixed number of queries, however many rows.
    """
    conditions = _status_conditions(timezone.now())
    invitations = (
        Invitation.objects.select_related("person__home_store", "person__job_role", "invited_by")
        .annotate(
            status=Case(
                *(When(condition, then=Value(str(name))) for name, condition in conditions.items()),
                output_field=models.CharField(),
            )
        )
        .order_by("-created_at", "-pk")
    )
    if not user_is_administrator(user):
        invitations = invitations.filter(person__home_store__in=units_in_scope(user))
    search = search.strip()
    if search:
        invitations = invitations.filter(
            Q(person__full_name__icontains=search)
            | Q(person__email__icontains=search)
            | Q(person__employee_number__icontains=search)
        )
    if status:
        invitations = invitations.filter(conditions[status])
    return invitations


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation an e-mail link belongs to, whatever its status; ``None`` if unknown.

    A resent invitation has a new token, so an older link finds nothing.
    """
    if not token or len(token) > 128:
        return None
    return (
        Invitation.objects.select_related("person")
        .filter(token_hash=_token_hash(token), channel=Invitation.Channel.EMAIL)
        .first()
    )


def invitation_for_code(*, employee_number: str, code: str) -> Invitation:
    """The open slip invitation this employee number and code unlock.

    Raises ``InvitationUnusable``. Each wrong code counts against the invitation; after
    ``MAX_CODE_ATTEMPTS`` it is locked, and even the right code is refused until the
    invitation is resent. Only a right code reveals whether the invitation has expired,
    been withdrawn or been used.
    """
    employee_number = (employee_number or "").strip()
    code = _normalise_code(code)
    if not employee_number or not code:
        raise InvitationUnusable(InvitationUnusable.INVALID)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(
                person__employee_number__iexact=employee_number,
                channel=Invitation.Channel.SLIP,
            )
            .order_by("-created_at")
            .first()
        )
        if invitation is None:
            # Spend the same time as a real check, so the answer does not tell which
            # employee numbers have a slip.
            make_password(code)
            raise InvitationUnusable(InvitationUnusable.INVALID)
        if invitation_is_locked(invitation):
            raise InvitationUnusable(InvitationUnusable.LOCKED)
        right = check_password(code, invitation.code_hash)
        if not right:
            invitation.failed_code_attempts += 1
            invitation.save(update_fields=["failed_code_attempts"])
    # Raised after the block, so the counted attempt is committed.
    if not right:
        locked = invitation_is_locked(invitation)
        raise InvitationUnusable(
            InvitationUnusable.LOCKED if locked else InvitationUnusable.INVALID
        )
    status = invitation_status(invitation)
    if status != InvitationStatus.OPEN:
        raise InvitationUnusable(status)
    return invitation


def invitation_accept_url(*, token: str, language: str) -> str:
    """The absolute link in an invitation e-mail, in the invitee's language."""
    with translation.override(language):
        path = reverse("people:invitation_accept", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}"


def invitation_activation_url(*, employee_number: str, code: str, language: str) -> str:
    """The absolute activation address with employee number and code filled in (the slip's QR)."""
    with translation.override(language):
        path = reverse("people:invitation_activate")
    query = urlencode({"employee_number": employee_number, "code": code})
    return f"{settings.SITE_URL}{path}?{query}"


# --- Writing


def invitation_create(
    *,
    actor: User,
    full_name: str,
    email: str | None = None,
    employee_number: str | None = None,
    home_store: OrgUnit,
    job_role=None,
    role: str = LEARNER,
    preferred_language: str | None = None,
    hire_date=None,
) -> tuple[Invitation, str]:
    """Invite a person; returns the invitation and its secret (link token or slip code).

    Administrators invite anyone anywhere; managers invite learners into the stores in
    their scope (else ``PermissionDenied``). The person is created without a usable
    password, or an existing person who never signed in and has no open invitation is
    reused. With an e-mail the person is mailed a link; without one they get a slip,
    which needs an employee number. Inviting someone already invited is refused with a
    ``ValidationError``: resend or withdraw that invitation instead.
    """
    email = User.objects.normalize_email((email or "").strip()) or None
    employee_number = (employee_number or "").strip() or None
    full_name = (full_name or "").strip()
    preferred_language = preferred_language or settings.LANGUAGE_CODE
    _check_may_invite(actor, role=role, home_store=home_store)
    _validate_invitee(
        full_name=full_name,
        email=email,
        employee_number=employee_number,
        role=role,
        preferred_language=preferred_language,
    )
    fields = {
        "full_name": full_name,
        "home_store": home_store,
        "job_role": job_role,
        "preferred_language": preferred_language,
        "hire_date": hire_date,
    }
    with transaction.atomic():
        person = _person_to_invite(
            actor=actor, email=email, employee_number=employee_number, role=role, fields=fields
        )
        invitation = Invitation(person=person, invited_by=actor, role=role)
        secret = _issue_and_send(invitation, actor=actor, action="people.invited", role=role)
        placement_changed.send(sender=User, people=[person.pk])
    return invitation, secret


def invitation_resend(*, invitation: Invitation, actor: User) -> tuple[Invitation, str]:
    """Renew an open or expired invitation: a new link or code (the old one stops working),
    a new expiry date, sent again. Returns the invitation and its new secret.
    """
    with transaction.atomic():
        invitation = _locked(invitation)
        person = invitation.person
        _check_may_invite(actor, role=invitation.role, home_store=person.home_store)
        if invitation.accepted_at is not None:
            raise ValidationError(
                gettext("This invitation has been accepted; there is nothing to resend.")
            )
        if invitation.withdrawn_at is not None:
            raise ValidationError(
                gettext("This invitation was withdrawn. Invite the person again instead.")
            )
        if not person.is_active:
            raise ValidationError(gettext("This person's account is switched off."))
        secret = _issue_and_send(invitation, actor=actor, action="people.invitation_resent")
    return invitation, secret


def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    """Withdraw an invitation that has not been accepted; its link then says so."""
    with transaction.atomic():
        invitation = _locked(invitation)
        _check_may_invite(actor, role=invitation.role, home_store=invitation.person.home_store)
        if invitation.withdrawn_at is not None:
            return invitation
        if invitation.accepted_at is not None:
            raise ValidationError(
                gettext("This invitation has been accepted already; it cannot be withdrawn.")
            )
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        log(
            instance=invitation.person,
            action="people.invitation_withdrawn",
            user=actor,
            data={"invitation": invitation.pk},
        )
    return invitation


def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Accept an invitation once: set the person's password and return the person.

    Raises ``InvitationUnusable`` when the invitation is no longer open (or its code is
    locked), and ``ValidationError`` when the password fails the password validators.
    An invitation that came by e-mail proves the address, so it is marked verified.
    """
    with transaction.atomic():
        invitation = _locked(invitation)
        person = invitation.person
        status = invitation_status(invitation)
        if status != InvitationStatus.OPEN:
            raise InvitationUnusable(status)
        if invitation.channel == Invitation.Channel.SLIP and invitation_is_locked(invitation):
            raise InvitationUnusable(InvitationUnusable.LOCKED)
        if not person.is_active:
            raise InvitationUnusable(InvitationStatus.WITHDRAWN)
        password_validation.validate_password(password, person)
        person.set_password(password)
        person.save(update_fields=["password"])
        if invitation.channel == Invitation.Channel.EMAIL and person.email:
            _email_mark_verified(person)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        log(
            instance=person,
            action="people.invitation_accepted",
            user=person,
            data={"invitation": invitation.pk},
        )
    return person


def register_invitation_log_actions(actions) -> None:
    """The invitation actions in Wagtail's audit log (a ``register_log_actions`` hook)."""
    for action, label, message in (
        ("people.invited", gettext_lazy("Invite"), gettext_lazy("Invited")),
        (
            "people.invitation_resent",
            gettext_lazy("Resend invitation"),
            gettext_lazy("Invitation resent"),
        ),
        (
            "people.invitation_withdrawn",
            gettext_lazy("Withdraw invitation"),
            gettext_lazy("Invitation withdrawn"),
        ),
        (
            "people.invitation_accepted",
            gettext_lazy("Accept invitation"),
            gettext_lazy("Invitation accepted"),
        ),
    ):
        actions.register_action(action, label, message)


# --- Helpers


def _check_may_invite(actor: User, *, role: str, home_store: OrgUnit | None) -> None:
    if not actor.is_authenticated or not actor.has_perm("people.add_invitation"):
        raise PermissionDenied(gettext("You may not invite people."))
    if user_is_administrator(actor):
        return
    if role != LEARNER:
        raise PermissionDenied(gettext("Managers may invite learners only."))
    if home_store is None or not units_in_scope(actor).filter(pk=home_store.pk).exists():
        raise PermissionDenied(gettext("You may invite people only into the stores you manage."))


def _validate_invitee(
    *,
    full_name: str,
    email: str | None,
    employee_number: str | None,
    role: str,
    preferred_language: str,
) -> None:
    errors = {}
    if not full_name:
        errors["full_name"] = gettext("Give the person's full name.")
    if role not in GROUP_PERMISSIONS:
        errors["role"] = gettext("Choose one of the roles offered.")
    if preferred_language not in dict(settings.LANGUAGES):
        errors["preferred_language"] = gettext("Choose one of the languages offered.")
    if not email and not employee_number:
        errors["employee_number"] = gettext(
            "Give an e-mail for an invitation link, or an employee number for a printed slip."
        )
    if errors:
        raise ValidationError(errors)


def _issue_and_send(invitation: Invitation, *, actor: User, action: str, **data) -> str:
    """Give the invitation a new secret, save and send it, log ``action``; returns the secret."""
    secret = _issue_secret(invitation)
    invitation.full_clean()
    invitation.save()
    _deliver(invitation, secret, actor=actor)
    log(
        instance=invitation.person,
        action=action,
        user=actor,
        data={"invitation": invitation.pk, "channel": invitation.channel, **data},
    )
    return secret


def _person_to_invite(
    *, actor: User, email: str | None, employee_number: str | None, role: str, fields: dict
) -> User:
    """A new person, or the existing one with this e-mail or employee number, if reusable."""
    condition = Q()
    if email:
        condition |= Q(email__iexact=email)
    if employee_number:
        condition |= Q(employee_number=employee_number)
    matches = list(User.objects.select_for_update().filter(condition)[:2])
    if not matches:
        return user_create(email=email, employee_number=employee_number, roles=[role], **fields)
    if len(matches) > 1:
        raise ValidationError(
            gettext("The e-mail and the employee number belong to two different people.")
        )
    person = matches[0]
    _check_reusable(person, actor=actor, email=email, employee_number=employee_number)
    person.email = person.email or email
    person.employee_number = person.employee_number or employee_number
    for name, value in fields.items():
        # Fields left empty on the form keep what the person's record already says.
        if value is not None:
            setattr(person, name, value)
    person.full_clean(exclude=["password"])
    person.save()
    user_set_roles(user=person, roles=[role], actor=actor)
    return person


def _check_reusable(person: User, *, actor: User, email: str | None, employee_number: str | None):
    if person.last_login is not None:
        raise ValidationError(
            gettext(
                "%(name)s already has an account and has signed in. "
                "They can reset their password from the login page."
            )
            % {"name": person}
        )
    if person.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).exists():
        raise ValidationError(
            gettext(
                "%(name)s has been invited already. Resend or withdraw that invitation "
                "from the list of invitations."
            )
            % {"name": person}
        )
    if email and person.email and person.email.lower() != email.lower():
        raise ValidationError(
            {"employee_number": gettext("This employee number belongs to someone else.")}
        )
    if employee_number and person.employee_number and person.employee_number != employee_number:
        raise ValidationError({"email": gettext("This e-mail belongs to someone else.")})
    if user_is_administrator(actor):
        return
    # A manager holds a slip's code; they must never get one for anyone but a learner of theirs.
    roles = set(person.groups.values_list("name", flat=True))
    in_scope = units_in_scope(actor).filter(pk=person.home_store_id).exists()
    if person.is_superuser or person.is_staff or roles - {LEARNER} or not in_scope:
        raise PermissionDenied(
            gettext("This person is not a learner in your stores; ask an administrator.")
        )


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("person__home_store")
        .get(pk=invitation.pk)
    )


def _issue_secret(invitation: Invitation) -> str:
    """Give the invitation a new secret and a new expiry date; return the plain secret."""
    person = invitation.person
    now = timezone.now()
    if person.email:
        secret = secrets.token_urlsafe(32)
        invitation.channel = Invitation.Channel.EMAIL
        invitation.token_hash = _token_hash(secret)
        invitation.code_hash = ""
    else:
        secret = _new_code()
        invitation.channel = Invitation.Channel.SLIP
        invitation.token_hash = None
        invitation.code_hash = make_password(_normalise_code(secret))
    invitation.failed_code_attempts = 0
    invitation.sent_at = now
    invitation.send_count += 1
    invitation.expires_at = now + timedelta(days=settings.INVITATION_EXPIRY_DAYS)
    return secret


def _deliver(invitation: Invitation, secret: str, *, actor: User) -> None:
    """E-mail the link; a slip is printed by the person who invited."""
    if invitation.channel != Invitation.Channel.EMAIL:
        return
    person = invitation.person
    notification_send(
        user=person,
        template="invitation",
        context={
            "accept_url": invitation_accept_url(
                token=secret, language=person.preferred_language or settings.LANGUAGE_CODE
            ),
            "expires_at": invitation.expires_at,
            "invited_by": actor,
            "time_zone": (
                person.home_store.effective_time_zone if person.home_store else settings.TIME_ZONE
            ),
        },
    )


def _email_mark_verified(person: User) -> None:
    """The person's e-mail becomes their verified, primary address in allauth."""
    address = EmailAddress.objects.filter(user=person, email__iexact=person.email).first()
    EmailAddress.objects.filter(user=person, primary=True).exclude(
        pk=getattr(address, "pk", None)
    ).update(primary=False)
    if address is None:
        EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    elif not (address.primary and address.verified):
        address.primary = True
        address.verified = True
        address.save(update_fields=["primary", "verified"])


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _normalise_code(code: str) -> str:
    """Upper case, without the dashes and spaces people add or leave out."""
    return "".join(character for character in (code or "").upper() if character.isalnum())


# --- Inviting many at once (a newly imported store)


def people_awaiting_invitation(user: User, *, store: OrgUnit | None = None) -> QuerySet[User]:
    """Active people in the user's scope who cannot sign in yet and were never invited.

    Typically a store just imported from HR's file. Withdrawn invitations do not count,
    so those people can be invited again. Two queries, however many people.
    """
    people = (
        people_in_scope(user)
        # Django marks an unusable password with a leading "!".
        .filter(
            is_active=True, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
        )
        .exclude(pk__in=Invitation.objects.filter(withdrawn_at__isnull=True).values("person"))
        .select_related("home_store", "job_role")
        .order_by("home_store__name", "full_name")
    )
    if store is not None:
        people = people.filter(home_store=store)
    return people


def invitations_create_for_people(
    *, actor: User, people: list[User]
) -> tuple[list[tuple[Invitation, str]], list[tuple[User, str]]]:
    """Invite each person as a Learner (an e-mail link, or a slip for those without e-mail).

    Returns the invitations made with their secrets, and the people who could not be
    invited with the reason; one person's problem does not stop the others.
    """
    made, problems = [], []
    for person in people:
        try:
            made.append(
                invitation_create(
                    actor=actor,
                    full_name=person.full_name,
                    email=person.email,
                    employee_number=person.employee_number,
                    home_store=person.home_store,
                    job_role=person.job_role,
                    role=LEARNER,
                    preferred_language=person.preferred_language,
                    hire_date=person.hire_date,
                )
            )
        except (ValidationError, PermissionDenied) as error:
            reason = "; ".join(getattr(error, "messages", [])) or str(error)
            problems.append((person, reason))
    return made, problems
