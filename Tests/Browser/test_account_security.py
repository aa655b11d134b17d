"""Issue 12 in a real browser at phone width: a coordinator created by the admin changes the
initial password, is sent to enrol a TOTP second factor (enforced for coordinators), enrols with a
code computed here from the secret the page shows, and from then on signs in with password + code;
the account page lists the sessions and ends them everywhere."""
import base64
import hashlib
import hmac
import struct
import time


def totp(secret_b32, step_offset=0):
    key = base64.b32decode(secret_b32.replace(" ", "") + "=" * (-len(secret_b32.replace(" ", "")) % 8))
    counter = int(time.time() // 30) + step_offset
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_initial_password_then_totp_enrolment_then_two_step_sign_in(as_user, shots):
    admin = as_user("admin")
    page = admin.go("/admin/users")
    page.fill("#name", "coordtotp")
    page.fill("#displayName", "双因素协调员")
    page.select_option("#role", "coordinator")
    page.fill("#password", "Initial-Coord-2026")
    with page.expect_navigation():
        page.click("main form[action='/admin/users'] button[type=submit]")

    coord = as_user("coordtotp", width=390, password="Initial-Coord-2026")
    page = coord.page
    assert page.url.endswith("/account/password")
    page.fill("#currentPassword", "Initial-Coord-2026")
    page.fill("#newPassword", "Own-Coord-Secret-77")
    page.fill("#confirmPassword", "Own-Coord-Secret-77")
    with page.expect_navigation():
        page.click("main form[action='/account/password'] button[type=submit]")
    # Enforced for coordinators: every page leads to the enrolment page.
    page = coord.go("/dashboard")
    assert page.url.endswith("/account/totp")
    with page.expect_navigation():
        page.click("main form[action='/account/totp'] button[type=submit]")
    secret = page.locator("#totp-secret").inner_text()
    assert page.locator("#totp-uri").get_attribute("href").startswith("otpauth://totp/")
    page.screenshot(path=str(shots / "totp-enrol-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#code", totp(secret))
    with page.expect_navigation():
        page.click("main form[action='/account/totp/confirm'] button[type=submit]")
    assert page.locator("ul.recovery-codes li").count() == 10
    assert coord.go("/dashboard").url.endswith("/dashboard")

    # A new sign-in: password, then the code (the next step's: the enrolment used this one).
    second = as_user("coordtotp", width=390, password="Own-Coord-Secret-77")
    page = second.page
    assert page.url.endswith("/login/totp")
    page.fill("#code", totp(secret, 1))
    with page.expect_navigation():
        page.click("main form[action='/login/totp'] button[type=submit]")
    assert page.url.endswith("/dashboard")

    page = second.go("/account/security")
    assert page.locator("text=（当前）").count() == 1
    assert page.locator("form[action$='/end']").count() == 2
    page.screenshot(path=str(shots / "account-security-390.png"), full_page=True)
    with page.expect_navigation():
        page.click("form[action='/account/sessions/end-all'] button[type=submit]")
    assert page.url.endswith("/login")
    assert coord.go("/dashboard").url.startswith(coord.base + "/login")
