import Fluent
import Foundation
import MinshengCore
import PolicyParser
import MinshengStore

/// Stores a parsed plan as a draft: plan, sections, commitments, targets, the links to leaders and
/// units (resolved through ``UnitDirectory`` so re-imports reuse them) and the default schedule.
///
/// Shared by `POST /api/v1/imports`, `minsheng import` and the demo loader.
struct PlanImporter {
    /// What an import produced.
    struct Outcome: Sendable {
        var planID: UUID
        var title: String
        var commitments: Int
        var targets: Int
        var diagnostics: [Diagnostic]
    }

    var isDemo = false

    /// Parses and stores `text` in one transaction, with an audit entry.
    func importText(_ text: String, filename: String, in ctx: WriteContext) async throws -> Outcome {
        let parsed = PlanParser().parse(text: text, source: filename)
        return try await store(parsed, text: text, in: ctx)
    }

    func store(_ parsed: ParsedPlan, text: String, in ctx: WriteContext) async throws -> Outcome {
        try await ctx.commit { tx in
            try await storeInTransaction(parsed, text: text, tx: tx)
        }
    }

    private func storeInTransaction(_ parsed: ParsedPlan, text: String, tx: WriteTransaction) async throws -> Outcome {
        // Core maps the document (title, years, rows, targets, names) and refuses what cannot be
        // stored; here the names become ids and the rows records.
        let draft = try PlanDraft(parsed: parsed, today: tx.today)
        let db = tx.db, now = tx.now

        let plan = PlanRecord()
        plan.id = UUID()
        plan.title = draft.title
        plan.documentNumber = draft.documentNumber
        plan.periodFrom = draft.period.from
        plan.periodTo = draft.period.to
        plan.status = PlanStatus.draft.rawValue
        plan.sourceName = draft.source
        plan.sourceText = text
        plan.bandYellow = draft.rules.bands.yellow
        plan.bandRed = draft.rules.bands.red
        plan.reportDueOffset = draft.rules.reportDue.dayOffset
        plan.version = 1
        plan.revision = 1
        plan.createdAt = now
        plan.updatedAt = now
        plan.isDemo = isDemo
        try await plan.create(on: db)
        let planID = try plan.requireID()

        let nodes = draft.rules.schedule.nodes.map {
            ScheduleNodeRecord(planID: planID, date: $0.date.description, percent: $0.percent)
        }
        try await nodes.create(on: db)

        var sectionIDs: [String: UUID] = [:]
        let sections = draft.sections.enumerated().map { position, title in
            let section = SectionRecord(planID: planID, title: title, position: position)
            section.id = UUID()
            sectionIDs[title] = section.id
            return section
        }
        try await sections.create(on: db)

        var units = try await UnitDirectory.load(on: db)
        var leaders = try await LeaderDirectory.load(on: db)
        var commitments: [CommitmentRecord] = []
        var targets: [TargetRecord] = []
        var leaderLinks: [CommitmentLeaderRecord] = []
        var unitLinks: [CommitmentUnitRecord] = []
        for (index, row) in draft.rows.enumerated() {
            let commitment = CommitmentRecord()
            let commitmentID = UUID()
            commitment.id = commitmentID
            commitment.$plan.id = planID
            commitment.$section.id = row.section.isEmpty ? nil : sectionIDs[row.section]
            commitment.position = index
            commitment.number = row.number
            commitment.title = row.title
            commitment.text = row.text
            commitment.kind = row.kind.rawValue
            commitment.isKeyProject = false
            commitment.plannedInvestment = nil
            commitment.districts = ""
            commitment.deadline = row.deadline
            commitment.lineFrom = row.lines.from
            commitment.lineTo = row.lines.to
            commitment.isSignedOff = false
            commitment.version = 1
            commitments.append(commitment)
            for (position, stated) in row.targets.enumerated() {
                let target = TargetRecord()
                target.id = UUID()
                target.$commitment.id = commitmentID
                target.position = position
                target.metric = stated.metric
                target.op = stated.op.rawValue
                target.value = stated.value
                target.unit = stated.unit
                target.baseline = stated.baseline
                target.deadline = stated.by
                target.version = 1
                targets.append(target)
            }
            // Two names may still be one unit or leader (an alias): links are kept once per id.
            var seenLeaders = Set<UUID>()
            for name in row.leaders {
                let id = try await leaders.resolve(name)
                guard seenLeaders.insert(id).inserted else { continue }
                leaderLinks.append(CommitmentLeaderRecord(commitmentID: commitmentID, leaderID: id, position: leaderLinks.count))
            }
            var seenUnits = Set<UUID>()
            for (role, names) in [(UnitRole.lead, row.leadUnits), (UnitRole.support, row.supportUnits)] {
                for name in names {
                    let id = try await units.resolve(name)
                    guard seenUnits.insert(id).inserted else { continue }
                    unitLinks.append(CommitmentUnitRecord(commitmentID: commitmentID, unitID: id, role: role, position: unitLinks.count))
                }
            }
        }
        // Batches keep a 1,000-commitment import to a few statements per table.
        for chunk in commitments.chunked(200) { try await chunk.create(on: db) }
        for chunk in targets.chunked(200) { try await chunk.create(on: db) }
        for chunk in leaderLinks.chunked(200) { try await chunk.create(on: db) }
        for chunk in unitLinks.chunked(200) { try await chunk.create(on: db) }

        let outcome = Outcome(planID: planID, title: plan.title, commitments: commitments.count,
                              targets: targets.count, diagnostics: draft.problems)
        try await tx.audit(.planImport, .plan, planID, after: ImportAudit(title: plan.title, source: draft.source,
                                                                        commitments: outcome.commitments,
                                                                        targets: outcome.targets))
        return outcome
    }

    private struct ImportAudit: Encodable {
        var title: String
        var source: String
        var commitments: Int
        var targets: Int
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
