"""Staff journeys in a real headless Chromium (issue 4): import and publish a seed, a clerk's
report with one invalid field fixed, the colour change seen by the coordinator, a 督办 issued and
answered, the bulletin .xlsx downloaded and read back; screenshots at desktop and phone widths."""
import pathlib
import re

import openpyxl
import pytest

from conftest import ROOT

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def colour_totals(page):
    """Sum of each colour's count over the dashboard's plan cards."""
    totals = {}
    for link in page.query_selector_all("section.plan-card ul.counts a[data-health]"):
        key = link.get_attribute("data-health")
        totals[key] = totals.get(key, 0) + int(link.query_selector("strong").inner_text())
    return totals


def test_coordinator_imports_a_seed_and_publishes_it(as_user):
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"no seed documents at {SEEDS} (../shared/corpus/seeds is absent)")
    coordinator = as_user("coordinator")
    page = coordinator.go("/imports")
    page.set_input_files("#file", str(seeds[0]))
    with page.expect_navigation():
        page.click("form[enctype='multipart/form-data'] button[type=submit]")
    assert "/imports/" in page.url
    assert page.locator("h1").inner_text().startswith("核对导入")
    rows = page.locator("div.import-rows article[data-commitment]").count()
    assert rows > 5, f"only {rows} commitments recognised"
    assert page.locator("pre.source span[id^='L']").count() > rows
    # Fix a title in the table, save, and publish.
    first = page.locator("div.import-rows article[data-kind='task']").first
    title_input = first.locator("input[name^='title_']")
    title_input.fill(title_input.input_value() + "（已核对）")
    with page.expect_navigation():
        page.click("text=保存修改")
    assert "已保存1项修改" in page.locator("p.flash").inner_text()
    # A seed of a past year asks for a confirmation first (issue 13, third pass).
    if page.locator("#confirm-past-year").count():
        page.check("#confirm-past-year")
    with page.expect_navigation():
        page.click("#publish")
    assert "/commitments?plan=" in page.url
    assert "计划已发布" in page.locator("p.flash").inner_text()
    listed = page.locator("table.commitment-list tbody tr").count()
    assert listed > 0 and listed <= rows
    assert "（已核对）" in page.locator("table.commitment-list").inner_text()


def test_clerk_fixes_an_invalid_field_and_the_coordinator_sees_the_colour_change(as_user, shots):
    coordinator = as_user("coordinator")
    before = colour_totals(coordinator.go("/dashboard"))

    clerk = as_user("clerk")
    home = clerk.go("/clerk")
    rows = home.query_selector_all("table.clerk-items tbody tr")
    candidates = []
    for row in rows:
        relation = row.query_selector("td[data-label='职责']").inner_text().strip()
        button = row.query_selector("td[data-label='报送'] a.button")
        badge = row.query_selector("span.badge").inner_text().strip()
        missing = row.query_selector("td[data-label='报送'] a.error")
        if relation == "牵头" and button and badge != "已完成":
            # Prefer a red or yellow one with no months missing: the colour change is the point.
            rank = (missing is not None, badge not in ("严重滞后", "滞后"))
            candidates.append((rank, row.get_attribute("data-commitment"), badge, button))
    assert candidates, "the demo clerk has no commitment to report on"
    candidates.sort(key=lambda c: c[0])
    _, commitment_id, old_badge, button = candidates[0]
    with home.expect_navigation():
        button.click()
    form = clerk.page
    assert form.locator("h1").inner_text() == "填报月度进展"
    form.fill("#percent", "150")
    form.fill("#narrative", "浏览器测试：本月完成全部建设任务。")
    with form.expect_navigation():
        form.click("button[value=submit]")
    # The one invalid field is named, in Chinese, on the re-rendered form; what was typed stays.
    assert "0 到 100" in form.locator("#err-percent").inner_text()
    assert form.locator("#percent").get_attribute("aria-invalid") == "true"
    assert form.locator("#narrative").input_value() == "浏览器测试：本月完成全部建设任务。"
    form.screenshot(path=str(shots / "report-form-error-1280.png"), full_page=True)
    form.fill("#percent", "100")
    with form.expect_navigation():
        form.click("button[value=submit]")
    assert form.url.lower().endswith(f"/commitments/{commitment_id}".lower())
    assert "进展已报送" in form.locator("p.flash").inner_text()
    assert form.locator("h1 .badge").inner_text() == "已完成"

    after = colour_totals(coordinator.go("/dashboard"))
    assert after.get("h-done", 0) == before.get("h-done", 0) + 1
    old_key = {"严重滞后": "h-red", "滞后": "h-yellow", "正常推进": "h-green"}[old_badge]
    assert after[old_key] == before[old_key] - 1
    assert coordinator.page.locator(f"table.reds tr[data-commitment='{commitment_id}']").count() == 0
    done = coordinator.go("/commitments?health=done")
    assert done.locator(f"tr[data-commitment='{commitment_id}']").count() == 1


