"""Citizens' requests (接诉即办) in a real browser: a hotline operator takes a call, the ticket is
routed, returned once, re-routed, signed for, answered, approved, called back dissatisfied,
handled again and closed; the monthly ranking changes. Phone width for the unit's inbox."""
import base64
import re

CLERK_UNIT = None


def _ranking_row(page, unit):
    row = page.locator(f"table.ranking tr[data-unit='{unit}']")
    if row.count() == 0:
        return None
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def _step(page, name, fill=None, check=None):
    form = page.locator(f"section[data-step='{name}'] form")
    assert form.count() == 1, f"step {name} not offered; offered: {page.locator('section[data-step]').evaluate_all('e => e.map(x => x.dataset.step)')}"
    for selector, value in (fill or {}).items():
        form.locator(selector).fill(value)
    for selector in (check or []):
        form.locator(selector).check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".error").count() == 0, page.locator(".error").first.inner_text()


def test_a_call_goes_round_the_whole_loop_and_the_ranking_changes(as_user, shots, tmp_path):
    # The demo clerk's and unit leader's unit (the busiest lead unit of the demo plans).
    clerk = as_user("clerk")
    clerk.go("/inbox")
    unit = clerk.page.locator("h1 small").inner_text().strip()
    assert unit

    # A second unit's clerk, created by the admin: the first routing goes there and is returned.
    admin = as_user("admin")
    page = admin.go("/admin/users")
    page.fill("#name", "ybclerk")
    page.fill("#displayName", "医保测试员")
    page.select_option("#role", "clerk")
    page.fill("#unit", "市医保局")
    page.fill("#password", "yb-clerk-2026")
    with page.expect_navigation():
        page.click("main form[action='/admin/users'] button[type=submit]")
    other = as_user("ybclerk", password="yb-clerk-2026")
    # A password the admin chose is changed at the first sign-in, before anything else.
    assert other.page.url.endswith("/account/password")
    other.page.fill("#currentPassword", "yb-clerk-2026")
    other.page.fill("#newPassword", "yb-own-secret-77")
    other.page.fill("#confirmPassword", "yb-own-secret-77")
    with other.page.expect_navigation():
        other.page.click("main form[action='/account/password'] button[type=submit]")
    assert other.page.url.endswith("/clerk")

    hotline = as_user("hotline")
    page = hotline.go("/requests/rankings")
    before = _ranking_row(page, unit)

    # 1. The operator takes the call.
    page = hotline.go("/requests/new")
    page.select_option("#kind", "complaint")
    page.select_option("#categoryCode", "0601")
    page.fill("#text", "社区医院门诊药房下午不开，取药要等第二天，请尽快解决。")
    page.fill("#requesterName", "孙测试")
    page.fill("#requesterPhone", "13912340000")
    page.fill("#street", "东城街道")
    with page.expect_navigation():
        page.click("form.intake button[type=submit]")
    assert "已受理" in page.locator(".flash").inner_text()
    number = re.search(r"工单 (\d{13})", page.locator("h1").inner_text()).group(1)
    ticket = page.url

    # The caller's photo (a 1×1 PNG), checked by its bytes.
    photo = tmp_path / "药房.png"
    photo.write_bytes(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    page.set_input_files("#photo-file", str(photo))
    with page.expect_navigation():
        page.click("section.photos button[type=submit]")
    assert page.locator("section.photos img").count() == 1

    # 2. Routed by hand to 市医保局 (overriding the suggestion), which gives it back once.
    assert unit in page.locator("dl.kv").inner_text()   # the routing rule's suggestion
    page.locator("section[data-step='dispatch'] select[name=unitID]").select_option(label="市医保局")
    _step(page, "dispatch", fill={"input[name=note]": "药品供应问题，转医保局"})
    assert "市医保局" in page.locator("dl.kv").inner_text()

    page = other.go(ticket.replace(hotline.base, ""))
    assert "13912340000" in page.content()          # the lead unit sees the phone
    _step(page, "return", fill={"input[name=reason]": "药房开放时间由医院管理，不属于本局职责"})
    assert "退单待审" in page.locator("h1").inner_text()

    # 3. The hotline re-routes it to the clerk's unit.
    page = hotline.go(ticket.replace(hotline.base, ""))
    page.locator("section[data-step='dispatch'] select[name=unitID]").select_option(label=unit)
    _step(page, "dispatch", fill={"input[name=note]": "由卫健部门协调医院"})

    # 4. The clerk signs for it and answers; the answer goes to the unit leader.
    page = clerk.go("/inbox")
    assert page.locator(f"table.requests a:has-text('{number}')").count() == 1
    assert page.locator(f"ul.notes a:has-text('{number}')").count() >= 1   # the new-ticket notification
    page = clerk.go(ticket.replace(hotline.base, ""))
    assert "13912340000" in page.content()          # the handling unit sees the phone
    _step(page, "sign")
    _step(page, "reply", fill={"textarea[name=text]": "已协调医院药房下午照常开放。"})
    assert page.locator("section[data-step='approve']").count() == 0  # the clerk cannot approve

    leader = as_user("unitleader")
    page = leader.go(ticket.replace(hotline.base, ""))
    _step(page, "approve")

    # 5. The hotline accepts the reply and calls back: not solved, dissatisfied → handled again.
    page = hotline.go(ticket.replace(hotline.base, ""))
    _step(page, "accept")
    _step(page, "callback", check=["input[name=resolution][value=unsolved]", "input[name=satisfaction][value='2']"])
    _step(page, "redo", fill={"input[name=reason]": "市民反映药房仍未开放"})
    assert "办理中" in page.locator("h1").inner_text()

    page = clerk.go(ticket.replace(hotline.base, ""))
    _step(page, "reply", fill={"textarea[name=text]": "已现场督促，药房下午两点起开放，并张贴公告。"})
    page = leader.go(ticket.replace(hotline.base, ""))
    _step(page, "approve")

    page = hotline.go(ticket.replace(hotline.base, ""))
    _step(page, "accept")
    _step(page, "callback", check=["input[name=resolution][value=solved]", "input[name=satisfaction][value='5']"])
    _step(page, "close")
    assert "已办结" in page.locator("h1").inner_text()
    history = page.locator("ol.timeline").inner_text()
    for label in ["受理", "照片", "派单", "退单", "改派", "签收", "提交答复", "审批通过", "审核通过", "回访", "重办", "办结"]:
        assert label in history, label

    # 6. The ranking counts the ticket: the unit is there, with the redo in its figures.
    page = hotline.go("/requests/rankings")
    after = _ranking_row(page, unit)
    assert after is not None and after != before
    page.screenshot(path=str(shots / "requests-rankings.png"), full_page=True)


def test_unit_inbox_at_phone_width(as_user, shots):
    clerk = as_user("clerk", width=390)
    page = clerk.go("/inbox")
    assert page.locator("h1").inner_text().startswith("诉求办理")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"inbox is {width}px wide at 390px"
    page.screenshot(path=str(shots / "requests-inbox-390.png"), full_page=True)
