import Foundation
import MinshengCore

/// A count with the link to the list it counts.
struct WebCount: Encodable, Equatable, Sendable {
    var label: String
    var count: Int
    var href: String
    /// CSS class for the colour swatch (`h-red` …), empty for none.
    var css: String = ""
}

/// One row of a "by area / by unit" table: a name and its colour counts, each linked.
struct WebBreakdownRow: Encodable, Equatable, Sendable {
    var name: String
    var total: WebCount
    var done: WebCount
    var green: WebCount
    var yellow: WebCount
    var red: WebCount
    var meanActual: String
}

/// A commitment in a short list (reds, late reports).
struct WebCommitmentLink: Encodable, Equatable {
    var id: String
    var number: String
    var title: String
    var href: String
    var units: String
    var expected: String
    var actual: String
    var gap: String
    var healthLabel: String
    var healthCSS: String
    var note: String
    var noticeHref: String?
}

/// The coordinator's and leader's overview (总览).
struct DashboardPage: Encodable {
    struct PlanCard: Encodable {
        var id: String
        var title: String
        var documentNumber: String?
        var total: WebCount
        var colours: [WebCount]
        var chartSVG: String
        var barsSVG: String
        var meanActual: String
        var meanExpected: String
        var breakdowns: [Breakdown]
        var late: [WebCommitmentLink]
        var reds: [WebCommitmentLink]
        var lateCount: Int
        var redCount: Int
        /// The full lists, when the card shows only the first ``shortList`` rows.
        var redsHref: String?
        var lateHref: String?
        var dueMonth: String
        var exportXlsx: String
        var exportCSV: String
    }

    /// A "by area / unit / district" table.
    struct Breakdown: Encodable, Sendable {
        var title: String
        var head: String
        var rows: [WebBreakdownRow]
        var open: Bool
    }

    var shell: WebShell
    var today: String
    /// Each plan's card (``PlanCard``) rendered by `Web/Dashboard/card`, filled in by the
    /// controller, which builds and renders a card only when its inputs changed.
    var cardsHTML: [String] = []
    var hasPlans: Bool
    var canIssueNotices: Bool
    /// Whether the viewer may open the 督办 list (a deputy sees the counts without links).
    var canReadNotices: Bool = true
    var openNotices: WebCount
    var overdueNotices: WebCount

    /// Who reads the overview and the bulletins: 人大代表 too, read-only (issue 13).
    static let readers: Set<Role> = [.coordinator, .leader, .deputy]

    /// How many reds and late reports a card lists before linking to the full list.
    static let shortList = 20

    static func make(shell: WebShell, snapshots: [WebPlanSnapshot], today: CivilDate, canIssueNotices: Bool,
                     openNotices: Int, overdueNotices: Int) -> DashboardPage {
        DashboardPage(shell: shell, today: WebFormat.date(today), hasPlans: !snapshots.isEmpty, canIssueNotices: canIssueNotices,
                      openNotices: WebCount(label: "未办结督办", count: openNotices, href: SitePath.notices(query: [("state", "open")])),
                      overdueNotices: WebCount(label: "逾期督办", count: overdueNotices, href: SitePath.notices(query: [("urgency", "overdue")]), css: "h-red"))
    }

    /// The month whose report fell due most recently on `today` (due date on or before today).
    static func dueMonth(today: CivilDate, rules: TrackingRules) -> YearMonth {
        var m = today.yearMonth.adding(months: -1)
        while rules.reportDue.dueDate(for: m) > today { m = m.adding(months: -1) }
        return m
    }

    /// What a card shows that depends only on the snapshot: charts and breakdown tables.
    struct Parts: Sendable {
        var chartSVG: String
        var barsSVG: String
        var breakdowns: [Breakdown]
    }

    static func parts(_ s: WebPlanSnapshot, today: CivilDate) -> Parts {
        let tasks = s.tasks
        let counts = WebPlanSnapshot.counts(tasks)
        let months = s.months
        let current = months.firstIndex(of: today.yearMonth)
        let chart = ProgressChart(
            id: "plan-\(s.planID.uuidString.prefix(8))", title: "\(s.title)：实际进度与序时进度",
            xLabels: WebFormat.monthAxis(months),
            expected: s.expectedCurve.map { Optional($0) }, actual: s.actualCurve, currentIndex: current)
        let bars = CountBars(id: "bars-\(s.planID.uuidString.prefix(8))", title: "\(s.title)：按预警颜色统计",
                             segments: Health.allCases.map { h in
                                 .init(label: WebFormat.healthLabel(h), count: counts[h], colour: WebFormat.healthColour(h),
                                       href: WebLink.commitments(plan: s.planID, health: h.rawValue))
                             })
        return Parts(chartSVG: chart.responsiveSVG(), barsSVG: bars.responsiveSVG(), breakdowns: breakdowns(s, tasks: tasks))
    }

