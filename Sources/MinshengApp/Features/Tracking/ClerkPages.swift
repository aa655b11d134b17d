import Foundation
import MinshengCore

/// A clerk's home (我的任务): the unit's commitments and what is owed when.
struct ClerkHomePage: Encodable {
    struct Item: Encodable {
        var id: String
        var href: String
        var reportHref: String
        var number: String
        var title: String
        var planTitle: String
        var relation: String
        var expected: String
        var actual: String
        var healthLabel: String
        var healthCSS: String
        var currentStatus: String
        var currentDone: Bool
        /// The current month was returned: its link is among `returned`.
        var currentReturned: Bool
        var missing: [Owed]
        /// Months the coordinator returned (退回重报), each with its reason.
        var returned: [Owed]
        var hasDraft: Bool
    }

    struct Owed: Encodable {
        var label: String
        var href: String
    }

    var shell: WebShell
    var unitName: String
    var month: String
    var dueDate: String
    var items: [Item]
    var hasItems: Bool
    /// Every report link and button on the page (so the number matches what there is to do),
    /// and how many of them are the unit's as lead unit and as support unit.
    var owedCount: Int
    var owedLead: Int
    var owedSupport: Int

    /// Pure: the snapshots' rows this unit leads or supports; the month due now and the months
    /// still missing, from Core's rules.
    static func make(shell: WebShell, unit: UnitRef, snapshots: [WebPlanSnapshot], today: CivilDate,
                     drafts: Set<String>, returned: [ReportQueries.Returned] = []) -> ClerkHomePage {
        var items: [Item] = []
        var owedLead = 0
        var owedSupport = 0
        var due = today.endOfMonth
        for s in snapshots {
            due = s.rules.reportDue.dueDate(for: today.yearMonth)
            for row in s.tasks where row.leadUnits.contains(unit.id) || row.supportUnits.contains(unit.id) {
                let isLead = row.leadUnits.contains(unit.id)
                let reported = Set(row.reports.map(\.period))
                let current = today.yearMonth
                let mine = returned.filter { $0.commitmentID == row.id }
                let currentReturned = mine.contains { $0.period == current }
                let currentDone = (reported.contains(current) && !currentReturned) || (row.health == .done && !currentReturned)
                let missing = isLead ? row.missingPeriods : []
                let returnedLinks = mine.filter { $0.period != current || currentReturned }.map {
                    Owed(label: "\(WebFormat.month($0.period))已退回重报：\($0.reason)",
                         href: WebLink.report(row.id, period: $0.period.description))
                }
                // The current month's button is the returned link when it was returned.
                let actions = missing.count + returnedLinks.count + (currentDone || currentReturned ? 0 : 1)
                if isLead { owedLead += actions } else { owedSupport += actions }
                let dueDate = s.rules.reportDue.dueDate(for: current)
                items.append(Item(
                    id: row.id.uuidString, href: WebLink.commitment(row.id), reportHref: WebLink.report(row.id, period: current.description),
                    number: WebFormat.item(plan: snapshots.count > 1 ? s.title : nil, number: row.number),
                    title: DisplayText.fullWidth(row.title), planTitle: s.title, relation: isLead ? "牵头" : "配合",
                    expected: WebFormat.percent(row.expected), actual: WebFormat.percent(row.actual),
                    healthLabel: WebFormat.healthLabel(row.health), healthCSS: "h-\(row.health.rawValue)",
                    currentStatus: currentDone ? "\(WebFormat.month(current))已报送"
                        : "\(WebFormat.month(current))待报送，截止\(WebFormat.date(dueDate))",
                    currentDone: currentDone, currentReturned: currentReturned,
                    missing: missing.map { Owed(label: "\(WebFormat.month($0))未报（已逾期）", href: WebLink.report(row.id, period: $0.description)) },
                    returned: returnedLinks,
                    hasDraft: drafts.contains(row.id.uuidString)))
            }
        }
        // Most pressing first: missing months, then reds, then the rest in plan order.
        let order: (Item) -> Int = { $0.missing.isEmpty && $0.returned.isEmpty ? ($0.healthCSS == "h-red" ? 1 : 2) : 0 }
        items = items.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }.map(\.element)
        return ClerkHomePage(shell: shell, unitName: unit.name, month: WebFormat.month(today.yearMonth),
                             dueDate: WebFormat.date(due), items: items, hasItems: !items.isEmpty,
                             owedCount: owedLead + owedSupport, owedLead: owedLead, owedSupport: owedSupport)
    }
}

