import Foundation

/// The structure of one plan document (民生实事计划 / 行动方案), as `corpus/SCHEMA.md` defines it.
///
/// Produced by ``PlanParser/parse(text:source:)``; encoded to JSON with the schema's keys.
public struct ParsedPlan: Codable, Sendable, Equatable {
    /// The file name the text came from, e.g. `000_85658ec2a977ca89.txt`.
    public var source: String
    /// The plan's own title (not the cover notice's 关于印发…的通知), simplified, one line.
    public var title: String?
    /// The 文号, e.g. `锡政发〔2023〕5号`; nil when the text has none.
    public var documentNumber: String?
    /// The plan's years; a single-year plan has `from == to`.
    public var period: YearSpan?
    /// Tasks and goals in document order.
    public var items: [ParsedItem]
    /// What the parser saw but could not place (line, reason). Nothing is dropped silently.
    public var diagnostics: [Diagnostic]
    /// The tables (表格) the items were read from, in document order: each one's columns as
    /// recognised from its header row and the rows not taken, with the reason — for the import
    /// review to show what was taken from where. Empty for running text.
    ///
    /// In JSON under `tables`, only when there is at least one, so a plan without tables encodes as
    /// SCHEMA.md shows it.
    public var tables: [TableReport]

    private enum CodingKeys: String, CodingKey { case source, title, documentNumber, period, items, diagnostics, tables }

    /// Writes absent values as `null`, as SCHEMA.md shows them, rather than leaving the key out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(title, forKey: .title)
        try c.encode(documentNumber, forKey: .documentNumber)
        try c.encode(period, forKey: .period)
        try c.encode(items, forKey: .items)
        try c.encode(diagnostics, forKey: .diagnostics)
        if !tables.isEmpty { try c.encode(tables, forKey: .tables) }
    }

    /// Reads plans written before `tables` existed as well as current ones.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(String.self, forKey: .source)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        documentNumber = try c.decodeIfPresent(String.self, forKey: .documentNumber)
        period = try c.decodeIfPresent(YearSpan.self, forKey: .period)
        items = try c.decode([ParsedItem].self, forKey: .items)
        diagnostics = try c.decode([Diagnostic].self, forKey: .diagnostics)
        tables = try c.decodeIfPresent([TableReport].self, forKey: .tables) ?? []
    }

    public init(source: String, title: String? = nil, documentNumber: String? = nil,
                period: YearSpan? = nil, items: [ParsedItem] = [], diagnostics: [Diagnostic] = [],
                tables: [TableReport] = []) {
        self.source = source
        self.title = title
        self.documentNumber = documentNumber
        self.period = period
        self.items = items
        self.diagnostics = diagnostics
        self.tables = tables
    }
}

/// One table (表格) as the parser read it: where its header row is, what each header cell was
/// taken to mean, and the rows it did not take.
///
/// Example: header `序号 | 项目名称 | 建设内容 | 年度投资(万元) | 牵头单位 | 配合单位 | 完成时限` on line 3 →
/// columns 序号 → `.number`, 项目名称 → `.title`, 建设内容 → `.content`, 年度投资(万元) → `.amount`
/// (unit 万元), 牵头单位 → `.lead`, 配合单位 → `.support`, 完成时限 → `.deadline`.
public struct TableReport: Codable, Sendable, Equatable {
    /// 1-based line of the header row in the text the plan was parsed from.
    public var line: Int
    /// The header's cells, left to right, with the field each was read into.
    public var columns: [TableColumn]
    /// Numbered rows taken as items (sub-rows of one project count once).
    public var rowsRead: Int
    /// Rows of the table that gave no item, with the reason.
    public var skippedRows: [SkippedRow]

    public init(line: Int, columns: [TableColumn], rowsRead: Int = 0, skippedRows: [SkippedRow] = []) {
        self.line = line
        self.columns = columns
        self.rowsRead = rowsRead
        self.skippedRows = skippedRows
    }
}

/// A header cell of a table and the field its column is read into (表头 → 字段); `field` is nil
/// for a column the parser does not use (建设地点, 备注).
public struct TableColumn: Codable, Sendable, Equatable {
    /// The header cell as written, e.g. `年度投资(万元)`.
    public var header: String
    public var field: TableField?
    /// The unit a money or quantity column states in its header (`万元` from `(万元)`), if any.
    public var unit: String?

    public init(header: String, field: TableField?, unit: String? = nil) {
        self.header = header
        self.field = field
        self.unit = unit
    }
}

/// What a table column holds (表格列的含义).
public enum TableField: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// 序号 / 编号: the row's running count
    case number
    /// 编号 beside a 序号 column: the item's own number (`二.(一).1`), used as the item's number
    case code
    /// 领域 / 类别: the item's section
    case section
    /// 项目名称 / 实事名称
    case title
    /// 建设内容 / 主要内容 / 目标任务 / 年度目标: the text targets are read from
    case content
    /// 牵头领导 / 分管领导 / 区政府分管领导
    case leaders
    /// 牵头单位 (or 责任单位 when no 牵头单位 column: its first unit leads)
    case lead
    /// 配合单位 / 协办单位 / 责任单位 beside a 牵头单位 column
    case support
    /// 完成时限 / 建设时间 / 时间节点
    case deadline
    /// 投资 / 资金 with its unit from the header, e.g. 年度投资(万元)
    case amount
}

/// A row of a table that gave no item (跳过的行).
public struct SkippedRow: Codable, Sendable, Equatable {
    /// 1-based line of the row.
    public var line: Int
    /// Why it was not taken (Chinese), e.g. `合计行`.
    public var reason: String
    /// The row's text (shortened).
    public var excerpt: String

