import Foundation
import MinshengCore
import PolicyParser

/// The import start page: upload or paste, and the drafts waiting for review.
struct ImportStartPage: Encodable {
    struct Draft: Encodable { var title: String; var href: String; var created: String }
    var shell: WebShell
    var drafts: [Draft]
    var error: String?
    var pasted: String
    var filename: String
}

/// Review of an imported draft: the parsed commitments as an editable table beside the source
/// lines each came from, with the parser's diagnostics highlighted.
struct ImportReviewPage: Encodable {
    struct Row: Encodable {
        var id: String
        var version: Int
        /// `task` or `goal` (总体目标 are kept but not tracked month by month).
        var kind: String
        var number: String
        var title: String
        var section: String
        var leaders: String
        var leadUnits: String
        var supportUnits: String
        var targets: [TargetInput]
        var hasTargets: Bool
        var lines: String
        var lineAnchor: String
        /// A diagnostic falls inside this row's lines, or it lacks a lead unit.
        var flagged: Bool
        var flags: String
    }

    /// A target as editable fields: metric, relation, value, unit (and a box to delete it).
    struct TargetInput: Encodable {
        typealias Option = ChoiceOption
        var id: String
        var version: Int
        var metric: String
        var ops: [Option]
        /// The stored value written exactly (5.8, 0.125), so an untouched field reads back equal.
        var value: String
        var unit: String

        init(_ target: Target, version: Int) {
            id = target.id.uuidString
            self.version = version
            metric = target.metric
            ops = TargetOp.allCases.map { Option(value: $0.rawValue, label: Wording.op($0), selected: $0 == target.op) }
            value = Self.exact(target.value)
            unit = target.unit
        }

        static func exact(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
    }

    struct SourceLine: Encodable {
        var number: Int
        var text: String
        var diagnostic: String?
    }

    struct Diagnostic: Encodable {
        var line: Int
        var reason: String
        var anchor: String
    }

    var shell: WebShell
    var planID: String
    var title: String
    var documentNumber: String
    var status: String
    var isDraft: Bool
    var rows: [Row]
    var source: [SourceLine]
    var diagnostics: [Diagnostic]
    var diagnosticCount: Int
    /// The tables the parser read by their header rows: what each column was taken as, and the
    /// rows it skipped and why.
    var tables: [TableView]
    var tableCount: Int
    var hasTables: Bool
    var commitmentCount: Int
    var targetCount: Int
    var errors: [String: String]
    var errorList: [String]
    var hasErrors: Bool

    /// Pure: the stored draft (its facts), the source text and the parser's diagnostics.
    struct TableView: Encodable {
        struct Column: Encodable { var header: String; var field: String; var recognised: Bool }
        struct Skipped: Encodable { var line: Int; var anchor: String; var reason: String; var excerpt: String }
        var line: Int
        var anchor: String
        var columns: [Column]
        var rowsRead: Int
        var skipped: [Skipped]
        var skippedCount: Int
    }

    static func tableViews(_ tables: [TableReport]) -> [TableView] {
        tables.map { t in
            TableView(line: t.line, anchor: "L\(t.line)",
                      columns: t.columns.map { c in
                          .init(header: c.header, field: c.field.map { Wording.tableField($0, unit: c.unit) } ?? "未使用",
                                recognised: c.field != nil)
                      },
                      rowsRead: t.rowsRead,
                      skipped: t.skippedRows.map { .init(line: $0.line, anchor: "L\($0.line)", reason: $0.reason, excerpt: $0.excerpt) },
                      skippedCount: t.skippedRows.count)
        }
    }

    static func make(shell: WebShell, facts: PlanFacts, sourceText: String, diagnostics: [PolicyParser.Diagnostic],
                     tables: [TableReport] = [], errors: [String: String] = [:]) -> ImportReviewPage {
        let lines = sourceLines(sourceText)
        var byLine: [Int: String] = [:]
        for d in diagnostics { byLine[d.line] = (byLine[d.line].map { $0 + "；" } ?? "") + d.reason }
        let rows = facts.commitments.map { f -> Row in
            let c = f.commitment
            let r = f.record
            let inside = diagnostics.filter { $0.line >= r.lineFrom && $0.line <= r.lineTo }
            var flags = inside.map(\.reason)
            if c.kind == .task && c.leadUnits.isEmpty { flags.append("未识别牵头单位") }
            return Row(id: c.id.uuidString, version: r.version, kind: c.kind.rawValue, number: c.number, title: c.title, section: c.section,
                       leaders: c.leaders.joined(separator: "、"), leadUnits: c.leadUnits.names.joined(separator: "、"),
                       supportUnits: c.supportUnits.names.joined(separator: "、"),
                       targets: zip(c.targets, f.targetRecords).map { TargetInput($0, version: $1.version) },
                       hasTargets: !c.targets.isEmpty,
                       lines: r.lineFrom == r.lineTo ? "第\(r.lineFrom)行" : "第\(r.lineFrom)–\(r.lineTo)行",
                       lineAnchor: "L\(r.lineFrom)", flagged: !flags.isEmpty, flags: flags.joined(separator: "；"))
        }
        return ImportReviewPage(
            shell: shell, planID: facts.plan.id!.uuidString, title: facts.plan.title, documentNumber: facts.plan.documentNumber ?? "",
            status: WebFormat.planStatusLabel(facts.plan.planStatus), isDraft: facts.plan.status == PlanStatus.draft.rawValue, rows: rows,
            source: lines.enumerated().map { SourceLine(number: $0.offset + 1, text: $0.element, diagnostic: byLine[$0.offset + 1]) },
            diagnostics: diagnostics.map { Diagnostic(line: $0.line, reason: $0.reason, anchor: "L\($0.line)") },
            diagnosticCount: diagnostics.count, tables: tableViews(tables), tableCount: tables.count, hasTables: !tables.isEmpty,
            commitmentCount: rows.count,
            targetCount: facts.commitments.reduce(0) { $0 + $1.commitment.targets.count },
            errors: errors, errorList: errors.keys.sorted().compactMap { errors[$0] }, hasErrors: !errors.isEmpty)
    }

    /// The source's lines, split at every line break the parser counts (\n, \r\n from a browser's
    /// text box, \r, U+2028 …), so line N here is the parser's line N.
    static func sourceLines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }

    /// Splits an edited list of names at 、，, ; ； and new lines, but not inside brackets:
    /// `市教育局、各县(市、区)政府` → `市教育局`, `各县(市、区)政府`.
    static func names(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            switch ch {
            case "(", "（", "[", "【": depth += 1; current.append(ch)
            case ")", "）", "]", "】": depth = max(0, depth - 1); current.append(ch)
            case "、", "，", ",", ";", "；", "\n":
                if depth == 0 { out.append(current); current = "" } else { current.append(ch) }
            default: current.append(ch)
            }
        }
        out.append(current)
        return out.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
