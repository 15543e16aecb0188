"""Invitation pages: the list and the form for those who invite, and the pages where an
invited person sets their first password (from an e-mail link or a printed slip).

Who may see and change which invitation is decided by ``invitations`` (services and
selectors); the views only turn requests into calls and answers into pages.
"""

import segno
from allauth.account.utils import perform_login
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .invitation_forms import (
    ActivationForm,
    BulkInvitationForm,
    InvitationFilterForm,
    InvitationForm,
    InvitationPasswordForm,
)
from .invitations import (
    InvitationStatus,
    InvitationUnusable,
    invitation_accept,
    invitation_activation_url,
    invitation_create,
    invitation_for_code,
    invitation_for_token,
    invitation_is_locked,
    invitation_resend,
    invitation_status,
    invitation_withdraw,
    invitations_create_for_people,
    invitations_in_scope,
    people_awaiting_invitation,
)
from .models import Invitation
from .roles import LEARNER, ROLE_LABELS
from .selectors import user_is_administrator

PAGE_SIZE = 25
# People listed at most on the page that invites many at once.
BULK_LIMIT = 200
# Plain slip codes, by invitation id, between creating (or resending) and printing.
SLIP_CODES_SESSION_KEY = "people.invitation_slip_codes"
# The slip invitation whose code this visitor has entered, waiting for a password.
ACTIVATION_SESSION_KEY = "people.invitation_activation"

may_invite = permission_required("people.add_invitation", raise_exception=True)


# --- For those who invite


@login_required
@may_invite
def invitation_list(request):
    """Invitations in the user's scope: search, filter by status, 25 to a page."""
    filter_form = InvitationFilterForm(request.GET or None)
    search = status = ""
    if filter_form.is_valid():
        search = filter_form.cleaned_data["q"]
        status = filter_form.cleaned_data["status"]
    invitations = invitations_in_scope(request.user, search=search, status=status)
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    is_administrator = user_is_administrator(request.user)
    for invitation in page:
        invitation.status_label = InvitationStatus(invitation.status).label
        invitation.role_label = ROLE_LABELS.get(invitation.role, invitation.role)
        invitation.is_locked = invitation_is_locked(invitation)
        # Display only: the services refuse a manager anything but a learner's invitation.
        invitation.may_change = invitation.status in {
            InvitationStatus.OPEN,
            InvitationStatus.EXPIRED,
        } and (is_administrator or invitation.role == LEARNER)
    return render(
        request,
        "people/invitation_list.html",
        {"filter_form": filter_form, "page": page, "is_filtered": bool(search or status)},
    )


@login_required
@may_invite
def invitation_new(request):
    """Invite a person; a slip invitation goes straight to its printable slip."""
    form = InvitationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, secret = invitation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            return _after_sending(request, invitation, secret)
    return render(request, "people/invitation_form.html", {"form": form})


@require_POST
@login_required
@may_invite
def invitation_resend_view(request, pk):
    """Send an invitation again with a new link or code."""
    invitation = get_object_or_404(invitations_in_scope(request.user), pk=pk)
    try:
        invitation, secret = invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:invitation_list")
    return _after_sending(request, invitation, secret)


@require_POST
@login_required
@may_invite
def invitation_withdraw_view(request, pk):
    """Withdraw an invitation; its link then says so."""
    invitation = get_object_or_404(invitations_in_scope(request.user), pk=pk)
    try:
        invitation_withdraw(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation for %(name)s was withdrawn.") % {"name": invitation.person},
        )
    return redirect("people:invitation_list")


@never_cache
@login_required
@may_invite
def invitation_slip(request, pk):
    """The printable slip, shown once right after the code was made: it is stored only hashed."""
    invitation = get_object_or_404(
        invitations_in_scope(request.user), pk=pk, channel=Invitation.Channel.SLIP
    )
    codes = request.session.get(SLIP_CODES_SESSION_KEY, {})
    code = codes.pop(str(invitation.pk), None)
    if code is not None:
        request.session[SLIP_CODES_SESSION_KEY] = codes
    context = {
        "invitation": invitation,
        "person": invitation.person,
        "code": code,
        "may_resend": invitation.status in {InvitationStatus.OPEN, InvitationStatus.EXPIRED},
        "slip": _slip(invitation, code) if code is not None else None,
    }
    return render(request, "people/invitation_slip.html", context)


