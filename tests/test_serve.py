"""`outreach serve`: the live preview, run as a person runs it (the command in a process of its own, a copy of the
sample kit edited on disk) and read in Debian's Chromium."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from outreach.paths import sample_kit_dir

WAIT_MS = 30_000
"""How long a page may take to show a save: a phone number re-renders two documents."""
PHONE = "612-555-0100"
"""The crisis line's number in the sample kit; its stall sticker prints it."""


class Served:
    """An `outreach serve` process: its address, private folder, and what it printed."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "outreach", "serve", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, into in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._read, args=(stream, into), daemon=True).start()

    def _read(self, stream, into: list[str]) -> None:
        for line in stream:
            into.append(line)
            if into is self.stdout:
                self.lines.put(line)

    def ready(self, timeout: float = 30) -> tuple[str, Path]:
        url = folder = None
        deadline = time.monotonic() + timeout
        while folder is None:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"outreach serve did not start: {''.join(self.stdout + self.stderr)}")
            if found := re.search(r" at (http://\S+)", line):
                url = found[1]
            if found := re.match(r"building in (\S+) ", line):
                folder = Path(found[1])
        assert url, self.stdout
        return url, folder

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail("outreach serve did not stop on Ctrl-C")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One preview of a copy of the sample kit, narrowed to one location's stall stickers (English, Spanish)."""
    kit = tmp_path_factory.mktemp("serve") / "kit"
    shutil.copytree(sample_kit_dir(), kit)
    server = Served(["kit", "--port", "0", "--location", "library-restroom", "--format", "stall-sticker"], kit.parent)
    url, folder = server.ready()
    server.url, server.folder, server.kit = url, folder, kit
    yield server
    assert server.stop() == 0, "".join(server.stderr)
    assert not folder.exists(), "the private build folder outlived the preview"
    assert "Traceback" not in "".join(server.stderr)


