import Foundation
import MinshengCore

/// The monthly bulletin (月度通报): completion against schedule, colours, units ranked, late
/// reporters named, notices issued and closed. The same content feeds the page and the .xlsx.
struct BulletinPage: Encodable {
    struct PlanLine: Encodable {
        var title: String
        var tasks: Int
        var meanActual: String
        var meanExpected: String
        var done: Int
        var green: Int
        var yellow: Int
        var red: Int
    }

    struct UnitLine: Encodable {
        var rank: Int
        var unit: String
        var tasks: Int
        var meanActual: String
        var meanExpected: String
        var gap: String
        var red: Int
        var late: Int
        /// For the spreadsheet.
        var meanActualValue: Double
        var meanExpectedValue: Double
    }

    struct LateLine: Encodable {
        var unit: String
        var commitment: String
        var href: String
        var status: String
    }

    struct NoticeLine: Encodable {
        var number: String
        var href: String
        var unit: String
        var state: String
        var issuedOn: String
        var deadline: String
    }

    var shell: WebShell
    var month: String
    var monthKey: String
    var asOf: String
    var plans: [PlanLine]
    var units: [UnitLine]
    var late: [LateLine]
    var issued: [NoticeLine]
    var closed: [NoticeLine]
    var issuedCount: Int
    var closedCount: Int
    var xlsxHref: String
    var previousHref: String
    var nextHref: String?
    var summary: String
    /// 群众诉求 of the month (filled by the controller; nil in pure tests).
    var requests: RequestMonthSummary? = nil

    struct NoticeFact: Sendable {
        var id: UUID
        var number: String
        var unit: String
        var state: SupervisionState
        var issuedOn: CivilDate
        var closedOn: CivilDate?
        var deadline: CivilDate
    }

    /// Pure: snapshots judged as of the month's end (or today, if earlier), notices, the month.
    static func make(shell: WebShell, month: YearMonth, asOf: CivilDate, today: CivilDate, snapshots: [WebPlanSnapshot],
                     notices: [NoticeFact]) -> BulletinPage {
        var plans: [PlanLine] = []
        var allTasks: [WebCommitmentRow] = []
        var late: [LateLine] = []
        for s in snapshots {
            let tasks = s.tasks
            let c = WebPlanSnapshot.counts(tasks)
            plans.append(PlanLine(title: s.title, tasks: tasks.count,
                                  meanActual: WebFormat.percent(mean(tasks.map(\.actual))),
                                  meanExpected: WebFormat.percent(mean(tasks.map(\.expected))),
                                  done: c.done, green: c.green, yellow: c.yellow, red: c.red))
            allTasks += tasks
            for row in tasks {
                // Late reporters for this month: reported late, or owed and missing.
                let report = row.reports.first(where: { $0.period == month })
                let owed = s.rules.reportDue.dueDate(for: month) < asOf || s.rules.reportDue.dueDate(for: month) < today
                let status: String? = if let report { report.isLate ? "逾期报送" : nil }
                    else if owed && row.health != .done && s.rules.schedule.start.yearMonth <= month { "未报送" }
                    else { nil }
                if let status {
                    late.append(LateLine(unit: row.leadUnits.joined(separator: "、"), commitment: "\(row.number) \(row.title)",
                                         href: WebLink.commitment(row.id), status: status))
                }
            }
        }
        let lateByUnit = Dictionary(grouping: late, by: \.unit).mapValues(\.count)
        // Ranked by Core's rule: progress against schedule, then fewer reds, then fewer late reports.
        let ranked = Rollup.ranked(Rollup.rows(allTasks, keys: { $0.leadUnits }), late: lateByUnit)
        var units = ranked.map { r -> UnitLine in
            UnitLine(rank: 0, unit: r.key, tasks: r.commitments, meanActual: WebFormat.percent(r.meanActual),
                     meanExpected: WebFormat.percent(r.meanExpected), gap: WebFormat.gap(actual: r.meanActual, expected: r.meanExpected),
                     red: r.counts.red, late: lateByUnit[r.key] ?? 0, meanActualValue: r.meanActual,
                     meanExpectedValue: r.meanExpected)
        }
        for i in units.indices { units[i].rank = i + 1 }

        func line(_ n: NoticeFact) -> NoticeLine {
            NoticeLine(number: n.number, href: WebLink.notice(n.id), unit: n.unit, state: n.state.label,
                       issuedOn: WebFormat.date(n.issuedOn), deadline: WebFormat.date(n.deadline))
        }
        let issued = notices.filter { $0.issuedOn.yearMonth == month }.map(line)
        let closed = notices.filter { $0.closedOn?.yearMonth == month }.map(line)
        let total = plans.reduce(0) { $0 + $1.tasks }
        let reds = plans.reduce(0) { $0 + $1.red }
        let summary = "\(WebFormat.month(month))，纳入跟踪的任务共\(total)项，其中严重滞后\(reds)项；"
            + "逾期或未报送进展\(late.count)项；本月下发督办单\(issued.count)件，销号\(closed.count)件。"
        let next = month.adding(months: 1)
        return BulletinPage(
            shell: shell, month: WebFormat.month(month), monthKey: month.description, asOf: WebFormat.date(asOf),
            plans: plans, units: units, late: late, issued: issued, closed: closed, issuedCount: issued.count,
            closedCount: closed.count, xlsxHref: SitePath.bulletinXlsx(month),
            previousHref: WebLink.bulletin(month.adding(months: -1).description),
            nextHref: next <= today.yearMonth ? WebLink.bulletin(next.description) : nil, summary: summary)
    }

