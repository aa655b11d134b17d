import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Vapor
import MinshengStore

/// Loads the clearly labelled demo data: the 示范市 plan documents in `Resources/Demo/*.txt`
/// imported through the parser and published, seven demo users (one per role; the unit leader in the clerk's unit), and a
/// deterministic progress history from Core's `DemoHistory` (some ahead, some behind, some late).
struct DemoLoader {
    let app: Application

    /// Demo users: name, role, password. The passwords are printed in the log and the README.
    static let users: [(name: String, role: Role, password: String)] = [
        ("admin", .admin, "admin-demo"),
        ("coordinator", .coordinator, "coordinator-demo"),
        ("clerk", .clerk, "clerk-demo"),
        ("leader", .leader, "leader-demo"),
        ("deputy", .deputy, "deputy-demo"),
        ("hotline", .hotline, "hotline-demo"),
        ("unitleader", .unitLeader, "unitleader-demo"),
    ]

    var db: any Database { app.db }

    /// Loads the demo into an empty database (no plans, no users); does nothing otherwise.
    func loadIfEmpty() async throws {
        let plans = try await PlanRecord.query(on: db).count()
        let users = try await UserRecord.query(on: db).count()
        guard plans == 0 && users == 0 else { return }
        app.logger.notice("首次启动:载入演示数据 (first start: loading demo data)")
        try await load()
    }

    /// Removes the demo plans and users (audit entries stay: the log is append-only) and loads them again.
    func reset() async throws {
        try await PlanRecord.query(on: db).filter(\.$isDemo == true).delete()
        try await UserRecord.query(on: db).filter(\.$isDemo == true).delete()
        app.planCaches.forEach { $0.invalidateAll() }
        try await load()
    }

    func load() async throws {
        let directory = URL(fileURLWithPath: app.directory.resourcesDirectory).appendingPathComponent("Demo")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        if files.isEmpty { app.logger.warning("未找到演示计划文件: \(directory.path)/*.txt") }
        var planIDs: [UUID] = []
        for file in files {
            let url = directory.appendingPathComponent(file)
            let data = try Data(contentsOf: url)
            let text = try DocumentReader.read(data: data, filename: file)
            let outcome = try await PlanImporter(isDemo: true).importText(
                text, filename: file, in: app.writeContext(actor: .system))
            try await PlanActions.publish(planID: PlanID(outcome.planID), in: app.writeContext(actor: .system))
            planIDs.append(outcome.planID)
            app.logger.notice("演示计划 \(outcome.title): \(outcome.commitments) 项, \(outcome.targets) 项指标")
        }
        try await createUsers(clerkUnit: try await busiestLeadUnit(planIDs))
        for planID in planIDs {
            let count = try await loadHistory(planID: planID)
            app.logger.notice("演示进展: \(count) 份月报 (\(DemoHistory.label))")
        }
        try await RequestDemo(loader: self).load()
        app.logger.notice("演示诉求: \(RequestDemo.requests.count) 件，派单规则 \(RequestDemo.rules.count) 条")
    }

