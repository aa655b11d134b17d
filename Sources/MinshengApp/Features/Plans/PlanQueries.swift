import Fluent
import Foundation
import MinshengCore
import PolicyParser
import SQLKit
import MinshengStore

/// One month's consolidated report as the listing and the rules need it (no narrative).
struct ReportFact: Sendable {
    var id: UUID
    var report: ProgressReport
    var period: YearMonth { report.period }
}

/// What is known about one commitment: its record, its Core value and its reports (oldest first).
struct CommitmentFacts: Sendable {
    var record: CommitmentRecord
    var commitment: Commitment
    var sectionTitle: String
    var reports: [ReportFact]
    /// Each target's last known actual (最新实际: the latest month that reported it).
    var latestActuals: [UUID: Double]
    /// The month of each of `latestActuals`.
    var latestActualPeriods: [UUID: YearMonth] = [:]
    var targetRecords: [TargetRecord]
}

/// Everything a plan's listing, roll-ups and health need, loaded in a fixed number of queries
/// whatever the plan's size (one per table, joined on the plan).
struct PlanFacts: Sendable {
    var plan: PlanRecord
    var rules: TrackingRules
    var commitments: [CommitmentFacts]
}

enum PlanQueries {
    /// The plan's tracking rules as Core knows them, from its record and default schedule nodes.
    static func rules(for plan: PlanRecord, nodes: [ScheduleNodeRecord]) -> TrackingRules {
        let period = YearSpan(from: plan.periodFrom ?? 2000, to: plan.periodTo ?? plan.periodFrom ?? 2000)
        var rules = TrackingRules.standard(for: period)
        let planNodes = nodes.filter { $0.$commitment.id == nil }.compactMap { node in
            CivilDate(node.date).map { ScheduleNode(date: $0, percent: node.percent) }
        }
        if !planNodes.isEmpty { rules.schedule = ScheduleRule(start: rules.schedule.start, nodes: planNodes) }
        rules.bands = HealthBands(yellow: plan.bandYellow, red: plan.bandRed)
        rules.reportDue = ReportDue(dayOffset: plan.reportDueOffset)
        return rules
    }

    static func plan(_ id: UUID, on db: any Database) async throws -> PlanRecord {
        guard let plan = try await PlanRecord.find(id, on: db) else { throw Rejection.notFound(.plan) }
        return plan
    }

