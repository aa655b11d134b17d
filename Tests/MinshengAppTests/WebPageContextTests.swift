import Foundation
import MinshengCore
import PolicyParser
import Testing
@testable import MinshengApp
import MinshengStore

/// Page contexts are pure functions of facts: tested here without a database.
@Suite struct WebPageContextTests {
    static let planID = UUID(uuidString: "00000000-0000-0000-0000-0000000000AA")!

    static func row(_ n: Int, health: Health, expected: Double = 60, actual: Double, section: String = "教育", units: [String] = ["市教育局"],
                    reports: [(YearMonth, Double, Bool)] = [], missing: [YearMonth] = []) -> WebCommitmentRow {
        WebCommitmentRow(id: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!, planID: planID,
                         number: "\(n)", title: "任务\(n)", section: section, kind: .task, leaders: ["王明"], leadUnits: units.map(UnitRef.named),
                         supportUnits: [.named("各区政府")], districts: [], isKeyProject: false, plannedInvestment: nil,
                         expected: expected, actual: actual, health: health, reasons: [], lateReports: reports.filter(\.2).count,
                         missingReports: missing.count, missingPeriods: missing, reports: reports.map { ($0.0, $0.1, $0.2) })
    }

    static func snapshot(_ rows: [WebCommitmentRow], today: CivilDate = CivilDate(2026, 7, 10)) -> WebPlanSnapshot {
        WebPlanSnapshot(planID: planID, title: "2026年测试市民生实事", documentNumber: "测政发〔2026〕1号", status: .published,
                        period: YearSpan(from: 2026, to: 2026), rules: .standard(for: YearSpan(from: 2026, to: 2026)),
                        revision: 1, day: today, isDemo: false, rows: rows, apiRows: [])
    }

    @Test func dashboardCountsLinkToFilteredLists() {
        // setup
        let june = YearMonth(2026, 6)
        let s = Self.snapshot([
            Self.row(1, health: .green, actual: 65, reports: [(june, 65, false)]),
            Self.row(2, health: .red, actual: 10, section: "养老", units: ["市民政局"], reports: [(june, 10, true)]),
            Self.row(3, health: .red, actual: 30, section: "养老", units: ["市民政局"]),
            Self.row(4, health: .done, actual: 100, reports: [(june, 100, false)]),
        ])
        // MUT
        let card = DashboardPage.card(s, today: CivilDate(2026, 7, 10), canIssue: true,
                                      noticed: [Self.row(3, health: .red, actual: 30).id])
        // validate
        #expect(card.total.count == 4)
        #expect(card.colours.map(\.count) == [1, 1, 0, 2])
        #expect(card.colours[3].href == "/commitments?plan=\(Self.planID.uuidString)&health=red")
        #expect(card.redCount == 2)
        #expect(card.reds.map(\.number) == ["第2项", "第3项"])       // furthest behind first, numbered as the document does
        #expect(card.reds[0].noticeHref == "/supervision/new?commitment=\(Self.row(2, health: .red, actual: 0).id.uuidString)")
        #expect(card.reds[1].noticeHref == nil)                       // already under a notice
        #expect(card.reds[1].note.hasSuffix("（已督办）"))
        #expect(card.late.map(\.number) == ["第2项", "第3项"])        // June late, June missing
        #expect(card.late.map(\.note) == ["2026年6月逾期报送", "2026年6月未报送（已督办）"])
        let area = card.breakdowns[0]
        #expect(area.title == "按领域统计")
        #expect(area.rows.map(\.name) == ["教育", "养老"])
        #expect(area.rows[1].red.count == 2)
        #expect(area.rows[1].red.href == "/commitments?plan=\(Self.planID.uuidString)&health=red&section=%E5%85%BB%E8%80%81")
        #expect(card.chartSVG.contains("<title id=\"plan-00000000-title\">"))
        #expect(card.barsSVG.contains("严重滞后 2"))
    }

