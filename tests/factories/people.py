"""Factories for people, units and roles."""

import time

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

from lms.people.models import JobRole, OrgUnit, User
from lms.people.roles import LEARNER, MANAGER
from lms.people.selectors import two_factor_status

PASSWORD = "correct-horse-battery-9"
# The authenticator-app secret of every factory-made person who has two-factor set up.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app would show right now."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """A unit of the tree; with ``parent`` it is added below that unit, else as a new top."""

    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Company {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = OrgUnit.Kind.COMPANY
    time_zone = "Europe/Bratislava"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        unit = model_class(**kwargs)
        if parent is None:
            return model_class.add_root(instance=unit)
        return parent.add_child(instance=unit)


class RegionFactory(OrgUnitFactory):
    name = factory.Sequence(lambda n: f"Region {n}")
    kind = OrgUnit.Kind.REGION
    time_zone = ""
    parent = factory.SubFactory(OrgUnitFactory)


class StoreFactory(OrgUnitFactory):
    name = factory.Sequence(lambda n: f"Store {n}")
    kind = OrgUnit.Kind.STORE
    time_zone = ""
    parent = factory.SubFactory(RegionFactory)


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"Role {n}")


def _roles(default=()):
    """A post-generation hook giving the person ``roles=[...]`` (group names), or the default."""

    def give_roles(user, create, extracted, **kwargs):
        if not create:
            return
        names = default if extracted is None else extracted
        if names:
            user.groups.set(Group.objects.filter(name__in=names))
        user.save()

    return factory.PostGeneration(give_roles)


def _two_factor():
    """A post-generation hook: ``two_factor=True/False``; by default, set up exactly for
    the people whose role requires it, as it would be in real life."""

    def set_up(user, create, extracted, **kwargs):
        if not create:
            return
        wanted = two_factor_status(user)[0] if extracted is None else extracted
        has = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if wanted and not has:
            TOTP.activate(user, TOTP_SECRET)

    # Declared after ``roles`` in every factory, so the roles are there to look at.
    return factory.PostGeneration(set_up)


class UserFactory(factory.django.DjangoModelFactory):
    """A person with an e-mail and the shared test password."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Every real way in (admin form, import, invitation) stores the address this way.
        if kwargs.get("email"):
            kwargs["email"] = model_class.objects.normalize_email(kwargs["email"])
        return super()._create(model_class, *args, **kwargs)

    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    roles = _roles()
    two_factor = _two_factor()


class LearnerFactory(UserFactory):
    home_store = factory.SubFactory(StoreFactory)
    job_role = factory.SubFactory(JobRoleFactory)
    roles = _roles([LEARNER])
    two_factor = _two_factor()


class ManagerFactory(UserFactory):
    roles = _roles([MANAGER])
    two_factor = _two_factor()