/// The monthly report form for one commitment.
struct ReportFormPage: Encodable {
    struct TargetField: Encodable {
        var id: String
        var field: String
        var metric: String
        var goal: String
        var unit: String
        var value: String
        var previous: String
        var error: String?
    }

    typealias Option = ChoiceOption

    var shell: WebShell
    var id: String
    var commitmentHref: String
    /// The form's own address (both the month switch and the submission).
    var reportHref: String
    var number: String
    var title: String
    var leadUnits: String
    var expected: String
    var lastActual: String
    var periods: [Option]
    var input: ReportFormInput
    var targets: [TargetField]
    var hasTargets: Bool
    var errors: [String: String]
    /// The same messages as a list, in form order, for the summary at the top.
    var errorList: [String]
    var hasErrors: Bool
    var draftSavedAt: String?
    var locked: Bool
    /// The one sentence a locked month is answered with, here and on a refused submission.
    var lockMessage: String
    /// 退回理由, when the coordinator returned this month.
    var reopenReason: String?
    /// Ask for 回落原因: the percent fell below the last month's, or a reason was already typed.
    var asksDecreaseReason: Bool
    /// The most characters each text may hold, for the hint and `maxlength`.
    var textLimit: Int = ReportPolicy.textLimit
    var reasonLimit: Int = ReportPolicy.reasonLimit

    /// Pure: the commitment, the months that may be reported, what was typed and what was wrong.
    static func make(shell: WebShell, row: WebCommitmentRow, targets: [Target], latestActuals: [UUID: Double],
                     periods: [YearMonth], input: ReportFormInput, errors: [String: String], draftSavedAt: Date?,
                     locked: Bool, reopenReason: String? = nil) -> ReportFormPage {
        let lockMessage = Wording.report(.periodLocked) + "。"
        // A locked month is said once, at the top, not again as a field error.
        var errors = errors
        if locked, errors["period"] == lockMessage { errors["period"] = nil }
        return ReportFormPage(
            shell: shell, id: row.id.uuidString, commitmentHref: WebLink.commitment(row.id), reportHref: SitePath.report(row.id), number: row.number, title: row.title,
            leadUnits: row.leadUnits.names.joined(separator: "、"), expected: WebFormat.percent(row.expected),
            lastActual: row.reports.isEmpty ? "尚未报送" : WebFormat.percent(row.actual),
            periods: periods.map { Option(value: $0.description, label: WebFormat.month($0), selected: $0.description == input.period) },
            input: input,
            targets: targets.map { t in
                let field = ReportFormInput.actualField(t.id)
                return TargetField(id: t.id.uuidString, field: field, metric: t.metric,
                                   goal: "\(Wording.op(t.op))\(WebFormat.decimal(t.value))\(t.unit)", unit: t.unit,
                                   value: input.actuals[t.id.uuidString] ?? "",
                                   previous: latestActuals[t.id].map { WebFormat.decimal($0) + t.unit } ?? "—",
                                   error: errors[field])
            },
            hasTargets: !targets.isEmpty, errors: errors,
            errorList: (["form", "period"] + targets.map { ReportFormInput.actualField($0.id) }
                        + ["percent", "decreaseReason", "investment", "narrative", "problems", "nextSteps"])
                .compactMap { errors[$0] },
            hasErrors: !errors.isEmpty,
            draftSavedAt: draftSavedAt.map(WebFormat.timestamp), locked: locked, lockMessage: lockMessage,
            reopenReason: reopenReason,
            asksDecreaseReason: errors["decreaseReason"] != nil || !input.decreaseReason.isEmpty)
    }
}