    @Test func longListsAreCutWithALinkToTheRest() {
        let rows = (1...30).map { Self.row($0, health: .red, actual: Double($0)) }
        let card = DashboardPage.card(Self.snapshot(rows), today: CivilDate(2026, 7, 10), canIssue: false, noticed: [])
        #expect(card.redCount == 30)
        #expect(card.reds.count == DashboardPage.shortList)
        #expect(card.reds.first?.number == "第1项")
        #expect(card.redsHref == "/commitments?plan=\(Self.planID.uuidString)&health=red")
        #expect(card.lateCount == 30)
        #expect(card.lateHref == "/commitments?plan=\(Self.planID.uuidString)&late=1")
    }

    @Test func dueMonthFollowsTheDueRule() {
        let rules = TrackingRules.standard(for: YearSpan(from: 2026, to: 2026))
        #expect(DashboardPage.dueMonth(today: CivilDate(2026, 7, 10), rules: rules) == YearMonth(2026, 6))
        #expect(DashboardPage.dueMonth(today: CivilDate(2026, 7, 31), rules: rules) == YearMonth(2026, 6))
        var late = rules
        late.reportDue = ReportDue(dayOffset: 15)
        #expect(DashboardPage.dueMonth(today: CivilDate(2026, 7, 10), rules: late) == YearMonth(2026, 5))
    }

    @Test func listFilterMatchesEveryDimension() {
        let r = Self.row(1, health: .yellow, actual: 40, section: "养老", units: ["市民政局"], reports: [(YearMonth(2026, 6), 40, true)])
        typealias F = CommitmentListPage.Filter
        #expect(F().matches(r))
        #expect(F(health: .yellow).matches(r))
        #expect(!F(health: .red).matches(r))
        #expect(F(unit: "各区政府").matches(r))                  // support units count too
        #expect(!F(unit: "市教育局").matches(r))
        #expect(F(leader: "王明", section: "养老").matches(r))
        #expect(!F(district: "梁溪区").matches(r))
        #expect(F(late: true).matches(r))
        #expect(!F(late: true).matches(Self.row(2, health: .green, actual: 60)))
        #expect(F(text: "任务1").matches(r))
        #expect(F(health: .red, unit: "市民政局").summary == "严重滞后 · 单位：市民政局")
        let page = CommitmentListPage.make(shell: .test, snapshots: [Self.snapshot([r, Self.row(2, health: .green, actual: 60)])],
                                           filter: F(health: .yellow))
        #expect(page.total == 1)
        #expect(page.rows[0].reports == "逾期1次")
        #expect(page.healths.first { $0.selected }?.value == "yellow")
    }

    @Test(arguments: [
        ("65", Double??.some(65)), ("６５．５", .some(65.5)), ("1,200", .some(1200)), ("80%", .some(80)),
        ("", .some(nil)), ("  ", .some(nil)), ("一百", nil), ("12abc", nil), ("inf", nil),
    ])
    func numbersAsTyped(text: String, expected: Double??) {
        #expect(ReportFormInput.number(text) == expected)
    }

