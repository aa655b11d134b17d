import Foundation

/// Turns the text of a published plan into a ``ParsedPlan``. Pure and total: it never throws on text.
///
/// Stages: ``Normalizer`` (one spelling) → ``DocumentHeader`` (title, 文号, where the plan starts)
/// → an outline tree from the numbering labels (一、 (一) 1. (1) 附件N, nesting learned per
/// document), with table rows read by their header row (``TableLayout``: one model for Word,
/// HTML and xlsx tables and their flattened text forms) and unnumbered category headings
/// (教育类(5件)) → regions (tasks, goals, measures) → items with their responsibility
/// (``ResponsibilityReader``) and figures (``TargetReader``). What was read from each table is in
/// ``ParsedPlan/tables``.
public struct PlanParser: Sendable {
    public init() {}

    /// Parses a document as ``DocumentReader/readDocument(data:filename:sizeLimit:)`` read it: its
    /// text, with what the reader left out (a workbook's skipped sheets) kept among the diagnostics.
    public func parse(_ document: ReadDocument, source: String) -> ParsedPlan {
        var plan = parse(text: document.text, source: source)
        plan.diagnostics = document.diagnostics + plan.diagnostics
        return plan
    }

    /// Parses `text` (simplified or traditional, full- or half-width) taken from file `source`.
    public func parse(text: String, source: String) -> ParsedPlan {
        let lines = Normalizer.lines(of: text)
        let header = DocumentHeader.read(lines)
        var builder = OutlineBuilder()
        for line in lines[header.bodyStart...] { builder.add(line) }
        builder.finish()
        var diagnostics = builder.diagnostics
        let singleYear = header.period.flatMap { $0.from == $0.to ? $0.from : nil }
        var emitter = ItemEmitter(root: builder.root, planYear: singleYear, groups: Self.addresseeGroups(lines.prefix(header.bodyStart + 8)))
        emitter.emit()
        diagnostics += emitter.diagnostics
        if emitter.items.isEmpty {
            diagnostics.append(Diagnostic(line: lines.first?.number ?? 1, code: .noItems,
                                          reason: "未识别出任何任务条目：请检查文档是否为民生实事计划或行动方案", excerpt: lines.first.map { String($0.text.prefix(40)) } ?? ""))
        }
        if text.unicodeScalars.contains("\u{FFFD}") {
            diagnostics.append(Diagnostic(line: lines.first(where: { $0.text.unicodeScalars.contains("\u{FFFD}") })?.number ?? 1, code: .invalidText,
                                          reason: "文本含无法识别的字符（可能编码有误或文件损坏）", excerpt: ""))
        }
        var period = header.period
        if period == nil {
            // The plan's years from a cited span in its opening (…行动方案(2023-2025年)), else from its deadlines.
            let opening = lines[header.bodyStart...].prefix(12).map(\.text)
            period = opening.lazy.compactMap(Self.bracketedSpan).first
            if period == nil {
                let years = emitter.items.flatMap { $0.targets.compactMap { $0.by.flatMap { Int($0.prefix(4)) } } }
                if let hi = years.max() { period = YearSpan(from: years.min() ?? hi, to: hi) }
            }
        }
        for table in builder.tables {
            for row in table.skippedRows {
                diagnostics.append(Diagnostic(line: row.line, code: .tableRowSkipped, reason: "表格行未计入条目:\(row.reason)", excerpt: row.excerpt))
            }
        }
        diagnostics.sort { $0.line < $1.line }
        return ParsedPlan(source: source, title: header.title, documentNumber: header.documentNumber,
                          period: period, items: emitter.items, diagnostics: diagnostics, tables: builder.tables)
    }