    static func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }

    /// The bulletin as a workbook: 概况, 单位排名, 逾期报送, 督办情况.
    func sheets() -> [XlsxSheet] {
        [
            XlsxSheet(name: "通报概况", rows: [["计划", "任务数", "平均实际进度", "平均序时进度", "已完成", "正常推进", "滞后", "严重滞后"]]
                      + plans.map { [.text($0.title), .number(Double($0.tasks)), .text($0.meanActual), .text($0.meanExpected),
                                     .number(Double($0.done)), .number(Double($0.green)), .number(Double($0.yellow)), .number(Double($0.red))] }
                      + [[.text(summary)]],
                      columnWidths: [40, 8, 14, 14, 8, 10, 8, 10]),
            XlsxSheet(name: "单位排名", rows: [["名次", "牵头单位", "任务数", "平均实际进度(%)", "平均序时进度(%)", "进度差", "严重滞后", "逾期报送"]]
                      + units.map { [.number(Double($0.rank)), .text($0.unit), .number(Double($0.tasks)),
                                     .number($0.meanActualValue.tenths), .number($0.meanExpectedValue.tenths),
                                     .text($0.gap), .number(Double($0.red)), .number(Double($0.late))] },
                      columnWidths: [6, 28, 8, 16, 16, 18, 10, 10]),
            XlsxSheet(name: "逾期报送", rows: [["牵头单位", "任务", "情况"]] + late.map { [.text($0.unit), .text($0.commitment), .text($0.status)] },
                      columnWidths: [28, 50, 12]),
            XlsxSheet(name: "督办情况", rows: [["类别", "编号", "承办单位", "状态", "交办日期", "办理期限"]]
                      + issued.map { ["本月下发", .text($0.number), .text($0.unit), .text($0.state), .text($0.issuedOn), .text($0.deadline)] }
                      + closed.map { ["本月销号", .text($0.number), .text($0.unit), .text($0.state), .text($0.issuedOn), .text($0.deadline)] },
                      columnWidths: [10, 18, 28, 10, 16, 16]),
        ]
    }
}

/// The commitment table (项目进展表) with the columns a coordinator pastes into a report.
enum ProgressTable {
    static let header: [XlsxCell] = ["序号", "编号", "项目名称", "领域", "牵头领导", "牵头单位", "责任单位", "计划投资(万元)",
                                     "序时进度(%)", "实际进度(%)", "预警状态", "最新报送月份", "工作进展", "存在问题", "下步打算"]
    static let widths: [Double] = [6, 10, 40, 18, 10, 24, 30, 14, 12, 12, 10, 12, 50, 30, 30]

    struct Latest: Sendable { var narrative: String; var problems: String; var nextSteps: String }

    static func rows(_ s: WebPlanSnapshot, latest: [UUID: Latest]) -> [[XlsxCell]] {
        [header] + s.tasks.enumerated().map { i, r in
            let l = latest[r.id]
            return [.number(Double(i + 1)), .text(r.number), .text(r.title), .text(r.section), .text(r.leaders.joined(separator: "、")),
                    .text(r.leadUnits.joined(separator: "、")), .text(r.supportUnits.joined(separator: "、")),
                    r.plannedInvestment.map { .number($0) } ?? .empty,
                    .number(r.expected.tenths), .number(r.actual.tenths),
                    .text(WebFormat.healthLabel(r.health)), .text(r.reports.last.map { WebFormat.month($0.period) } ?? "未报送"),
                    .text(l?.narrative ?? ""), .text(l?.problems ?? ""), .text(l?.nextSteps ?? "")]
        }
    }
}
