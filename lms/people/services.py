"""Writes about people and the organisation. Each validates, and is safe to call twice."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.log_actions import log

from .models import JobRole, ManagerScope, OrgUnit, User
from .roles import GROUP_PERMISSIONS


def org_unit_create(
    *, name: str, code: str, kind: str, parent: OrgUnit | None = None, time_zone: str = ""
) -> OrgUnit:
    """Add a unit under ``parent`` (or as the top of the tree); returns the existing one by code."""
    existing = OrgUnit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    # The depth lets the model's checks know whether this is the top unit.
    depth = 1 if parent is None else parent.depth + 1
    unit = OrgUnit(name=name, code=code, kind=kind, time_zone=time_zone, depth=depth)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return OrgUnit.add_root(instance=unit)
    return parent.add_child(instance=unit)


def job_role_create(*, code: str, name: str) -> JobRole:
    """Create a job role, or return the one with this code."""
    role, _created = JobRole.objects.get_or_create(code=code, defaults={"name": name})
    return role


def user_create(
    *,
    full_name: str,
    email: str | None = None,
    employee_number: str | None = None,
    password: str | None = None,
    roles: list[str] | tuple[str, ...] = (),
    **fields,
) -> User:
    """Create a person with the given roles (group names); ``password=None`` means unusable."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            employee_number=employee_number,
            **fields,
        )
        if roles:
            user.groups.set(Group.objects.filter(name__in=roles))
    return user


def user_set_roles(*, user: User, roles: list[str], actor: User | None = None) -> User:
    """Give the user exactly these roles; a change is written to the audit log."""
    unknown = set(roles) - set(GROUP_PERMISSIONS)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    with transaction.atomic():
        before = set(user.groups.values_list("name", flat=True))
        if before == set(roles):
            return user
        user.groups.set(Group.objects.filter(name__in=roles))
        log(
            instance=user,
            action="people.roles_changed",
            user=actor,
            data={"before": sorted(before), "after": sorted(roles)},
        )
    return user


def manager_scope_grant(*, manager: User, unit: OrgUnit, actor: User | None = None) -> ManagerScope:
    """Let ``manager`` see ``unit`` and everything below it. Logged."""
    with transaction.atomic():
        scope, created = ManagerScope.objects.get_or_create(manager=manager, unit=unit)
        if created:
            log(
                instance=manager,
                action="people.scope_granted",
                user=actor,
                data={"unit": unit.code},
            )
    return scope


def manager_scope_revoke(*, manager: User, unit: OrgUnit, actor: User | None = None) -> None:
    """Take ``unit`` out of the manager's scope. Logged."""
    with transaction.atomic():
        deleted, _ = ManagerScope.objects.filter(manager=manager, unit=unit).delete()
        if deleted:
            log(
                instance=manager,
                action="people.scope_revoked",
                user=actor,
                data={"unit": unit.code},
            )


def user_set_language(*, user: User, language: str) -> User:
    """Remember the language a person chose; ignored if it is not offered."""
    from django.conf import settings

    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


def user_update_profile(*, user: User, full_name: str, preferred_language: str) -> User:
    """Save what a person changed on their account page."""
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "preferred_language"])
    return user