def test_coordinator_issues_a_notice_and_the_clerk_replies(as_user):
    clerk = as_user("clerk")
    unit = clerk.go("/clerk").locator("h1 small").inner_text().strip()
    coordinator = as_user("coordinator")
    page = coordinator.go("/dashboard")
    issue = None
    for row in page.query_selector_all("table.reds tbody tr"):
        if row.query_selector("td[data-label='牵头单位']").inner_text().strip() == unit and row.query_selector("a.button"):
            issue = row.query_selector("a.button")
            break
    if issue:
        with page.expect_navigation():
            issue.click()
        assert "低于序时进度" in page.locator("#requiredAction").input_value()
    else:
        page = coordinator.go("/supervision/new")
        # 承办单位 are checkboxes now (several may be ticked).
        for label in page.query_selector_all("#units label.check"):
            if label.inner_text().strip() == unit:
                label.query_selector("input").check()
        page.fill("#requiredAction", "请说明滞后原因并提出整改措施。")
    ticked = [l.inner_text().strip() for l in page.query_selector_all("#units label.check") if l.query_selector("input").is_checked()]
    assert unit in ticked, ticked
    with page.expect_navigation():
        page.click("form[action='/supervision'] button[type=submit]")
    number = page.locator("h1").inner_text().split(" ")[0]
    assert re.match(r"督办〔\d{4}〕\d+号", number), number
    assert page.locator("dd[data-state]").inner_text() == "已交办"

    reply_page = clerk.go("/supervision")
    with reply_page.expect_navigation():
        reply_page.click(f"text={number}")
    reply_page.fill("#reply", "已召开专题会议，增派施工力量，月底前完成。")
    with reply_page.expect_navigation():
        reply_page.click("form[action$='/reply'] button[type=submit]")
    assert reply_page.locator("dd[data-state]").inner_text() == "已反馈"
    assert "增派施工力量" in reply_page.locator("dd.reply").inner_text()

    review = coordinator.go(reply_page.url.replace(clerk.base, ""))
    with review.expect_navigation():
        review.click("form[action$='/signoff'] button[type=submit]")
    assert review.locator("dd[data-state]").inner_text() == "已销号"


def test_bulletin_xlsx_downloads_and_reads_back(as_user, tmp_path):
    coordinator = as_user("coordinator")
    page = coordinator.go("/bulletins")
    assert "民生实事项目推进情况通报" in page.locator("h1").inner_text()
    with page.expect_download() as info:
        page.click("#bulletin-xlsx")
    target = tmp_path / "bulletin.xlsx"
    info.value.save_as(str(target))
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["通报概况", "单位排名", "逾期报送", "督办情况"]
    ranking = wb["单位排名"]
    assert [c.value for c in ranking[1]] == ["名次", "牵头单位", "任务数", "平均实际进度(%)", "平均序时进度(%)", "进度差", "严重滞后", "逾期报送"]
    assert ranking["A1"].font.b
    assert ranking.max_row > 2
    assert ranking["A2"].value == 1 and isinstance(ranking["D2"].value, (int, float))
    summary = wb["通报概况"]
    assert summary.max_row >= 3  # header, two demo plans (and any published seed), the summary line


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(as_user, shots, width):
    coordinator = as_user("coordinator", width)
    page = coordinator.go("/dashboard")
    assert page.locator("svg.chart-progress title").count() >= 1
    page.screenshot(path=str(shots / f"dashboard-{width}.png"), full_page=True)
    href = page.locator("table.reds a").first.get_attribute("href") if page.locator("table.reds a").count() else \
        page.locator("section.plan-card ul.counts a").first.get_attribute("href")
    page = coordinator.go(href)
    if "/commitments?" in href:
        page = coordinator.go(page.locator("table.commitment-list a").first.get_attribute("href"))
    page.screenshot(path=str(shots / f"commitment-{width}.png"), full_page=True)
    page = coordinator.go("/bulletins")
    page.screenshot(path=str(shots / f"bulletin-{width}.png"), full_page=True)
    clerk = as_user("clerk", width)
    home = clerk.go("/clerk")
    link = home.locator("table.clerk-items a.button").first.get_attribute("href")
    form = clerk.go(link)
    form.screenshot(path=str(shots / f"report-form-{width}.png"), full_page=True)
    # Chinese text is laid out, not missing: the page's heading has width.
    assert form.locator("h1").bounding_box()["width"] > 60
