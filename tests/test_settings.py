"""Production settings pass the deployment checks once the documented variables are set."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
# The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a deployment never does.
TEST_ONLY_VARIABLES = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}


def _environment(**extra):
    base = {key: value for key, value in os.environ.items() if key not in TEST_ONLY_VARIABLES}
    return {**base, "DJANGO_SETTINGS_MODULE": "lms.settings.production", **extra}


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "manage.py", *args],
        cwd=PROJECT_DIR,
        env=_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_documented_variables():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-value-1234567890",
        ALLOWED_HOSTS="academy.example.com",
        SITE_URL="https://academy.example.com",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_documents_can_link_straight_to_media_for_byte_range_video():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; from wagtail.documents.models import Document; "
        "d = Document(title='v', file='documents/v.mp4', collection_id=1); print(d.url)",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="academy.example.com",
        SITE_URL="https://academy.example.com",
        DOCUMENTS_SERVE_METHOD="direct",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "/media/documents/v.mp4"