    static func card(_ s: WebPlanSnapshot, today: CivilDate, canIssue: Bool, noticed: Set<UUID>) -> PlanCard {
        let tasks = s.tasks
        let counts = WebPlanSnapshot.counts(tasks)
        let colours = Health.allCases.map { h in
            WebCount(label: WebFormat.healthLabel(h), count: counts[h],
                     href: WebLink.commitments(plan: s.planID, health: h.rawValue), css: "h-\(h.rawValue)")
        }
        let parts = Self.parts(s, today: today)
        let meanActual = tasks.isEmpty ? nil : tasks.map(\.actual).reduce(0, +) / Double(tasks.count)
        let meanExpected = tasks.isEmpty ? nil : tasks.map(\.expected).reduce(0, +) / Double(tasks.count)

        let due = dueMonth(today: today, rules: s.rules)
        let late = tasks.filter { row in
            guard row.health != .done else { return false }
            if let r = row.reports.first(where: { $0.period == due }) { return r.isLate }
            return row.reports.last.map { $0.percent < 100 } ?? true
        }.filter { row in
            // Only when that month was owed at all (the schedule had begun).
            s.rules.schedule.start.yearMonth <= due || row.reports.contains { $0.period == due }
        }
        // Links only for the rows the card lists; the rest are counted and linked as a list.
        let lateLinks = late.prefix(shortList).map { row -> WebCommitmentLink in
            let r = row.reports.first(where: { $0.period == due })
            return link(row, plan: s, note: r == nil ? "\(WebFormat.month(due))未报送" : "\(WebFormat.month(due))逾期报送",
                        canIssue: false, noticed: noticed)
        }
        let redRows = tasks.filter { $0.health == .red }.sorted { $0.gap > $1.gap }
        let reds = redRows.prefix(shortList)
            .map { link($0, plan: s, note: Wording.reasons($0.reasons), canIssue: canIssue, noticed: noticed) }

        return PlanCard(
            id: s.planID.uuidString, title: s.title, documentNumber: s.documentNumber,
            total: WebCount(label: "任务总数", count: tasks.count, href: WebLink.commitments(plan: s.planID)),
            colours: colours, chartSVG: parts.chartSVG, barsSVG: parts.barsSVG,
            meanActual: WebFormat.percent(meanActual), meanExpected: WebFormat.percent(meanExpected),
            breakdowns: parts.breakdowns,
            late: lateLinks, reds: reds,
            lateCount: late.count, redCount: redRows.count,
            redsHref: redRows.count > shortList ? WebLink.commitments(plan: s.planID, health: Health.red.rawValue) : nil,
            lateHref: late.count > shortList ? WebLink.commitments(plan: s.planID, late: true) : nil,
            dueMonth: WebFormat.month(due),
            exportXlsx: SitePath.progressXlsx(s.planID), exportCSV: SitePath.progressCSV(s.planID))
    }

    static func breakdowns(_ s: WebPlanSnapshot, tasks: [WebCommitmentRow]) -> [Breakdown] {
        var out = [
            Breakdown(title: "按领域统计", head: "领域", rows: breakdown(
                tasks, keys: { [$0.section.isEmpty ? "（未分组）" : $0.section] },
                link: { WebLink.commitments(plan: s.planID, health: $1, section: $0 == "（未分组）" ? nil : $0) }), open: true),
            Breakdown(title: "按牵头单位统计", head: "牵头单位", rows: breakdown(
                tasks, keys: { $0.leadUnits.isEmpty ? ["（未明确）"] : $0.leadUnits.names },
                link: { WebLink.commitments(plan: s.planID, health: $1, unit: $0 == "（未明确）" ? nil : $0) }), open: false),
            Breakdown(title: "按牵头领导统计", head: "牵头领导", rows: breakdown(
                tasks.filter { !$0.leaders.isEmpty }, keys: { $0.leaders },
                link: { WebLink.commitments(plan: s.planID, health: $1, leader: $0) }), open: false),
            Breakdown(title: "按区县统计", head: "区县", rows: breakdown(
                tasks.filter { !$0.districts.isEmpty }, keys: { $0.districts },
                link: { WebLink.commitments(plan: s.planID, health: $1, district: $0) }), open: false),
        ]
        out.removeAll { $0.rows.isEmpty }
        return out
    }

    /// A breakdown's rows: Core's roll-up by `keys`, each count linked to its filtered list.
    static func breakdown(_ rows: [WebCommitmentRow], keys: (WebCommitmentRow) -> [String],
                          link: (String, String?) -> String) -> [WebBreakdownRow] {
        Rollup.rows(rows, keys: keys).map { r in
            func count(_ h: Health) -> WebCount {
                WebCount(label: WebFormat.healthLabel(h), count: r.counts[h], href: link(r.key, h.rawValue), css: "h-\(h.rawValue)")
            }
            return WebBreakdownRow(name: r.key, total: WebCount(label: "合计", count: r.commitments, href: link(r.key, nil)),
                                   done: count(.done), green: count(.green), yellow: count(.yellow), red: count(.red),
                                   meanActual: WebFormat.percent(r.meanActual))
        }
    }

    static func link(_ row: WebCommitmentRow, plan: WebPlanSnapshot, note: String, canIssue: Bool, noticed: Set<UUID>) -> WebCommitmentLink {
        WebCommitmentLink(
            id: row.id.uuidString, number: DisplayText.itemNumber(row.number), title: DisplayText.fullWidth(row.title),
            href: WebLink.commitment(row.id),
            units: row.leadUnits.names.joined(separator: "、"), expected: WebFormat.percent(row.expected),
            actual: WebFormat.percent(row.actual), gap: WebFormat.gap(actual: row.actual, expected: row.expected),
            healthLabel: WebFormat.healthLabel(row.health), healthCSS: "h-\(row.health.rawValue)",
            note: noticed.contains(row.id) ? note + "（已督办）" : note,
            noticeHref: canIssue && !noticed.contains(row.id) ? WebLink.newNotice(commitment: row.id) : nil)
    }

    /// The colour's reasons in words.

}