    /// Unit groups named in the document's addressee line (主送: `各乡、镇人民政府,人民大垸、荒湖管理区,
    /// 市政府各部门:`) that hold a 、 — units the body may list with that 、 and mean as one.
    static func addresseeGroups(_ lines: some Sequence<SourceLine>) -> Set<String> {
        var groups: Set<String> = []
        for line in lines.prefix(48) {
            let t = line.text
            guard t.hasSuffix(":"), t.unicodeScalars.count <= 120, t.includes("各"),
                  t.includesAny(["政府", "部门", "单位", "管理区", "办事处", "管委会"]) else { continue }
            var depth = 0
            var current = String.UnicodeScalarView()
            for c in t.unicodeScalars.dropLast() {
                if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) }
                if depth == 0, c == "," || c == ";" {
                    groups.insert(String(current)); current = String.UnicodeScalarView()
                } else {
                    current.append(c)
                }
            }
            groups.insert(String(current))
        }
        return groups.filter { $0.includes("、") }
    }

    /// `(2023-2025年)` / `(2021—2023年)` inside a line.
    static func bracketedSpan(_ line: String) -> YearSpan? {
        var search = line[...]
        while let open = search.firstIndex(of: "(") {
            let after = search[search.index(after: open)...]
            guard let close = after.firstIndex(of: ")") else { return nil }
            let inner = after[..<close]
            if inner.count <= 12, inner.hasSuffix("年"), let span = DocumentHeader.yearSpan(in: String(inner)), span.from < span.to {
                return span
            }
            search = after[after.index(after: close)...]
        }
        return nil
    }
}

// MARK: - Outline tree

/// A node of the document outline: a numbered heading with its text, or an annex.
final class OutlineNode {
    enum Kind { case root, annex, numbered, tableRow }
    let kind: Kind
    let style: LabelStyle?
    var label: String
    var heading: String
    var lines: [String]
    var children: [OutlineNode] = []
    weak var parent: OutlineNode?
    var firstLine: Int
    var lastLine: Int
    /// Responsibility lines right after the heading, before any child: they apply to the whole group.
    var headResponsibility = Responsibility()
    /// Responsibility lines after this node's text (or, for a group, after its last child).
    var trailingResponsibility = Responsibility()
    /// Cells of a table row already assigned to fields.
    var tableResponsibility: Responsibility?
    /// A table row's own number and section (编号 and 领域 columns), used instead of its place in the outline.
    var explicitNumber: String?
    var explicitSection: String?

    init(kind: Kind, style: LabelStyle?, label: String, heading: String, line: Int) {
        self.kind = kind
        self.style = style
        self.label = label
        self.heading = heading
        self.lines = heading.isEmpty ? [] : [heading]
        self.firstLine = line
        self.lastLine = line
    }

    /// The heading up to its first 。 (or the whole heading), without trailing punctuation.
    /// Read once the outline is built (an annex's heading arrives after the annex opens).
    lazy var title: String = {
        let h = heading.unicodeScalars
        if let stop = h.firstIndex(of: "。") { return String(heading[..<stop]).trimmingPunctuation() }
        // 社会保障(11件): the category without its count.
        if kind == .numbered, let category = OutlineBuilder.categoryHeading(heading) { return category }
        return heading.trimmingPunctuation()
    }()

    /// What kind of section the heading names (保障措施 → measures), if any.
    lazy var region: ItemEmitter.Region? = ItemEmitter.region(of: title)

    var text: String { lines.joined(separator: "\n") }
}

struct OutlineBuilder {
    let root = OutlineNode(kind: .root, style: nil, label: "", heading: "", line: 0)
    private(set) var diagnostics: [Diagnostic] = []
    /// Open numbered nodes from the outermost inwards (under the current annex or the root).
    private var stack: [OutlineNode] = []
    private var container: OutlineNode
    /// Titles named in an 附件: list, with the label each annex will carry.
    private var annexReferences: [(title: String, label: String)] = []
    private var inReferenceList = false
    private var table: TableLayout?
    private var verticalHeader: [String]?
    private var verticalColumns = 0
    private var verticalHeaderLine = 0
    private var pendingRow: (ordinal: Int, cells: [String], line: Int)?
    private var lastRowOrdinal = 0
    /// The last project row of the open table: its node, 序号 and 名称 (for sub-rows and merged cells).
    private var lastRow: (node: OutlineNode, ordinal: Int, title: String)?
    static let maxDepth = 12

