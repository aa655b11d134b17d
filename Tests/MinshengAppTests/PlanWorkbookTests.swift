import Foundation
import PolicyParser
import Testing
@testable import MinshengApp

/// The 项目汇总表 round trip: a stored plan exported as a workbook and imported again is the same plan.
@Suite struct PlanWorkbookTests {
    @Test func exportedWorkbookImportsAsTheSamePlan() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let original = TestPlan.parsed()

            // MUT
            let data = try PlanWorkbook.data(facts)
            let back = PlanParser().parse(try DocumentReader.readDocument(data: data, filename: "项目汇总表.xlsx"), source: "项目汇总表.xlsx")

            // validate
            #expect(back.title == original.title)
            let tasks = back.items.filter { $0.kind == .task }
            #expect(tasks.map(\.number) == original.items.map(\.number))
            #expect(tasks.map(\.title) == original.items.map(\.title))
            #expect(tasks.map(\.section) == original.items.map(\.section))
            #expect(tasks.map(\.leaders) == original.items.map(\.leaders))
            // Units as stored: the directory has resolved aliases (市住房城乡建设局 → 市住房和城乡建设局).
            #expect(tasks.map(\.leadUnits) == facts.commitments.map(\.commitment.leadUnits.names))
            #expect(tasks.map(\.supportUnits) == facts.commitments.map(\.commitment.supportUnits.names))
            #expect(tasks.map { $0.targets.map { "\($0.op.rawValue)\($0.value)\($0.unit)" } }
                    == original.items.map { $0.targets.map { "\($0.op.rawValue)\($0.value)\($0.unit)" } })
        }
    }
}
