import Fluent
import Foundation
import MinshengCore

/// The monthly 三率 ranking: the database sums each unit's figures, Core weighs and ranks them.
struct RequestRanking: Sendable {
    var month: YearMonth
    var weights: ScoreWeights
    var lines: [RequestScoring.Ranked]
    var red: [RequestScoring.Ranked]
    var black: [RequestScoring.Ranked]

    /// Top and bottom `listSize` form the red and black lists.
    static func month(_ month: YearMonth, listSize: Int = 3, on db: any Database) async throws -> RequestRanking {
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