    init() { container = root }

    mutating func add(_ line: SourceLine) {
        let text = line.text
        if Self.isPageJunk(text) {
            diagnostics.append(Diagnostic(line: line.number, code: .unplacedText, reason: "网页附属内容，未计入任何条目", excerpt: String(text.prefix(40))))
            return
        }
        if let annex = annexStart(text) {
            openAnnex(label: annex.label, heading: annex.heading, line: line.number)
            return
        }
        if inReferenceList {
            if let l = Outline.label(in: text), l.style == .arabicDot || l.style == .arabicComma, !text.contains("。"), text.unicodeScalars.count <= 60 {
                annexReferences.append((DocumentHeader.comparable(DocumentHeader.stripQuotes(l.rest)), "附件\(l.ordinal)"))
                return
            }
            inReferenceList = false
        }
        if !annexReferences.isEmpty, text.utf8.count <= 150,
           let ref = Optional(DocumentHeader.comparable(DocumentHeader.stripQuotes(text))).flatMap({ key in annexReferences.first { $0.title == key } }),
           container.label != ref.label {
            openAnnex(label: ref.label, heading: text, line: line.number)
            return
        }
        if container.kind == .annex, container.heading.isEmpty, stack.isEmpty, Outline.label(in: text) == nil, !text.contains("|") {
            container.heading = text
            return
        }
        if let r = ResponsibilityReader.line(text) {
            attachResponsibility(r, line: line)
            return
        }
        if addVerticalCell(text, line: line) { return }
        if let cells = TableLayout.cells(of: text, spaced: table != nil || text.hasPrefix("序号"), bordered: table?.bordered ?? true) {
            if addTableRow(cells, line: line) { return }
        } else if text.hasPrefix("序号") || text.hasPrefix("编号"), let cells = TableLayout.runOnHeader(text) {
            if addTableRow(cells, line: line) { return }
        } else if let layout = table, let row = runOnRow(text) {
            // A row whose cells ran together, its number first.
            addRowNode(ordinal: row.ordinal, cells: [String(row.ordinal)] + TableLayout.runOnRow(row.rest), layout: layout, line: line.number)
            return
        }
        if let label = Outline.label(in: text) {
            addNumbered(label, line: line)
            return
        }
        if let heading = Self.categoryHeading(text) {
            addHeading(heading, line: line)
            return
        }
        // 张明市长主抓重点工作: a short unnumbered line naming the leader of what follows — not a
        // bracketed note or a closing line (…副市长负责) about the item above.
        if text.utf8.count <= 90, let first = text.unicodeScalars.first, !"(〔【[".unicodeScalars.contains(first),
           text.unicodeScalars.count <= 30, !text.contains("。"), !text.contains(","), !text.hasSuffix("负责"),
           ResponsibilityReader.headingLeaders(text) != nil {
            addHeading(text.trimmingPunctuation(), line: line)
            return
        }
        if table != nil, TableLayout.isTotalRow([text]), text.unicodeScalars.count <= 8 {
            skipRow(line, "合计行,不是项目")
            return
        }
        if table != nil, ["续表", "续上表", "(续表)", "(续)", "续"].contains(TableLayout.compact(text)) {
            skipRow(line, "续表标记")
            return
        }
        // Between the rows of a table, a short line alone (a category row merged across: 教育文化)
        // heads the rows below; a cell's wrapped text would carry figures or punctuation.
        if table != nil, text.utf8.count <= 45, Self.isBareHeading(text) {
            addHeading(text, line: line)
            return
        }
        // Continuation text of the open node.
        if let node = stack.last {
            node.lines.append(text)
            node.lastLine = line.number
        } else {
            container.lines.append(text)
        }
    }

