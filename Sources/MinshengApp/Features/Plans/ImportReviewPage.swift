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
    var links = Links()

    struct Links: Encodable { var upload = SitePath.imports() }
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
        /// The number as the document writes it (`二（三）5`, `总体目标1` for the parser's `goal.1`).
        var displayNumber: String
        var isGoal: Bool
        var title: String
        var section: String
        var leaders: String
        var leadUnits: String
        var supportUnits: String
        /// 完成时限 as stated (`2026`, `2026-11`, `2026-11-30`).
        var deadline: String
        /// 区县, joined by `、`.
        var districts: String
        /// 计划投资 in 万元, written exactly; empty when none.
        var investment: String
        /// The row's own 进度节点 (`2026-06-30 50%；2026-12-31 100%`); empty: the plan's.
        var nodes: String
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

    /// One page of a long draft's rows (``pageSize`` each).
    struct Paging: Encodable {
        var page: Int
        var pages: Int
        var first: Int
        var last: Int
        var total: Int
        var previous: String?
        var next: String?
        var isPaged: Bool
    }

    /// Rows shown at once: a city's plan (10–120 rows) fits one page; a pasted mistake of
    /// thousands of rows stays a page of some hundred kilobytes.
    static let pageSize = 60
    /// Source lines shown at once beside a page of rows.
    static let sourceLineLimit = 3_000

    var shell: WebShell
    var planID: String
    var title: String
    /// A plan whose years are past: publishing asks for a confirmation (``pastYearWarning``).
    var pastYearWarning: String?
    var needsPastYearConfirmation: Bool
    var paging: Paging
    /// Which source lines are shown, when not all (`第1–3000行，共48211行`).
    var sourceRange: String?
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
    var links: Links

    /// The draft's forms; row edits come back to the page they were made on.
    struct Links: Encodable {
        var publish: String
        var delete: String
        var rowOps: String
        var save: String
        var addRow: String

        init(planID: String, page: Int) {
            publish = SitePath.importPublish(planID)
            delete = SitePath.importDelete(planID)
            rowOps = SitePath.importRows(planID, query: [("page", String(page))])
            save = SitePath.importReview(planID, query: [("page", String(page))])
            addRow = SitePath.importRows(planID)
        }
    }

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
                     tables: [TableReport] = [], errors: [String: String] = [:], page requested: Int = 1,
                     today: CivilDate? = nil) -> ImportReviewPage {
        let lines = sourceLines(sourceText)
        var byLine: [Int: String] = [:]
        for d in diagnostics { byLine[d.line] = (byLine[d.line].map { $0 + "；" } ?? "") + d.reason }
        let all = facts.commitments
        let pages = max(1, (all.count + pageSize - 1) / pageSize)
        let page = min(max(1, requested), pages)
        let slice = Array(all[min(all.count, (page - 1) * pageSize)..<min(all.count, page * pageSize)])
        let planID = facts.plan.id!.uuidString
        let href = { (n: Int) in SitePath.importReview(planID, query: [("page", String(n))]) }
        let paging = Paging(page: page, pages: pages, first: slice.isEmpty ? 0 : (page - 1) * pageSize + 1,
                            last: (page - 1) * pageSize + slice.count, total: all.count,
                            previous: page > 1 ? href(page - 1) : nil, next: page < pages ? href(page + 1) : nil,
                            isPaged: pages > 1)
        // The source beside this page: from its first row's line (line 1 on the first page) to the
        // line before the next page's first row, at most sourceLineLimit lines.
        let startLine = page == 1 ? 1 : max(1, slice.map(\.record.lineFrom).filter { $0 > 0 }.min() ?? 1)
        let nextStart = page < pages ? all[page * pageSize].record.lineFrom : 0
        var endLine = nextStart > startLine ? nextStart - 1 : lines.count
        endLine = min(endLine, lines.count, startLine + sourceLineLimit - 1)
        let shownLines = startLine <= endLine ? Array(startLine...endLine) : []
        let sourceRange = shownLines.count == lines.count ? nil
            : "原文第\(startLine)–\(max(startLine, endLine))行（共\(lines.count)行）"
        let shownDiagnostics = diagnostics.filter { shownLines.isEmpty ? false : ($0.line >= startLine && $0.line <= endLine) }
        let pastYear = today.flatMap {
            facts.plan.planStatus == .draft
                ? PublishCheck.pastYear(periodFrom: facts.plan.periodFrom, periodTo: facts.plan.periodTo, today: $0) : nil
        }
        let rows = slice.map { f -> Row in
            let c = f.commitment
            let r = f.record
            let inside = diagnostics.filter { $0.line >= r.lineFrom && $0.line <= r.lineTo }
            var flags = inside.map(\.reason)
            if c.kind == .task && c.leadUnits.isEmpty { flags.append("未识别牵头单位") }
            return Row(id: c.id.uuidString, version: r.version, kind: c.kind.rawValue, number: c.number,
                       displayNumber: DisplayText.itemNumber(c.number), isGoal: c.kind == .goal, title: c.title, section: c.section,
                       leaders: c.leaders.joined(separator: "、"), leadUnits: c.leadUnits.names.joined(separator: "、"),
                       supportUnits: c.supportUnits.names.joined(separator: "、"),
                       deadline: r.deadline ?? "", districts: c.districts.joined(separator: "、"),
                       investment: c.plannedInvestment.map(TargetInput.exact) ?? "",
                       nodes: nodesText(c.scheduleNodes ?? []),
                       targets: zip(c.targets, f.targetRecords).map { TargetInput($0, version: $1.version) },
                       hasTargets: !c.targets.isEmpty,
                       lines: r.lineFrom == 0 ? "审核时添加" : r.lineFrom == r.lineTo ? "第\(r.lineFrom)行" : "第\(r.lineFrom)–\(r.lineTo)行",
                       lineAnchor: "L\(r.lineFrom)", flagged: !flags.isEmpty, flags: flags.joined(separator: "；"))
        }
        return ImportReviewPage(
            shell: shell, planID: planID, title: facts.plan.title,
            pastYearWarning: pastYear.map { "这是\($0)年的计划（现在是\(today!.year)年）。发布后所有任务按已结束的序时进度判断，会同时亮红灯。" },
            needsPastYearConfirmation: pastYear != nil, paging: paging, sourceRange: sourceRange,
            documentNumber: facts.plan.documentNumber ?? "",
            status: WebFormat.planStatusLabel(facts.plan.planStatus), isDraft: facts.plan.status == PlanStatus.draft.rawValue, rows: rows,
            source: shownLines.map { SourceLine(number: $0, text: lines[$0 - 1], diagnostic: byLine[$0]) },
            diagnostics: shownDiagnostics.map { Diagnostic(line: $0.line, reason: $0.reason, anchor: "L\($0.line)") },
            diagnosticCount: diagnostics.count, tables: tableViews(tables), tableCount: tables.count, hasTables: !tables.isEmpty,
            commitmentCount: all.count,
            targetCount: facts.commitments.reduce(0) { $0 + $1.commitment.targets.count },
            errors: errors, errorList: errors.keys.sorted().compactMap { errors[$0] }, hasErrors: !errors.isEmpty,
            links: Links(planID: planID, page: page))
    }

    /// The source's lines, split at every line break the parser counts (\n, \r\n from a browser's
    /// text box, \r, U+2028 …), so line N here is the parser's line N.
    static func sourceLines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }

    /// A row's 进度节点 as the form shows them: `2026-06-30 50%；2026-12-31 100%`.
    static func nodesText(_ nodes: [ScheduleNode]) -> String {
        nodes.map { "\($0.date.description) \(TargetInput.exact($0.percent))%" }.joined(separator: "；")
    }

    /// The 进度节点 typed in a row: pairs of a date (2026-06-30, 2026-6-30, 2026/6/30) and a percent,
    /// separated by ；;，, or new lines. Empty text: none (the plan's schedule). The reason names the
    /// piece it could not read.
    static func parseNodes(_ text: String) -> Result<[ScheduleNodeDTO], ImportReviewController.FieldProblem> {
        var out: [ScheduleNodeDTO] = []
        let pieces = text.split(whereSeparator: { "；;，,、\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
        for piece in pieces where !piece.isEmpty {
            let parts = piece.replacingOccurrences(of: "：", with: " ").replacingOccurrences(of: ":", with: " ")
                .split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard parts.count == 2 else {
                return .failure(.init(text: "进度节点“\(piece)”应写成“日期 百分比”，如 2026-06-30 50%。"))
            }
            let dateParts = parts[0].replacingOccurrences(of: "/", with: "-").split(separator: "-").compactMap { Int($0) }
            guard dateParts.count == 3, let date = CivilDate(year: dateParts[0], month: dateParts[1], day: dateParts[2]) else {
                return .failure(.init(text: "进度节点“\(piece)”的日期应为 年-月-日，如 2026-06-30。"))
            }
            let number = parts[1].replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "％", with: "")
            guard let percent = Double(number), percent.isFinite, (0...100).contains(percent) else {
                return .failure(.init(text: "进度节点“\(piece)”的百分比应在 0 到 100 之间。"))
            }
            out.append(ScheduleNodeDTO(date: date.description, percent: percent))
        }
        return .success(out)
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
