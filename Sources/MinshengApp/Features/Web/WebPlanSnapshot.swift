import Fluent
import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import PolicyParser
import Vapor

/// One commitment as the pages list it: who, what, and where it stands today.
struct WebCommitmentRow: Sendable {
    var id: UUID
    var planID: UUID
    var number: String
    var title: String
    var section: String
    var kind: ItemKind
    var leaders: [String]
    var leadUnits: [String]
    var supportUnits: [String]
    var districts: [String]
    var isKeyProject: Bool
    var plannedInvestment: Double?
    var expected: Double
    var actual: Double
    var health: Health
    var reasons: [HealthReason]
    var lateReports: Int
    var missingReports: Int
    /// Months owed, past due and not reported (Core's `CommitmentStatus.missingPeriods`).
    var missingPeriods: [YearMonth]
    /// Reported months, oldest first: (month, percent, late).
    var reports: [(period: YearMonth, percent: Double, isLate: Bool)]

    var gap: Double { expected - actual }
}

/// A plan's rows on a day, built once from ``PlanFacts`` and shared by the dashboard, lists,
/// bulletins and exports. Cached per plan and keyed by the plan's `revision` (bumped by every
/// write that changes listings) and the day, so pages do not reload 12,000 reports per view.
struct WebPlanSnapshot: Sendable {
    var planID: UUID
    var title: String
    var documentNumber: String?
    var status: PlanStatus
    var period: YearSpan
    var rules: TrackingRules
    var revision: Int
    var day: CivilDate
    var isDemo: Bool
    var rows: [WebCommitmentRow]
    /// The dashboard's charts and tables for this snapshot, computed once with it (they depend
    /// only on the rows and the day, and cost more than the rest of the page together).
    var dashboard: DashboardPage.Parts? = nil

    /// Tasks only: goals (总体目标) are not tracked month by month.
    var tasks: [WebCommitmentRow] { rows.filter { $0.kind == .task } }

    /// Pure: facts and a day in, rows out (each judgement is Core's, via `CommitmentStatusBuilder`).
    static func make(facts: PlanFacts, today: CivilDate) -> WebPlanSnapshot {
        let plan = facts.plan
        let rows = facts.commitments.map { f -> WebCommitmentRow in
            let (dto, status) = CommitmentStatusBuilder.status(of: f, rules: facts.rules, today: today)
            let c = f.commitment
            return WebCommitmentRow(
                id: c.id, planID: c.planID, number: c.number, title: c.title, section: f.sectionTitle, kind: c.kind,
                leaders: c.leaders, leadUnits: c.leadUnits, supportUnits: c.supportUnits, districts: c.districts,
                isKeyProject: c.isKeyProject, plannedInvestment: c.plannedInvestment,
                expected: dto.expectedPercent, actual: dto.actualPercent, health: status.health,
                reasons: status.assessment.reasons, lateReports: dto.lateReports, missingReports: dto.missingReports,
                missingPeriods: status.missingPeriods,
                reports: f.reports.filter { $0.report.kind == .consolidated }.map { ($0.period, $0.report.percent ?? 0, $0.report.isLate) })
        }
        var snapshot = WebPlanSnapshot(
            planID: plan.id!, title: plan.title, documentNumber: plan.documentNumber,
            status: PlanStatus(rawValue: plan.status) ?? .draft, period: facts.rules.schedule.period(fallback: plan),
            rules: facts.rules, revision: plan.revision, day: today, isDemo: plan.isDemo, rows: rows)
        snapshot.dashboard = DashboardPage.parts(snapshot, today: today)
        return snapshot
    }

    /// Counts by colour over `rows`.
    static func counts(_ rows: [WebCommitmentRow]) -> HealthCounts {
        var c = HealthCounts()
        for r in rows {
            switch r.health {
            case .done: c.done += 1
            case .green: c.green += 1
            case .yellow: c.yellow += 1
            case .red: c.red += 1
            }
        }
        return c
    }

    /// The months the plan runs over (at most 36, from its first January).
    var months: [YearMonth] {
        let first = YearMonth(period.from, 1)
        let last = YearMonth(period.to, 12)
        return Array(YearMonth.range(first, through: last).prefix(36))
    }

