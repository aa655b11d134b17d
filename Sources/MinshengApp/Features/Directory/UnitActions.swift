import Fluent
import Foundation
import MinshengCore
import SQLKit
import MinshengStore

/// The unit directory's use cases. Units are one identity each (`units.id`); names and aliases
/// are how documents and people spell them.
enum UnitActions {
    /// Records another spelling of a unit (添加别名), e.g. 卫健委 for 市卫生健康委, so plans, forms and
    /// imports that write it find the unit. The alias table is the admin's to extend; the general
    /// rules are Core's `UnitName`. A spelling that already names this unit is accepted as is.
    ///
    /// Throws ``Rejection``: `invalid` (blank or too long), `notFound(.unit)`, or
    /// `conflict(.aliasTaken)` when the spelling names another unit (merge the two instead).
    static func addAlias(_ rawAlias: String, to unitID: UnitID, in ctx: WriteContext) async throws {
        let unitID = unitID.rawValue
        let alias = rawAlias.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !alias.isEmpty, alias.count <= 100 else { throw Rejection.invalid([FieldProblem("alias", .aliasRequired(max: 100))]) }
        try await ctx.commit { tx in
            let db = tx.db
            guard let unit = try await UnitRecord.find(unitID, on: db) else { throw Rejection.notFound(.unit) }
            if let existing = try await UnitAliasRecord.query(on: db).filter(\.$alias == alias).first() {
                guard existing.$unit.id == unitID else {
                    let other = try await UnitRecord.find(existing.$unit.id, on: db)
                    throw Rejection.conflict(.aliasTaken(alias: alias, owner: other?.name ?? alias))
                }
                return
            }
            try await UnitAliasRecord(unitID: unitID, alias: alias).create(on: db)
            try await tx.audit(.unitAlias, .unit, unitID, after: ["unit": unit.name, "alias": alias])
        }
    }

    /// Merges `from` into `into` (合并单位), in one transaction: everything that points at `from`
    /// moves to `into` — aliases, commitment links (a commitment linked to both keeps the stronger
    /// role), users, support units' contributions, supervision notices, report drafts, and the unit
    /// on lead units' reports — then `from` is deleted. Returns the unit that stays.
    ///
    /// Throws ``Rejection``: `invalid` (field `from`) for a unit merged into itself, `notFound(.unit)`.
    @discardableResult
    static func merge(_ fromID: UnitID, into intoID: UnitID, in ctx: WriteContext) async throws -> UnitRecord {
        let fromID = fromID.rawValue, intoID = intoID.rawValue
        guard fromID != intoID else { throw Rejection.invalid([FieldProblem("from", .sameUnit)]) }
        return try await ctx.commit { tx in
            let db = tx.db
            guard let into = try await UnitRecord.find(intoID, on: db),
                  let from = try await UnitRecord.find(fromID, on: db) else { throw Rejection.notFound(.unit) }
            try await UnitAliasRecord.query(on: db).filter(\.$unit.$id == fromID).set(\.$unit.$id, to: intoID).update()
            let intoLinks = try await CommitmentUnitRecord.query(on: db).filter(\.$unit.$id == intoID).all()
            let fromLinks = try await CommitmentUnitRecord.query(on: db).filter(\.$unit.$id == fromID).all()
            let byCommitment = Dictionary(intoLinks.map { ($0.$commitment.id, $0) }, uniquingKeysWith: { a, _ in a })
            for link in fromLinks {
                if let existing = byCommitment[link.$commitment.id] {
                    if link.role == UnitRole.lead.rawValue && existing.role != UnitRole.lead.rawValue {
                        existing.role = UnitRole.lead.rawValue
                        try await existing.save(on: db)
                    }
                    try await link.delete(on: db)
                } else {
                    link.$unit.id = intoID
                    try await link.save(on: db)
                }
            }
            try await UserRecord.query(on: db).filter(\.$unit.$id == fromID).set(\.$unit.$id, to: intoID).update()
            try await ReportContributionRecord.query(on: db).filter(\.$unit.$id == fromID).set(\.$unit.$id, to: intoID).update()
            try await SupervisionNoticeRecord.query(on: db).filter(\.$unit.$id == fromID).set(\.$unit.$id, to: intoID).update()
            try await moveRequests(from: fromID, into: intoID, on: db)
            // A draft of the same commitment-month by both units: the staying unit's is kept.
            let keptDrafts = try await ReportDraftRecord.query(on: db).filter(\.$unit.$id == intoID).all()
            let keptKeys = Set(keptDrafts.map { "\($0.$commitment.id)|\($0.period)" })
            for draft in try await ReportDraftRecord.query(on: db).filter(\.$unit.$id == fromID).all() {
                if keptKeys.contains("\(draft.$commitment.id)|\(draft.period)") {
                    try await draft.delete(on: db)
                } else {
                    draft.$unit.id = intoID
                    try await draft.save(on: db)
                }
            }
            // Lead units' reports move by identity; their name moves too, as the unit they now count for.
            try await ProgressReportRecord.query(on: db).filter(\.$unit.$id == fromID)
                .set(\.$unit.$id, to: intoID).set(\.$unitName, to: into.name).update()
            try await from.delete(on: db)
            tx.touchAllPlans()
            try await tx.audit(.unitMerge, .unit, intoID, before: ["into": into.name, "from": from.name],
                               after: ["into": into.name])
            return into
        }
    }

    /// What a merge moves of the citizens' requests: lead and suggested units, co-units (a request
    /// that had both keeps one), routing rules, history and notifications.
    private static func moveRequests(from fromID: UUID, into intoID: UUID, on db: any Database) async throws {
        try await CitizenRequestRecord.query(on: db).filter(\.$leadUnit.$id == fromID).set(\.$leadUnit.$id, to: intoID).update()
        try await CitizenRequestRecord.query(on: db).filter(\.$suggestedUnit.$id == fromID)
            .set(\.$suggestedUnit.$id, to: intoID).update()
        let both = try await RequestCoUnitRecord.query(on: db).filter(\.$unit.$id == intoID).all().map { $0.$request.id }
        for co in try await RequestCoUnitRecord.query(on: db).filter(\.$unit.$id == fromID).all() {
            if both.contains(co.$request.id) { try await co.delete(on: db) } else {
                co.$unit.id = intoID
                try await co.save(on: db)
            }
        }
        // Where the two met on one request as lead and co-unit, the staying unit now leads it: a unit
        // is not its own co-unit.
        if let sql = db as? any SQLDatabase {
            try await sql.raw("""
                DELETE FROM request_co_units WHERE unit_id = \(bind: intoID)
                  AND request_id IN (SELECT id FROM citizen_requests WHERE lead_unit_id = \(bind: intoID))
                """).run()
        }
        try await RoutingRuleRecord.query(on: db).filter(\.$leadUnit.$id == fromID).set(\.$leadUnit.$id, to: intoID).update()
        for rule in try await RoutingRuleRecord.query(on: db).filter(\.$coUnitIDs ~~ fromID.uuidString).all() {
            rule.coUnitIDs = rule.coUnitIDs.replacingOccurrences(of: fromID.uuidString, with: intoID.uuidString)
            try await rule.save(on: db)
        }
        try await RequestEventRecord.query(on: db).filter(\.$unit.$id == fromID).set(\.$unit.$id, to: intoID).update()
        try await NotificationRecord.query(on: db).filter(\.$unit.$id == fromID).set(\.$unit.$id, to: intoID).update()
    }
}
