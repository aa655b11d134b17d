import Foundation
import PolicyParser
import Testing
@testable import MinshengCore

/// Core maps a parsed plan to the draft an import stores (issue 8: Core owns the import mapping).
@Suite struct PlanDraftTests {
    static let today = CivilDate(2026, 3, 10)

    static func item(_ number: String, section: String = "", title: String, leaders: [String] = [],
                     lead: [String] = [], support: [String] = [], targets: [ParsedTarget] = [],
                     deadline: String? = nil, line: Int = 1) -> ParsedItem {
        ParsedItem(kind: .task, number: number, section: section, title: title, text: title + "。",
                   leaders: leaders, leadUnits: lead, supportUnits: support, targets: targets,
                   deadline: deadline, lines: LineRange(from: line, to: line + 1))
    }

    static let document = ParsedPlan(
        source: "uploads/2026年民生实事.txt", title: "2026年民生实事项目计划", documentNumber: "锡政发〔2026〕1号",
        period: YearSpan(from: 2026, to: 2026),
        items: [
            item("一.1", section: "教育", title: "新建幼儿园", leaders: ["王明", " 王明 ", ""],
                 lead: ["市教育局", " 市教育局"], support: ["市财政局", "市教育局", ""],
                 targets: [ParsedTarget(metric: "新建幼儿园", value: 6, unit: "所", op: .atLeast, by: "2026-09")],
                 deadline: "2026-09", line: 5),
            item("二.1", section: "养老", title: "改造养老院", lead: ["市民政局"], line: 9),
            item("二.2", section: "养老", title: "助餐点", lead: ["市民政局"], support: ["各区政府"], line: 12),
        ],
        diagnostics: [
            Diagnostic(line: 3, code: .unplacedText, reason: "不属于任何任务", excerpt: "说明"),
            Diagnostic(line: 14, code: .figureNotRead, reason: "未读出指标", excerpt: "约 30 处"),
        ])

    @Test func mapsTheDocument() throws {
        // MUT
        let draft = try PlanDraft(parsed: Self.document, today: Self.today)
        // validate
        #expect(draft.title == "2026年民生实事项目计划")
        #expect(draft.documentNumber == "锡政发〔2026〕1号")
        #expect(draft.period == YearSpan(from: 2026, to: 2026))
        #expect(draft.rules == TrackingRules.standard(for: YearSpan(from: 2026, to: 2026)))
        #expect(draft.sections == ["教育", "养老"])
        #expect(draft.rows.map(\.number) == ["一.1", "二.1", "二.2"])
        #expect(draft.targetCount == 1)
        let first = draft.rows[0]
        #expect(first.title == "新建幼儿园")
        #expect(first.section == "教育")
        #expect(first.deadline == "2026-09")
        #expect(first.lines == LineRange(from: 5, to: 6))
        #expect(first.targets == [PlanDraft.TargetDraft(metric: "新建幼儿园", op: .atLeast, value: 6, unit: "所", by: "2026-09")])
        // Names trimmed, blanks dropped, each once; a unit that leads is not also a support unit.
        #expect(first.leaders == ["王明"])
        #expect(first.leadUnits == ["市教育局"])
        #expect(first.supportUnits == ["市财政局"])
        #expect(draft.rows[2].supportUnits == ["各区政府"])
    }

    @Test func carriesEveryParserProblem() throws {
        let draft = try PlanDraft(parsed: Self.document, today: Self.today)
        #expect(draft.problems == Self.document.diagnostics)
        #expect(draft.problems.count == 2)
    }

    @Test func refusesRowsWithoutATitleNamingEach() {
        // setup
        var parsed = Self.document
        parsed.items[1].title = "  "
        parsed.items[2].title = ""
        // MUT + validate
        #expect(throws: PlanDraftRefusal.untitledRows([.init(index: 1, number: "二.1", line: 9),
                                                       .init(index: 2, number: "二.2", line: 12)])) {
            try PlanDraft(parsed: parsed, today: Self.today)
        }
    }

    @Test func aDocumentWithoutTitleOrYearsTakesTheFileNameAndThisYear() throws {
        let parsed = ParsedPlan(source: "材料/计划草稿.docx", title: " ", items: [Self.item("1", title: "修路")])
        let draft = try PlanDraft(parsed: parsed, today: Self.today)
        #expect(draft.title == "计划草稿")
        #expect(draft.period == YearSpan(from: 2026, to: 2026))
        #expect(draft.sections.isEmpty)
        #expect(draft.rows[0].section == "")
    }

    @Test(arguments: [
        ("2026年民生实事.txt", "2026年民生实事"),
        ("a/b/plan.v2.docx", "plan.v2"),
        ("noext", "noext"),
        (".txt", ".txt"),
        ("", "未命名计划"),
    ])
    func baseName(file: String, base: String) {
        #expect(PlanDraft.baseName(file) == base)
    }

    @Test func anEmptyDocumentIsAnEmptyDraftNotARefusal() throws {
        // The parser reports `noItems`; the review shows it, so the draft is still made.
        let parsed = ParsedPlan(source: "x.txt", diagnostics: [Diagnostic(line: 0, code: .noItems, reason: "没有找到任务", excerpt: "")])
        let draft = try PlanDraft(parsed: parsed, today: Self.today)
        #expect(draft.rows.isEmpty)
        #expect(draft.problems.map(\.code) == [.noItems])
    }
}