    private mutating func openAnnex(label: String, heading: String, line: Int) {
        let node = OutlineNode(kind: .annex, style: nil, label: label, heading: heading, line: line)
        node.parent = root
        root.children.append(node)
        container = node
        stack = []
        table = nil
        lastRow = nil
    }

    private mutating func addNumbered(_ label: OutlineLabel, line: SourceLine) {
        lastRow = nil
        var ordinalLabel = label.label
        if let depth = stack.lastIndex(where: { $0.style == label.style }) {
            stack.removeSubrange(depth...)
        } else if stack.count >= Self.maxDepth {
            diagnostics.append(Diagnostic(line: line.number, code: .unplacedNumbering, reason: "编号层级过深（超过\(Self.maxDepth)层），按正文处理", excerpt: String(line.text.prefix(40))))
            stack.last?.lines.append(line.text)
            return
        }
        let parent = stack.last ?? container
        if label.style == .dash { ordinalLabel = String(parent.children.filter { $0.style == .dash }.count + 1) }
        let node = OutlineNode(kind: .numbered, style: label.style, label: ordinalLabel, heading: label.rest, line: line.number)
        // 一、张明市长主抓重点工作: the leader named in a group's heading answers for its items.
        if let leaders = ResponsibilityReader.headingLeaders(label.rest) { node.headResponsibility.leaders = leaders }
        // 教育文化(2件): the count is not a figure of the group's text.
        if let category = Self.categoryHeading(label.rest) { node.lines = [category] }
        node.parent = parent
        parent.children.append(node)
        stack.append(node)
    }

    private mutating func attachResponsibility(_ r: Responsibility, line: SourceLine) {
        guard let node = stack.last else {
            if container.kind == .annex || !container.children.isEmpty {
                container.headResponsibility.merge(r)
            } else {
                diagnostics.append(Diagnostic(line: line.number, code: .orphanResponsibility, reason: "责任分工行之前没有可归属的任务或领域", excerpt: String(line.text.prefix(40))))
            }
            return
        }
        if node.children.isEmpty { node.trailingResponsibility.merge(r) }
        else if node.children.allSatisfy({ $0.kind == .tableRow }) { node.headResponsibility.merge(r) }
        else { node.trailingResponsibility.merge(r) }
        node.lastLine = line.number
    }

    // MARK: annexes

    private mutating func annexStart(_ text: String) -> (label: String, heading: String)? {
        guard text.hasPrefix("附件") || text.hasPrefix("附表") else { return nil }
        let s = Array(text.unicodeScalars.dropFirst(2))
        var i = 0
        while i < s.count, s[i] == " " { i += 1 }
        var digits = String.UnicodeScalarView()
        while i < s.count, TargetReader.isDigit(s[i]) || ChineseNumerals.isNumeral(s[i]) { digits.append(s[i]); i += 1 }
        let n = Int(String(digits)) ?? ChineseNumerals.value(of: digits)
        while i < s.count, s[i] == " " { i += 1 }
        let rest = String(scalars: s[i...])
        if rest.hasPrefix(":") || rest.hasPrefix("、") || rest.hasPrefix(".") {
            // 附件:1.X / 附件:《X》 — a list of what is annexed; the annexes follow later, if at all.
            let list = String(rest.dropFirst()).trimmingPunctuation()
            if n == nil || rest.hasPrefix(":") && list.hasPrefix("1") {
                if let l = Outline.label(in: list) {
                    annexReferences.append((DocumentHeader.comparable(DocumentHeader.stripQuotes(l.rest)), "附件\(l.ordinal)"))
                } else if !list.isEmpty {
                    annexReferences.append((DocumentHeader.comparable(DocumentHeader.stripQuotes(list)), n.map { "附件\($0)" } ?? "附件"))
                }
                inReferenceList = true
                return nil
            }
            if let n { return ("附件\(n)", list) }
        }
        if let n, rest.isEmpty || rest.unicodeScalars.count <= 40 && !rest.contains("。") { return ("附件\(n)", rest) }
        if n == nil, rest.isEmpty { return ("附件", "") }
        return nil
    }

