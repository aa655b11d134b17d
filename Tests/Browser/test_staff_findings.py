"""Issue 13, staff side, in a real headless Chromium: a report's every invalid field flagged at
once and a fall in progress confirmed with a reason; a month returned with a reason reaching the
clerk with the values prefilled; the bulletin as a Word document in the 公文 format."""
import re


def _percent(text):
    m = re.search(r"([\d.]+)%", text)
    return float(m.group(1)) if m else 0.0


def _lead_row_with_progress(page):
    """A 牵头 row whose current month is still to report and whose last reported percent is > 5."""
    for row in page.query_selector_all("table.clerk-items tbody tr"):
        relation = row.query_selector("td[data-label='职责']").inner_text().strip()
        button = row.query_selector("td[data-label='报送'] a.button")
        actual = _percent(row.query_selector("td[data-label='实际']").inner_text())
        if relation == "牵头" and button and actual > 5:
            return row.get_attribute("data-commitment"), actual, button
    return None


def test_clerk_sees_every_invalid_field_at_once_and_confirms_a_lower_percent_with_a_reason(as_user):
    clerk = as_user("clerk")
    home = clerk.go("/clerk")
    found = _lead_row_with_progress(home)
    assert found, "the demo clerk has no reported commitment with a month still to report"
    commitment_id, last_actual, button = found
    with home.expect_navigation():
        button.click()
    form = clerk.page
    # One submission with three bad figures and no narrative: all of them flagged at once.
    form.fill("#percent", "-5")
    form.fill("#investment", "一百万")
    targets = form.locator("fieldset input[id^='actual_']")
    if targets.count():
        targets.first.fill("abc")
    form.fill("#narrative", "")
    with form.expect_navigation():
        form.click("button[value=submit]")
    assert "0 到 100" in form.locator("#err-percent").inner_text()
    assert "完成投资请填写数字" in form.locator("#err-investment").inner_text()
    assert "请填写工作进展" in form.locator("#err-narrative").inner_text()
    if targets.count():
        first_id = targets.first.get_attribute("id")
        assert "请填写数字" in form.locator(f"#err-{first_id}").inner_text()
    for field in ("#percent", "#investment", "#narrative"):
        assert form.locator(field).get_attribute("aria-invalid") == "true", field
    assert form.locator("#form-errors li").count() >= 3
    # Fixed, but with a percent below last month's: the form asks for a reason, nothing stored.
    lower = max(0.0, round(last_actual / 2, 1))
    for i in range(targets.count()):
        targets.nth(i).fill("")
    form.fill("#percent", str(lower))
    form.fill("#investment", "100")
    form.fill("#narrative", "浏览器测试：经复核调整进度。")
    with form.expect_navigation():
        form.click("button[value=submit]")
    assert "低于" in form.locator("#err-decreaseReason").inner_text()
    assert form.locator("#narrative").input_value() == "浏览器测试：经复核调整进度。"
    form.fill("#decreaseReason", "浏览器测试：经审计核减工程量。")
    with form.expect_navigation():
        form.click("button[value=submit]")
    assert form.url.lower().endswith(f"/commitments/{commitment_id}".lower())
    assert "进展已报送" in form.locator("p.flash").inner_text()
    assert "进度回落，原因：浏览器测试：经审计核减工程量。" in form.locator("ol.timeline").first.inner_text()