def _slip(invitation: Invitation, code: str) -> dict:
    """What one printed slip shows, in the language of the person who will read it."""
    person = invitation.person
    activation_url = invitation_activation_url(
        employee_number=person.employee_number, code=code, language=person.preferred_language
    )
    with translation.override(person.preferred_language):
        activation_address = settings.SITE_URL + reverse("people:invitation_activate")
        qr_code = _qr_svg(
            activation_url,
            label=_("QR code that opens the activation page with the code filled in"),
        )
    return {
        "invitation": invitation,
        "person": person,
        "code": code,
        "activation_url": activation_url,
        "activation_address": activation_address,
        "qr_code": qr_code,
    }


@login_required
@may_invite
def invitation_bulk(request):
    """Invite everyone in a store who cannot sign in yet (e.g. just imported from HR)."""
    form = BulkInvitationForm(request.POST or request.GET or None, actor=request.user)
    store = form.data.get("store") and form.is_valid() and form.cleaned_data.get("store")
    people = list(people_awaiting_invitation(request.user, store=store or None)[:BULK_LIMIT])
    if request.method == "POST" and form.is_valid():
        chosen_ids = {int(pk) for pk in request.POST.getlist("person") if pk.isdigit()}
        chosen = [person for person in people if person.pk in chosen_ids]
        if not chosen:
            messages.error(request, _("Choose at least one person to invite."))
        else:
            made, problems = invitations_create_for_people(actor=request.user, people=chosen)
            slips = {
                str(invitation.pk): secret
                for invitation, secret in made
                if invitation.channel == Invitation.Channel.SLIP
            }
            codes = request.session.get(SLIP_CODES_SESSION_KEY, {})
            codes.update(slips)
            request.session[SLIP_CODES_SESSION_KEY] = codes
            if made:
                messages.success(
                    request,
                    _("%(sent)d invitations made: %(emails)d by e-mail, %(slips)d on slips.")
                    % {"sent": len(made), "emails": len(made) - len(slips), "slips": len(slips)},
                )
            for person, reason in problems:
                messages.error(request, f"{person}: {reason}")
            if slips:
                return redirect(reverse("people:invitation_slips") + "?ids=" + ",".join(slips))
            return redirect("people:invitation_list")
    return render(
        request,
        "people/invitation_bulk.html",
        {"form": form, "people": people, "limit": BULK_LIMIT},
    )


@login_required
@may_invite
def invitation_slips(request):
    """Several slips to print at once, each shown only this once (like a single slip)."""
    wanted = [pk for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]
    invitations = invitations_in_scope(request.user).filter(
        pk__in=wanted, channel=Invitation.Channel.SLIP
    )
    codes = request.session.get(SLIP_CODES_SESSION_KEY, {})
    slips = []
    for invitation in invitations.order_by("person__home_store__name", "person__full_name"):
        code = codes.pop(str(invitation.pk), None)
        if code is not None:
            slips.append(_slip(invitation, code))
    request.session[SLIP_CODES_SESSION_KEY] = codes
    return render(request, "people/invitation_slips.html", {"slips": slips})


# --- For the invited person


