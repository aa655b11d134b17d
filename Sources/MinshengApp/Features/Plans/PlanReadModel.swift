import Fluent
import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import PolicyParser
import Vapor
import MinshengStore

/// One commitment as the pages list it: who, what, and where it stands today.
struct WebCommitmentRow: Sendable {
    var id: UUID
    var planID: UUID
    var number: String
    var title: String
    var section: String
    var kind: ItemKind
    var leaders: [String]
    /// By identity; `.names` for display.
    var leadUnits: [UnitRef]
    var supportUnits: [UnitRef]
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

extension WebCommitmentRow: RollupInput {
    var rollupHealth: Health { health }
    var rollupActual: Double { actual }
    var rollupExpected: Double { expected }
    var rollupLateReports: Int { lateReports }
    var rollupMissingReports: Int { missingReports }
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
    /// The same rows as the API lists them (rounded to 0.1 for the wire), in the same order.
    var apiRows: [CommitmentStatusDTO]

    /// Tasks only: goals (总体目标) are not tracked month by month.
    var tasks: [WebCommitmentRow] { rows.filter { $0.kind == .task } }

    /// Pure: facts and a day in, rows out (each judgement is Core's, via `CommitmentStatusBuilder`).
    static func make(facts: PlanFacts, today: CivilDate) -> WebPlanSnapshot {
        let plan = facts.plan
        var apiRows: [CommitmentStatusDTO] = []
        apiRows.reserveCapacity(facts.commitments.count)
        let rows = facts.commitments.map { f -> WebCommitmentRow in
            let (dto, status) = CommitmentStatusBuilder.status(of: f, rules: facts.rules, today: today)
            apiRows.append(dto)
            let c = f.commitment
            return WebCommitmentRow(
                id: c.id.rawValue, planID: c.planID.rawValue, number: c.number, title: c.title, section: f.sectionTitle, kind: c.kind,
                leaders: c.leaders, leadUnits: c.leadUnits, supportUnits: c.supportUnits, districts: c.districts,
                isKeyProject: c.isKeyProject, plannedInvestment: c.plannedInvestment,
                expected: status.expected, actual: status.actual, health: status.health,
                reasons: status.assessment.reasons, lateReports: status.lateReports,
                missingReports: status.missingPeriods.count, missingPeriods: status.missingPeriods,
                reports: f.reports.filter { $0.report.kind == .consolidated }.map { ($0.period, $0.report.percent ?? 0, $0.report.isLate) })
        }
        return WebPlanSnapshot(
            planID: plan.id!, title: plan.title, documentNumber: plan.documentNumber,
            status: PlanStatus(rawValue: plan.status) ?? .draft, period: facts.rules.schedule.period(fallback: plan),
            rules: facts.rules, revision: plan.revision, day: today, isDemo: plan.isDemo, rows: rows, apiRows: apiRows)
    }

    /// Counts by colour over `rows` (Core's roll-up).
    static func counts(_ rows: [WebCommitmentRow]) -> HealthCounts {
        Rollup.total(rows).counts
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

enum WebQueries {
    /// A plan's view of today, from the plan read model.
    static func snapshot(_ planID: UUID, req: Request) async throws -> WebPlanSnapshot {
        guard let revision = try await PlanRevision.current(planID, on: req.db) else { throw WebError.notFound }
        return try await PlanReadModel.entry(planID, revision: revision, req: req).view
    }

    /// Views of every tracked (published) plan, oldest first: one query for their revisions, a
    /// full load only for a plan that changed.
    static func publishedSnapshots(req: Request) async throws -> [WebPlanSnapshot] {
        var out: [WebPlanSnapshot] = []
        for (id, revision) in try await PlanRevision.published(on: req.db) {
            out.append(try await PlanReadModel.entry(id, revision: revision, req: req).view)
        }
        return out
    }
}

/// The plan read model: one view per plan revision and day, built by Core from the plan's facts,
/// kept in ``PlanReadCache``; the API listing, the dashboard, lists, bulletins, exports and the
/// report form all read it.
enum PlanReadModel {
    /// The entry at `revision` (just read from the database) for today: the cached one, or built.
    static func entry(_ planID: UUID, revision: Int, req: Request) async throws -> PlanReadCache.Entry {
        try await entry(planID, revision: revision, on: req.db, cache: req.application.planReadCache, today: req.today,
                        now: req.clock.now())
    }

    /// The entry at `revision` for `today`, from `cache` or built from `db` (for callers without a request).
    static func entry(_ planID: UUID, revision: Int, on db: any Database, cache: PlanReadCache, today: CivilDate,
                      now: Date) async throws -> PlanReadCache.Entry {
        if let hit = cache.entry(planID, revision: revision, day: today) {
            cache.confirm(planID, now: now)
            return hit
        }
        return try await build(planID, on: db, cache: cache, today: today, now: now)
    }

    /// Loads the facts and builds the entry once however many requests ask at the same moment,
    /// storing it unless a write in this process invalidated the plan meanwhile.
    static func build(_ planID: UUID, on db: any Database, cache: PlanReadCache, today: CivilDate,
                      now: Date) async throws -> PlanReadCache.Entry {
        try await cache.singleFlight(planID) {
            let generation = cache.generation(planID)
            let facts = try await PlanQueries.facts(planID: planID, on: db)
            let view = WebPlanSnapshot.make(facts: facts, today: today)
            let entry = PlanReadCache.Entry(view: view, rows: try view.apiRows.map(PlansController.encodeRow),
                                            checkedAt: now, isPublic: Access.mayRead(nil, status: view.status))
            cache.store(planID, entry, ifGeneration: generation)
            return entry
        }
    }
}
