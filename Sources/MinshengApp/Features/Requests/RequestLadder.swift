import Fluent
import Foundation
import MinshengCore
import SQLKit
import MinshengStore

/// The overdue ladder (超期升级): a reminder before a limit, 催办 when it passes, a supervision
/// notice (督办, the Supervision feature) after the set number of working days. Run by the server
/// every 10 minutes and by `minsheng ladder`; each rung fires once per limit (`ladder`, claimed by a
/// conditional update, so instances sweeping at once do not both fire it).
enum RequestLadder {
    struct Outcome: Sendable, Equatable {
        var reminded = 0
        var overdue = 0
        var escalated = 0
    }

    static func rank(_ stage: LimitStage?) -> Int {
        switch stage {
        case nil, .onTime?: 0
        case .dueSoon?: 1
        case .overdue?: 2
        case .escalate?: 3
        }
    }

    static func sweep(in ctx: WriteContext) async throws -> Outcome {
        let calendar = try await ctx.workCalendar.calendar(on: ctx.db, now: ctx.now)
        let limits = try await RequestSettings.limits(on: ctx.db)
        let open = try await CitizenRequestRecord.query(on: ctx.db)
            .filter(\.$state ~~ [RequestState.dispatched, .handling, .awaitingApproval].map(\.rawValue)).all()
        var outcome = Outcome()
        for r in open {
            guard let due = r.currentDue, let unitID = r.$leadUnit.id else { continue }
            let stage = LimitStage.of(due: due, today: ctx.today, calendar: calendar, limits: limits)
            guard rank(stage) > rank(r.ladder.flatMap(LimitStage.init(rawValue:))) else { continue }
            let past = calendar.workdaysPast(due, today: ctx.today)
            let signing = r.coreState == .dispatched
            let previous = r.ladder
            // The 督办 rung issues its notice in the claim's transaction: a rung is never claimed
            // without its notice, nor a notice issued twice.
            let notice = stage == .escalate && r.noticeID == nil
                ? try await NoticeActions.prepare(
                    .init(unitID: unitID, commitmentID: r.$commitment.id,
                          requiredAction: "群众诉求 \(r.trackingNumber) 超过办理时限 \(past) 个工作日未办结，请立即办理并反馈。",
                          deadline: calendar.due(after: ctx.today, workdays: 2).description), on: ctx.db, today: ctx.today)
                : nil
            let claimed = try await NoticeActions.retryingNumber { try await ctx.commit { tx -> Bool in
                // Claim the rung: with several instances sweeping, only one moves it.
                guard let sql = tx.db as? any SQLDatabase else { return false }
                var claim = sql.update(CitizenRequestRecord.schema).set("ladder", to: stage.rawValue)
                    .where("id", .equal, r.id!)
                claim = previous.map { claim.where("ladder", .equal, $0) } ?? claim.where("ladder", .is, SQLLiteral.null)
                guard try await claim.returning("id").all().count == 1 else { return false }
                tx.touch(requestsOf: unitID)
                r.ladder = stage.rawValue
                if stage != .dueSoon {
                    // The limit passed unmet: a fact for the scores, whatever happens later.
                    if signing { r.signedInTime = false } else { r.repliedInTime = false }
                }
                r.updatedAt = tx.now
                try await r.save(on: tx.db)
                let what = signing ? "签收" : "办理"
                let (step, text): (String, String) = switch stage {
                case .dueSoon: ("remind", "\(what)时限 \(due) 临近")
                case .overdue: ("overdue", "已超过\(what)时限 \(due)，催办")
                case .escalate: ("escalate", "超期 \(past) 个工作日，已转督办")
                case .onTime: ("remind", "")
                }
                try await RequestActions.event(r, step, text, unitID: UnitID(unitID), in: tx)
                try await RequestActions.notifyUnit(UnitID(unitID), "工单 \(r.trackingNumber)：\(text)", request: r, in: tx)
                try await tx.audit(.requestLadder, .request, r.id, after: ["stage": stage.rawValue])
                if let notice {
                    let issued = try await NoticeActions.write(notice, in: tx)
                    r.noticeID = issued.id
                    try await r.save(on: tx.db)
                    try await tx.audit(.requestLink, .request, r.id, after: ["notice": issued.number])
                }
                return true
            } }
            guard claimed else { continue }
            switch stage {
            case .dueSoon: outcome.reminded += 1
            case .overdue: outcome.overdue += 1
            case .escalate: outcome.escalated += 1
            case .onTime: break
            }
        }
        return outcome
    }
}
