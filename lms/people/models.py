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

    @classmethod
    def normalize_email(cls, email):
        # allauth finds addresses by their lower-case form, for password resets and single
        # sign-on alike; an address stored as typed ("Lucia.B@...") would not be found.
        return (super().normalize_email(email) or "").strip().lower()

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

    email = models.EmailField(
        _("e-mail"),
        blank=True,
        null=True,
        unique=True,
        error_messages={"unique": _("A person with this e-mail already exists.")},
    )
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


class Invitation(models.Model):
    """An invitation for a person to set their password and start.

    The person's account exists from the moment they are invited (so onboarding rules and
    managers already see them) but has no usable password until they accept. Only hashes
    of the link token and the slip code are stored.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail link")
        SLIP = "slip", _("Printed slip with a code")

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    role = models.CharField(_("role"), max_length=50, default="Learner")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    code_hash = models.CharField(max_length=128, blank=True)
    failed_code_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # At most one open invitation per person: resending renews it.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="people_one_open_invitation_per_person",
            ),
        ]

    def __str__(self):
        return str(self.person)


class StaffImport(models.Model):
    """One uploaded staff CSV: its text, the preview report, and the job that applies it."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    uploaded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_imports",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.TextField(_("CSV text"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    preview = models.JSONField(_("preview report"), default=list, blank=True)
    report = models.JSONField(_("import report"), default=list, blank=True)
    job = models.OneToOneField(
        "jobs.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_import",
        verbose_name=_("background job"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")

    def __str__(self):
        return self.file_name