    @Test func reportFormInputNamesEachBadField() {
        let target = Target(id: UUID(), metric: "新增养老床位", op: .atLeast, value: 200, unit: "张")
        var input = ReportFormInput(period: "2026-07", percent: "abc", investment: "-", actuals: [target.id.uuidString: "很多"])
        let (draft, errors) = input.draft(targets: [target])
        #expect(draft == nil)
        #expect(Set(errors.keys) == ["percent", "investment", ReportFormInput.actualField(target.id)])
        #expect(errors[ReportFormInput.actualField(target.id)] == "“新增养老床位”请填写数字（张）。")
        input = ReportFormInput(period: "2026-07", percent: "", investment: "30", narrative: " 进展 ", actuals: [target.id.uuidString: "150"])
        let (ok, none) = input.draft(targets: [target])
        #expect(none.isEmpty)
        #expect(ok?.targetActuals == [TargetActual(targetID: target.id, actual: 150)])
        #expect(ok?.percent == nil)
        #expect(ok?.narrative == "进展")
        #expect(ReportFormInput.errors(for: [.percentOutOfRange, .actualNotFinite(target.id), .notResponsible]) == [
            "percent": "完成进度应在 0 到 100 之间。",
            ReportFormInput.actualField(target.id): "指标完成值应为数字。",
            "form": "本单位不是该任务的牵头或责任单位。",
        ])
    }

    @Test func clerkHomePutsMissingMonthsFirst() {
        let may = YearMonth(2026, 5)
        let s = Self.snapshot([
            Self.row(1, health: .green, actual: 60, units: ["市民政局"], reports: [(YearMonth(2026, 7), 60, false)]),
            Self.row(2, health: .red, actual: 0, units: ["市民政局"], missing: [may]),
            Self.row(3, health: .green, actual: 50, units: ["市教育局"]),
        ])
        let page = ClerkHomePage.make(shell: .test, unit: .named("市民政局"), snapshots: [s], today: CivilDate(2026, 7, 10), drafts: [])
        #expect(page.items.map(\.number) == ["第2项", "第1项"])
        #expect(page.items[0].missing.map(\.label) == ["2026年5月未报（已逾期）"])
        #expect(page.items[0].missing[0].href.hasSuffix("/report?period=2026-05"))
        #expect(page.items[1].currentDone)
        #expect(page.owedCount == 2)   // July for task 2, and May
        #expect(page.dueDate == "2026年7月31日")
    }

    @Test func bulletinRanksUnitsAndNamesLateReporters() {
        let june = YearMonth(2026, 6)
        let s = Self.snapshot([
            Self.row(1, health: .green, expected: 60, actual: 70, units: ["市教育局"], reports: [(june, 70, false)]),
            Self.row(2, health: .red, expected: 60, actual: 20, units: ["市民政局"], reports: [(june, 20, true)]),
            Self.row(3, health: .yellow, expected: 60, actual: 45, units: ["市城管局"]),
        ])
        let notices = [
            BulletinPage.NoticeFact(id: UUID(), number: "督办〔2026〕1号", unit: "市民政局", state: .signedOff,
                                    issuedOn: CivilDate(2026, 5, 20), closedOn: CivilDate(2026, 6, 12), deadline: CivilDate(2026, 6, 10)),
            BulletinPage.NoticeFact(id: UUID(), number: "督办〔2026〕2号", unit: "市城管局", state: .issued,
                                    issuedOn: CivilDate(2026, 6, 3), closedOn: nil, deadline: CivilDate(2026, 6, 30)),
        ]
        let page = BulletinPage.make(shell: .test, month: june, asOf: CivilDate(2026, 6, 30), today: CivilDate(2026, 7, 10),
                                     snapshots: [s], notices: notices)
        #expect(page.units.map(\.unit) == ["市教育局", "市城管局", "市民政局"])
        #expect(page.units.map(\.rank) == [1, 2, 3])
        #expect(page.late.map(\.status) == ["逾期报送", "未报送"])
        #expect(page.issued.map(\.number) == ["督办〔2026〕2号"])
        #expect(page.closed.map(\.number) == ["督办〔2026〕1号"])
        #expect(page.summary == "2026年6月，纳入跟踪的任务共3项，其中严重滞后1项；逾期或未报送进展2项；本月下发督办单1件，销号1件。")
        let sheets = page.sheets()
        #expect(sheets.map(\.name) == ["通报概况", "单位排名", "逾期报送", "督办情况"])
        #expect(sheets[1].rows[1] == [1, "市教育局", 1, 70, 60, "超前10个百分点", 0, 0])
        #expect(page.nextHref == "/bulletins/2026-07")
    }

    @Test(arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0], AttachmentCheck.Kind?.some(.jpeg)),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .png),
        (Array("GIF89a..".utf8), .gif),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), .webp),
        (Array("%PDF-1.7\n".utf8), .pdf),
        (Array("<html>".utf8), nil),
        (Array("PK\u{3}\u{4}".utf8), nil),
        ([0x89, 0x50, 0x4E], nil),
    ] as [([UInt8], AttachmentCheck.Kind?)])
    func attachmentsAreKnownByTheirBytes(bytes: [UInt8], kind: AttachmentCheck.Kind?) {
        #expect((try? AttachmentCheck.kind(of: bytes)) == kind)
    }

    @Test func attachmentLimitsAndNames() {
        #expect(throws: AttachmentCheck.Refusal.empty) { try AttachmentCheck.kind(of: []) }
        #expect(throws: AttachmentCheck.Refusal.tooLarge) { try AttachmentCheck.kind(of: [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: AttachmentCheck.maxBytes)) }
        #expect(AttachmentCheck.cleanName("../../etc/passwd") == "passwd")
        #expect(AttachmentCheck.cleanName("C:\\照片\\现场.jpg") == "现场.jpg")
        #expect(AttachmentCheck.cleanName("a\u{0}b\u{7}.pdf") == "ab.pdf")
        #expect(AttachmentCheck.cleanName(nil) == "附件")
    }

    @Test(arguments: [("/dashboard", "/dashboard"), ("/commitments?health=red", "/commitments?health=red"),
                      ("//evil.example", nil), ("https://evil.example", nil), ("/\\evil", nil), ("/a\r\nSet-Cookie:x", nil)]
          as [(String, String?)])
    func signInOnlyReturnsToOwnPaths(next: String, expected: String?) {
        #expect(LoginController.safeNext(next) == expected)
    }

    @Test(arguments: [(72.46, "72.5%"), (60, "60%"), (nil, "—")] as [(Double?, String)])
    func percentWording(value: Double?, text: String) {
        #expect(WebFormat.percent(value) == text)
    }

    @Test func moneyAndGapWording() {
        #expect(WebFormat.wan(8500) == "8500万元")
        #expect(WebFormat.wan(125000) == "12.5亿元")
        #expect(WebFormat.gap(actual: 48, expected: 60) == "落后12个百分点")
        #expect(WebFormat.gap(actual: 64.5, expected: 60) == "超前4.5个百分点")
        #expect(WebFormat.gap(actual: nil, expected: 60) == "未报送")
        #expect(WebLink.commitments(unit: "市民政局") == "/commitments?unit=%E5%B8%82%E6%B0%91%E6%94%BF%E5%B1%80")
    }

    @Test(arguments: [
        ("市教育局、各县(市、区)政府", ["市教育局", "各县(市、区)政府"]),
        ("市民政局，市卫生健康委; 市城管局", ["市民政局", "市卫生健康委", "市城管局"]),
        ("各区（市、县）人民政府、", ["各区（市、县）人民政府"]),
        ("", []),
    ] as [(String, [String])])
    func editedNamesSplitOutsideBrackets(text: String, names: [String]) {
        #expect(ImportReviewPage.names(text) == names)
    }

    @Test func shellNavigationMatchesAccess() {
        for role in Role.allCases {
            for item in WebShell.navigation(role: role.rawValue, path: "/") {
                #expect(item.href.hasPrefix("/"))
            }
        }
        #expect(WebShell.navigation(role: "clerk", path: "/clerk").first { $0.current }?.label == "我的任务")
        #expect(WebShell.navigation(role: nil, path: "/").isEmpty)
    }

    @Test func reviewSourceLinesAreTheParsersLinesWhateverTheLineBreaks() {
        let text = "2026年样例市民生实事项目\r\n一、文化\r\n1.新建城市书房12个。(牵头单位:市文旅局)\r2.新增养老床位300张。\u{2028}(牵头单位:市民政局)\n"
        let lines = ImportReviewPage.sourceLines(text)
        let parsed = PlanParser().parse(text: text, source: "x.txt")
        #expect(lines.count == 6)
        #expect(parsed.items.map(\.lines.from) == [3, 4])
        #expect(lines[2].hasPrefix("1.新建城市书房"))
        #expect(lines[3].hasPrefix("2.新增养老床位"))
        #expect(lines[4] == "(牵头单位:市民政局)")
        #expect(parsed.items.last?.leadUnits == ["市民政局"])
    }
}

extension WebShell {
    static let test = WebShell(title: "测试", userName: nil, roleLabel: nil, unitName: nil, nav: [], csrfToken: "t", flash: nil, isDemo: false)
}
