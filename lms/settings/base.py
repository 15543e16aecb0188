"""Settings shared by every environment, read from the environment where a deployer may change them.

Each variable is documented in the README's configuration table.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# The public address of the site, used in e-mails, QR codes and Wagtail's admin links.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    # Our apps first so their templates override the libraries' ones.
    "lms.people",
    "lms.jobs",
    "lms.notifications",
    "lms.learning",
    "lms.certificates",
    "lms.recognition",
    "lms.dashboards",
    "content",
    "quizzes",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.people.apps.AcademyUsersAppConfig",  # wagtail.users with our user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.people.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.people.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lms.people.middleware.AccountSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site",
            ],
        },
    },
]

# --- Database: DATABASE_URL, SQLite in the project folder by default.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: the Celery broker and the shared cache. Without it, tasks run in-process
# and the cache is per process, so the site works with nothing else running.
REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "academy"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery (lms/celery.py reads every CELERY_* name here).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# In-process tasks record their own failures (a failed job shows its error on its page)
# instead of turning the request that queued them into an error page.
CELERY_TASK_EAGER_PROPAGATES = False
# Tasks that must not be lost: acknowledge only when done, give the message back when
# the worker process dies, and take one message at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("CELERY_WORKER_MAX_MEMORY_KB", "400000"))
# A task taken by a worker whose main process died goes back to the queue after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "jobs-purge-finished": {
        "task": "lms.jobs.tasks.purge_finished_jobs",
        "schedule": 24 * 60 * 60,
    },
    "learning-purge-reminders-sent": {
        "task": "lms.learning.tasks.purge_reminders_sent",
        "schedule": 24 * 60 * 60,
    },
    "dashboards-purge-team-exports": {
        "task": "lms.dashboards.tasks.purge_team_exports",
        "schedule": 24 * 60 * 60,
    },
    # An exam attempt left open past its deadline is closed and graded within a minute.
    "quizzes-close-overdue-attempts": {
        "task": "quizzes.tasks.close_overdue_attempts",
        "schedule": 60,
    },
    # Hourly: each store's reminders go out at the first run after its local morning hour.
    "learning-send-reminders": {
        "task": "lms.learning.tasks.send_reminders",
        "schedule": crontab(minute=5),
    },
    # Hourly: each unit's month is granted at the first run after it ended in the unit's
    # time zone; proposed awards left unconfirmed long enough are confirmed.
    "recognition-grant-awards": {
        "task": "lms.recognition.tasks.grant_awards",
        "schedule": crontab(minute=15),
    },
}

# Manager pages: a certificate expiring within this many days shows as "expiring soon".
DASHBOARD_EXPIRING_DAYS = int(os.environ.get("DASHBOARD_EXPIRING_DAYS", "30"))
# A team overview download of more rows than this is prepared by a worker, with progress.
DASHBOARD_EXPORT_INLINE_ROWS = int(os.environ.get("DASHBOARD_EXPORT_INLINE_ROWS", "5000"))

# The local hour (0-23, in each store's time zone) from which the day's reminders are sent,
# and the days before a due date on which a learner is reminded.
LEARNING_REMINDER_HOUR = int(os.environ.get("LEARNING_REMINDER_HOUR", "8"))
LEARNING_REMINDER_DAYS_BEFORE = tuple(
    int(days) for days in env_list("LEARNING_REMINDER_DAYS_BEFORE", "3,1")
)
# The record of reminders sent (which stops a second one the same day) is kept this long.
LEARNING_REMINDERS_KEEP_DAYS = int(os.environ.get("LEARNING_REMINDERS_KEEP_DAYS", "90"))

# Seconds after an exam attempt's deadline during which answers are still accepted, for
# saves already on their way when the time ran out.
EXAM_GRACE_SECONDS = int(os.environ.get("EXAM_GRACE_SECONDS", "30"))

# --- Wagtail's own background work (reference index, image renditions, file clean-up)
# goes through django-tasks. Without Redis it runs in the request; with Redis it is
# handed to our Celery workers.
TASKS = {
    "default": {
        "BACKEND": (
            "lms.jobs.task_backends.CeleryTaskBackend"
            if REDIS_URL
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Authentication
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "learning:my_learning"

# django-allauth, with its current setting names. People sign in with their e-mail or,
# when they have none, their employee number (allauth's "username" login method).
ACCOUNT_ADAPTER = "lms.people.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "lms.people.forms.LoginForm",
    "add_email": "lms.people.forms.AddEmailForm",
    "reset_password": "lms.people.forms.ResetPasswordForm",
    "signup": "lms.people.forms.SignupForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{os.environ.get('SITE_NAME', 'Service Standards Academy')}] "
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "employee_number"
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_UNIQUE_EMAIL = True
# Invited people prove their address by following the invitation; a changed address is
# verified before it replaces the old one.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SESSION_REMEMBER = False
# A signed-in person sent to the login page (e.g. a learner opening /admin/) sees it, with
# the reason, instead of bouncing back to where they came from.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits count in the cache, so with REDIS_URL they hold across every
# web process. Failed logins: 10 a minute per address, 5 per 5 minutes per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
# Staff are invited, never self-registered; listed e-mail domains may sign themselves up.
SIGNUP_EMAIL_DOMAINS = [domain.lower() for domain in env_list("SIGNUP_EMAIL_DOMAINS")]

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SITE_NAME", "Service Standards Academy")
# Minutes without a request before a session ends: for roles that hold other people's
# data (they must also use two-factor authentication), and for everyone else.
SESSION_IDLE_TIMEOUT_PRIVILEGED_MINUTES = int(
    os.environ.get("SESSION_IDLE_TIMEOUT_PRIVILEGED_MINUTES", "30")
)
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "480"))

# Single sign-on through OpenID Connect, on when OIDC_CLIENT_ID is set. It signs in only
# people who already have an account, matched by an e-mail the provider has verified.
SOCIALACCOUNT_ADAPTER = "lms.people.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_PROVIDERS = {}
if os.environ.get("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": os.environ.get("OIDC_PROVIDER_ID", "company"),
                "name": os.environ.get("OIDC_NAME", "Company account"),
                "client_id": os.environ["OIDC_CLIENT_ID"],
                "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": os.environ.get("OIDC_SERVER_URL", "")},
            }
        ],
    }

# The Wagtail admin signs in through the same allauth login (rate limits, two-factor);
# passwords and e-mail addresses are managed there too, not in Wagtail's own forms.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# --- Languages. UI strings come from locale/; content from Wagtail's localisation.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("sk", "Slovenčina"),
    ("ro", "Română"),
    ("ky", "Кыргызча"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# The company's default zone; each org unit may set its own.
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Bratislava")

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A translation is published through the approval workflow, never by syncing.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Service Standards Academy")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Lesson videos (VideoBlock) and their WebVTT captions are uploaded as documents: the site
# must work on a closed network, so video is never embedded from elsewhere.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "mp4", "webm", "vtt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(
    os.environ.get("DOCUMENT_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024))
)
# Phones (Safari on iPhones above all) play video only when the server answers byte-range
# requests, which Wagtail's own document view does not. "direct" links documents straight
# to MEDIA_URL, served by the web server or object storage, which do.
if os.environ.get("DOCUMENTS_SERVE_METHOD"):
    WAGTAILDOCS_SERVE_METHOD = os.environ["DOCUMENTS_SERVE_METHOD"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILUSERS_PASSWORD_REQUIRED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # MEDIA_STORAGE_BACKEND swaps in shared object storage on several machines.
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "academy@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Sessions
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per Wagtail search/reference-index update is noise, not news.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # WeasyPrint's "Step 1 - Fetching and parsing HTML" for every certificate.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# Finished background job records are kept this many days for their pages to show.
JOBS_KEEP_DAYS = int(os.environ.get("JOBS_KEEP_DAYS", "30"))

# --- Invitations: days an invitation link or slip code stays valid.
INVITATION_EXPIRY_DAYS = int(os.environ.get("INVITATION_EXPIRY_DAYS", "7"))
# Largest staff CSV accepted, in bytes.
STAFF_IMPORT_MAX_BYTES = int(os.environ.get("STAFF_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))

# --- Certificates: lookups of the public verification page allowed per client address,
# as "count/seconds". Counted in the cache (Redis when REDIS_URL is set), so the limit
# holds across every web node; the address is the one allauth's rate limits use
# (TRUSTED_PROXY_COUNT behind a load balancer).
CERTIFICATE_VERIFY_RATE = os.environ.get("CERTIFICATE_VERIFY_RATE", "20/600")