@never_cache
def invitation_accept_view(request, token):
    """The e-mail link: choose a password, then straight into My learning."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return _unusable(request, InvitationUnusable.INVALID, channel=Invitation.Channel.EMAIL)
    status = invitation_status(invitation)
    if status != InvitationStatus.OPEN:
        return _unusable(request, status, channel=Invitation.Channel.EMAIL)
    return _set_password(request, invitation)


@never_cache
def invitation_activate(request):
    """The slip: employee number and code (filled in when the QR code was scanned)."""
    initial = {key: request.GET.get(key, "") for key in ("employee_number", "code")}
    form = ActivationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        employee_number = form.cleaned_data["employee_number"].strip()
        # allauth's limit on failed logins, per address and per employee number.
        if not ratelimit.consume(
            request, action="login_failed", key=f"invitation:{employee_number.lower()}"
        ):
            form.add_error(None, _("Too many attempts. Wait a few minutes, then try again."))
            status = 429
        else:
            try:
                invitation = invitation_for_code(
                    employee_number=employee_number, code=form.cleaned_data["code"]
                )
            except InvitationUnusable as error:
                form.add_error(None, _activation_error(error.reason))
            else:
                request.session[ACTIVATION_SESSION_KEY] = {
                    "invitation": invitation.pk,
                    "fingerprint": _activation_fingerprint(invitation),
                }
                return redirect("people:invitation_activate_password")
    return render(request, "people/invitation_activate.html", {"form": form}, status=status)


@never_cache
def invitation_activate_password(request):
    """After a right slip code: choose a password, then straight into My learning."""
    pending = request.session.get(ACTIVATION_SESSION_KEY) or {}
    invitation = (
        Invitation.objects.select_related("person")
        .filter(pk=pending.get("invitation"), channel=Invitation.Channel.SLIP)
        .first()
    )
    # A resend makes a new code, and with it a new fingerprint: the old code's step ends.
    if invitation is None or pending.get("fingerprint") != _activation_fingerprint(invitation):
        request.session.pop(ACTIVATION_SESSION_KEY, None)
        messages.info(request, _("Enter your employee number and the code from your slip."))
        return redirect("people:invitation_activate")
    status = invitation_status(invitation)
    if status != InvitationStatus.OPEN:
        return _unusable(request, status, channel=Invitation.Channel.SLIP)
    return _set_password(request, invitation)


# --- Helpers


def _after_sending(request, invitation, secret):
    """Say what happened; a slip's code is kept in the session for the one print."""
    person = invitation.person
    if invitation.channel == Invitation.Channel.SLIP:
        codes = request.session.get(SLIP_CODES_SESSION_KEY, {})
        codes[str(invitation.pk)] = secret
        request.session[SLIP_CODES_SESSION_KEY] = codes
        messages.success(
            request,
            _("A new code for %(name)s is ready. Print the slip and hand it over.")
            % {"name": person},
        )
        return redirect("people:invitation_slip", pk=invitation.pk)
    messages.success(
        request,
        _("The invitation was sent to %(email)s.") % {"email": person.email},
    )
    return redirect("people:invitation_list")


def _set_password(request, invitation):
    person = invitation.person
    form = InvitationPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except InvitationUnusable as error:
            return _unusable(request, error.reason, channel=invitation.channel)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            request.session.pop(ACTIVATION_SESSION_KEY, None)
            language = person.preferred_language
            with translation.override(language):
                messages.success(request, _("Your password is set. Welcome!"))
                my_learning = reverse("learning:my_learning")
            return perform_login(request, person, redirect_url=my_learning)
    return render(
        request,
        "people/invitation_accept.html",
        {"form": form, "person": person, "invitation": invitation},
    )


def _unusable(request, reason, *, channel):
    """Say plainly why a link or code cannot be used, and what to do instead."""
    return render(
        request,
        "people/invitation_unusable.html",
        {"reason": str(reason), "channel": channel},
        # Unknown: not found. Known but over (used, expired, withdrawn, locked): gone.
        status=404 if reason == InvitationUnusable.INVALID else 410,
    )


def _activation_error(reason: str) -> str:
    if reason == InvitationUnusable.INVALID:
        return _("The employee number or the code is not right. Check your slip and try again.")
    if reason == InvitationUnusable.LOCKED:
        return _(
            "Too many wrong codes were tried, so this code no longer works. "
            "Ask your manager for a new slip."
        )
    if reason == InvitationStatus.ACCEPTED:
        return _("This code has been used already. Log in with your password instead.")
    if reason == InvitationStatus.EXPIRED:
        return _("This code has expired. Ask your manager for a new slip.")
    return _("This invitation was withdrawn. Ask your manager if you think this is a mistake.")


def _activation_fingerprint(invitation) -> str:
    return salted_hmac("people.invitation_activation", invitation.code_hash).hexdigest()


def _add_service_error(form, error: ValidationError) -> None:
    """Put a service's errors next to the form's fields, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _qr_svg(url: str, *, label: str) -> str:
    """An inline SVG QR code; the page needs no image request and works offline."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, svgclass="slip__qr", lineclass=None, title=label
    )
    return svg.replace("<svg", f'<svg role="img" aria-label="{escape(label)}"', 1)