    // MARK: tables

    /// The tables read so far, for ``ParsedPlan/tables``.
    private(set) var tables: [TableReport] = []

    private mutating func skipRow(_ line: SourceLine, _ reason: String) {
        guard !tables.isEmpty else { return }
        tables[tables.count - 1].skippedRows.append(SkippedRow(line: line.number, reason: reason, excerpt: String(line.text.prefix(40))))
    }

    /// Opens a table at its header row, or passes over the header repeated at the top of a page.
    private mutating func openTable(_ layout: TableLayout, line: SourceLine) {
        if let current = table, current.key == layout.key {
            skipRow(line, "重复的表头(分页)")
            return
        }
        // A second header row right under the first (责任单位 over 牵头单位 | 配合单位) replaces it.
        if table != nil, lastRow == nil, let last = tables.last, last.rowsRead == 0, line.number - last.line <= 2 {
            tables.removeLast()
        }
        table = layout
        lastRow = nil
        tables.append(TableReport(line: line.number, columns: layout.reportColumns))
    }

    private mutating func addTableRow(_ cells: [String], line: SourceLine) -> Bool {
        if var layout = TableLayout(header: cells) {
            layout.bordered = line.text.hasPrefix("|")
            openTable(layout, line: line)
            return true
        }
        guard let layout = table else { return false }
        var cells = cells
        // A sub-row whose leading empty cells went with the line's leading tabs or spaces: align it right.
        if cells.count < layout.columns, let first = cells.first, !first.isEmpty, TableLayout.rowOrdinal(first.trimmingPunctuation()) == nil,
           layout.number == 0, !TableLayout.isTotalRow(cells), Outline.label(in: first) == nil {
            cells = Array(repeating: "", count: layout.columns - cells.count) + cells
        }
        if TableLayout.isTotalRow(cells) {
            skipRow(line, "合计行,不是项目")
            return true
        }
        let numberText = layout.number.flatMap { cells.indices.contains($0) ? cells[$0].trimmingPunctuation() : nil } ?? ""
        let title = layout.cell(.title, cells)
        // 一 | 新建学校 | … | 市教育局: a project numbered with a Chinese numeral (a category row names no units).
        if let value = ChineseNumerals.value(of: numberText.unicodeScalars), value > 0, cells.count == layout.columns,
           layout.roles.indices.contains(where: { i in [.lead, .responsible, .support].contains(layout.roles[i]) && !cells[i].isEmpty }) {
            addRowNode(ordinal: value, cells: cells, layout: layout, line: line.number, label: numberText)
            return true
        }
        if let ordinal = TableLayout.rowOrdinal(numberText) {
            // The same 序号 again (a merged cell repeated, or its sub-rows): one project.
            if let last = lastRow, last.ordinal == ordinal, title.isEmpty || title == last.title {
                addSubRow(cells, layout: layout, line: line)
            } else {
                addRowNode(ordinal: ordinal, cells: cells, layout: layout, line: line.number)
            }
            return true
        }
        let filled = cells.filter { !$0.isEmpty }
        if numberText.isEmpty, let last = lastRow, !filled.isEmpty {
            if layout.number == nil, !title.isEmpty, title != last.title {
                // A table without a 序号 column: each named row is a project, counted in order.
                addRowNode(ordinal: last.ordinal + 1, cells: cells, layout: layout, line: line.number)
                return true
            }
            if title.isEmpty || title == last.title, Outline.label(in: filled[0]) == nil, Self.categoryHeading(filled[0]) == nil {
                addSubRow(cells, layout: layout, line: line)
                return true
            }
        }
        if layout.number == nil, lastRow == nil, !title.isEmpty {
            addRowNode(ordinal: 1, cells: cells, layout: layout, line: line.number)
            return true
        }
        // A category row inside the table (一 | 教育 / 一、教育 / 教育类(5件)): a group for the rows below.
        var joined = filled.joined(separator: " ")
        if let first = filled.first, first == numberText, ChineseNumerals.value(of: first.unicodeScalars) != nil, filled.count > 1 {
            joined = first + "、" + filled.dropFirst().joined(separator: " ")
        }
        if let label = Outline.label(in: joined) { addNumbered(label, line: line); lastRow = nil; return true }
        if let heading = Self.categoryHeading(joined) { addHeading(heading, line: line); return true }
        skipRow(line, "无序号的行,按正文处理")
        return false
    }

