import Fluent
import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import MinshengStore

/// The monthly 三率 ranking: the database sums each unit's figures, Core weighs and ranks them.
struct RequestRanking: Sendable {
    var month: YearMonth
    var weights: ScoreWeights
    var lines: [RequestScoring.Ranked]
    var red: [RequestScoring.Ranked]
    var black: [RequestScoring.Ranked]

    /// Top and bottom `listSize` form the red and black lists. With a cache, a month is summed
    /// once per version of the requests' data (``RequestRankingCache``).
    static func month(_ month: YearMonth, listSize: Int = 3, on db: any Database,
                      cache: RequestRankingCache? = nil) async throws -> RequestRanking {
        guard let cache else { return try await compute(month, listSize: listSize, on: db) }
        let version = try await RequestRankingCache.version(on: db)
        if let kept = cache.ranking(month, listSize: listSize, version: version) { return kept }
        let ranking = try await compute(month, listSize: listSize, on: db)
        cache.keep(ranking, listSize: listSize, version: version)
        return ranking
    }

    static func compute(_ month: YearMonth, listSize: Int, on db: any Database) async throws -> RequestRanking {
        let weights = try await RequestSettings.weights(year: month.year, on: db)
        let lines = RequestScoring.ranking(try await RequestQueries.monthScores(month, on: db), weights: weights)
        let lists = RequestScoring.lists(lines, n: listSize)
        return RequestRanking(month: month, weights: weights, lines: lines, red: lists.red, black: lists.black)
    }
}

/// Who saw a 保密 request's personal data: every view is an audit entry.
enum RequestPrivacy {
    static func recordView(_ r: CitizenRequestRecord, by user: UserRecord, in ctx: WriteContext) async throws {
        try await ctx.commit { tx in
            try await tx.audit(.requestViewIdentity, .request, r.id, after: ["trackingNumber": r.trackingNumber, "viewer": user.name])
        }
    }
}

/// The month's requests in the monthly bulletin (通报): dispatched, closed, past a limit, escalated.
struct RequestMonthSummary: Encodable, Sendable, Equatable {
    var dispatched: Int
    var closed: Int
    var overdue: Int
    var escalated: Int
}

extension RequestQueries {
    static func monthSummary(_ month: YearMonth, on db: any Database) async throws -> RequestMonthSummary {
        let base = CitizenRequestRecord.query(on: db).filter(\.$month == month.description)
        return RequestMonthSummary(
            dispatched: try await base.copy().count(),
            closed: try await base.copy().filter(\.$state == RequestState.closed.rawValue).count(),
            overdue: try await base.copy().filter(\.$ladder ~~ [LimitStage.overdue.rawValue, LimitStage.escalate.rawValue])
                .filter(\.$state ~~ [RequestState.dispatched, .handling, .awaitingApproval].map(\.rawValue)).count(),
            escalated: try await base.copy().filter(\.$noticeID != nil).count())
    }
}

/// Monthly rankings as last summed, per (month, list size), kept while the requests' data version
/// stands: the sum of the units' request revisions, which every write that changes a score moves
/// (steps, the ladder, 无理诉求, merges, settings). Summing a month of a million requests takes
/// about 0.1–0.3 s in PostgreSQL; reading the version, one row per unit.
final class RequestRankingCache: Sendable {
    private struct Key: Hashable { var month: YearMonth; var listSize: Int }
    private let entries = NIOLockedValueBox<[Key: (version: Int, ranking: RequestRanking)]>([:])

    func ranking(_ month: YearMonth, listSize: Int, version: Int) -> RequestRanking? {
        entries.withLockedValue { $0[Key(month: month, listSize: listSize)].flatMap { $0.version == version ? $0.ranking : nil } }
    }

    func keep(_ ranking: RequestRanking, listSize: Int, version: Int) {
        entries.withLockedValue { e in
            if e.count > 64 { e.removeAll() }
            e[Key(month: ranking.month, listSize: listSize)] = (version, ranking)
        }
    }

    static func version(on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        // Every bump adds at least 1 to the sum (a unit's first write inserts revision 1).
        let row = try await sql.raw("SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) AS v FROM request_unit_revisions").first()
        return try row?.decode(column: "v", as: Int.self) ?? 0
    }
}

extension Application {
    private struct RequestRankingCacheKey: StorageKey { typealias Value = RequestRankingCache }

    var requestRankingCache: RequestRankingCache? {
        get { storage[RequestRankingCacheKey.self] }
        set { storage[RequestRankingCacheKey.self] = newValue }
    }
}
