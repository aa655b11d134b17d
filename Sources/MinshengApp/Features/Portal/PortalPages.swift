import Foundation
import MinshengCore

/// What every portal page's layout shows: the wording in the visitor's language, the menu and
/// the language links.
struct PortalShell: Encodable, Sendable {
    struct Link: Encodable, Sendable { var label: String; var href: String; var current: Bool }
    var lang: String
    var title: String
    var w: PortalWords
    var nav: [Link]
    var languages: [Link]
    var csrfToken: String = ""
    var flash: String?
    var links = Links()

    /// The layout's own links: the portal's home, the staff sign-in and Open311 discovery.
    struct Links: Encodable, Sendable {
        var home = SitePath.portal()
        var staffLogin = SitePath.login()
        var open311 = GeoReportController.discoveryLink
    }

    static func make(_ lang: PortalLanguage, title: String, path: String) -> PortalShell {
        let w = lang.words
        let items: [(String, SitePath)] = [(w.home, .portal), (w.progress, .portalProgress), (w.newRequest, .portalNewRequest),
                                           (w.lookup, .portalLookup), (w.rankings, .portalRankings), (w.openData, .portalData)]
        return PortalShell(
            lang: lang.rawValue, title: title, w: w,
            nav: items.map { Link(label: $0.0, href: $0.1.pattern, current: path == $0.1.pattern) },
            languages: [("简体", PortalLanguage.hans), ("繁體", .hant), ("English", .en)].map {
                Link(label: $0.0, href: path + "?lang=" + $0.1.rawValue, current: $0.1 == lang)
            })
    }
}

/// The portal's home: each published plan with its colours and progress.
struct PortalHomePage: Encodable, Sendable {
    struct PlanCard: Encodable, Sendable {
        var title: String
        var documentNumber: String
        var href: String
        var tasks: Int
        var counts: [Count]
        var actual: String
        var expected: String
        var barsSVG: String
    }
    struct Count: Encodable, Sendable { var label: String; var count: Int; var css: String }
    var shell: PortalShell
    var plans: [PlanCard]
    var links = Links()

    struct Links: Encodable, Sendable {
        var newRequest = SitePath.portalNewRequest()
        var lookup = SitePath.portalLookup()
    }

    static func make(shell: PortalShell, snapshots: [WebPlanSnapshot]) -> PortalHomePage {
        PortalHomePage(shell: shell, plans: snapshots.map { s in
            let tasks = s.tasks
            let counts = WebPlanSnapshot.counts(tasks)
            let bars = CountBars(id: "pb-\(s.planID.uuidString.prefix(8))", title: "\(s.title)：\(shell.w.status)",
                                 segments: Health.allCases.map { .init(label: shell.w.health($0), count: counts[$0], colour: WebFormat.healthColour($0)) },
                                 width: 320)
            return PlanCard(
                title: s.title, documentNumber: s.documentNumber ?? "", href: SitePath.portalPlan(s.planID), tasks: tasks.count,
                counts: Health.allCases.map { Count(label: shell.w.health($0), count: counts[$0], css: "h-\($0.rawValue)") },
                actual: WebFormat.percent(mean(tasks.map(\.actual))), expected: WebFormat.percent(mean(tasks.map(\.expected))),
                barsSVG: bars.responsiveSVG())
        })
    }

    static func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
}

