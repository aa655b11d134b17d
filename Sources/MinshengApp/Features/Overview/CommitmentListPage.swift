import Foundation
import MinshengCore

/// The filtered commitment list (任务清单) every count on the dashboard links to.
struct CommitmentListPage: Encodable {
    /// The filters as read from the query string.
    struct Filter: Equatable, Sendable {
        var plan: UUID?
        var health: Health?
        var unit: String?
        var leader: String?
        var section: String?
        var district: String?
        var late: Bool = false
        var text: String?

        /// Whether a row passes every filter given.
        func matches(_ row: WebCommitmentRow) -> Bool {
            if let plan, row.planID != plan { return false }
            if let health, row.health != health { return false }
            if let unit, !(row.leadUnits.names.contains(unit) || row.supportUnits.names.contains(unit)) { return false }
            if let leader, !row.leaders.contains(leader) { return false }
            if let section, row.section != section { return false }
            if let district, !row.districts.contains(district) { return false }
            if late, row.lateReports == 0 && row.missingReports == 0 { return false }
            if let text, !text.isEmpty, !(row.title.contains(text) || row.number.contains(text)) { return false }
            return true
        }

        /// Chinese description of the filters in force, e.g. `严重滞后 · 牵头/责任单位：市民政局`.
        var summary: String {
            var parts: [String] = []
            if let health { parts.append(WebFormat.healthLabel(health)) }
            if let unit { parts.append("单位：\(unit)") }
            if let leader { parts.append("牵头领导：\(leader)") }
            if let section { parts.append("领域：\(section)") }
            if let district { parts.append("区县：\(district)") }
            if late { parts.append("有逾期或缺报") }
            if let text, !text.isEmpty { parts.append("含“\(text)”") }
            return parts.joined(separator: " · ")
        }
    }

    struct Row: Encodable {
        var id: String
        var href: String
        var planTitle: String
        var number: String
        var title: String
        var section: String
        var leaders: String
        var leadUnits: String
        var expected: String
        var actual: String
        var healthLabel: String
        var healthCSS: String
        var reports: String
    }

    typealias Option = ChoiceOption

    var shell: WebShell
    var rows: [Row]
    var total: Int
    var summary: String
    var plans: [Option]
    var healths: [Option]
    var units: [Option]
    var text: String
    /// 批量督办 for one plan's rows (shown to those who may issue notices, when the list is one plan's).
    var bulk: Bulk?
    var links = Links()

    struct Links: Encodable {
        var filter = SitePath.commitments()
        var bulkNotice = SitePath.noticeBulk()
    }

    struct Bulk: Encodable {
        var planID: String
        var planTitle: String
        /// Red (严重滞后), not signed-off tasks of the plan.
        var redCount: Int
        var deadline: String
    }

    static func make(shell: WebShell, snapshots: [WebPlanSnapshot], filter: Filter, canIssue: Bool = false,
                     defaultDeadline: String = "") -> CommitmentListPage {
        let multiple = snapshots.count > 1
        var rows: [Row] = []
        var unitNames = Set<String>()
        for s in snapshots {
            for r in s.tasks {
                unitNames.formUnion(r.leadUnits.names)
                guard filter.matches(r) else { continue }
                var reports = r.lateReports > 0 ? "逾期\(r.lateReports)次" : ""
                if r.missingReports > 0 { reports += (reports.isEmpty ? "" : "，") + "缺报\(r.missingReports)个月" }
                rows.append(Row(id: r.id.uuidString, href: WebLink.commitment(r.id), planTitle: multiple ? s.title : "",
                                number: DisplayText.itemNumber(r.number), title: DisplayText.fullWidth(r.title), section: r.section, leaders: r.leaders.joined(separator: "、"),
                                leadUnits: r.leadUnits.names.joined(separator: "、"), expected: WebFormat.percent(r.expected),
                                actual: WebFormat.percent(r.actual), healthLabel: WebFormat.healthLabel(r.health),
                                healthCSS: "h-\(r.health.rawValue)", reports: reports.isEmpty ? "按时" : reports))
            }
        }
        let plans = [Option(value: "", label: "全部计划", selected: filter.plan == nil)] + snapshots.map {
            Option(value: $0.planID.uuidString, label: $0.title, selected: filter.plan == $0.planID)
        }
        let healths = [Option(value: "", label: "全部颜色", selected: filter.health == nil)] + Health.allCases.map {
            Option(value: $0.rawValue, label: WebFormat.healthLabel($0), selected: filter.health == $0)
        }
        var unitList = unitNames.sorted()
        if let u = filter.unit, !unitNames.contains(u) { unitList.insert(u, at: 0) }
        let units = [Option(value: "", label: "全部单位", selected: filter.unit == nil)] + unitList.map {
            Option(value: $0, label: $0, selected: filter.unit == $0)
        }
        // One plan in view (filtered to it, or the only one): its red tasks can be 督办ed at once.
        let single = filter.plan.flatMap { id in snapshots.first { $0.planID == id } } ?? (snapshots.count == 1 ? snapshots.first : nil)
        let bulk = canIssue ? single.map { s in
            Bulk(planID: s.planID.uuidString, planTitle: s.title,
                 redCount: s.tasks.filter { $0.health == .red }.count, deadline: defaultDeadline)
        } : nil
        return CommitmentListPage(shell: shell, rows: rows, total: rows.count, summary: filter.summary,
                                  plans: plans, healths: healths, units: units, text: filter.text ?? "", bulk: bulk)
    }
}