def test_coordinator_returns_a_month_with_a_reason_and_the_clerk_sees_it_prefilled(as_user):
    clerk = as_user("clerk")
    home = clerk.go("/clerk")
    lead_ids = [row.get_attribute("data-commitment") for row in home.query_selector_all("table.clerk-items tbody tr")
                if row.query_selector("td[data-label='职责']").inner_text().strip() == "牵头"]
    assert lead_ids, "the demo clerk leads no commitment"
    coordinator = as_user("coordinator")
    page = None
    for cid in lead_ids:
        candidate = coordinator.go(f"/commitments/{cid}")
        if candidate.locator("form.inline-reopen[action*='/reports/']").count():
            page, commitment_id = candidate, cid
            break
    assert page is not None, "no locked report of the clerk's unit to return"
    form = page.locator("form.inline-reopen").first
    action = form.get_attribute("action")
    month = action.split("/reports/")[1].split("/")[0]
    reason = "浏览器测试：完成投资与财政数据不符，请核对后重报。"
    form.locator("input[name=reason]").fill(reason)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "已退回" in page.locator("p.flash").inner_text()
    assert reason in page.locator("[data-reopen]").first.inner_text()

    home = clerk.go("/clerk")
    returned = home.locator(f"tr[data-commitment='{commitment_id}'] a[data-returned]")
    assert returned.count() == 1
    assert reason in returned.inner_text()
    with home.expect_navigation():
        returned.click()
    report = clerk.page
    assert f"period={month}" in report.url
    assert reason in report.locator("#reopen-reason").inner_text()
    assert report.locator("#period option:checked").get_attribute("value") == month
    assert report.locator("#narrative").input_value().strip() != ""
    assert report.locator("#narrative").is_editable()
    # Resubmitted as it was: the return is gone from the clerk's home.
    with report.expect_navigation():
        report.click("button[value=submit]")
    if report.locator("#err-decreaseReason").count():
        report.fill("#decreaseReason", "浏览器测试：核对后数据。")
        with report.expect_navigation():
            report.click("button[value=submit]")
    assert "进展已报送" in report.locator("p.flash").inner_text()
    assert clerk.go("/clerk").locator(f"tr[data-commitment='{commitment_id}'] a[data-returned]").count() == 0


def test_bulletin_downloads_as_docx_with_issue_number_and_issuer(as_user, tmp_path):
    import docx
    coordinator = as_user("coordinator")
    page = coordinator.go("/bulletins")
    page.click("#bulletin-issue summary")
    page.fill("#issue-number", "11")
    page.fill("#issue-issuer", "示范市民生实事工作领导小组办公室")
    page.fill("#issue-date", "2026-07-03")
    page.fill("#issue-problems", "浏览器测试：部分项目进度滞后。")
    page.fill("#issue-requirements", "浏览器测试：加快推进滞后项目。")
    # The fields are kept with the month's bulletin (issue 13, third pass), then used by the .docx.
    with page.expect_navigation():
        page.click("#bulletin-save")
    assert "第11期" in page.locator("#bulletin-issue-line").inner_text()
    with page.expect_download() as info:
        page.click("#bulletin-docx-link")
    assert info.value.suggested_filename.endswith(".docx")
    target = tmp_path / "bulletin.docx"
    info.value.save_as(str(target))
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert "示范市民生实事工作领导小组办公室" in texts[0]                 # 发文机关标志, first
    assert document.paragraphs[0].runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0x00, 0x00)
    assert "第11期" in texts                                               # 期号
    assert any(t.startswith("关于") and t.endswith("民生实事项目推进情况的通报") for t in texts)
    assert any("主要问题" in t for t in texts) and "浏览器测试：部分项目进度滞后。" in texts
    assert any("下步工作要求" in t for t in texts) and "浏览器测试：加快推进滞后项目。" in texts
    assert texts[-2] == "示范市民生实事工作领导小组办公室"               # 落款 (印发单位)
    assert texts[-1] == "2026年7月3日"
    body = [p for p in document.paragraphs if p.text == "浏览器测试：部分项目进度滞后。"][0]
    assert body.runs[0].font.size.pt == 16                                 # 三号
    assert "仿宋" in body.runs[0]._element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))
    footer = document.sections[0].footer.paragraphs[0]._element.xml
    assert "PAGE" in footer and "— " in footer
    assert len(document.tables) == 1 and document.tables[0].rows[0].cells[1].text == "牵头单位"


def test_an_unknown_address_shows_a_chinese_404_page(as_user):
    coordinator = as_user("coordinator")
    response = coordinator.page.goto(coordinator.base + "/no-such-page/at-all")
    assert response.status == 404
    assert "html" in response.headers.get("content-type", "")
    page = coordinator.page
    assert page.title().startswith("页面不存在（404）")
    assert "未找到该页面或记录" in page.locator("main").inner_text()
    assert "Not Found" not in page.content()
    api = coordinator.page.goto(coordinator.base + "/api/v1/no-such-thing")
    assert api.status == 404 and api.json()["error"]["code"] == "not_found"