/// A published plan: its curve and every commitment with its colour, progress, leaders and units.
struct PortalPlanPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var number: String
        var title: String
        var href: String
        var health: String
        var css: String
        var expected: String
        var actual: String
        var leaders: String
        var leadUnits: String
        var investment: String
    }
    struct Section: Encodable, Sendable { var title: String; var rows: [Row] }
    var shell: PortalShell
    var title: String
    var documentNumber: String
    var chartSVG: String
    var sections: [Section]

    static func make(shell: PortalShell, snapshot s: WebPlanSnapshot, today: CivilDate) -> PortalPlanPage {
        let months = s.months
        let chart = ProgressChart(
            id: "pp-\(s.planID.uuidString.prefix(8))", title: "\(s.title)：\(shell.w.actual) / \(shell.w.expected)",
            xLabels: WebFormat.monthAxis(months),
            expected: s.expectedCurve.map { Optional($0) }, actual: s.actualCurve, currentIndex: months.firstIndex(of: today.yearMonth))
        var sections: [Section] = []
        for row in s.tasks {
            let item = Row(number: DisplayText.itemNumber(row.number), title: DisplayText.fullWidth(row.title), href: SitePath.portalCommitment(row.id), health: shell.w.health(row.health),
                           css: "h-\(row.health.rawValue)", expected: WebFormat.percent(row.expected), actual: WebFormat.percent(row.actual),
                           leaders: row.leaders.joined(separator: "、"), leadUnits: row.leadUnits.names.joined(separator: "、"),
                           investment: row.plannedInvestment == nil ? "" : WebFormat.wan(row.plannedInvestment))
            if sections.last?.title == row.section { sections[sections.count - 1].rows.append(item) }
            else { sections.append(Section(title: row.section, rows: [item])) }
        }
        return PortalPlanPage(shell: shell, title: s.title, documentNumber: s.documentNumber ?? "", chartSVG: chart.responsiveSVG(), sections: sections)
    }
}

/// One commitment for the public: what it promises, who answers for it, its months as published
/// with the objections to each and their answers, and how many citizens' requests concern it.
struct PortalCommitmentPage: Encodable, Sendable {
    struct Month: Encodable, Sendable {
        var month: String
        var percent: String
        var narrative: String
        var objectionOpen: Bool
        var objectionHref: String
        var closesOn: String
        var objections: [Objection]
        var hasObjections: Bool
    }
    struct Objection: Encodable, Sendable { var number: String; var text: String; var answer: String?; var state: String }
    struct Photo: Encodable, Sendable { var href: String; var name: String }
    var shell: PortalShell
    var planTitle: String
    var planHref: String
    var number: String
    var title: String
    var text: String
    var leaders: String
    var leadUnits: String
    var supportUnits: String
    var deadline: String
    var investment: String
    var expected: String
    var actual: String
    var health: String
    var css: String
    var chartSVG: String
    var months: [Month]
    var hasMonths: Bool
    /// Photos a coordinator chose to publish.
    var photos: [Photo]
    var hasPhotos: Bool
    var requestsOpen: Int
    var requestsClosed: Int

    static func make(shell: PortalShell, facts f: CommitmentFacts, planTitle: String, rules: TrackingRules, today: CivilDate,
                     published: [PortalQueries.PublishedMonth], photos: [(id: UUID, name: String)] = [], objections: [RequestQueries.ObjectionRow],
                     requests: (open: Int, closed: Int)) -> PortalCommitmentPage {
        let c = f.commitment
        let (dto, status) = CommitmentStatusBuilder.status(of: f, rules: rules, today: today)
        let schedule = rules.schedule(for: c)
        let first = YearMonth(schedule.start.year, 1), last = YearMonth(schedule.finish.year, 12)
        let months = Array(YearMonth.range(first, through: last).prefix(36))
        let reports = f.reports.filter { $0.report.kind == .consolidated }
        let byMonth = Dictionary(reports.map { ($0.period, $0.report.percent ?? 0) }, uniquingKeysWith: { _, b in b })
        let chart = ProgressChart(
            id: "pc-\(c.id.uuidString.prefix(8))", title: "\(c.title)：\(shell.w.history)",
            xLabels: WebFormat.monthAxis(months),
            expected: months.map { schedule.expectedPercent(on: $0.lastDay) }, actual: months.map { byMonth[$0] },
            actualStyle: .bars, currentIndex: months.firstIndex(of: today.yearMonth))
        let history = published.map { r -> Month in
            let window = ObjectionWindow(publishedOn: r.publishedOn)
            let mine = objections.filter { $0.period == r.period.description }.map {
                Objection(number: $0.trackingNumber, text: $0.text, answer: $0.answer, state: $0.state.label)
            }
            return Month(month: WebFormat.month(r.period), percent: WebFormat.percent(r.percent),
                         narrative: r.narrative, objectionOpen: window.isOpen(on: today),
                         objectionHref: SitePath.portalObjection(c.id, r.period.description),
                         closesOn: WebFormat.date(window.closesOn),
                         objections: mine, hasObjections: !mine.isEmpty)
        }
        return PortalCommitmentPage(
            shell: shell, planTitle: planTitle, planHref: SitePath.portalPlan(c.planID), number: DisplayText.itemNumber(c.number), title: DisplayText.fullWidth(c.title),
            text: DisplayText.fullWidth(f.record.text), leaders: c.leaders.joined(separator: "、"), leadUnits: c.leadUnits.names.joined(separator: "、"),
            supportUnits: c.supportUnits.names.joined(separator: "、"), deadline: WebFormat.date(rules.deadline(for: c)),
            investment: c.plannedInvestment == nil ? "" : WebFormat.wan(c.plannedInvestment),
            expected: WebFormat.percent(dto.expectedPercent), actual: WebFormat.percent(dto.actualPercent),
            health: shell.w.health(status.health), css: "h-\(status.health.rawValue)", chartSVG: chart.responsiveSVG(), months: history,
            hasMonths: !history.isEmpty, photos: photos.map { Photo(href: SitePath.portalPhoto($0.id), name: $0.name) },
            hasPhotos: !photos.isEmpty,
            requestsOpen: requests.open, requestsClosed: requests.closed)
    }
}

