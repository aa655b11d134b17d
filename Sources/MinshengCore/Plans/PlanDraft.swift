import Foundation
import PolicyParser

/// A plan as an import would store it (导入草稿), mapped from the parser's output: the plan's title,
/// number, years and default rules, its sections in document order and one row per item with its
/// targets, leaders and units by name. The App resolves the names to ids and stores the rows; the
/// mapping itself, and what it refuses, lives here.
///
/// Example: `ParsedPlan(source: "2026年民生实事.txt", title: nil, items: [一.1 新建公厕 60 座 …])`
/// in 2026 → title `2026年民生实事`, period 2026—2026, one row `一.1` with target 新建公厕 ≥ 60 座.
public struct PlanDraft: Sendable, Equatable {
    /// The plan's title; the file's base name when the document states none.
    public var title: String
    /// The 文号, e.g. `锡政发〔2023〕5号`.
    public var documentNumber: String?
    /// The plan's years; the current year when the document states none.
    public var period: YearSpan
    /// The default rules for those years (schedule, bands, report due day).
    public var rules: TrackingRules
    /// The file the text came from.
    public var source: String
    /// Section headings in the order they first appear ("" never: rows without one have none).
    public var sections: [String]
    /// Tasks and goals in document order.
    public var rows: [Row]
    /// Everything the parser reported (无法归位的行, 未读出的数字, 跳过的表格行 …), none dropped.
    public var problems: [Diagnostic]

    /// One commitment or goal of the draft.
    public struct Row: Sendable, Equatable {
        public var kind: ItemKind
        /// `二.(一).1`
        public var number: String
        /// Its section's heading; "" if none.
        public var section: String
        public var title: String
        public var text: String
        /// The deadline as stated (`2025`, `2026-11`), if any.
        public var deadline: String?
        /// The source lines it came from.
        public var lines: LineRange
        public var targets: [TargetDraft]
        /// 牵头领导, trimmed, each once.
        public var leaders: [String]
        /// 牵头单位, trimmed, each once.
        public var leadUnits: [String]
        /// 责任单位 / 配合单位, trimmed, each once and none that also leads.
        public var supportUnits: [String]
    }

    /// One target of a row, as stated.
    public struct TargetDraft: Sendable, Equatable {
        public var metric: String
        public var op: TargetOp
        public var value: Double
        public var unit: String
        public var baseline: Double?
        /// The deadline as stated, if any.
        public var by: String?
    }

    /// Maps `parsed` to a draft; `today` supplies the year of a document that states none.
    /// Throws ``PlanDraftRefusal/untitledRows(_:)`` naming every row without a title (a row
    /// nobody could find again in the review), so nothing is stored half.
    public init(parsed: ParsedPlan, today: CivilDate) throws(PlanDraftRefusal) {
        let untitled = parsed.items.enumerated().compactMap { index, item in
            item.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? PlanDraftRefusal.Row(index: index, number: item.number, line: item.lines.from) : nil
        }
        guard untitled.isEmpty else { throw .untitledRows(untitled) }

        let stated = parsed.title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        title = stated.isEmpty ? Self.baseName(parsed.source) : stated
        documentNumber = parsed.documentNumber
        period = parsed.period ?? YearSpan(from: today.year, to: today.year)
        rules = TrackingRules.standard(for: period)
        source = parsed.source
        var sections: [String] = []
        for item in parsed.items where !item.section.isEmpty && !sections.contains(item.section) {
            sections.append(item.section)
        }
        self.sections = sections
        rows = parsed.items.map { item in
            let lead = Self.names(item.leadUnits)
            return Row(kind: item.kind, number: item.number, section: item.section,
                       title: item.title.trimmingCharacters(in: .whitespacesAndNewlines), text: item.text,
                       deadline: item.deadline, lines: item.lines,
                       targets: item.targets.map {
                           TargetDraft(metric: $0.metric, op: $0.op, value: $0.value, unit: $0.unit,
                                       baseline: $0.baseline, by: $0.by)
                       },
                       leaders: Self.names(item.leaders), leadUnits: lead,
                       supportUnits: Self.names(item.supportUnits).filter { !lead.contains($0) })
        }
        problems = parsed.diagnostics
    }

    /// The targets of all rows.
    public var targetCount: Int { rows.reduce(0) { $0 + $1.targets.count } }

    /// Names trimmed, blanks dropped, each once in first-seen order.
    static func names(_ raw: [String]) -> [String] {
        var out: [String] = []
        for name in raw {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty, !out.contains(trimmed) { out.append(trimmed) }
        }
        return out
    }

    /// A file name's base: `uploads/2026年民生实事.docx` → `2026年民生实事`; `未命名计划` when nothing is left.
    public static func baseName(_ filename: String) -> String {
        let last = filename.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? filename
        var base = last
        if let dot = last.lastIndex(of: "."), dot != last.startIndex { base = String(last[..<dot]) }
        return base.isEmpty ? "未命名计划" : base
    }
}

/// Why a parsed plan cannot become a draft (the App words it; no sentence here).
public enum PlanDraftRefusal: Error, Sendable, Hashable {
    /// Rows with an empty title, each named by its place among the items, number and first line.
    case untitledRows([Row])

    /// A refused row: `index` among the parsed items (0-based), its number and first source line.
    public struct Row: Sendable, Hashable {
        public var index: Int
        public var number: String
        public var line: Int

        public init(index: Int, number: String, line: Int) {
            self.index = index
            self.number = number
            self.line = line
        }
    }
}