    /// The plan's expected curve month by month (at each month's end), from its default schedule.
    var expectedCurve: [Double] {
        months.map { rules.schedule.expectedPercent(on: $0.lastDay) }
    }

    /// Mean actual over the tasks month by month: each task's latest reported percent at or
    /// before that month (0 before its first report); nil for months after the current one.
    var actualCurve: [Double?] {
        let current = day.yearMonth
        let tracked = tasks
        guard !tracked.isEmpty else { return months.map { _ in nil } }
        return months.map { m in
            guard m <= current else { return nil }
            let sum = tracked.reduce(0.0) { acc, row in
                acc + (row.reports.last(where: { $0.period <= m })?.percent ?? 0)
            }
            return sum / Double(tracked.count)
        }
    }
}

extension ScheduleRule {
    /// The years the schedule spans; the plan's stated period when it has one.
    func period(fallback plan: PlanRecord) -> YearSpan {
        if let from = plan.periodFrom { return YearSpan(from: from, to: plan.periodTo ?? from) }
        return YearSpan(from: start.year, to: finish.year)
    }
}

/// Loads snapshots, reusing one while the plan's revision and the day are unchanged.
final class WebSnapshotCache: Sendable {
    private let entries = NIOLockedValueBox<[UUID: WebPlanSnapshot]>([:])

    func get(_ planID: UUID, revision: Int, day: CivilDate) -> WebPlanSnapshot? {
        entries.withLockedValue { all in
            guard let s = all[planID], s.revision == revision, s.day == day else { return nil }
            return s
        }
    }

    private let cards = NIOLockedValueBox<[String: String]>([:])

    func clear() {
        entries.withLockedValue { $0.removeAll() }
        cards.withLockedValue { $0.removeAll() }
    }

    /// A dashboard card's rendered HTML, by its key (plan, revision, day, viewer's rights, notices).
    func card(_ key: String) -> String? { cards.withLockedValue { $0[key] } }

    func putCard(_ key: String, _ html: String) {
        cards.withLockedValue { all in
            if all.count >= 256 { all.removeAll() }
            all[key] = html
        }
    }

    func put(_ snapshot: WebPlanSnapshot) {
        entries.withLockedValue { $0[snapshot.planID] = snapshot }
    }
}

extension Application {
    private struct WebSnapshotCacheKey: StorageKey { typealias Value = WebSnapshotCache }

    /// Set once in ``registerWeb(_:)``.
    var webSnapshots: WebSnapshotCache {
        get { storage[WebSnapshotCacheKey.self] ?? WebSnapshotCache() }
        set { storage[WebSnapshotCacheKey.self] = newValue }
    }
}

enum WebQueries {
    /// A plan's snapshot for today: one small query for the revision, the full load only when
    /// something changed.
    static func snapshot(_ planID: UUID, req: Request) async throws -> WebPlanSnapshot {
        guard let revision = try await PlanRevision.current(planID, on: req.db) else { throw WebError.notFound }
        return try await snapshot(planID, revision: revision, req: req)
    }

    private static func snapshot(_ planID: UUID, revision: Int, req: Request) async throws -> WebPlanSnapshot {
        let today = req.today
        let cache = req.application.webSnapshots
        if let hit = cache.get(planID, revision: revision, day: today) { return hit }
        let facts = try await PlanQueries.facts(planID: planID, on: req.db)
        let snapshot = WebPlanSnapshot.make(facts: facts, today: today)
        cache.put(snapshot)
        return snapshot
    }

    /// Plans staff see, newest first; drafts only for roles that may read them.
    static func plans(req: Request, includeDrafts: Bool) async throws -> [PlanRecord] {
        var q = PlanRecord.query(on: req.db)
        if !includeDrafts { q = q.filter(\.$status != PlanStatus.draft.rawValue) }
        return try await q.filter(\.$status != PlanStatus.archived.rawValue)
            .sort(\.$createdAt, .descending).all()
    }

    /// Snapshots of every tracked (published) plan, oldest first: one query for their revisions,
    /// a full load only for a plan that changed.
    static func publishedSnapshots(req: Request) async throws -> [WebPlanSnapshot] {
        var out: [WebPlanSnapshot] = []
        for (id, revision) in try await PlanRevision.published(on: req.db) {
            out.append(try await snapshot(id, revision: revision, req: req))
        }
        return out
    }
}