/// 月度进展公示: every published task's cumulative progress as reported for one month.
struct PortalProgressPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var number: String
        var title: String
        var href: String
        var percent: String
        var health: String
        var css: String
        var leadUnits: String
    }
    struct Plan: Encodable, Sendable { var title: String; var reported: Int; var total: Int; var rows: [Row] }
    struct MonthLink: Encodable, Sendable { var label: String; var href: String; var current: Bool }
    var shell: PortalShell
    var month: String
    var plans: [Plan]
    var months: [MonthLink]

    static func make(shell: PortalShell, snapshots: [WebPlanSnapshot], month: YearMonth, today: CivilDate) -> PortalProgressPage {
        let plans = snapshots.map { s -> Plan in
            let rows = s.tasks.map { row -> Row in
                let report = row.reports.last(where: { $0.period == month })
                return Row(number: DisplayText.itemNumber(row.number), title: DisplayText.fullWidth(row.title), href: SitePath.portalCommitment(row.id),
                           percent: report.map { WebFormat.percent($0.percent) } ?? "未报送",
                           health: shell.w.health(row.health), css: "h-\(row.health.rawValue)",
                           leadUnits: row.leadUnits.names.joined(separator: "、"))
            }
            return Plan(title: s.title, reported: s.tasks.filter { $0.reports.contains { $0.period == month } }.count,
                        total: rows.count, rows: rows)
        }
        let recent = (0..<12).map { today.yearMonth.adding(months: -$0) }
        return PortalProgressPage(shell: shell, month: WebFormat.month(month), plans: plans, months: recent.map {
            MonthLink(label: WebFormat.month($0), href: SitePath.portalProgress(query: [("month", $0.description)]), current: $0 == month)
        })
    }
}

/// The units' 三率 (响应率, 解决率, 满意率) for a month, as the public may see them.
struct PortalRankingsPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var place: Int
        var unit: String
        var dispatched: Int
        var response: String
        var resolution: String
        var satisfaction: String
        var score: String
    }
    var shell: PortalShell
    var month: String
    var rows: [Row]
    var hasRows: Bool

    static func make(shell: PortalShell, ranking: RequestRanking) -> PortalRankingsPage {
        PortalRankingsPage(shell: shell, month: WebFormat.month(ranking.month), rows: ranking.lines.map { line in
            Row(place: line.place, unit: line.unit.unit, dispatched: line.unit.dispatched,
                response: WebFormat.percent(line.unit.responseRate.map { $0 * 100 }),
                resolution: WebFormat.percent(line.unit.resolutionRate.map { $0 * 100 }),
                satisfaction: WebFormat.percent(line.unit.satisfactionRate.map { $0 * 100 }),
                score: WebFormat.decimal(line.score, places: 1))
        }, hasRows: !ranking.lines.isEmpty)
    }
}