    /// An item number as a 编号 cell writes it, in SCHEMA.md's form: `二.（一）.1` → `二.(一).1`, no spaces.
    static func normalisedNumber(_ code: String) -> String {
        String(String.UnicodeScalarView(code.unicodeScalars.compactMap { s -> Unicode.Scalar? in
            switch s {
            case " ", "\t": return nil
            case "（": return "("
            case "）": return ")"
            case "．": return "."
            default: return s
            }
        }))
    }

    /// `3城区停车设施建设…`: the next row number of the open table run on into the row's text.
    private func runOnRow(_ text: String) -> (ordinal: Int, rest: String)? {
        let digits = text.utf8.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, digits.count <= 3, let n = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
        let expected = (tables.last?.rowsRead ?? 0) + 1
        guard n == expected || n == (lastRow?.ordinal ?? 0) + 1 else { return nil }
        let rest = String(text.dropFirst(digits.count))
        guard let first = rest.unicodeScalars.first, TargetReader.isHan(first), rest.unicodeScalars.count >= 6 else { return nil }
        return (n, rest)
    }

    /// Adds one table row as an item node, its cells read by ``TableLayout/read(_:)``. A row
    /// whose leaders cell is empty takes the leaders of the row above (a merged cell flattened);
    /// one with neither 牵头 nor 责任 units takes the row above's units.
    private mutating func addRowNode(ordinal: Int, cells: [String], layout: TableLayout, line: Int, label: String? = nil) {
        let parent = stack.last(where: { $0.kind != .tableRow }) ?? container
        if let last = stack.last, last.kind == .tableRow { stack.removeLast() }
        var row = layout.read(cells)
        if let previous = lastRow?.node.tableResponsibility, lastRow?.node.parent === parent, cells.count == layout.columns {
            if row.responsibility.leaders == nil, layout.roles.contains(where: { $0 == .leaders }) { row.responsibility.leaders = previous.leaders }
            if !row.responsibility.hasUnits { row.responsibility.explicitLead = previous.explicitLead; row.responsibility.responsible = previous.responsible }
        }
        let node = OutlineNode(kind: .tableRow, style: nil, label: label ?? String(ordinal), heading: row.text, line: line)
        node.tableResponsibility = row.responsibility
        node.explicitNumber = row.code.map(Self.normalisedNumber).flatMap { $0.isEmpty ? nil : $0 }
        node.explicitSection = row.section
        node.parent = parent
        parent.children.append(node)
        if parent !== container, stack.last !== parent { stack.append(parent) }
        stack.append(node)
        lastRow = (node, ordinal, layout.cell(.title, cells))
        if !tables.isEmpty { tables[tables.count - 1].rowsRead += 1 }
    }

    /// A further row of the project above (its 序号 and 名称 merged over several rows): its text and
    /// units join that project's.
    private mutating func addSubRow(_ cells: [String], layout: TableLayout, line: SourceLine) {
        guard let last = lastRow else { return }
        var trimmed = cells
        if let t = layout.title, trimmed.indices.contains(t), cells.count == layout.columns { trimmed[t] = "" }
        let row = layout.read(trimmed)
        if !row.text.isEmpty, !last.node.lines.contains(row.text) { last.node.lines.append(row.text) }
        var r = last.node.tableResponsibility ?? Responsibility()
        r.merge(row.responsibility)
        last.node.tableResponsibility = r
        last.node.lastLine = line.number
    }

