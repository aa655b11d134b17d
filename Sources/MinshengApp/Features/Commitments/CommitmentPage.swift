import Foundation
import MinshengCore
import PolicyParser
import MinshengStore

/// One commitment: what it is, who is responsible, its targets, its months, and what leaders,
/// deputies and the unit have said and attached.
struct CommitmentPage: Encodable {
    struct TargetRow: Encodable {
        var metric: String
        var goal: String
        var baseline: String
        var expected: String
        var actual: String
        var attainment: String
    }

    /// A month's report, or a support unit's part of it (配合单位报送, shown to the lead unit,
    /// which consolidates); `unit` names the support unit.
    struct ReportItem: Encodable {
        var period: String
        var unit: String = ""
        /// The support unit's id, which the reopen form posts (names may repeat or change).
        var unitID: String = ""
        var percent: String
        var investment: String
        var narrative: String
        var problems: String
        var nextSteps: String
        /// 回落原因, when the percent fell below the previous month's.
        var decreaseReason: String = ""
        /// 退回理由 of the latest return, if any.
        var reopenReason: String = ""
        var submittedAt: String
        var late: Bool
        /// `YYYY-MM`, for the reopen form.
        var key: String
        var locked: Bool
        /// 退回重报 for this month (shown to those who may reopen, when locked).
        var reopenHref: String = ""
    }

    struct Note: Encodable {
        /// The note's id: the anchor a 领导批示件 links back to, and what it is issued from.
        var id: String = ""
        var kind: String
        var kindLabel: String
        var author: String
        var at: String
        var text: String
    }

    struct Objection: Encodable {
        var number: String
        var href: String
        var month: String
        var text: String
        var answer: String?
        var state: String
    }

    struct Attachment: Encodable {
        var name: String
        var href: String
        var size: String
        var isImage: Bool
        var isPublic: Bool
        var deleteHref: String
        var publicHref: String
    }

    var shell: WebShell
    var id: String
    var planTitle: String
    var planHref: String
    var number: String
    var title: String
    var text: String
    var section: String
    var leaders: String
    var leadUnits: String
    var supportUnits: String
    var districts: String
    var deadline: String
    var plannedInvestment: String
    var expected: String
    var actual: String
    var gap: String
    var healthLabel: String
    var healthCSS: String
    var healthReasons: String
    var targets: [TargetRow]
    var hasTargets: Bool
    var chartSVG: String
    var reports: [ReportItem]
    var hasReports: Bool
    var contributions: [ReportItem]
    var hasContributions: Bool
    var instructions: [Note]
    var comments: [Note]
    var attachments: [Attachment]
    /// Empty sections say 暂无 rather than showing a bare heading (issue 13).
    var hasInstructions = false
    var hasComments = false
    var hasAttachments = false
    /// 公示异议: citizens' objections to this commitment's published months, with the answers.
    var objections: [Objection]
    var hasObjections: Bool
    var canInstruct: Bool
    var canComment: Bool
    var canAttach: Bool
    /// May choose photos for the portal (coordinators and admins).
    var canPublishPhotos: Bool
    var canReport: Bool
    var canIssueNotice: Bool
    var canReopen: Bool
    var reportHref: String
    var noticeHref: String
    var error: String?
    var links: Links

    /// The page's forms, each posting to this commitment's own address (督办 to the notice list).
    struct Links: Encodable {
        var instructions: String
        var comments: String
        var attachments: String
        var issueNotice = SitePath.notices()

        init(_ id: UUID) {
            instructions = SitePath.instructions(id)
            comments = SitePath.comments(id)
            attachments = SitePath.attachments(id)
        }
    }

