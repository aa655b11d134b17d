import Fluent
import Foundation
import MinshengCore
import SQLKit
import MinshengStore

/// The read side of the portal: published plans only (through the plan read model), and about
/// citizens' requests only counts, redacted texts and answers, never a requester. A draft, or
/// anything not public, is ``Rejection/notFound(_:)`` (a draft is nobody's business yet).
enum PortalQueries {
    /// What a page's kept copy depends on: the published plans' revisions and the day; with
    /// `requests`, also the requests' version.
    static func version(on db: any Database, today: CivilDate, requests: Bool = false) async throws -> String {
        var parts = try await PlanRevision.published(on: db).map { "\($0.id.uuidString.prefix(8)):\($0.revision)" }
        parts.append(today.description)
        if requests {
            parts.append("r\(try await RequestRankingCache.version(on: db))")
            parts.append(try await GeoReportQueries.version(on: db))
        }
        return parts.joined(separator: ",")
    }

    /// A published plan's view from the plan read model.
    static func publishedSnapshot(_ planID: PlanID, on db: any Database, cache: PlanReadCache, today: CivilDate,
                                  now: Date) async throws -> WebPlanSnapshot {
        guard let revision = try await PlanRevision.current(planID.rawValue, on: db) else { throw Rejection.notFound(.plan) }
        let entry = try await PlanReadModel.entry(planID.rawValue, revision: revision, on: db, cache: cache, today: today, now: now)
        guard entry.isPublic else { throw Rejection.notFound(.plan) }
        return entry.view
    }

    /// A task of a published plan with its facts.
    static func publishedCommitment(_ id: CommitmentID, on db: any Database) async throws -> (PlanFacts, CommitmentFacts) {
        guard let record = try await CommitmentRecord.find(id.rawValue, on: db) else { throw Rejection.notFound(.commitment) }
        let facts = try await PlanQueries.facts(planID: record.$plan.id, onlyCommitment: id.rawValue, on: db)
        guard Access.mayRead(nil, status: PlanStatus(rawValue: facts.plan.status) ?? .draft),
              let item = facts.commitments.first, item.commitment.kind == .task else { throw Rejection.notFound(.commitment) }
        return (facts, item)
    }

    /// How many requests concern a commitment, open and closed.
    static func requestCounts(commitment: UUID, on db: any Database) async throws -> (open: Int, closed: Int) {
        guard let sql = db as? any SQLDatabase else { return (0, 0) }
        let rows = try await sql.raw("""
            SELECT state, COUNT(*) AS n FROM citizen_requests WHERE commitment_id = \(bind: commitment) GROUP BY state
            """).all()
        var open = 0, closed = 0
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            if GeoReport.status(of: RequestState(rawValue: try row.decode(column: "state", as: String.self)) ?? .received) == "closed" {
                closed += n
            } else {
                open += n
            }
        }
        return (open, closed)
    }
}

extension PortalQueries {
    /// A month of a commitment's progress as published: the consolidated report's percent, its
    /// narrative as the unit wrote it, and the day it went out (its objection window opens then).
    struct PublishedMonth: Sendable {
        var period: YearMonth
        var percent: Double
        var narrative: String
        var publishedOn: CivilDate
    }

    /// Newest first. The plan facts carry no narratives (listings do not need them), so the
    /// commitment page reads its own months.
    static func publishedMonths(commitment: UUID, on db: any Database) async throws -> [PublishedMonth] {
        try await ProgressReportRecord.query(on: db).filter(\.$commitment.$id == commitment).all().compactMap { r in
            guard let period = YearMonth(r.period), let on = CivilDate(r.submittedOn) else { return nil }
            return PublishedMonth(period: period, percent: r.percent, narrative: r.narrative, publishedOn: on)
        }.sorted { $0.period > $1.period }
    }
}

extension PortalQueries {
    /// The photos a coordinator chose to publish for a commitment, newest first.
    static func publicPhotos(commitment: UUID, on db: any Database) async throws -> [AttachmentRecord] {
        try await AttachmentRecord.query(on: db).filter(\.$commitment.$id == commitment).filter(\.$isPublic == true)
            .sort(\.$createdAt, .descending).all()
    }
}
