import Fluent
import Foundation
import MinshengCore
import PolicyParser
import MinshengStore

/// The rows of a draft as the import review edits them beyond their fields: a row the parser
/// missed (add), a row that is not a commitment (delete), a commitment the parser split in two
/// (merge). Drafts only: a published plan's rows have months on record. Each write goes through
/// ``WriteContext/commit(_:)`` with its audit entry.
enum DraftRowActions {
    /// A row of the audit trail: what a commitment was.
    struct RowAudit: Codable {
        var number: String
        var title: String
        var kind: String
        var targets: Int
    }

    /// What a merge made of several rows.
    struct MergeAudit: Codable {
        var kept: RowAudit
        var merged: [RowAudit]
    }

    static func draft(_ planID: UUID, on db: any Database) async throws -> PlanRecord {
        let plan = try await PlanQueries.plan(planID, on: db)
        guard plan.planStatus == .draft else { throw Rejection.conflict(.draftOnly(.editRows)) }
        return plan
    }

    /// Adds a task at the end of the draft. An empty number becomes `补充N` (N counting the rows
    /// added so), so the row can be found and renumbered later.
    @discardableResult
    static func add(planID: PlanID, number: String, title: String, in ctx: WriteContext) async throws -> CommitmentID {
        let planID = planID.rawValue
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw Rejection.invalid([.init("newTitle", .newRowTitleBlank)]) }
        let typed = number.trimmingCharacters(in: .whitespaces)
        return try await ctx.commit { tx in
            let db = tx.db
            _ = try await draft(planID, on: db)
            let rows = try await CommitmentRecord.query(on: db).filter(\.$plan.$id == planID).all()
            var assigned = typed
            if assigned.isEmpty {
                var n = 1
                let numbers = Set(rows.map(\.number))
                while numbers.contains("补充\(n)") { n += 1 }
                assigned = "补充\(n)"
            }
            let c = CommitmentRecord()
            c.id = UUID()
            c.$plan.id = planID
            c.$section.id = nil
            c.position = (rows.map(\.position).max() ?? -1) + 1
            c.number = assigned
            c.title = title
            c.text = title
            c.kind = ItemKind.task.rawValue
            c.isKeyProject = false
            c.plannedInvestment = nil
            c.districts = ""
            c.deadline = nil
            c.lineFrom = 0
            c.lineTo = 0
            c.isSignedOff = false
            c.version = 1
            try await c.create(on: db)
            tx.touch(plan: planID)
            try await tx.audit(.commitmentCreate, .commitment, c.id, after: RowAudit(number: c.number, title: c.title, kind: c.kind, targets: 0))
            return CommitmentID(c.id!)
        }
    }

    /// Deletes rows of a draft with their targets and links.
    static func delete(planID: PlanID, commitmentIDs: [CommitmentID], in ctx: WriteContext) async throws -> Int {
        let planID = planID.rawValue, commitmentIDs = commitmentIDs.map(\.rawValue)
        guard !commitmentIDs.isEmpty else { throw Rejection.invalid([.init("rows", .noRowsChosen)]) }
        return try await ctx.commit { tx in
            let db = tx.db
            _ = try await draft(planID, on: db)
            let rows = try await CommitmentRecord.query(on: db).filter(\.$plan.$id == planID).filter(\.$id ~~ commitmentIDs).all()
            guard rows.count == Set(commitmentIDs).count else { throw Rejection.notFound(.commitment) }
            for row in rows {
                let id = row.id!
                let targets = try await TargetRecord.query(on: db).filter(\.$commitment.$id == id).count()
                try await removeChildren(of: [id], on: db)
                try await row.delete(on: db)
                try await tx.audit(.commitmentDelete, .commitment, id,
                                   before: RowAudit(number: row.number, title: row.title, kind: row.kind, targets: targets))
            }
            tx.touch(plan: planID)
            return rows.count
        }
    }

    /// Merges rows into the first chosen (in the plan's order): its number and title stay; the
    /// others' text, targets, leaders, units and districts join it; its lines cover them all; its
    /// 完成时限 is the latest stated and its 计划投资 the sum of those given. The others are removed.
    static func merge(planID: PlanID, commitmentIDs: [CommitmentID], in ctx: WriteContext) async throws -> (number: String, merged: Int) {
        let planID = planID.rawValue, commitmentIDs = commitmentIDs.map(\.rawValue)
        guard Set(commitmentIDs).count >= 2 else { throw Rejection.invalid([.init("rows", .mergeNeedsTwo)]) }
        return try await ctx.commit { tx in
            let db = tx.db
            _ = try await draft(planID, on: db)
            let rows = try await CommitmentRecord.query(on: db).filter(\.$plan.$id == planID).filter(\.$id ~~ commitmentIDs)
                .sort(\.$position).all()
            guard rows.count == Set(commitmentIDs).count else { throw Rejection.notFound(.commitment) }
            let keep = rows[0]
            let others = Array(rows.dropFirst())
            let keepID = keep.id!
            func audit(_ r: CommitmentRecord) async throws -> RowAudit {
                RowAudit(number: r.number, title: r.title, kind: r.kind,
                         targets: try await TargetRecord.query(on: db).filter(\.$commitment.$id == r.id!).count())
            }
            let keptBefore = try await audit(keep)
            var mergedAudit: [RowAudit] = []
            var leaders = try await CommitmentLinks.leaders(of: keepID, on: db)
            var (lead, support) = try await CommitmentLinks.units(of: keepID, on: db)
            var position = (try await TargetRecord.query(on: db).filter(\.$commitment.$id == keepID).max(\.$position)) ?? -1
            var districts = keep.districtList
            var texts = [keep.text]
            var investment = keep.plannedInvestment
            var deadline = keep.deadline
            for other in others {
                mergedAudit.append(try await audit(other))
                let id = other.id!
                for t in try await TargetRecord.query(on: db).filter(\.$commitment.$id == id).sort(\.$position).all() {
                    position += 1
                    t.$commitment.id = keepID
                    t.position = position
                    try await t.save(on: db)
                }
                for name in try await CommitmentLinks.leaders(of: id, on: db) where !leaders.contains(name) { leaders.append(name) }
                let units = try await CommitmentLinks.units(of: id, on: db)
                for name in units.lead where !lead.contains(name) { lead.append(name) }
                for name in units.support where !support.contains(name) && !lead.contains(name) { support.append(name) }
                for d in other.districtList where !districts.contains(d) { districts.append(d) }
                if !other.text.isEmpty { texts.append(other.text) }
                if let v = other.plannedInvestment { investment = (investment ?? 0) + v }
                if let d = other.deadline, let date = CivilDate.deadline(stated: d) {
                    if deadline.flatMap({ CivilDate.deadline(stated: $0) }).map({ $0 < date }) ?? true { deadline = d }
                }
                if other.lineFrom > 0 { keep.lineFrom = keep.lineFrom > 0 ? min(keep.lineFrom, other.lineFrom) : other.lineFrom }
                keep.lineTo = max(keep.lineTo, other.lineTo)
                try await removeChildren(of: [id], on: db)
                try await other.delete(on: db)
            }
            support.removeAll { lead.contains($0) }
            try await CommitmentLinks.setLeaders(leaders, of: keepID, on: db)
            try await CommitmentLinks.setUnits(lead: lead, support: support, of: keepID, on: db)
            keep.text = texts.joined(separator: "\n")
            keep.districts = districts.joined(separator: "、")
            keep.plannedInvestment = investment
            keep.deadline = deadline
            keep.version += 1
            try await keep.save(on: db)
            tx.touch(plan: planID)
            try await tx.audit(.commitmentMerge, .commitment, keepID,
                               before: MergeAudit(kept: keptBefore, merged: mergedAudit), after: try await audit(keep))
            return (keep.number, others.count)
        }
    }

    /// A commitment's targets, links and own schedule nodes (its reports and notes cascade).
    static func removeChildren(of ids: [UUID], on db: any Database) async throws {
        try await TargetRecord.query(on: db).filter(\.$commitment.$id ~~ ids).delete()
        try await CommitmentLeaderRecord.query(on: db).filter(\.$commitment.$id ~~ ids).delete()
        try await CommitmentUnitRecord.query(on: db).filter(\.$commitment.$id ~~ ids).delete()
        try await ScheduleNodeRecord.query(on: db).filter(\.$commitment.$id ~~ ids.map { Optional($0) }).delete()
    }
}