    /// Loads a plan's facts; `onlyCommitment` narrows to one commitment (its page).
    static func facts(planID: UUID, onlyCommitment: UUID? = nil, on db: any Database) async throws -> PlanFacts {
        let plan = try await plan(planID, on: db)
        let nodes = try await ScheduleNodeRecord.query(on: db).filter(\.$plan.$id == planID).sort(\.$date).all()
        let rules = rules(for: plan, nodes: nodes)

        // Plain SQL rows, one query per table joined on the plan: Fluent's model decoding costs
        // several times as much, and a 1,000-commitment plan has thousands of these rows.
        guard let sql = db as? any SQLDatabase else { throw SQLDatabaseRequired() }
        let commitments = try await commitmentRecords(planID: planID, only: onlyCommitment, on: sql)
        // One commitment needs only its own section's title.
        var sectionQuery = SectionRecord.query(on: db).filter(\.$plan.$id == planID)
        if onlyCommitment != nil { sectionQuery = sectionQuery.filter(\.$id ~~ commitments.compactMap { $0.$section.id }) }
        let sections = Dictionary(uniqueKeysWithValues: try await sectionQuery.all().map { ($0.id!, $0.title) })
        let targets = try await targetRecords(planID: planID, only: onlyCommitment, on: sql)
        let leaderLinks = try await linkRows(planID: planID, only: onlyCommitment, on: sql, leaders: true)
        let unitLinks = try await linkRows(planID: planID, only: onlyCommitment, on: sql, leaders: false)
        let reports = try await reportFacts(planID: planID, onlyCommitment: onlyCommitment, on: db)

        var targetsBy: [UUID: [TargetRecord]] = [:]
        for target in targets { targetsBy[target.$commitment.id, default: []].append(target) }
        var leadersBy: [UUID: [String]] = [:]
        for link in leaderLinks { leadersBy[link.commitment_id, default: []].append(link.name) }
        var leadBy: [UUID: [UnitRef]] = [:]
        var supportBy: [UUID: [UnitRef]] = [:]
        for link in unitLinks {
            let unit = UnitRef(id: UnitID(link.ref_id), name: link.name)
            if link.role == UnitRole.lead.rawValue { leadBy[link.commitment_id, default: []].append(unit) }
            else { supportBy[link.commitment_id, default: []].append(unit) }
        }
        var overrides: [UUID: [ScheduleNode]] = [:]
        for node in nodes {
            guard let cid = node.$commitment.id, let date = CivilDate(node.date) else { continue }
            overrides[cid, default: []].append(ScheduleNode(date: date, percent: node.percent))
        }
        let latestIDs = reports.values.compactMap { $0.last?.id }
        var actuals = try await latestActuals(reportIDs: latestIDs, on: db)
        // A month that gave only a percent leaves its targets' values where they were: look back
        // through the earlier reports, but only of commitments whose latest report lacks a target
        // (usually none, so no second query).
        let targetIDsBy = targetsBy.mapValues { Set($0.compactMap(\.id)) }
        let lookBack = reports.filter { cid, own in
            guard let last = own.last, let wanted = targetIDsBy[cid], !wanted.isEmpty else { return false }
            return !wanted.isSubset(of: Set((actuals[last.id] ?? [:]).keys))
        }
        if !lookBack.isEmpty {
            let earlier = try await latestActuals(reportIDs: lookBack.values.flatMap { $0.dropLast().map(\.id) }, on: db)
            actuals.merge(earlier) { latest, _ in latest }
        }

        let result = commitments.map { record -> CommitmentFacts in
            let id = record.id!
            let targetRecords = targetsBy[id] ?? []
            let section = record.$section.id.flatMap { sections[$0] } ?? ""
            let commitment = Commitment(
                id: CommitmentID(id), planID: PlanID(planID), kind: ItemKind(rawValue: record.kind) ?? .task, number: record.number,
                title: record.title, section: section, leaders: leadersBy[id] ?? [], leadUnits: leadBy[id] ?? [],
                supportUnits: supportBy[id] ?? [], districts: record.districtList,
                targets: targetRecords.map(\.coreTarget), isKeyProject: record.isKeyProject,
                plannedInvestment: record.plannedInvestment,
                deadline: record.deadline.flatMap(CivilDate.deadline(stated:)),
                scheduleNodes: overrides[id], isSignedOff: record.isSignedOff)
            let own = reports[id] ?? []
            let known = ReportPolicy.lastKnownActuals(own.map { ($0.period, actuals[$0.id] ?? [:]) })
            return CommitmentFacts(record: record, commitment: commitment, sectionTitle: section, reports: own,
                                   latestActuals: known.mapValues(\.actual), latestActualPeriods: known.mapValues(\.period),
                                   targetRecords: targetRecords)
        }
        return PlanFacts(plan: plan, rules: rules, commitments: result)
    }

