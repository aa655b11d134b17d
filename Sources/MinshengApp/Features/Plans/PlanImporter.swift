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
        let db = tx.db, now = tx.now, today = tx.today
        let period = parsed.period ?? YearSpan(from: today.year, to: today.year)
        let rules = TrackingRules.standard(for: period)

        let plan = PlanRecord()
        plan.id = UUID()
        plan.title = parsed.title ?? Self.baseName(parsed.source)
        plan.documentNumber = parsed.documentNumber
        plan.periodFrom = period.from
        plan.periodTo = period.to
        plan.status = PlanStatus.draft.rawValue
        plan.sourceName = parsed.source
        plan.sourceText = text
        plan.bandYellow = rules.bands.yellow
        plan.bandRed = rules.bands.red
        plan.reportDueOffset = rules.reportDue.dayOffset
        plan.version = 1
        plan.revision = 1
        plan.createdAt = now
        plan.updatedAt = now
        plan.isDemo = isDemo
        try await plan.create(on: db)
        let planID = try plan.requireID()

        let nodes = rules.schedule.nodes.map {
            ScheduleNodeRecord(planID: planID, date: $0.date.description, percent: $0.percent)
        }
        try await nodes.create(on: db)

        var sectionIDs: [String: UUID] = [:]
        var sections: [SectionRecord] = []
        for item in parsed.items where !item.section.isEmpty && sectionIDs[item.section] == nil {
            let section = SectionRecord(planID: planID, title: item.section, position: sections.count)
            section.id = UUID()
            sectionIDs[item.section] = section.id
            sections.append(section)
        }
        try await sections.create(on: db)

        var units = try await UnitDirectory.load(on: db)
        var leaders = try await LeaderDirectory.load(on: db)
        var commitments: [CommitmentRecord] = []
        var targets: [TargetRecord] = []
        var leaderLinks: [CommitmentLeaderRecord] = []
        var unitLinks: [CommitmentUnitRecord] = []
        for (index, item) in parsed.items.enumerated() {
            let commitment = CommitmentRecord()
            let commitmentID = UUID()
            commitment.id = commitmentID
            commitment.$plan.id = planID
            commitment.$section.id = item.section.isEmpty ? nil : sectionIDs[item.section]
            commitment.position = index
            commitment.number = item.number
            commitment.title = item.title
            commitment.text = item.text
            commitment.kind = item.kind.rawValue
            commitment.isKeyProject = false
            commitment.plannedInvestment = nil
            commitment.districts = ""
            commitment.deadline = item.deadline
            commitment.lineFrom = item.lines.from
            commitment.lineTo = item.lines.to
            commitment.isSignedOff = false
            commitment.version = 1
            commitments.append(commitment)
            for (position, parsedTarget) in item.targets.enumerated() {
                let target = TargetRecord()
                target.id = UUID()
                target.$commitment.id = commitmentID
                target.position = position
                target.metric = parsedTarget.metric
                target.op = parsedTarget.op.rawValue
                target.value = parsedTarget.value
                target.unit = parsedTarget.unit
                target.baseline = parsedTarget.baseline
                target.deadline = parsedTarget.by
                target.version = 1
                targets.append(target)
            }
            var seenLeaders = Set<UUID>()
            for name in item.leaders where !name.isEmpty {
                let id = try await leaders.resolve(name)
                guard seenLeaders.insert(id).inserted else { continue }
                leaderLinks.append(CommitmentLeaderRecord(commitmentID: commitmentID, leaderID: id, position: leaderLinks.count))
            }
            var seenUnits = Set<UUID>()
            for name in item.leadUnits where !name.isEmpty {
                let id = try await units.resolve(name)
                guard seenUnits.insert(id).inserted else { continue }
                unitLinks.append(CommitmentUnitRecord(commitmentID: commitmentID, unitID: id, role: .lead, position: unitLinks.count))
            }
            for name in item.supportUnits where !name.isEmpty {
                let id = try await units.resolve(name)
                guard seenUnits.insert(id).inserted else { continue }
                unitLinks.append(CommitmentUnitRecord(commitmentID: commitmentID, unitID: id, role: .support, position: unitLinks.count))
            }
        }
        // Batches keep a 1,000-commitment import to a few statements per table.
        for chunk in commitments.chunked(200) { try await chunk.create(on: db) }
        for chunk in targets.chunked(200) { try await chunk.create(on: db) }
        for chunk in leaderLinks.chunked(200) { try await chunk.create(on: db) }
        for chunk in unitLinks.chunked(200) { try await chunk.create(on: db) }

        let outcome = Outcome(planID: planID, title: plan.title, commitments: commitments.count,
                              targets: targets.count, diagnostics: parsed.diagnostics)
        try await tx.audit(.planImport, .plan, planID, after: ImportAudit(title: plan.title, source: parsed.source,
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

    static func baseName(_ filename: String) -> String {
        let last = (filename as NSString).lastPathComponent
        let base = (last as NSString).deletingPathExtension
        return base.isEmpty ? "未命名计划" : base
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
