import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

@Suite struct DemoAndConfigTests {
    /// The demo plans ship in the repository (`Resources/Demo/*.txt`): their absence is a failure,
    /// not a reason to skip.
    @Test func demoLoadsPlansUsersAndAHistoryAndResetRebuildsIt() async throws {
        let demoDirectory = packageRoot.appendingPathComponent("Resources/Demo")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: demoDirectory.path)) ?? []).filter { $0.hasSuffix(".txt") }
        try #require(!files.isEmpty, "no demo plans at \(demoDirectory.path)")
        try await withTestApp(today: CivilDate(2026, 9, 15)) { app in
            // MUT
            try await DemoLoader(app: app).loadIfEmpty()
            // validate
            let plans = try await PlanRecord.query(on: app.db).all()
            #expect(plans.count == files.count)
            #expect(plans.allSatisfy { $0.isDemo && $0.status == "published" })
            let users = try await UserRecord.query(on: app.db).all()
            #expect(Set(users.map(\.role)) == Set(Role.allCases.map(\.rawValue)))
            #expect(users.allSatisfy { $0.isDemo && $0.passwordHash != nil })
            let reports = try await ProgressReportRecord.query(on: app.db).all()
            #expect(!reports.isEmpty)
            #expect(reports.allSatisfy { $0.narrative.hasPrefix(DemoHistory.label) })
            #expect(reports.contains { $0.isLate })
            let colours = try await Set(plans.asyncFlatMap { try await TestPlan.commitments(app, $0.id!).map(\.health) })
            #expect(colours.count >= 3, "demo should show several colours, got \(colours)")

            // loading again is a no-op; reset rebuilds the same amounts
            try await DemoLoader(app: app).loadIfEmpty()
            #expect(try await PlanRecord.query(on: app.db).count() == files.count)
            try await DemoLoader(app: app).reset()
            #expect(try await PlanRecord.query(on: app.db).count() == files.count)
            #expect(try await ProgressReportRecord.query(on: app.db).count() == reports.count)
            #expect(try await UserRecord.query(on: app.db).count() == users.count)
        }
    }

    @Test func syntheticPlanHasAYearOfReports() async throws {
        try await withTestApp(today: CivilDate(2026, 9, 15)) { app in
            let planID = try await DemoLoader(app: app).loadSynthetic(count: 30)
            let rows = try await TestPlan.commitments(app, planID)
            #expect(rows.count == 30)
            let reports = try await ProgressReportRecord.query(on: app.db).count()
            #expect(reports > 30 * 6)
            #expect(rows.contains { $0.lastPeriod == "2025-12" })
            #expect(rows.allSatisfy { !$0.districts.isEmpty })
        }
    }

    @Test(arguments: [
        (["minsheng", "serve", "--data", "/tmp/x", "--port", "9000"], "/tmp/x", 9000, ["minsheng", "serve"]),
        (["minsheng", "import", "a.txt", "--data=/d", "--publish"], "/d", nil, ["minsheng", "import", "a.txt", "--publish"]),
        (["minsheng", "--hostname", "0.0.0.0", "demo"], nil, nil, ["minsheng", "demo"]),
    ] as [([String], String?, Int?, [String])])
    func globalOptionsAreTakenOutBeforeVaporParses(args: [String], data: String?, port: Int?, rest: [String]) throws {
        let (options, remaining) = try AppConfig.extractGlobalOptions(args)
        #expect(options.dataDirectory == data)
        #expect(options.port == port)
        #expect(remaining == rest)
    }

    @Test(arguments: [
        (["minsheng"], nil), (["minsheng", "serve", "--port", "1"], "serve"), (["minsheng", "--env", "production", "serve"], "serve"),
        (["minsheng", "-e", "testing"], nil), (["minsheng", "--help"], "help"), (["minsheng", "import", "a.txt"], "import"),
    ] as [([String], String?)])
    func theCommandIsFoundPastEnvOptions(args: [String], command: String?) {
        #expect(AppConfig.commandName(args) == command)
        #expect(AppConfig.load(options: .init(), command: AppConfig.commandName(args)).loadDemoOnFirstStart
                == (command == nil || command == "serve"))
    }

    @Test func aBadPortIsRefused() {
        #expect(throws: AppConfigError.self) { try AppConfig.extractGlobalOptions(["minsheng", "--port", "http"]) }
        #expect(throws: AppConfigError.self) { try AppConfig.extractGlobalOptions(["minsheng", "--data"]) }
    }
}

extension Sequence {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
