import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

/// The read side of the portal: published plans only (through the plan read model), and about
/// citizens' requests only counts, redacted texts and answers, never a requester.
enum PortalQueries {
    /// What a page's kept copy depends on: the published plans' revisions and the day; with
    /// `requests`, also the requests' version.
    static func version(_ req: Request, requests: Bool = false) async throws -> String {
        var parts = try await PlanRevision.published(on: req.db).map { "\($0.id.uuidString.prefix(8)):\($0.revision)" }
        parts.append(req.today.description)
        if requests {
            parts.append("r\(try await RequestRankingCache.version(on: req.db))")
            parts.append(try await GeoReportQueries.version(on: req.db))
        }
        return parts.joined(separator: ",")
    }

    /// A published plan's view, or not found (a draft is nobody's business yet).
    static func publishedSnapshot(_ planID: UUID, req: Request) async throws -> WebPlanSnapshot {
        guard let revision = try await PlanRevision.current(planID, on: req.db) else { throw WebError.notFound }
        let entry = try await PlanReadModel.entry(planID, revision: revision, req: req)
        guard entry.isPublic else { throw WebError.notFound }
        return entry.view
    }

    /// A commitment of a published plan with its facts, or not found.
    static func publishedCommitment(_ id: UUID, req: Request) async throws -> (PlanFacts, CommitmentFacts) {
        guard let record = try await CommitmentRecord.find(id, on: req.db) else { throw WebError.notFound }
        let facts = try await PlanQueries.facts(planID: record.$plan.id, onlyCommitment: id, on: req.db)
        guard Access.mayRead(nil, status: PlanStatus(rawValue: facts.plan.status) ?? .draft),
              let item = facts.commitments.first, item.commitment.kind == .task else { throw WebError.notFound }
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
