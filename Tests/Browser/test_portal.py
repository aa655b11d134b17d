"""The public side on a phone: a citizen files a request with a photo, looks it up, rates the
answer dissatisfied and asks for it again; a citizen objects to a month's published progress
and later reads the published answer; the portal in traditional characters; axe-core finds no
serious or critical violation on the portal's pages."""
import re
import struct
import zlib

import pytest
from axe_playwright_python.sync_playwright import Axe

from test_requests import _step

def _png_with_text():
    """A 1×1 PNG with a text chunk: metadata the portal must strip before storing the photo."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00secret-location") + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


@pytest.fixture
def citizen(browser, server):
    """A visitor who is not signed in, on a phone-sized screen."""
    opened = []

    def make():
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        page = context.new_page()
        page.base = server
        opened.append(context)
        return page
    yield make
    for c in opened:
        c.close()


def _file_request(page, tmp_path):
    page.goto(page.base + "/public/requests/new")
    page.select_option("#categoryCode", "0601")
    page.fill("#text", "社区卫生服务中心周末不开门，老人看病不方便，希望周末也能开诊。")
    page.fill("#address", "东城街道幸福社区卫生服务中心")
    # A tap on the district map fills the coordinates and the district.
    page.click("svg.district-map path[data-district='示范区']")
    assert page.input_value("#district") == "示范区"
    assert 30.1 < float(page.input_value("#lat")) < 30.4 and 120.0 < float(page.input_value("#long")) < 120.4
    page.fill("#phone", "13655550000")
    photo = tmp_path / "门诊.png"
    photo.write_bytes(_png_with_text())
    page.set_input_files("#photos", str(photo))
    page.wait_for_timeout(3200)  # the spam guard's minimum time to fill the form
    with page.expect_navigation():
        page.click("form[action='/public/requests'] button[type=submit]")
    flash = page.locator(".flash").inner_text()
    number = re.search(r"工单号 (\d{13})", flash).group(1)
    return number


def test_citizen_files_looks_up_rates_and_asks_again(citizen, as_user, shots, tmp_path):
    page = citizen()
    number = _file_request(page, tmp_path)
    assert "已受理" in page.locator("main").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"lookup is {width}px wide at 390px"

    # Staff handle it: routed by the rule to the demo clerk's unit, signed, answered, approved, accepted.
    hotline = as_user("hotline")
    page_h = hotline.go(f"/requests/{number}")
    assert "网上留言" in page_h.content()
    photo = page_h.locator("section.photos img")
    assert photo.count() == 1
    stored = page_h.request.get(hotline.base + photo.get_attribute("src")).body()
    assert b"secret-location" not in stored and stored.startswith(b"\x89PNG")
    _step(page_h, "dispatch")
    clerk = as_user("clerk")
    page_c = clerk.go(f"/requests/{number}")
    _step(page_c, "sign")
    _step(page_c, "reply", fill={"textarea[name=text]": "已协调社区卫生服务中心周六上午开诊。"})
    leader = as_user("unitleader")
    _step(leader.go(f"/requests/{number}"), "approve")
    _step(hotline.go(f"/requests/{number}"), "accept")

    # The citizen, on another phone, looks it up by number and the phone's last four digits.
    page = citizen()
    page.goto(page.base + "/public/lookup")
    page.fill("#number", number)
    page.fill("#last4", "0000")
    with page.expect_navigation():
        page.click("form[action='/public/lookup'] button[type=submit]")
    text = page.locator("main").inner_text()
    assert "已协调社区卫生服务中心周六上午开诊" in text and "待您评价" in text
    assert "13655550000" not in page.content()
    page.check("input[name=resolution][value=partly]")
    page.check("input[name=satisfaction][value='2']")
    with page.expect_navigation():
        page.click("form[action='/public/lookup/rate'] button[type=submit]")
    assert "感谢您的评价" in page.locator(".flash").inner_text()
    page.fill("#reason", "只开半天，周日仍然不开。")
    with page.expect_navigation():
        page.click("form[action='/public/lookup/redo'] button[type=submit]")
    assert "重新办理" in page.locator(".flash").inner_text()
    assert "办理中" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "portal-lookup-390.png"), full_page=True)

    # The staff see who acted: the citizen's rating and request, in the history.
    history = hotline.go(f"/requests/{number}").locator("ol.timeline").inner_text()
    assert "市民网上评价" in history and "市民申请重新办理" in history


def test_citizen_objects_to_a_month_and_reads_the_answer(citizen, as_user):
    # The clerk reports this month for one of the unit's commitments: a month open for objections.
    clerk = as_user("clerk")
    home = clerk.go("/clerk")
    row = None
    for r in home.query_selector_all("table.clerk-items tbody tr"):
        relation = r.query_selector("td[data-label='职责']").inner_text().strip()
        button = r.query_selector("td[data-label='报送'] a.button")
        if relation == "牵头" and button and r.query_selector("span.badge").inner_text().strip() != "已完成":
            row = (r.get_attribute("data-commitment"), button)
            break
    assert row, "the demo clerk has no commitment to report on"
    commitment_id, button = row
    with home.expect_navigation():
        button.click()
    form = clerk.page
    form.fill("#percent", "99")
    form.fill("#narrative", "本月完成主体工程，进入验收。")
    with form.expect_navigation():
        form.click("button[value=submit]")
    assert "进展已报送" in form.locator("p.flash").inner_text()

    page = citizen()
    page.goto(page.base + f"/public/commitments/{commitment_id}")
    assert "本月完成主体工程，进入验收。" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.click("a:has-text('对本月进展提出异议')")
    page.fill("#text", "现场还在施工，没有进入验收。")
    page.fill("#phone", "13500001111")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    number = re.search(r"工单号 (\d{13})", page.locator(".flash").inner_text()).group(1)

    # Routed at once to the lead unit: the clerk signs and answers, the unit leader approves.
    page_c = clerk.go(f"/requests/{number}")
    assert "进展公示异议" in page_c.content()
    _step(page_c, "sign")
    _step(page_c, "reply", fill={"textarea[name=text]": "经核实，主体工程已完工，附属工程施工中，验收安排在下月。"})
    _step(as_user("unitleader").go(f"/requests/{number}"), "approve")

    page = citizen()
    page.goto(page.base + f"/public/commitments/{commitment_id}")
    main = page.locator("main").inner_text()
    assert "现场还在施工，没有进入验收。" in main
    assert "经核实，主体工程已完工" in main
    assert "13500001111" not in page.content()
    staff = clerk.go(f"/commitments/{commitment_id}").locator("#objections").inner_text()
    assert "现场还在施工，没有进入验收。" in staff and "经核实，主体工程已完工" in staff


def test_portal_in_traditional_characters(citizen, shots):
    page = citizen()
    page.goto(page.base + "/public?lang=zh-Hant")
    assert "民生實事" in page.locator("header").inner_text()
    # The choice holds on the next page without the parameter.
    page.click("nav a:has-text('月度進展公示')")
    page.wait_for_load_state()
    assert "進展" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    page.screenshot(path=str(shots / "portal-hant-390.png"), full_page=True)
    page.goto(page.base + "/public?lang=en")
    assert "Plans" in page.locator("h1").inner_text()


def test_portal_pages_pass_axe(citizen):
    page = citizen()
    page.goto(page.base + "/public?lang=zh-Hans")
    plan = page.locator("main h2 a").first.get_attribute("href")
    page.goto(page.base + plan)
    commitment = page.locator("table a").first.get_attribute("href")
    axe = Axe()
    failures = []
    for path in ["/public", plan, commitment, "/public/progress", "/public/rankings", "/public/requests/new", "/public/lookup",
                 "/public?lang=zh-Hant", "/public?lang=en"]:
        page.goto(page.base + path)
        results = axe.run(page)
        for v in results.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                failures.append(f"{path}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}")
    assert not failures, "\n".join(failures)