    /// A heading line that names a category with a count (教育类(5件), 二、社会保障(11项)): the
    /// category without its count; nil when the line is not one.
    static func categoryHeading(_ text: String) -> String? {
        // Cheap tests first: this runs on every unnumbered line.
        guard text.utf8.count <= 120, let end = text.utf8.last, end == UInt8(ascii: ")") || end == 0x91 || end == 0x95 else { return nil }
        let s = Array(text.unicodeScalars)
        guard s.count <= 40, let last = s.last, last == ")" || last == "】" || last == "〕",
              let open = s.lastIndex(where: { $0 == "(" || $0 == "【" || $0 == "〔" }), open > 0 else { return nil }
        let inner = s[(open + 1)..<(s.count - 1)]
        guard let measure = inner.last, measure == "件" || measure == "项", inner.count >= 2, inner.count <= 6 else { return nil }
        let count = inner.dropLast().filter { $0 != "共" }
        guard !count.isEmpty, count.allSatisfy({ TargetReader.isDigit($0) || ChineseNumerals.isNumeral($0) }) else { return nil }
        let name = s[..<open]
        guard name.count <= 24, !name.contains("。"), !name.contains(where: TargetReader.isDigit) else { return nil }
        return String(scalars: name).trimmingPunctuation()
    }

    /// A few Han characters and nothing else (no figure, no punctuation, not a unit's name).
    static func isBareHeading(_ text: String) -> Bool {
        let s = text.unicodeScalars
        guard s.count >= 2, s.count <= 15, s.allSatisfy(TargetReader.isHan) else { return false }
        return !ResponsibilityReader.isUnitName(text) && !TableLayout.isTotalRow([text])
    }

    /// Opens an unnumbered category (教育类(5件)) as a group for what follows; numbers of the items
    /// under it are not prefixed, since the heading has no label.
    private mutating func addHeading(_ heading: String, line: SourceLine) {
        if let depth = stack.firstIndex(where: { $0.style == .heading }) {
            stack.removeSubrange(depth...)
        } else {
            // Close the items and the groups that already hold items: the heading starts a new
            // group beside them; a group just opened (二、具体项目) keeps it inside.
            while let top = stack.last, top.kind == .tableRow || !top.children.isEmpty || top.heading.contains("。")
                    || top.heading.unicodeScalars.contains(where: TargetReader.isDigit) || ResponsibilityReader.containsLabel(top.heading) {
                stack.removeLast()
            }
        }
        let parent = stack.last ?? container
        let node = OutlineNode(kind: .numbered, style: .heading, label: "", heading: heading, line: line.number)
        if let leaders = ResponsibilityReader.headingLeaders(heading) { node.headResponsibility.leaders = leaders }
        node.parent = parent
        parent.children.append(node)
        stack.append(node)
        lastRow = nil
    }

    // MARK: tables flattened one cell per line

    /// A table pasted as one cell per line: 序号 / 项目名称 / … / 1 / 新建幼儿园 / … / 2 / …, each
    /// line with or without a trailing `|`. Returns true when the line was taken as part of such a table.
    private mutating func addVerticalCell(_ text: String, line: SourceLine) -> Bool {
        // Outside such a table only a short 序号 / 编号 line can open one.
        if verticalHeader == nil, verticalColumns == 0, text.utf8.count > 24 { return false }
        guard let cell = TableLayout.singleCell(text) else { return false }
        if var header = verticalHeader, table == nil || verticalColumns == 0 {
            if cell.unicodeScalars.count <= 16, TableLayout.isHeaderWord(cell) {
                header.append(cell); verticalHeader = header; return true
            }
            verticalHeader = nil
            if header.count >= 3, let layout = TableLayout(header: header) {
                verticalColumns = header.count
                openTable(layout, line: SourceLine(number: verticalHeaderLine, text: header.joined(separator: " | ")))
            } else { return false }
        }
        let compactCell = TableLayout.compact(cell)
        if compactCell == "序号" || compactCell == "编号" {
            verticalHeader = [cell]
            verticalHeaderLine = line.number
            if let layout = table { flushVerticalRow(layout) }
            verticalColumns = 0
            return true
        }
        guard let layout = table, verticalColumns > 0 else { return false }
        if let n = Int(cell), n == (pendingRow?.ordinal ?? lastRowOrdinal) + 1 || (pendingRow == nil && n >= 1) {
            flushVerticalRow(layout)
            pendingRow = (n, [], line.number)
            return true
        }
        guard pendingRow != nil else { return false }
        // A new heading or a measures section ends the table.
        if Outline.label(in: cell) != nil || pendingRow!.cells.count >= verticalColumns + 2 {
            flushVerticalRow(layout)
            verticalColumns = 0
            table = nil
            return false
        }
        pendingRow!.cells.append(cell)
        return true
    }

