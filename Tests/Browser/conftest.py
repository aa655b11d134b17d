"""Starts `minsheng serve` on a temporary data directory (demo data loads on first start) and
drives Debian's Chromium through playwright. Run from the package root by Scripts/test.sh."""
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORDS = {"admin": "admin-demo", "coordinator": "coordinator-demo", "clerk": "clerk-demo",
             "leader": "leader-demo", "deputy": "deputy-demo", "hotline": "hotline-demo",
             "unitleader": "unitleader-demo"}


def _binary():
    if os.environ.get("MINSHENG_BIN"):
        return os.environ["MINSHENG_BIN"]
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return str(pathlib.Path(out.stdout.strip()) / "minsheng")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    data = tempfile.mkdtemp(prefix="minsheng-browser-")
    port = _free_port()
    log = open(os.path.join(data, "serve.log"), "w")
    proc = subprocess.Popen([_binary(), "serve", "--data", data, "--hostname", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except Exception:
            pass
        if proc.poll() is not None or time.time() > deadline:
            log.close()
            print(open(os.path.join(data, "serve.log")).read()[-4000:])
            proc.kill()
            raise RuntimeError("minsheng serve did not start")
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def shots():
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


class Session:
    """One person in their own browser context, signed in."""

    def __init__(self, browser, base, user, width=1280, password=None):
        self.base = base
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN",
                                           accept_downloads=True)
        self.page = self.context.new_page()
        self.page.goto(base + "/login")
        self.page.fill("#username", user)
        self.page.fill("#password", password or PASSWORDS[user])
        with self.page.expect_navigation():
            self.page.click("form[action='/login'] button[type=submit]")

    def go(self, path):
        self.page.goto(self.base + path)
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def as_user(browser, server):
    opened = []

    def make(user, width=1280, password=None):
        s = Session(browser, server, user, width, password)
        opened.append(s)
        return s
    yield make
    for s in opened:
        s.close()
