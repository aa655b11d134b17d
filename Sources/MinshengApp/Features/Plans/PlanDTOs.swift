import Foundation
import MinshengCore
import PolicyParser
import Vapor
import MinshengStore

/// A plan in lists.
struct PlanSummaryDTO: Content {
    var id: UUID
    var title: String
    var documentNumber: String?
    var period: YearSpan?
    var status: String
    var version: Int
    var isDemo: Bool

    init(_ plan: PlanRecord) {
        self.init(Row(id: plan.id!, title: plan.title, documentNumber: plan.documentNumber, periodFrom: plan.periodFrom,
                      periodTo: plan.periodTo, status: plan.status, version: plan.version, isDemo: plan.isDemo))
    }

    /// The columns a summary needs, as stored; read without loading a plan's source text.
    struct Row: Decodable {
        var id: UUID
        var title: String
        var documentNumber: String?
        var periodFrom: Int?
        var periodTo: Int?
        var status: String
        var version: Int
        var isDemo: Bool

        static let columns = ["id", "title", "document_number", "period_from", "period_to", "status", "version", "is_demo"]
    }

    init(_ row: Row) {
        id = row.id
        title = row.title
        documentNumber = row.documentNumber
        period = row.periodFrom.map { YearSpan(from: $0, to: row.periodTo ?? $0) }
        status = row.status
        version = row.version
        isDemo = row.isDemo
    }
}

/// A schedule node on the wire: `{"date": "2026-06-30", "percent": 60}`.
struct ScheduleNodeDTO: Content {
    var date: String
    var percent: Double

    /// Dated nodes (节点化推进) from a PATCH body; a bad date is noted in `problems` under
    /// `schedule.N.date`. Nil when the body sends no schedule.
    static func nodes(_ schedule: [ScheduleNodeDTO]?, problems: inout [FieldProblem]) -> [ScheduleNode]? {
        guard let schedule else { return nil }
        var nodes: [ScheduleNode] = []
        for (i, node) in schedule.enumerated() {
            guard let date = CivilDate(node.date) else { problems.append(FieldProblem("schedule.\(i).date", .notDate)); continue }
            nodes.append(ScheduleNode(date: date, percent: node.percent))
        }
        return nodes
    }
}

/// A plan with its rules and sections.
struct PlanDTO: Content {
    var id: UUID
    var title: String
    var documentNumber: String?
    var issuer: String?
    var level: String?
    var period: YearSpan?
    var status: String
    var version: Int
    var isDemo: Bool
    var sourceName: String
    var bands: HealthBands
    var reportDueOffset: Int
    var schedule: [ScheduleNodeDTO]
    var sections: [SectionDTO]
    var commitments: Int
    var targets: Int

    struct SectionDTO: Content {
        var id: UUID
        var title: String
    }
}

/// A target with its latest actual and attainment.
struct TargetDTO: Content {
    var id: UUID
    var metric: String
    var op: String
    var value: Double
    var unit: String
    var baseline: Double?
    var deadline: String?
    var version: Int
    var actual: Double?
    var attainment: Attainment?
}

/// A commitment as listed: who is responsible, its targets and its tracking status.
struct CommitmentStatusDTO: Content {
    var id: UUID
    var kind: String
    var number: String
    var title: String
    var section: String
    var leaders: [String]
    var leadUnits: [String]
    var supportUnits: [String]
    var districts: [String]
    var isKeyProject: Bool
    var plannedInvestment: Double?
    var deadline: String?
    var targets: [TargetDTO]
    /// 序时进度 today.
    var expectedPercent: Double
    /// The latest report's percent (0 before the first report).
    var actualPercent: Double
    /// `done`, `green`, `yellow`, `red`.
    var health: String
    /// Why, as codes: `complete`, `signed_off`, `on_schedule`, `behind`, `far_behind`, `past_deadline`, `reports_missing`.
    var healthReasons: [String]
    var lastPeriod: String?
    var lateReports: Int
    var missingReports: Int
    var version: Int
}

/// A commitment with its text, source lines, schedule and reports.
struct CommitmentDetailDTO: Content {
    var planID: UUID
    var planTitle: String
    var planStatus: String
    var text: String
    var lines: LineRange
    var schedule: [ScheduleNodeDTO]
    var scheduleIsOverride: Bool
    var status: CommitmentStatusDTO
    var reports: [ReportSummaryDTO]
}

/// One month's report in a commitment's timeline.
struct ReportSummaryDTO: Content {
    var id: UUID
    var period: String
    var percent: Double
    var isLate: Bool
    var isLocked: Bool
    var revision: Int
}

extension HealthReason {
    /// A stable code for the API.
    var code: String {
        switch self {
        case .complete: return "complete"
        case .signedOff: return "signed_off"
        case .onSchedule: return "on_schedule"
        case .behindSchedule: return "behind"
        case .farBehindSchedule: return "far_behind"
        case .pastDeadline: return "past_deadline"
        case .reportsMissing: return "reports_missing"
        }
    }
}