    private mutating func flushVerticalRow(_ layout: TableLayout) {
        guard let row = pendingRow else { return }
        var cells = row.cells
        let numberAt = min(layout.number ?? 0, cells.count)
        cells.insert(String(row.ordinal), at: numberAt)
        addRowNode(ordinal: row.ordinal, cells: cells, layout: layout, line: row.line)
        lastRowOrdinal = row.ordinal
        pendingRow = nil
    }

    /// Ends a one-cell-per-line table at the end of the text.
    mutating func finish() {
        if let layout = table { flushVerticalRow(layout) }
    }

    // MARK: page junk

    private static let prefixes = ["(责任编辑", "责任编辑", "扫一扫", "相关信息", "相关链接", "打印本页", "关闭窗口", "【打印", "【关闭", "分享到",
                                   "上一篇", "下一篇", "附件下载", "网站地图", "版权所有", "ICP备", "承办:", "技术支持", "[打印", "[关闭",
                                   "浏览次数", "阅读次数", "访问量", "发布时间:", "来源:"]
    private static let junkInitials: Set<Unicode.Scalar> = ["(", "责", "扫", "相", "打", "关", "【", "分", "上", "下", "附", "网", "版", "I", "承", "技", "[", "浏", "阅", "访", "发", "来"]

    /// `第 1 页 共 3 页`, `第1页`, `共3页`, `- 2 -`, `— 2 —`, `2/3`.
    static func isPageNumber(_ t: String) -> Bool {
        guard let first = t.unicodeScalars.first, first == "第" || first == "共" || first == "-" || first == "—" || TargetReader.isDigit(first) else { return false }
        let s = Array(t.unicodeScalars.filter { $0 != " " })
        guard !s.isEmpty, s.contains(where: TargetReader.isDigit) else { return false }
        let allowed: Set<Unicode.Scalar> = ["第", "页", "共", "-", "—", "/", ",", "(", ")"]
        guard s.allSatisfy({ TargetReader.isDigit($0) || allowed.contains($0) }) else { return false }
        if s.contains("页") { return true }
        // - 2 - / — 2 —: a number between dashes.
        return (s.first == "-" || s.first == "—") && (s.last == "-" || s.last == "—")
    }

    /// Lines a saved web page adds around the article: 责任编辑, 扫一扫, 相关信息, 打印本页; page
    /// numbers of a printed or converted file (第 1 页 共 3 页, - 2 -).
    static func isPageJunk(_ t: String) -> Bool {
        if t.utf8.count <= 40, isPageNumber(t) { return true }
        if let first = t.unicodeScalars.first, junkInitials.contains(first), prefixes.contains(where: { t.hasPrefix($0) }) { return true }
        if t.utf8.count <= 90, t.includes("打印本页") || t.includes("关闭窗口") { return true }
        // A site footer (主办单位:…  承办:…  ICP备…), not a 主办单位 line of a task.
        return t.hasPrefix("主办") && t.includesAny(["承办", "版权", "ICP", "网站", "技术支持"])
    }
}