    /// The lead unit with most commitments: the demo clerk reports for it.
    func busiestLeadUnit(_ planIDs: [UUID]) async throws -> String? {
        var counts: [String: Int] = [:]
        for planID in planIDs {
            let facts = try await PlanQueries.facts(planID: planID, on: db)
            for c in facts.commitments { for unit in c.commitment.leadUnits { counts[unit.name, default: 0] += 1 } }
        }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    func createUsers(clerkUnit: String?) async throws {
        app.logger.notice("演示账号 (demo accounts, for trying Minsheng only):")
        for user in Self.users {
            guard try await UserRecord.query(on: db).filter(\.$name == user.name).count() == 0 else { continue }
            let unit = user.role.isBoundToUnit ? (clerkUnit ?? "示范市民政局") : nil
            _ = try await UserAccounts.create(name: user.name, role: user.role, unitName: unit, password: user.password,
                                              isDemo: true, in: app.writeContext())
            app.logger.notice("  \(user.name) / \(user.password)  (\(user.role.rawValue)\(unit.map { ", \($0)" } ?? ""))")
        }
    }

    /// Stores `DemoHistory`'s reports for a plan's commitments, as of today. Returns how many.
    @discardableResult
    func loadHistory(planID: UUID) async throws -> Int {
        let facts = try await PlanQueries.facts(planID: planID, on: db)
        let today = app.clock.today
        let reports = DemoHistory.reports(for: facts.commitments.map(\.commitment), rules: facts.rules, today: today)
        let now = app.clock.now()
        var rows: [ProgressReportRecord] = []
        var actuals: [ReportTargetActualRecord] = []
        var contributions: [ReportContributionRecord] = []
        for report in reports {
            switch report.kind {
            case .consolidated:
                let row = ProgressReportRecord()
                row.id = UUID()
                row.isDemo = true
                row.apply(report, at: Self.instant(report.submittedOn) ?? now, by: nil)
                rows.append(row)
                actuals += report.targetActuals.map { ReportTargetActualRecord(reportID: row.id!, targetID: $0.targetID, actual: $0.actual) }
            case .contribution:
                let unitID = report.unit.id.rawValue
                let row = ReportContributionRecord()
                row.id = UUID()
                row.apply(report, unitID: unitID, at: Self.instant(report.submittedOn) ?? now, by: nil)
                contributions.append(row)
            }
        }
        let (rowsToSave, actualsToSave, contributionsToSave) = (rows, actuals, contributions)
        try await app.writeContext().commit { tx in
            for chunk in rowsToSave.chunked(300) { try await chunk.create(on: tx.db) }
            for chunk in actualsToSave.chunked(500) { try await chunk.create(on: tx.db) }
            for chunk in contributionsToSave.chunked(300) { try await chunk.create(on: tx.db) }
            tx.touch(plan: planID)
            try await tx.audit(.demoHistory, .plan, planID,
                               after: ["reports": rowsToSave.count, "contributions": contributionsToSave.count])
        }
        return rows.count
    }

    /// Adds a generated plan of `count` commitments with a year of reports (for benchmarks).
    /// The plan is last year's, with a schedule ending on 12-31, so all twelve months are owed.
    func loadSynthetic(count: Int) async throws -> UUID {
        let today = app.clock.today
        let year = today.year - 1
        let synthetic = SyntheticPlan(commitments: count, year: year)
        let outcome = try await PlanImporter(isDemo: true).store(synthetic.parsed, text: synthetic.text, in: app.writeContext(actor: .system))
        let planID = outcome.planID
        // The generated schedule and districts: part of generating the plan (its import is audited).
        try await app.writeContext().commit { tx in
            let db = tx.db
            tx.touch(plan: planID)
            try await ScheduleNodeRecord.query(on: db).filter(\.$plan.$id == planID).delete()
            try await [ScheduleNodeRecord(planID: planID, date: "\(year)-06-30", percent: 60),
                       ScheduleNodeRecord(planID: planID, date: "\(year)-12-31", percent: 100)].create(on: db)
            for commitment in try await CommitmentRecord.query(on: db).filter(\.$plan.$id == planID).all() {
                guard let districts = synthetic.districts[commitment.number] else { continue }
                commitment.districts = districts.joined(separator: "、")
                commitment.deadline = nil
                try await commitment.save(on: db)
            }
        }
        try await PlanActions.publish(planID: PlanID(planID), in: app.writeContext(actor: .system))
        let reports = try await loadHistory(planID: planID)
        app.logger.notice("合成计划 \(outcome.title): \(outcome.commitments) 项, \(reports) 份月报")
        return planID
    }

    /// Noon in the city on a day, for demo submission times.
    static func instant(_ day: CivilDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = AppClock.cityTimeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))
    }
}
