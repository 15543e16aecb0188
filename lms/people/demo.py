"""The demo company and its accounts, for ``manage.py load_initial_data``."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.db import transaction

from .models import OrgUnit, User
from .roles import ADMINISTRATOR, HEAD_TRAINER, LEARNER, MANAGER, TRAINER
from .selectors import two_factor_status
from .services import job_role_create, manager_scope_grant, org_unit_create, user_create

# Administrators, head trainers and managers must use two-factor authentication. The demo
# gives their accounts an authenticator with this published secret: add it to any
# authenticator app, or print the current code with `manage.py demo_code EMAIL`.
DEMO_TOTP_SECRET = "DEMOACADEMYDEMOACADEMYDEMOACADEM"  # noqa: S105 (published on purpose)

COMPANY = {"code": "academy-retail", "name": "Alder & Finch Retail", "tz": "Europe/Bratislava"}
REGIONS = [
    {"code": "central-europe", "name": "Central Europe", "tz": "Europe/Bratislava"},
    {"code": "central-asia", "name": "Central Asia", "tz": "Asia/Bishkek"},
]
STORES = [
    {"code": "ba-01", "name": "Bratislava Old Town", "region": "central-europe"},
    {"code": "ke-01", "name": "Košice Centre", "region": "central-europe"},
    {"code": "fr-01", "name": "Bishkek Frunze Street", "region": "central-asia"},
    {"code": "os-01", "name": "Osh Bazaar Road", "region": "central-asia"},
]
JOB_ROLES = [
    ("sales-consultant", "Sales consultant"),
    ("cashier", "Cashier"),
    ("store-manager", "Store manager"),
    ("trainer", "Trainer"),
]

# Demo passwords are public on purpose: the demo is for trying the product.
DEMO_ACCOUNTS = [
    {
        "email": "admin@academy.example",
        "full_name": "Ada Administrator",
        "password": "demo-admin-2026",
        "roles": [ADMINISTRATOR],
        "superuser": True,
    },
    {
        "email": "head.trainer@academy.example",
        "full_name": "Helena Horváthová",
        "password": "demo-head-trainer-2026",
        "roles": [HEAD_TRAINER],
        "job_role": "trainer",
        "language": "sk",
    },
    {
        "email": "trainer@academy.example",
        "full_name": "Tomáš Kováč",
        "password": "demo-trainer-2026",
        "roles": [TRAINER],
        "job_role": "trainer",
    },
    {
        "email": "manager@academy.example",
        "full_name": "Marek Novák",
        "password": "demo-manager-2026",
        "roles": [MANAGER],
        "job_role": "store-manager",
        "store": "ba-01",
        "scope": ["central-europe"],
    },
    {
        "email": "learner@academy.example",
        "full_name": "Lucia Bieliková",
        "password": "demo-learner-2026",
        "roles": [LEARNER],
        "job_role": "sales-consultant",
        "store": "ba-01",
        "hire_date": "2026-11-02",
    },
    {
        "email": "aigul@academy.example",
        "employee_number": "FR-0042",
        "full_name": "Айгүл Осмонова",
        "password": "demo-learner-ky-2026",
        "roles": [LEARNER],
        "job_role": "cashier",
        "store": "fr-01",
        "language": "ky",
        "hire_date": "2026-10-19",
    },
    # Learners at each stage of their onboarding (``lms/learning/demo.py`` sets it up).
    {
        "email": "peter@academy.example",
        "full_name": "Peter Horák",
        "password": "demo-learner-2026",
        "roles": [LEARNER],
        "job_role": "sales-consultant",
        "store": "ke-01",
        "language": "sk",
        "hire_date": "2026-11-16",
    },
    {
        "email": "olga@academy.example",
        "full_name": "Oľga Kráľová",
        "password": "demo-learner-2026",
        "roles": [LEARNER],
        "job_role": "sales-consultant",
        "store": "ke-01",
        "language": "sk",
        "hire_date": "2026-09-01",
    },
    {
        "email": "karol@academy.example",
        "full_name": "Karol Šimko",
        "password": "demo-learner-2026",
        "roles": [LEARNER],
        "job_role": "sales-consultant",
        "store": "ba-01",
        "hire_date": "2026-08-03",
    },
]


@transaction.atomic
def load_demo_people() -> list[dict]:
    """Create the demo company, roles and accounts; leave whatever already exists."""
    company = org_unit_create(
        name=COMPANY["name"],
        code=COMPANY["code"],
        kind=OrgUnit.Kind.COMPANY,
        time_zone=COMPANY["tz"],
    )
    units = {company.code: company}
    for region in REGIONS:
        units[region["code"]] = org_unit_create(
            name=region["name"],
            code=region["code"],
            kind=OrgUnit.Kind.REGION,
            parent=OrgUnit.objects.get(pk=company.pk),
            time_zone=region["tz"],
        )
    for store in STORES:
        units[store["code"]] = org_unit_create(
            name=store["name"],
            code=store["code"],
            kind=OrgUnit.Kind.STORE,
            parent=OrgUnit.objects.get(code=store["region"]),
        )
    roles = {code: job_role_create(code=code, name=name) for code, name in JOB_ROLES}

    for account in DEMO_ACCOUNTS:
        if User.objects.filter(email__iexact=account["email"]).exists():
            continue
        user = user_create(
            email=account["email"],
            employee_number=account.get("employee_number"),
            full_name=account["full_name"],
            password=account["password"],
            roles=account["roles"],
            job_role=roles.get(account.get("job_role")),
            home_store=units.get(account.get("store")),
            hire_date=account.get("hire_date"),
            preferred_language=account.get("language", "en"),
            is_superuser=account.get("superuser", False),
        )
        for code in account.get("scope", []):
            manager_scope_grant(manager=user, unit=OrgUnit.objects.get(code=code))
        if two_factor_status(user)[0]:
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return DEMO_ACCOUNTS


def demo_totp_secret(user: User) -> str | None:
    """The demo secret if this account's authenticator uses it, else None."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    secret = decrypt(authenticator.data["secret"])
    return secret if secret == DEMO_TOTP_SECRET else None