    /// The plan's commitments (or one), in document order, as records.
    static func commitmentRecords(planID: UUID, only: UUID?, on sql: any SQLDatabase) async throws -> [CommitmentRecord] {
        struct Row: Decodable {
            var id: UUID
            var section_id: UUID?
            var position: Int
            var number: String
            var title: String
            var text: String
            var kind: String
            var is_key_project: Bool
            var planned_investment: Double?
            var districts: String
            var deadline: String?
            var line_from: Int
            var line_to: Int
            var is_signed_off: Bool
            var version: Int
        }
        let query = sql.select()
            .columns("id", "section_id", "position", "number", "title", "text", "kind", "is_key_project",
                     "planned_investment", "districts", "deadline", "line_from", "line_to", "is_signed_off", "version")
            .from("commitments")
            .where("plan_id", .equal, planID)
        if let only { query.where("id", .equal, only) }
        return try await query.orderBy("position").all(decoding: Row.self).map { row in
            let record = CommitmentRecord()
            record.id = row.id
            record.$id.exists = true
            record.$plan.id = planID
            record.$section.id = row.section_id
            record.position = row.position
            record.number = row.number
            record.title = row.title
            record.text = row.text
            record.kind = row.kind
            record.isKeyProject = row.is_key_project
            record.plannedInvestment = row.planned_investment
            record.districts = row.districts
            record.deadline = row.deadline
            record.lineFrom = row.line_from
            record.lineTo = row.line_to
            record.isSignedOff = row.is_signed_off
            record.version = row.version
            return record
        }
    }

    /// The targets of the plan's commitments (or one's), in order, as records.
    static func targetRecords(planID: UUID, only: UUID?, on sql: any SQLDatabase) async throws -> [TargetRecord] {
        struct Row: Decodable {
            var id: UUID
            var commitment_id: UUID
            var position: Int
            var metric: String
            var op: String
            var value: Double
            var unit: String
            var baseline: Double?
            var deadline: String?
            var version: Int
        }
        let t = "targets"
        let query = sql.select()
            .columns(["id", "commitment_id", "position", "metric", "op", "value", "unit", "baseline", "deadline", "version"]
                .map { SQLColumn($0, table: t) })
            .from(t)
            .join("commitments", on: SQLColumn("commitment_id", table: t), .equal, SQLColumn("id", table: "commitments"))
            .where(SQLColumn("plan_id", table: "commitments"), .equal, SQLBind(planID))
        if let only { query.where(SQLColumn("id", table: "commitments"), .equal, SQLBind(only)) }
        return try await query.orderBy(SQLColumn("position", table: t)).all(decoding: Row.self).map { row in
            let record = TargetRecord()
            record.id = row.id
            record.$id.exists = true
            record.$commitment.id = row.commitment_id
            record.position = row.position
            record.metric = row.metric
            record.op = row.op
            record.value = row.value
            record.unit = row.unit
            record.baseline = row.baseline
            record.deadline = row.deadline
            record.version = row.version
            return record
        }
    }

    /// A commitment's link to a leader or a unit (id, name and role), in document order.
    struct LinkRow: Decodable {
        var commitment_id: UUID
        /// The leader's or unit's id.
        var ref_id: UUID
        var name: String
        var role: String?
    }

    static func linkRows(planID: UUID, only: UUID?, on sql: any SQLDatabase, leaders: Bool) async throws -> [LinkRow] {
        let (table, other, key) = leaders ? ("commitment_leaders", "leaders", "leader_id") : ("commitment_units", "units", "unit_id")
        let query = sql.select()
            .column(SQLColumn("commitment_id", table: table))
            .column(SQLColumn(key, table: table), as: "ref_id")
            .column(SQLColumn("name", table: other))
            .from(table)
            .join("commitments", on: SQLColumn("commitment_id", table: table), .equal, SQLColumn("id", table: "commitments"))
            .join(other, on: SQLColumn(key, table: table), .equal, SQLColumn("id", table: other))
            .where(SQLColumn("plan_id", table: "commitments"), .equal, SQLBind(planID))
        if !leaders { query.column(SQLColumn("role", table: table)) }
        if let only { query.where(SQLColumn("id", table: "commitments"), .equal, SQLBind(only)) }
        return try await query.orderBy(SQLColumn("position", table: table)).all(decoding: LinkRow.self)
    }

