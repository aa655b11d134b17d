import Foundation
import PolicyParser
import Testing
@testable import MinshengCore

/// The demo plan documents in `Resources/Demo` are imported through the parser on first start;
/// these tests keep them readable as the plans they are meant to be.
@Suite struct DemoDocumentsTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/Demo")

    static func parse(_ name: String) throws -> (text: String, plan: ParsedPlan) {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return (text, PlanParser().parse(text: text, source: name))
    }

    @Test func annualList() throws {
        let (text, plan) = try Self.parse("2026年示范市民生实事项目.txt")
        #expect(plan.title == "2026年示范市民生实事项目")
        #expect(plan.documentNumber == "示政发〔2026〕3号")
        #expect(plan.period == YearSpan(from: 2026, to: 2026))
        let tasks = plan.items.filter { $0.kind == .task }
        #expect(tasks.count == 16)
        #expect(tasks.allSatisfy { $0.leadUnits.count == 1 && !$0.supportUnits.isEmpty && !$0.targets.isEmpty })
        #expect(text.contains("60%") && text.contains("11月底前"))
        #expect(text.contains("演示"))
    }

    @Test func threeYearPlan() throws {
        let (text, plan) = try Self.parse("示范市民生补短三年行动计划(2025—2027年).txt")
        #expect(plan.title == "示范市民生补短三年行动计划(2025—2027年)")
        #expect(plan.period == YearSpan(from: 2025, to: 2027))
        let tasks = plan.items.filter { $0.kind == .task }
        #expect(tasks.count == 18)
        #expect(Set(tasks.map(\.section)).count == 6)
        #expect(tasks.allSatisfy { !$0.leaders.isEmpty && $0.leadUnits.count == 1 })
        #expect(plan.items.contains { $0.kind == .goal && !$0.targets.isEmpty })
        #expect(text.contains("排在首位的为牵头单位"))
        #expect(text.contains("演示"))
    }
}
