"""People and the organisation they work in.

One organisation per installation: a tree of units (company, regions, stores), each with
a time zone that its descendants inherit unless they set their own.
"""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

TIME_ZONE_CHOICES = sorted((name, name) for name in zoneinfo.available_timezones())


class OrgUnit(MP_Node):
    """A unit of the organisation tree: the company, a region, a store."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        REGION = "region", _("Region")
        STORE = "store", _("Store")

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short unique code used in imports and reports, e.g. BA-01."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        choices=TIME_ZONE_CHOICES,
        help_text=_("Leave blank to use the time zone of the unit above."),
    )

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self):
        return self.name

    def clean(self):
        if self.depth == 1 and not self.time_zone:
            raise ValidationError({"time_zone": _("The top unit must have a time zone.")})

    @cached_property
    def effective_time_zone(self) -> str:
        """The unit's own zone, else the nearest ancestor's, else the installation's."""
        if self.time_zone:
            return self.time_zone
        for ancestor in reversed(self.get_ancestors()):
            if ancestor.time_zone:
                return ancestor.time_zone
        return settings.TIME_ZONE

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.effective_time_zone)


class JobRole(models.Model):
    """What a person does in a store (sales consultant, cashier, store manager...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    """Creates people by e-mail and/or employee number."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email) or None
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        extra_fields.setdefault("is_staff", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields["is_superuser"] = True
        extra_fields["is_staff"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Logins by e-mail ignore case, as the unique constraint does.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who learns, trains, manages or administers.

    Frontline staff often have no work e-mail, so a person has an e-mail, an employee
    number, or both, never neither.
    """

    email = models.EmailField(_("e-mail"), blank=True, null=True, unique=True)
    employee_number = models.CharField(
        _("employee number"), max_length=40, blank=True, null=True, unique=True
    )
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    job_role = models.ForeignKey(
        JobRole,
        verbose_name=_("job role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    home_store = models.ForeignKey(
        OrgUnit,
        verbose_name=_("home store"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("Lets the person open the low-level Django admin."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        permissions = [("view_manager_pages", _("Can see the manager pages for their scope"))]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="people_user_email_unique_ignoring_case",
                violation_error_message=_("A person with this e-mail already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(employee_number__isnull=False),
                name="people_user_has_email_or_employee_number",
                violation_error_message=_("Give an e-mail, an employee number, or both."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email or self.employee_number or str(self.pk)

    def clean(self):
        super().clean()
        # Blank must be stored as NULL, or two people without one would clash.
        self.email = self.__class__.objects.normalize_email(self.email) or None
        self.employee_number = (self.employee_number or "").strip() or None
        if not self.email and not self.employee_number:
            raise ValidationError(_("Give an e-mail, an employee number, or both."))

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else ""


class ManagerScope(models.Model):
    """A unit a manager covers, with everything below it."""

    manager = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="scopes", verbose_name=_("manager")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="manager_scopes", verbose_name=_("unit")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("manager scope")
        verbose_name_plural = _("manager scopes")
        constraints = [
            models.UniqueConstraint(fields=["manager", "unit"], name="people_scope_unique"),
        ]

    def __str__(self):
        return f"{self.manager} → {self.unit}"