def printed(page, text: str) -> None:
    """Wait until some document on the page prints `text` (its printed text, read back from the PDF)."""
    page.wait_for_function(
        "text => [...document.querySelectorAll('pre.printed')].some(e => e.textContent.includes(text))",
        arg=text,
        timeout=WAIT_MS,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.render
def test_the_page_shows_the_document_its_pictures_and_its_numbers(served, page):
    page.goto(served.url)
    printed(page, PHONE)
    image = page.locator("img.page").first
    image.wait_for()
    page.wait_for_function("() => document.querySelector('img.page').naturalWidth > 500", timeout=WAIT_MS)
    assert page.locator("select[name=location] option:checked").inner_text() == (
        "North Branch Library, ground-floor restrooms"
    )
    pdf = page.request.get(served.url.rstrip("/") + page.locator("a", has_text="PDF").first.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    assert "default-src 'none'" in page.request.get(served.url).headers["content-security-policy"]


@pytest.mark.render
def test_a_saved_phone_number_shows_on_the_open_page_without_a_reload(served, page):
    page.goto(served.url + "?location=library-restroom&format=stall-sticker&locale=en")
    printed(page, PHONE)
    page.evaluate("() => { window.notReloaded = true; }")
    started = time.monotonic()
    edit(served.kit / "services/crisis-line.yaml", f"phone: {PHONE}", "phone: 612-555-0142")
    printed(page, "612-555-0142")
    print(f"the new number showed {time.monotonic() - started:.1f} s after the save")
    assert page.evaluate("() => window.notReloaded") is True
    assert PHONE not in page.locator("pre.printed").first.inner_text()


@pytest.mark.render
def test_a_broken_yaml_file_shows_its_line_beside_the_last_good_preview_until_fixed(served, page):
    page.goto(served.url)
    page.locator("pre.printed").first.wait_for()
    service = served.kit / "services/south-navigator.yaml"
    good = service.read_text(encoding="utf-8")
    service.write_text("name:\n  en: South County Navigator\n   es: Navegadora\n" + good, encoding="utf-8")
    errors = page.locator("#errors")
    errors.wait_for(timeout=WAIT_MS)
    assert re.search(r"^services/south-navigator\.yaml:3: error: ", errors.locator("pre").inner_text(), re.MULTILINE)
    assert page.locator("img.page").count() >= 1  # the last good preview stays beside the error
    assert page.locator("pre.printed").first.inner_text().strip()
    service.write_text(good, encoding="utf-8")
    errors.wait_for(state="detached", timeout=WAIT_MS)
    assert page.locator("img.page").count() >= 1


@pytest.mark.render
def test_the_translator_view_shows_a_language_beside_the_kits_first(served, page):
    page.goto(served.url + "translate?location=library-restroom&format=stall-sticker&locale=es")
    documents = page.locator("article.document")
    page.wait_for_function(
        "() => document.querySelectorAll('article.document pre.printed').length == 2", timeout=WAIT_MS
    )
    assert [documents.nth(i).get_attribute("data-locale") for i in range(2)] == ["en", "es"]
    assert "Call" in documents.nth(0).locator("pre.printed").inner_text()
    assert "Llame" in documents.nth(1).locator("pre.printed").inner_text()


@pytest.mark.render
def test_kit_text_is_shown_as_text_never_run(served, page):
    hostile = "North <script>window.pwned = 1</script><img src=x onerror=window.pwned=2> Library"
    locations = served.kit / "locations.yaml"
    edit(locations, "name: North Branch Library, ground-floor restrooms", f'name: "{hostile}"')
    page.goto(served.url)
    title = page.locator("h2.title")
    page.wait_for_function("() => document.querySelector('h2.title').textContent.includes('<script>')", timeout=WAIT_MS)
    assert hostile in title.inner_text()
    assert page.locator("option:checked").first.inner_text() == hostile
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("img[src=x]").count() == 0


def _get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    """A request sent exactly as written: no client tidies `..` or `//` away."""
    address = url.split("//")[1].rstrip("/")
    connection = http.client.HTTPConnection(address, timeout=10)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or address)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.mark.render
def test_only_the_previews_own_files_are_served(served):
    store = next((served.folder / "store").glob("*.pdf"))
    for path in [
        "/static/../../../../../../etc/passwd",
        "/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
        "//etc/passwd",
        "/../../../../etc/passwd",
        "/page/../../../../etc/passwd/1.png",
        "/thumb/..%2f..%2f..%2fetc%2fpasswd/1.png",
        "/pdf/%2Fetc%2Fpasswd.pdf",
        "/pdf//etc/passwd.pdf",
        f"/pdf/{store}",
        f"/pdf/../store/{store.name}",
        f"/store/{store.name}",
        "/static/page.html",
        "/static/live.html",
    ]:
        status, body = _get(served.url, path)
        assert status in (400, 404), (path, status)
        assert b"root:" not in body and not body.startswith(b"%PDF"), path
    assert _get(served.url, f"/pdf/{store.name}")[0] == 200
    # bound to this machine, it answers only requests addressed to it: a site that points its own name here
    # (DNS rebinding) gets nothing
    assert _get(served.url, "/", host="attacker.example")[0] == 400
    assert _get(served.url, "/", host="localhost")[0] == 200


def test_the_command_line_loads_no_server_until_serve_runs():
    code = (
        "import sys, outreach.cli.app\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'watchfiles', 'outreach.serving.app') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_a_busy_port_is_a_message_and_exit_1(sample_copy):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "outreach", "serve", str(sample_copy), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"port {port} on 127.0.0.1 is already in use (another `outreach serve`?)",
        "Stop what is using it, or choose another port with --port (--port 0 picks a free one).",
    ]


def test_an_unknown_location_is_a_usage_mistake_before_anything_starts(sample_copy):
    result = subprocess.run(
        [sys.executable, "-m", "outreach", "serve", str(sample_copy), "--port", "0", "--location", "nowhere"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("unknown location 'nowhere'; known: library-restroom, ")
    assert result.stdout == ""


@pytest.mark.render
def test_a_network_host_warns_and_ctrl_c_stops_everything(sample_copy, tmp_path):
    server = Served(
        [str(sample_copy), "--host", "0.0.0.0", "--port", "0", "--location", "library-restroom", "--locale", "en"],
        tmp_path,
    )
    url, folder = server.ready()
    assert url.startswith("http://localhost:")
    assert folder.is_dir()
    time.sleep(1)  # a build under way when Ctrl-C comes
    assert server.stop() == 0
    stderr = "".join(server.stderr)
    assert "anyone who can reach this machine on the network can open the preview" in stderr
    assert "Traceback" not in stderr
    assert "stopped" in "".join(server.stdout)
    assert not folder.exists()
