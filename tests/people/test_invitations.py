"""Invitations as services and selectors: who may invite whom, links, codes, and their limits."""

import hashlib
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.log_actions import LogActionRegistry
from wagtail.log_actions import registry as log_registry

from lms.people.invitations import (
    MAX_CODE_ATTEMPTS,
    InvitationStatus,
    InvitationUnusable,
    invitation_accept,
    invitation_create,
    invitation_for_code,
    invitation_for_token,
    invitation_resend,
    invitation_status,
    invitation_withdraw,
    invitations_in_scope,
    register_invitation_log_actions,
)
from lms.people.models import Invitation, User
from lms.people.roles import LEARNER, TRAINER
from tests.factories import (
    JobRoleFactory,
    LearnerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "amber-lantern-harbour-42"
CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$")
CYRILLIC = re.compile("[\u0400-\u04ff]")


def invite(actor, store, **fields):
    fields.setdefault("full_name", "Nina Nováková")
    if "employee_number" not in fields:
        fields.setdefault("email", "nina@example.com")
    return invitation_create(actor=actor, home_store=store, **fields)


def audit_actions(person: User) -> list[str]:
    return list(
        log_registry.get_logs_for_instance(person)
        .order_by("timestamp")
        .values_list("action", flat=True)
    )


# --- Who may invite whom


def test_manager_invites_a_learner_into_their_store(manager, stores, settings):
    settings.INVITATION_EXPIRY_DAYS = 3
    invitation, _token = invite(manager, stores["west"], job_role=JobRoleFactory())
    person = invitation.person
    assert set(person.groups.values_list("name", flat=True)) == {LEARNER}
    assert person.home_store == stores["west"]
    assert not person.has_usable_password()
    assert invitation.invited_by == manager
    assert invitation.channel == Invitation.Channel.EMAIL
    assert invitation.send_count == 1
    expected_expiry = timezone.now() + timedelta(days=3)
    assert abs(invitation.expires_at - expected_expiry) < timedelta(minutes=1)
    assert audit_actions(person) == ["people.invited"]


def test_manager_cannot_invite_a_trainer(manager, stores):
    with pytest.raises(PermissionDenied, match="learners only"):
        invite(manager, stores["west"], role=TRAINER)
    assert not User.objects.filter(email="nina@example.com").exists()
    assert not Invitation.objects.exists()


def test_manager_cannot_invite_into_a_store_outside_their_scope(manager, stores):
    with pytest.raises(PermissionDenied, match="stores you manage"):
        invite(manager, stores["east"])
    assert not User.objects.filter(email="nina@example.com").exists()
    assert not Invitation.objects.exists()


def test_learner_cannot_invite_anyone(stores):
    with pytest.raises(PermissionDenied):
        invite(LearnerFactory(home_store=stores["west"]), stores["west"])
    assert not Invitation.objects.exists()


def test_administrator_invites_any_role_into_any_store(administrator, stores):
    invitation, _token = invite(administrator, stores["east"], role=TRAINER)
    assert set(invitation.person.groups.values_list("name", flat=True)) == {TRAINER}
    assert invitation.role == TRAINER


# --- Links and codes


def test_only_the_hash_of_the_link_token_is_stored(administrator, stores):
    invitation, token = invite(administrator, stores["west"])
    # At least 128 bits of randomness, URL-safe.
    assert len(token) >= 43
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation.code_hash == ""
    assert invitation_for_token(token) == invitation
    assert invitation_for_token(token + "x") is None


def test_person_without_email_gets_a_slip_code(administrator, stores, mailoutbox):
    invitation, code = invite(administrator, stores["west"], employee_number="E-1042")
    assert invitation.channel == Invitation.Channel.SLIP
    assert CODE.match(code)
    assert invitation.token_hash is None
    assert code not in invitation.code_hash
    assert check_password(code.replace("-", ""), invitation.code_hash)
    assert mailoutbox == []


def test_neither_email_nor_employee_number_is_refused(administrator, stores):
    with pytest.raises(ValidationError) as error:
        invitation_create(actor=administrator, full_name="Nobody", home_store=stores["west"])
    assert "employee_number" in error.value.error_dict
    assert not User.objects.filter(full_name="Nobody").exists()


def test_invitation_email_is_in_the_invitees_language(
    administrator, stores, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://academy.example"
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = invite(
            administrator, stores["west"], email="olga@example.com", preferred_language="ru"
        )
    [message] = mailoutbox
    assert message.to == ["olga@example.com"]
    assert f"https://academy.example/ru/people/accept/{token}/" in message.body
    # Django's own catalogue writes the expiry date with Russian month names.
    assert CYRILLIC.search(message.body)
    html, _mime = message.alternatives[0]
    assert '<html lang="ru">' in html
    assert f'href="https://academy.example/ru/people/accept/{token}/"' in html


# --- Inviting twice, and people who exist already


def test_inviting_the_same_person_twice_is_refused(administrator, stores):
    invite(administrator, stores["west"])
    with pytest.raises(ValidationError, match="invited already"):
        invite(administrator, stores["west"])
    assert Invitation.objects.count() == 1
    assert User.objects.filter(email="nina@example.com").count() == 1


def test_person_whose_invitation_was_withdrawn_can_be_invited_again(administrator, stores):
    first, _token = invite(administrator, stores["west"])
    invitation_withdraw(invitation=first, actor=administrator)
    second, _token = invite(administrator, stores["west_2"], full_name="Nina Nováková-Kráľová")
    assert second.person == first.person
    assert second.pk != first.pk
    second.person.refresh_from_db()
    assert second.person.home_store == stores["west_2"]
    assert second.person.full_name == "Nina Nováková-Kráľová"


def test_person_who_has_signed_in_is_not_invited(administrator, stores):
    person = LearnerFactory(email="nina@example.com", home_store=stores["west"])
    User.objects.filter(pk=person.pk).update(last_login=timezone.now())
    with pytest.raises(ValidationError, match="has signed in"):
        invite(administrator, stores["west"])
    assert not Invitation.objects.exists()


def test_manager_cannot_reinvite_a_trainer_from_their_store(manager, stores):
    # A manager holds the code of a slip; it must never open anyone but a learner's account.
    UserFactory(email=None, employee_number="T-1", home_store=stores["west"], roles=[TRAINER])
    with pytest.raises(PermissionDenied):
        invite(manager, stores["west"], employee_number="T-1")
    assert not Invitation.objects.exists()


# --- Resending and withdrawing


def test_resend_gives_a_new_link_and_the_old_one_stops_working(administrator, stores):
    invitation, old_token = invite(administrator, stores["west"])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    invitation, new_token = invitation_resend(invitation=invitation, actor=administrator)
    assert new_token != old_token
    assert invitation_for_token(old_token) is None
    assert invitation_for_token(new_token) == invitation
    assert invitation.send_count == 2
    assert invitation_status(invitation) == InvitationStatus.OPEN


def test_resend_of_a_withdrawn_or_accepted_invitation_is_refused(administrator, stores):
    withdrawn, _token = invite(administrator, stores["west"])
    invitation_withdraw(invitation=withdrawn, actor=administrator)
    with pytest.raises(ValidationError, match="withdrawn"):
        invitation_resend(invitation=withdrawn, actor=administrator)

    accepted, _token = invite(administrator, stores["west"], email="other@example.com")
    invitation_accept(invitation=accepted, password=NEW_PASSWORD)
    with pytest.raises(ValidationError, match="accepted"):
        invitation_resend(invitation=accepted, actor=administrator)


def test_withdrawing_twice_is_harmless(administrator, stores):
    invitation, _token = invite(administrator, stores["west"])
    first = invitation_withdraw(invitation=invitation, actor=administrator)
    again = invitation_withdraw(invitation=invitation, actor=administrator)
    assert again.withdrawn_at == first.withdrawn_at
    assert audit_actions(invitation.person).count("people.invitation_withdrawn") == 1


def test_manager_cannot_resend_or_withdraw_a_trainers_invitation(administrator, manager, stores):
    invitation, _token = invite(administrator, stores["west"], role=TRAINER)
    with pytest.raises(PermissionDenied):
        invitation_resend(invitation=invitation, actor=manager)
    with pytest.raises(PermissionDenied):
        invitation_withdraw(invitation=invitation, actor=manager)


# --- Accepting


def test_accepting_sets_the_password_and_verifies_the_email(administrator, stores):
    invitation, _token = invite(administrator, stores["west"])
    person = invitation_accept(invitation=invitation, password=NEW_PASSWORD)
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    invitation.refresh_from_db()
    assert invitation_status(invitation) == InvitationStatus.ACCEPTED
    address = EmailAddress.objects.get(user=person)
    assert (address.email, address.primary, address.verified) == ("nina@example.com", True, True)
    assert "people.invitation_accepted" in audit_actions(person)


def test_an_invitation_is_accepted_only_once(administrator, stores):
    invitation, _token = invite(administrator, stores["west"])
    invitation_accept(invitation=invitation, password=NEW_PASSWORD)
    with pytest.raises(InvitationUnusable) as error:
        invitation_accept(invitation=invitation, password="another-long-passphrase-7")
    assert error.value.reason == InvitationStatus.ACCEPTED
    invitation.person.refresh_from_db()
    assert invitation.person.check_password(NEW_PASSWORD)


def test_an_expired_invitation_cannot_be_accepted(administrator, stores):
    invitation, _token = invite(administrator, stores["west"])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    with pytest.raises(InvitationUnusable) as error:
        invitation_accept(invitation=invitation, password=NEW_PASSWORD)
    assert error.value.reason == InvitationStatus.EXPIRED


def test_a_weak_password_is_refused_by_the_validators(administrator, stores):
    invitation, _token = invite(administrator, stores["west"])
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, password="12345678")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not invitation.person.has_usable_password()


# --- Slip codes


def test_slip_code_works_however_it_is_typed(administrator, stores):
    invitation, code = invite(administrator, stores["west"], employee_number="E-7")
    typed = code.replace("-", " ").lower()
    assert invitation_for_code(employee_number=" e-7 ", code=typed) == invitation


def test_sixth_code_is_refused_even_when_right(administrator, stores):
    invitation, code = invite(administrator, stores["west"], employee_number="E-7")
    for attempt in range(1, MAX_CODE_ATTEMPTS + 1):
        with pytest.raises(InvitationUnusable) as error:
            invitation_for_code(employee_number="E-7", code="AAAA-AAAA-AA")
        expected = InvitationUnusable.LOCKED if attempt == MAX_CODE_ATTEMPTS else "invalid"
        assert error.value.reason == expected
    with pytest.raises(InvitationUnusable) as error:
        invitation_for_code(employee_number="E-7", code=code)
    assert error.value.reason == InvitationUnusable.LOCKED
    invitation.refresh_from_db()
    assert invitation.failed_code_attempts == MAX_CODE_ATTEMPTS

    invitation, new_code = invitation_resend(invitation=invitation, actor=administrator)
    assert invitation_for_code(employee_number="E-7", code=new_code) == invitation
    with pytest.raises(InvitationUnusable):
        invitation_for_code(employee_number="E-7", code=code)


def test_slip_code_works_once(administrator, stores):
    invitation, code = invite(administrator, stores["west"], employee_number="E-7")
    invitation_accept(
        invitation=invitation_for_code(employee_number="E-7", code=code), password=NEW_PASSWORD
    )
    with pytest.raises(InvitationUnusable) as error:
        invitation_for_code(employee_number="E-7", code=code)
    assert error.value.reason == InvitationStatus.ACCEPTED
    # No e-mail was proven, so none is marked verified.
    assert not EmailAddress.objects.filter(user=invitation.person).exists()


def test_unknown_employee_number_is_simply_not_valid(administrator, stores):
    with pytest.raises(InvitationUnusable) as error:
        invitation_for_code(employee_number="E-404", code="AAAA-AAAA-AA")
    assert error.value.reason == InvitationUnusable.INVALID


# --- Reading


def test_manager_sees_only_invitations_in_their_scope(administrator, manager, stores):
    mine, _token = invite(manager, stores["west_2"], email="mine@example.com")
    invite(administrator, stores["east"], email="theirs@example.com")
    assert list(invitations_in_scope(manager)) == [mine]
    assert invitations_in_scope(administrator).count() == 2
    assert not invitations_in_scope(LearnerFactory(home_store=stores["west"])).exists()


def test_status_is_worked_out_from_the_dates(administrator, stores):
    def person(name):
        return invite(administrator, stores["west"], email=f"{name}@example.com")[0]

    open_, expired, accepted, withdrawn = (person(n) for n in ("o", "e", "a", "w"))
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    invitation_accept(invitation=accepted, password=NEW_PASSWORD)
    invitation_withdraw(invitation=withdrawn, actor=administrator)

    statuses = dict(invitations_in_scope(administrator).values_list("pk", "status"))
    assert statuses == {
        open_.pk: "open",
        expired.pk: "expired",
        accepted.pk: "accepted",
        withdrawn.pk: "withdrawn",
    }
    for status, invitation in [
        ("open", open_),
        ("expired", expired),
        ("accepted", accepted),
        ("withdrawn", withdrawn),
    ]:
        assert list(invitations_in_scope(administrator, status=status)) == [invitation]


def test_search_finds_invitations_by_name(administrator, stores):
    wanted, _token = invite(administrator, stores["west"], full_name="Zuzana Horváthová")
    invite(administrator, stores["west"], full_name="Peter Kováč", email="peter@example.com")
    assert list(invitations_in_scope(administrator, search="horváth")) == [wanted]


def test_invitation_actions_are_named_in_the_audit_log():
    registry = LogActionRegistry()
    register_invitation_log_actions(registry)
    for action in (
        "people.invited",
        "people.invitation_resent",
        "people.invitation_withdrawn",
        "people.invitation_accepted",
    ):
        assert action in registry.formatters


def test_invitation_actions_are_registered_through_a_wagtail_hook():
    registry = LogActionRegistry()
    registry.scan_for_actions()
    assert registry.action_exists("people.invited")
