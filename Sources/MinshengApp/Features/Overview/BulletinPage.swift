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
    /// The 公文's own fields, prefilled for the form above the Word download.
    var issue = IssueFields()
    var docxHref: String = ""
    /// Where the coordinator saves the issue's fields; empty for those who only read.
    var issueSaveHref: String = ""
    var canSaveIssue: Bool = false
    /// The fields were saved for this month (else they are the defaults).
    var issueSaved: Bool = false
    /// 印发日期 as printed (2026年7月3日), or empty.
    var issueDateText: String = ""
    var issueErrors: [String] = []
    var hasIssueErrors: Bool = false

    /// What the coordinator sets for the 公文 (as typed; strings, read when the document is made).
    struct IssueFields: Codable, Sendable, Equatable {
        /// 期号, e.g. 6 (printed 第6期).
        var number: String = ""
        /// 印发单位 (发文机关), printed in red at the top and as the 落款.
        var issuer: String = ""
        /// 印发日期, `YYYY-MM-DD`.
        var date: String = ""
        /// 主要问题.
        var problems: String = ""
        /// 下步工作要求.
        var requirements: String = ""

        /// Longest text kept from the query (a bulletin's section, not a report).
        static let textLimit = 2_000

        /// Takes every non-blank field of `other`.
        mutating func fill(from other: IssueFields) {
            func pick(_ v: String, _ limit: Int = 200) -> String? {
                let t = v.trimmingCharacters(in: .whitespacesAndNewlines)
                return t.isEmpty ? nil : String(t.prefix(limit))
            }
            number = pick(other.number) ?? number
            issuer = pick(other.issuer) ?? issuer
            date = pick(other.date) ?? date
            problems = pick(other.problems, Self.textLimit) ?? problems
            requirements = pick(other.requirements, Self.textLimit) ?? requirements
        }

        /// Pure: 期号 from the month, 印发单位 from the plan's issuing city
        /// (``OfficialDocument/office(planIssuer:)``), today's date, and problems and requirements drafted
        /// from the month's figures for the coordinator to edit.
        static func defaults(page: BulletinPage, month: YearMonth, firstYear: Int, planIssuer: String?, today: CivilDate) -> IssueFields {
            let reds = page.plans.reduce(0) { $0 + $1.red }
            let yellows = page.plans.reduce(0) { $0 + $1.yellow }
            var problems: [String] = []
            if reds + yellows > 0 { problems.append("部分项目进度滞后，其中严重滞后\(reds)项、滞后\(yellows)项") }
            if !page.late.isEmpty { problems.append("\(page.late.count)项任务逾期报送或未报送月度进展") }
            let open = page.issued.filter { $0.state != SupervisionState.signedOff.label }.count
            if open > 0 { problems.append("本月下发的督办单尚有\(open)件未销号") }
            let ordinals = ["一", "二", "三", "四", "五"]
            let problemText = problems.isEmpty ? "本月各项目总体按序时推进，未发现突出问题。"
                : problems.enumerated().map { "\(ordinals[$0.offset])是\($0.element)" }.joined(separator: "；") + "。"
            return IssueFields(
                number: String(BulletinIssue.defaultNumber(month: month, firstYear: firstYear)),
                issuer: OfficialDocument.office(planIssuer: planIssuer), date: today.description, problems: problemText,
                requirements: "各牵头单位要对照序时进度倒排工期，加快推进滞后项目，按时如实报送月度进展；"
                    + "严重滞后项目的牵头单位要在下月10日前书面报告原因及整改措施；各责任单位要主动配合，形成工作合力。")
        }
    }

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
                    let named = WebFormat.item(plan: snapshots.count > 1 ? s.title : nil, number: row.number)
                    late.append(LateLine(unit: row.leadUnits.names.joined(separator: "、"), commitment: "\(named) \(DisplayText.fullWidth(row.title))",
                                         href: WebLink.commitment(row.id), status: status))
                }
            }
        }
        let lateByUnit = Dictionary(grouping: late, by: \.unit).mapValues(\.count)
        // Ranked by Core's rule: progress against schedule, then fewer reds, then fewer late reports.
        let ranked = Rollup.ranked(Rollup.rows(allTasks, keys: { $0.leadUnits.names }), late: lateByUnit)
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
        var page = BulletinPage(
            shell: shell, month: WebFormat.month(month), monthKey: month.description, asOf: WebFormat.date(asOf),
            plans: plans, units: units, late: late, issued: issued, closed: closed, issuedCount: issued.count,
            closedCount: closed.count, xlsxHref: SitePath.bulletinXlsx(month),
            previousHref: WebLink.bulletin(month.adding(months: -1).description),
            nextHref: next <= today.yearMonth ? WebLink.bulletin(next.description) : nil, summary: summary)
        page.docxHref = SitePath.bulletinDocx(month)
        return page
    }

    /// The bulletin as a 公文: 期号, 印发单位 and date as given; the page's summary, its four
    /// sections, then 主要问题 and 下步工作要求.
    func officialDocument(number: Int, issuer: String, date: CivilDate, problems: String, requirements: String) -> OfficialDocument {
        let ordinals = ["一", "二", "三", "四", "五", "六", "七", "八"]
        var sections: [(String, [OfficialDocument.Block])] = []
        sections.append(("总体进展", plans.map {
            .paragraph("《\($0.title)》纳入跟踪任务\($0.tasks)项，平均实际进度\($0.meanActual)，平均序时进度\($0.meanExpected)；"
                       + "已完成\($0.done)项，正常推进\($0.green)项，滞后\($0.yellow)项，严重滞后\($0.red)项。")
        }))
        sections.append(("牵头单位排名", [.paragraph("按平均实际进度与序时进度之差排序；相同时严重滞后项目少者、逾期报送少者在前。"),
                                     .table([["名次", "牵头单位", "任务数", "平均实际", "平均序时", "进度差", "严重滞后", "逾期报送"]]
                                            + units.map { [String($0.rank), $0.unit, String($0.tasks), $0.meanActual, $0.meanExpected,
                                                           $0.gap, String($0.red), String($0.late)] })]))
        sections.append(("逾期报送情况", late.isEmpty ? [.paragraph("本月无逾期报送。")]
                            : [.paragraph(late.map { "\($0.unit)：\($0.commitment)，\($0.status)" }.joined(separator: "；") + "。")]))
        sections.append(("督办情况", [.paragraph("本月下发督办单\(issuedCount)件，销号\(closedCount)件。"
                                          + issued.map { "\($0.number)（\($0.unit)，期限\($0.deadline)，\($0.state)）" }.joined(separator: "；"))]))
        if let r = requests {
            sections.append(("群众诉求办理情况", [.paragraph("本月派单\(r.dispatched)件，已办结\(r.closed)件；超期未办结\(r.overdue)件，其中转督办\(r.escalated)件。")]))
        }
        sections.append(("主要问题", [.paragraph(problems)]))
        sections.append(("下步工作要求", [.paragraph(requirements)]))
        var body: [OfficialDocument.Block] = [.paragraph(summary + "现将有关情况通报如下：")]
        for (i, section) in sections.enumerated() {
            body.append(.heading("\(ordinals[min(i, ordinals.count - 1)])、\(section.0)"))
            body += section.1
        }
        return OfficialDocument(issuer: issuer, number: "第\(number)期", title: "关于\(month)民生实事项目推进情况的通报",
                                addressee: "各牵头单位、责任单位", body: body, signature: issuer, date: WebFormat.date(date))
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
                    .text(r.leadUnits.names.joined(separator: "、")), .text(r.supportUnits.names.joined(separator: "、")),
                    r.plannedInvestment.map { .number($0) } ?? .empty,
                    .number(r.expected.tenths), .number(r.actual.tenths),
                    .text(WebFormat.healthLabel(r.health)), .text(r.reports.last.map { WebFormat.month($0.period) } ?? "未报送"),
                    .text(l?.narrative ?? ""), .text(l?.problems ?? ""), .text(l?.nextSteps ?? "")]
        }
    }
}