    /// Pure: the commitment's facts, its reports and notes, and what the viewer may do.
    static func make(shell: WebShell, facts f: CommitmentFacts, planTitle: String, rules: TrackingRules, today: CivilDate,
                     reports: [ProgressReportRecord], contributions: [(ReportContributionRecord, unit: String)] = [],
                     notes: [CommitmentNoteRecord], attachments: [AttachmentRecord],
                     canInstruct: Bool, canComment: Bool, canAttach: Bool, canReport: Bool, canIssueNotice: Bool,
                     canReopen: Bool = false, canPublishPhotos: Bool = false, objections: [RequestQueries.ObjectionRow] = [],
                     error: String? = nil) -> CommitmentPage {
        let c = f.commitment
        let (dto, status) = CommitmentStatusBuilder.status(of: f, rules: rules, today: today)
        let schedule = rules.schedule(for: c)
        let targets = zip(c.targets, dto.targets).map { t, d -> TargetRow in
            let expectedValue = t.op == .atMost ? nil : t.value * dto.expectedPercent / 100
            return TargetRow(metric: t.metric, goal: "\(Wording.op(t.op))\(WebFormat.decimal(t.value))\(t.unit)",
                             baseline: t.baseline.map { WebFormat.decimal($0) + t.unit } ?? "—",
                             expected: expectedValue.map { "约" + WebFormat.decimal(CountUnit.expected($0, unit: t.unit), places: 1) + t.unit } ?? "—",
                             actual: d.actual.map { value in
                                 WebFormat.decimal(value) + t.unit + (f.latestActualPeriods[t.id].map { "（\(WebFormat.month($0))）" } ?? "")
                             } ?? "未报",
                             attainment: attainmentText(d.attainment))
        }
        // Chart over the plan's months (at most 36), the months reported as bars.
        let first = YearMonth(schedule.start.year, 1)
        let last = YearMonth(schedule.finish.year, 12)
        let months = Array(YearMonth.range(first, through: last).prefix(36))
        let byMonth = Dictionary(f.reports.filter { $0.report.kind == .consolidated }.map { ($0.period, $0.report.percent ?? 0) }, uniquingKeysWith: { _, b in b })
        let chart = ProgressChart(
            id: "c-\(c.id.uuidString.prefix(8))", title: "\(c.title)：月度进展与序时进度",
            xLabels: WebFormat.monthAxis(months),
            expected: months.map { schedule.expectedPercent(on: $0.lastDay) },
            actual: months.map { byMonth[$0] }, actualStyle: .bars, currentIndex: months.firstIndex(of: today.yearMonth))
        let commitmentID = c.id.rawValue
        let reportItems = reports.sorted { $0.period > $1.period }.map { r in
            ReportItem(period: YearMonth(r.period).map(WebFormat.month) ?? r.period, percent: WebFormat.percent(r.percent),
                       investment: WebFormat.wan(r.investment), narrative: r.narrative, problems: r.problems,
                       nextSteps: r.nextSteps, decreaseReason: r.decreaseReason ?? "", reopenReason: r.reopenReason ?? "",
                       submittedAt: WebFormat.timestamp(r.submittedAt), late: r.isLate,
                       key: r.period, locked: r.isLocked, reopenHref: SitePath.reopen(commitmentID, r.period))
        }
        let contributionItems = contributions.sorted { ($0.0.period, $0.unit) > ($1.0.period, $1.unit) }.map { c, unit in
            ReportItem(period: YearMonth(c.period).map(WebFormat.month) ?? c.period, unit: unit, unitID: c.$unit.id.uuidString,
                       percent: c.percent.map { WebFormat.percent($0) } ?? "—", investment: WebFormat.wan(c.investment),
                       narrative: c.narrative, problems: c.problems, nextSteps: c.nextSteps,
                       reopenReason: c.reopenReason ?? "", submittedAt: WebFormat.timestamp(c.submittedAt), late: c.submittedOn > c.dueOn, key: c.period,
                       locked: c.state == ReportState.submitted.rawValue, reopenHref: SitePath.reopen(commitmentID, c.period))
        }
        let noteItems = notes.sorted { $0.createdAt > $1.createdAt }.map { n in
            Note(id: n.id?.uuidString ?? "", kind: n.kind, kindLabel: n.kind == "instruction" ? "领导批示" : "意见建议", author: n.authorName,
                 at: WebFormat.timestamp(n.createdAt), text: n.text)
        }
        var page = CommitmentPage(
            shell: shell, id: c.id.uuidString, planTitle: planTitle, planHref: WebLink.commitments(plan: c.planID.rawValue),
            number: DisplayText.itemNumber(c.number), title: DisplayText.fullWidth(c.title), text: DisplayText.fullWidth(f.record.text), section: c.section,
            leaders: c.leaders.joined(separator: "、"), leadUnits: c.leadUnits.names.joined(separator: "、"),
            supportUnits: c.supportUnits.names.joined(separator: "、"), districts: c.districts.joined(separator: "、"),
            deadline: WebFormat.date(rules.deadline(for: c)), plannedInvestment: WebFormat.wan(c.plannedInvestment),
            expected: WebFormat.percent(dto.expectedPercent), actual: WebFormat.percent(dto.actualPercent),
            gap: WebFormat.gap(actual: f.reports.isEmpty ? nil : dto.actualPercent, expected: dto.expectedPercent),
            healthLabel: WebFormat.healthLabel(status.health), healthCSS: "h-\(status.health.rawValue)",
            healthReasons: Wording.reasons(status.assessment.reasons),
            targets: targets, hasTargets: !targets.isEmpty, chartSVG: chart.responsiveSVG(),
            reports: reportItems, hasReports: !reportItems.isEmpty,
            contributions: contributionItems, hasContributions: !contributionItems.isEmpty,
            instructions: noteItems.filter { $0.kind == "instruction" }, comments: noteItems.filter { $0.kind == "comment" },
            attachments: attachments.sorted { $0.createdAt > $1.createdAt }.map {
                Attachment(name: $0.filename, href: SitePath.attachment($0.id!), size: sizeText($0.size),
                           isImage: $0.contentType.hasPrefix("image/"), isPublic: $0.isPublic,
                           deleteHref: SitePath.attachmentDelete($0.id!), publicHref: SitePath.attachmentPublic($0.id!))
            },
            objections: objections.map {
                Objection(number: $0.trackingNumber, href: SitePath.request($0.trackingNumber),
                          month: YearMonth($0.period).map(WebFormat.month) ?? $0.period, text: $0.text, answer: $0.answer,
                          state: $0.state.label)
            },
            hasObjections: !objections.isEmpty,
            canInstruct: canInstruct, canComment: canComment, canAttach: canAttach, canPublishPhotos: canPublishPhotos,
            canReport: canReport,
            canIssueNotice: canIssueNotice, canReopen: canReopen, reportHref: WebLink.report(c.id.rawValue), noticeHref: WebLink.newNotice(commitment: c.id.rawValue),
            error: error, links: Links(c.id.rawValue))
        page.hasInstructions = !page.instructions.isEmpty
        page.hasComments = !page.comments.isEmpty
        page.hasAttachments = !page.attachments.isEmpty
        return page
    }



    static func attainmentText(_ a: Attainment?) -> String {
        guard let a else { return "—" }
        if a.isMet == true { return "已达标" }
        if let p = a.percent { return "完成\(WebFormat.percent(p))" }
        return a.isMet == false ? "未达标" : "—"
    }

    static func sizeText(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? WebFormat.decimal(Double(bytes) / Double(1 << 20), places: 1) + " MB"
            : WebFormat.decimal(Double(bytes) / 1024, places: 0) + " KB"
    }
}