    /// Reports of a plan grouped by commitment, oldest first; plain SQL rows, since a year of a
    /// 1,000-commitment plan is 12,000 of them.
    static func reportFacts(planID: UUID, onlyCommitment: UUID?, on db: any Database) async throws -> [UUID: [ReportFact]] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable {
            var id: UUID
            var commitment_id: UUID
            var period: String
            var percent: Double
            var percent_source: String?
            var unit_name: String
            var unit_id: UUID?
            var submitted_on: String
            var due_on: String
            var state: String
            var revision: Int
        }
        let query = sql.select()
            .column(SQLColumn("id", table: "progress_reports"))
            .column(SQLColumn("commitment_id", table: "progress_reports"))
            .column(SQLColumn("period", table: "progress_reports"))
            .column(SQLColumn("percent", table: "progress_reports"))
            .column(SQLColumn("percent_source", table: "progress_reports"))
            .column(SQLColumn("unit_name", table: "progress_reports"))
            .column(SQLColumn("unit_id", table: "progress_reports"))
            .column(SQLColumn("submitted_on", table: "progress_reports"))
            .column(SQLColumn("due_on", table: "progress_reports"))
            .column(SQLColumn("state", table: "progress_reports"))
            .column(SQLColumn("revision", table: "progress_reports"))
            .from("progress_reports")
            .join("commitments", on: SQLColumn("commitment_id", table: "progress_reports"), .equal, SQLColumn("id", table: "commitments"))
            .where(SQLColumn("plan_id", table: "commitments"), .equal, SQLBind(planID))
        if let onlyCommitment {
            query.where(SQLColumn("id", table: "commitments"), .equal, SQLBind(onlyCommitment))
        }
        let rows = try await query.orderBy(SQLColumn("period", table: "progress_reports")).all(decoding: Row.self)
        var grouped: [UUID: [ReportFact]] = [:]
        for row in rows {
            guard let period = YearMonth(row.period), let submitted = CivilDate(row.submitted_on),
                  let due = CivilDate(row.due_on) else { continue }
            let report = ProgressReport(
                commitmentID: CommitmentID(row.commitment_id), period: period, kind: .consolidated,
                unit: UnitRef(id: row.unit_id.map { UnitID($0) } ?? .unrecorded, name: row.unit_name),
                percent: row.percent, percentSource: row.percent_source.flatMap(PercentSource.init(rawValue:)),
                submittedOn: submitted, dueOn: due, state: ReportState(rawValue: row.state) ?? .submitted,
                revision: row.revision)
            grouped[row.commitment_id, default: []].append(ReportFact(id: row.id, report: report))
        }
        return grouped
    }

    /// Actuals of the given reports: report id → target id → actual.
    /// Per report, its actual value per target (plain rows, like the other fact queries).
    static func latestActuals(reportIDs: [UUID], on db: any Database) async throws -> [UUID: [UUID: Double]] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable {
            var report_id: UUID
            var target_id: UUID
            var actual: Double
        }
        var result: [UUID: [UUID: Double]] = [:]
        for chunk in reportIDs.chunked(500) {
            let rows = try await sql.select().column("report_id").column("target_id").column("actual")
                .from(ReportTargetActualRecord.schema)
                .where("report_id", .in, Array(chunk))
                .all(decoding: Row.self)
            for row in rows { result[row.report_id, default: [:]][row.target_id] = row.actual }
        }
        return result
    }
}

extension TargetRecord {
    /// The target as Core's rules see it.
    var coreTarget: Target {
        Target(id: id!, metric: metric, op: TargetOp(rawValue: op) ?? .equal, value: value, unit: unit,
               baseline: baseline, by: deadline)
    }
}

extension PlanFacts {
    /// The plan as Core's rules and permissions see it.
    var corePlan: Plan {
        let period = YearSpan(from: plan.periodFrom ?? 2000, to: plan.periodTo ?? plan.periodFrom ?? 2000)
        return Plan(id: PlanID(plan.id!), title: plan.title, documentNumber: plan.documentNumber, period: period,
                    status: plan.planStatus, rules: rules)
    }
}

extension PlanFacts {
    /// The plan's id, typed.
    var planID: PlanID { PlanID(plan.id!) }
}
