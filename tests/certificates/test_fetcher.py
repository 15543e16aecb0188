"""The certificate fetcher reaches the project's own static and media files, and nothing else."""

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lms.certificates.rendering import (
    ORIGIN,
    FetchRefused,
    ProjectFilesFetcher,
    html_to_pdf,
    static_url,
)

# A one-pixel PNG.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b6c6"
    "c60000000049454e44ae426082"
)


class RecordingHandler(BaseHTTPRequestHandler):
    """Answers every GET (a PNG, or a redirect to a static file) and records its path."""

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", static_url("fonts/DejaVuSans.ttf"))
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PIXEL)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def loopback_server():
    """A tiny HTTP server on 127.0.0.1 that records every request it gets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def fetch(url: str) -> bytes:
    return ProjectFilesFetcher().fetch(url).read()


def test_serves_a_shipped_font_from_the_static_files():
    body = fetch(static_url("fonts/DejaVuSans.ttf"))
    assert body[:4] == b"\x00\x01\x00\x00"  # a TrueType font


def test_serves_a_media_file_through_the_storage():
    name = default_storage.save("images/pixel.png", ContentFile(PIXEL))
    assert fetch(f"{ORIGIN}/media/{name}") == PIXEL


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/x.png",
        "http://example.com/static/fonts/DejaVuSans.ttf",
        "http://127.0.0.1:9/static/fonts/DejaVuSans.ttf",
        "http://certificate.invalid@127.0.0.1:9/static/fonts/DejaVuSans.ttf",
        "file:///etc/passwd",
        f"{ORIGIN}/static/../../etc/passwd",
        f"{ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{ORIGIN}/static/%2E%2E%2F%2E%2E%2Fetc/passwd",
        f"{ORIGIN}/media/..%2f..%2fetc/passwd",
        f"{ORIGIN}/static/fonts/%2e%2e/%2e%2e/%2e%2e/lms/settings/base.py",
        f"{ORIGIN}/static/%252e%252e/%252e%252e/etc/passwd",
        f"{ORIGIN}/static/fonts/DejaVuSans.ttf?download=1",
        f"{ORIGIN}/etc/passwd",
        f"{ORIGIN}/static/fonts/no-such-font.ttf",
    ],
)
def test_refuses_anything_but_the_projects_own_files(url):
    with pytest.raises(FetchRefused):
        fetch(url)


def test_a_loopback_url_and_a_redirect_in_the_html_send_no_request(loopback_server):
    base = f"http://127.0.0.1:{loopback_server.server_port}"
    html = f"""<!DOCTYPE html>
        <html lang="en"><head><title>Probe</title>
        <link rel="stylesheet" href="{base}/style.css">
        <style>body {{ background: url("{base}/background.png"); }}
               @font-face {{ font-family: Probe; src: url("{base}/font.ttf"); }}</style>
        </head><body>
        <p>Probe</p>
        <img src="{base}/x.png" alt="loopback">
        <img src="{base}/redirect/to-a-static-file.png" alt="redirect">
        </body></html>"""

    pdf = html_to_pdf(html)

    assert pdf.startswith(b"%PDF")
    assert loopback_server.requests == []
    # The server does answer requests, so the silence above means something.
    with urllib.request.urlopen(f"{base}/x.png", timeout=5) as response:  # noqa: S310
        assert response.read() == PIXEL
    assert loopback_server.requests == ["/x.png"]