    public init(line: Int, reason: String, excerpt: String) {
        self.line = line
        self.reason = reason
        self.excerpt = excerpt
    }
}

/// A span of calendar years, e.g. 2021—2023 → `YearSpan(from: 2021, to: 2023)`.
public struct YearSpan: Codable, Sendable, Equatable, Hashable {
    public var from: Int
    public var to: Int
    public init(from: Int, to: Int) { self.from = from; self.to = to }
}

/// Whether an item is a numbered commitment (任务/项目/实事) or an overall objective (总体目标).
public enum ItemKind: String, Codable, Sendable, Equatable, Hashable {
    case task
    case goal
}

/// One commitment or goal of a plan.
///
/// Example: `二.(一).1` 优化城乡教育资源配置, 牵头领导 于丽, 牵头单位 市教育局.
public struct ParsedItem: Codable, Sendable, Equatable {
    public var kind: ItemKind
    /// Numbering labels from the outermost inwards joined by `.`, e.g. `二.(一).1`, `附件2.一.8`, `goal.1`.
    public var number: String
    /// The heading of the nearest enclosing group, without its number; "" if none.
    public var section: String
    /// The item's own heading (text up to the first 。 or a closing colon).
    public var title: String
    /// The item's whole text as written (simplified), without its number label.
    public var text: String
    /// 牵头领导 / 分管领导.
    public var leaders: [String]
    /// 牵头单位.
    public var leadUnits: [String]
    /// 责任单位 / 配合单位 other than the lead.
    public var supportUnits: [String]
    /// Figures to reach, build, keep or limit.
    public var targets: [ParsedTarget]
    /// The deadline stated for the item as a whole (`2025`, `2023-11`), if any.
    public var deadline: String?
    /// 1-based, inclusive line range of the source text this item came from.
    public var lines: LineRange

    public init(kind: ItemKind, number: String, section: String = "", title: String, text: String = "",
                leaders: [String] = [], leadUnits: [String] = [], supportUnits: [String] = [],
                targets: [ParsedTarget] = [], deadline: String? = nil, lines: LineRange) {
        self.kind = kind
        self.number = number
        self.section = section
        self.title = title
        self.text = text
        self.leaders = leaders
        self.leadUnits = leadUnits
        self.supportUnits = supportUnits
        self.targets = targets
        self.deadline = deadline
        self.lines = lines
    }
}

/// 1-based inclusive line numbers in the (normalised) source text.
public struct LineRange: Codable, Sendable, Equatable, Hashable {
    public var from: Int
    public var to: Int
    public init(from: Int, to: Int) { self.from = from; self.to = to }
}

/// How a target's figure is to be read (目标指标的比较方式).
public enum TargetOp: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// 以上, 不少于, 不低于, 超过, 至少
    case atLeast = ">="
    /// 以内, 以下, 不高于, 控制在, 不超过
    case atMost = "<="
    /// 达到, 稳定在, 完成 N, 新增 N, 建设 N
    case equal = "="
    /// 左右, 约
    case about = "~"
    /// 提高 / 增加 / 增长 N: an increase by N over the baseline
    case increaseBy = "+"
    /// 下降 / 降低 / 减少 N: a decrease by N from the baseline
    case decreaseBy = "-"
}

/// One stated quantity, e.g. 新增城镇就业5.8万人以上 → metric 新增城镇就业, 5.8, 万人, `>=`.
public struct ParsedTarget: Codable, Sendable, Equatable {
    public var metric: String
    public var value: Double
    public var unit: String
    public var op: TargetOp
    /// The deadline as stated (`2025`, `2023-11`); nil if none.
    public var by: String?
    /// A stated starting value (由 X 提高到 Y → baseline X), when the text gives one.
    public var baseline: Double?

    private enum CodingKeys: String, CodingKey { case metric, value, unit, op, by, baseline }

    /// Writes `by` as `null` when absent (SCHEMA.md); `baseline` only when stated.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(value, forKey: .value)
        try c.encode(unit, forKey: .unit)
        try c.encode(op, forKey: .op)
        try c.encode(by, forKey: .by)
        try c.encodeIfPresent(baseline, forKey: .baseline)
    }

    public init(metric: String, value: Double, unit: String, op: TargetOp, by: String? = nil, baseline: Double? = nil) {
        self.metric = metric
        self.value = value
        self.unit = unit
        self.op = op
        self.by = by
        self.baseline = baseline
    }
}

/// Something in the text the parser could not place, with the 1-based line it was on.
public struct Diagnostic: Codable, Sendable, Equatable {
    public enum Code: String, Codable, Sendable {
        /// A responsibility line (牵头单位 …) with no item or area to attach to.
        case orphanResponsibility
        /// A numbered line that does not fit the outline seen so far.
        case unplacedNumbering
        /// Text inside the task sections that belongs to no item.
        case unplacedText
        /// A figure in an item that was not read as a target.
        case figureNotRead
        /// A task with no 牵头单位 or 责任单位 stated or inherited.
        case missingResponsibility
        /// No items at all were found.
        case noItems
        /// The input was cut or contained bytes that are not text.
        case invalidText
        /// The sheets of a workbook that were read (line 0: the file as a whole).
        case sheetsRead
        /// A sheet of a workbook that was not read (填表说明, hidden, empty), with the reason.
        case sheetSkipped
        /// A row of a table that gave no item (a total row, a note), with the reason.
        case tableRowSkipped
    }
    public var line: Int
    public var code: Code
    /// Human-readable reason (Chinese).
    public var reason: String
    /// The text concerned (shortened).
    public var excerpt: String

    public init(line: Int, code: Code, reason: String, excerpt: String) {
        self.line = line
        self.code = code
        self.reason = reason
        self.excerpt = excerpt
    }
}
