/// Column roles of a task table, read from its header row (序号 | 项目名称 | 建设内容 | 年度投资(万元) |
/// 牵头领导 | 牵头单位 | 配合单位 | 完成时限). One model for every container: Word, HTML and xlsx tables
/// reach it as ` | ` lines through ``TableGrid``; tables flattened into text (`|`, tabs, runs of
/// spaces, one cell per line) reach it as split lines.
struct TableLayout {
    /// What a column holds. `responsible` is 责任单位 / 实施单位: its first unit leads unless a
    /// 牵头单位 column says who leads.
    enum Role: Equatable { case number, code, section, title, content, leaders, lead, responsible, support, deadline, amount(label: String, unit: String) }

    var columns: Int
    /// Header cells as written.
    var header: [String]
    /// Role per column; nil for a column not used (建设地点, 备注).
    var roles: [Role?]
    /// Whether the header line had an outer border (`| 序号 | … |`), so rows' first and last empty cells are borders too.
    var bordered = false

    var number: Int? { roles.firstIndex { $0 == .number } }
    var title: Int? { roles.firstIndex { $0 == .title } }
    var hasLead: Bool { roles.contains { $0 == .lead } }

    init?(header raw: [String]) {
        let cells = raw.map(Self.compact)
        guard cells.count >= 2, cells.count <= 40 else { return nil }
        var roles: [Role?] = Array(repeating: nil, count: cells.count)
        for (i, c) in cells.enumerated() {
            guard !c.isEmpty, c.unicodeScalars.count <= 16 else { continue }
            roles[i] = Self.role(of: c, taken: roles)
        }
        // 责任单位 spanning two columns (牵头 and 配合 under it): the empty cell after it supports.
        for i in roles.indices.dropFirst() where cells[i].isEmpty && roles[i] == nil && (roles[i - 1] == .responsible || roles[i - 1] == .lead) {
            roles[i] = .support
        }
        let found = roles.compactMap { $0 }
        let hasNumber = found.contains(.number)
        let hasText = found.contains(.title) || found.contains(.content)
        let hasUnitsOrLeaders = found.contains { [.lead, .responsible, .support, .leaders].contains($0) }
        // A header names a text column and, without a 序号 column, also who answers for the row;
        // at least half its cells must be header words (a row of data is not a header).
        // Columns the parser does not read (进度, 备注, 存在问题) still show a row of header words.
        let otherHeaders = zip(cells, roles).filter { $0.1 == nil && Self.otherHeaderWords.contains(where: $0.0.includes) }.count
        guard hasText, hasNumber || hasUnitsOrLeaders, found.count >= 2,
              (found.count + otherHeaders) * 2 >= cells.filter({ !$0.isEmpty }).count else { return nil }
        self.columns = cells.count
        self.header = raw
        self.roles = roles
    }

    /// Header words of columns the parser does not read.
    static let otherHeaderWords = ["进度", "状态", "备注", "地点", "问题", "打算", "月份", "进展", "说明", "级别", "属性", "情况", "联系人", "电话"]

    /// `序 号` → `序号`: header cells are matched without their inner spaces.
    static func compact(_ cell: String) -> String {
        guard cell.utf8.contains(UInt8(ascii: " ")) else { return cell }
        return String(String.UnicodeScalarView(cell.unicodeScalars.filter { $0 != " " }))
    }

    static let numberWords: Set<String> = ["序号", "编号", "序", "项目编号", "No.", "NO.", "No"]

    /// The role a header cell names; `taken` holds the roles of the cells before it.
    static func role(of c: String, taken: [Role?]) -> Role? {
        if numberWords.contains(c) || c == "任务编号" {
            // 序号 | 编号: the running count, then the item's own number (二.(一).1), as an export writes them.
            if !taken.contains(where: { $0 == .number }) { return .number }
            return taken.contains { $0 == .code } ? nil : .code
        }
        if ["领域", "所属领域", "类别", "分类", "项目类别", "板块"].contains(c) { return taken.contains { $0 == .section } ? nil : .section }
        if c.includes("领导") || c.hasSuffix("市长") || c.hasSuffix("区长") || c.hasSuffix("县长") { return .leaders }
        if c.includesAny(["投资", "资金", "金额", "预算", "补助"]) && !c.includesAny(["内容", "单位"]) {
            return .amount(label: Self.withoutBrackets(c), unit: Self.bracketedUnit(c) ?? (c.includes("万元") ? "万元" : (c.includes("亿元") ? "亿元" : "元")))
        }
        if c.includesAny(["牵头单位", "牵头部门", "主办", "主责", "牵头"]) { return .lead }
        if c.includesAny(["配合", "协办", "参与", "协同", "协助", "数据提供"]) { return .support }
        if c.includesAny(["责任单位", "责任部门", "实施单位", "承办", "主体", "单位", "部门"]) { return .responsible }
        if c.includesAny(["时限", "时间", "期限", "时间节点", "进度安排"]) && !c.includes("内容") { return .deadline }
        if c.includesAny(["地点", "地址", "备注", "类别", "类型", "序列", "所属"]) { return nil }
        // 项目数, 数量, 个数: a count column (a summary table), not the item's name.
        if Self.withoutBrackets(c).hasSuffix("数") || c.includesAny(["数量", "个数"]) { return nil }
        let isName = c.includes("名称") || ((c.includes("项目") || c.includes("实事") || c.includes("事项")) && !c.includesAny(["内容", "目标", "任务", "措施"]))
        if isName, !taken.contains(where: { $0 == .title }) { return .title }
        if c.includesAny(["内容", "目标", "任务", "措施", "举措", "规模", "标准", "要求"]) || isName { return .content }
        return nil
    }

    /// `年度投资(万元)` → `万元`.
    static func bracketedUnit(_ c: String) -> String? {
        guard let open = c.firstIndex(where: { $0 == "(" || $0 == "（" }),
              let close = c[open...].firstIndex(where: { $0 == ")" || $0 == "）" }) else { return nil }
        let inner = c[c.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        return inner.isEmpty || inner.unicodeScalars.count > 6 ? nil : inner
    }

    /// `年度投资(万元)` → `年度投资`.
    static func withoutBrackets(_ c: String) -> String {
        guard let open = c.firstIndex(where: { $0 == "(" || $0 == "（" }) else { return c }
        return String(c[..<open])
    }

    /// A key telling a header repeated on the next page from a new table.
    var key: String { header.map(Self.compact).joined(separator: "|") }

    /// Words of a header cell (项目名称, 牵头单位, 完成时限), for tables flattened one cell per line.
    static func isHeaderWord(_ text: String) -> Bool {
        let c = compact(text)
        return numberWords.contains(c) || role(of: c, taken: []) != nil || c.includes("备注") || c.includes("地点")
    }

    /// What the parser's report says of each header cell.
    var reportColumns: [TableColumn] {
        zip(header, roles).map { header, role in
            switch role {
            case .number?: return TableColumn(header: header, field: .number)
            case .code?: return TableColumn(header: header, field: .code)
            case .section?: return TableColumn(header: header, field: .section)
            case .title?: return TableColumn(header: header, field: .title)
            case .content?: return TableColumn(header: header, field: .content)
            case .leaders?: return TableColumn(header: header, field: .leaders)
            case .lead?: return TableColumn(header: header, field: .lead)
            case .responsible?: return TableColumn(header: header, field: hasLead ? .support : .lead)
            case .support?: return TableColumn(header: header, field: .support)
            case .deadline?: return TableColumn(header: header, field: .deadline)
            case let .amount(_, unit)?: return TableColumn(header: header, field: .amount, unit: unit)
            case nil: return TableColumn(header: header, field: nil)
            }
        }
    }

    /// The cell of `role` in a row read by position ("" when absent).
    func cell(_ role: Role, _ cells: [String]) -> String {
        guard cells.count == columns, let i = roles.firstIndex(where: { $0 == role }) else { return "" }
        return cells[i]
    }

    /// One row's text and responsibility. When the row has as many cells as the header, columns
    /// are read by position; otherwise (empty cells lost when a table was flattened) each cell is
    /// read by what it looks like: a date, a list of units, or text. The 序号 cell is not text.
    func read(_ cells: [String]) -> (text: String, responsibility: Responsibility, code: String?, section: String?) {
        var r = Responsibility()
        var parts: [String] = []
        var code: String?, section: String?
        if cells.count == columns {
            var explicitLead: [String] = [], responsible: [String] = [], support: [String] = [], leaders: [String] = []
            for (c, role) in zip(cells, roles) where !c.isEmpty {
                switch role {
                case .title?, .content?:
                    // A content cell that repeats the title (项目名称 merged into 建设内容) is read once;
                    // a cell that is only a figure (目标值 95%) completes the text before it.
                    if role == .content, let first = c.unicodeScalars.first, TargetReader.isDigit(first), c.unicodeScalars.count <= 12,
                       let last = parts.indices.last, parts.count > 1 || roles.firstIndex(where: { $0 == .title }) == nil {
                        parts[last] += c
                    } else if !parts.contains(where: { $0 == c || $0.hasPrefix(c) }) {
                        parts.append(c)
                    }
                case .leaders?: leaders += ResponsibilityReader.personNames(in: c)
                case .lead?: explicitLead += ResponsibilityReader.names(in: c).map { ResponsibilityReader.leadMarked($0) ?? $0 }
                case .responsible?, .support?:
                    for name in ResponsibilityReader.names(in: c) {
                        if let marked = ResponsibilityReader.leadMarked(name) { explicitLead.append(marked) }
                        else if role == .responsible { responsible.append(ResponsibilityReader.cleanUnit(name)) }
                        else { support.append(ResponsibilityReader.cleanUnit(name)) }
                    }
                case .deadline?: r.deadline = Self.endOfRange(c)
                case let .amount(label, unit)?:
                    if c.unicodeScalars.allSatisfy({ TargetReader.isDigit($0) || $0 == "." || $0 == "," }), c.unicodeScalars.contains(where: TargetReader.isDigit) {
                        parts.append(label + c.replacingOccurrences(of: ",", with: "") + unit)
                    } else {
                        parts.append(label + c)
                    }
                case .code?: code = c
                case .section?: section = c
                case .number?, nil: break
                }
            }
            if !leaders.isEmpty { r.leaders = leaders }
            if !explicitLead.isEmpty { r.explicitLead = explicitLead }
            if !responsible.isEmpty || !support.isEmpty { r.responsible = responsible + support }
        } else {
            var unitLists: [[String]] = []
            var sawText = false
            for c in cells where !c.isEmpty {
                if !sawText, Self.rowOrdinal(c.trimmingPunctuation()) != nil { continue }
                let names = ResponsibilityReader.names(in: c)
                // The first cell after the number is the project's name, whatever it looks like.
                if sawText, Self.looksLikeDate(c) { r.deadline = Self.endOfRange(c) }
                else if sawText, !names.isEmpty, names.allSatisfy(ResponsibilityReader.isUnitName) { unitLists.append(names) }
                else { parts.append(c) }
                sawText = true
            }
            if let first = unitLists.first {
                if hasLead { r.explicitLead = first; r.responsible = unitLists.dropFirst().flatMap { $0 } }
                else { r.responsible = unitLists.flatMap { $0 } }
                if r.responsible?.isEmpty == true, hasLead { r.responsible = nil; r.explicitLead = first }
            }
        }
        if parts.isEmpty { parts = cells.filter { !$0.isEmpty && Self.rowOrdinal($0.trimmingPunctuation()) == nil } }
        return (parts.map { $0.trimmingPunctuation() }.filter { !$0.isEmpty }.joined(separator: "。"), r, code, section)
    }

    static func looksLikeDate(_ c: String) -> Bool {
        c.unicodeScalars.count <= 24 && (c.includes("年") || c.includes("月")) && c.unicodeScalars.contains { TargetReader.isDigit($0) }
            && !c.includesAny(["%", "个", "人", "万", "所", "公里", "户"])
    }

    /// The end of a stated period: `2024年3月-12月` → `2024年12月`, `2024年3月至2024年11月` → `2024年11月`.
    static func endOfRange(_ c: String) -> String {
        let s = Array(c.unicodeScalars)
        guard let cut = s.lastIndex(where: { $0 == "-" || $0 == "—" || $0 == "~" || $0 == "至" || $0 == "–" }), cut + 1 < s.count else { return c }
        let end = String(scalars: s[(cut + 1)...]).trimmingPunctuation()
        guard end.unicodeScalars.contains(where: TargetReader.isDigit) else { return c }
        if end.includes("年") { return end }
        // 12月 after 2024年3月: the year of the start.
        if let y = s.firstIndex(of: "年"), y >= 4, y < cut { return String(scalars: s[(y - 4)...y]) + end }
        return c
    }

    /// Splits a flattened table row on `|` or tabs — or, with `spaced`, on runs of spaces (a header
    /// line 序号 项目名称 … or a row while a table is open). Nil when the line is not a row.
    /// A leading and trailing `|` are an outer border when `bordered` (or when reading a header).
    static func cells(of text: String, spaced: Bool = false, bordered: Bool = true) -> [String]? {
        let hasBar = text.utf8.contains(UInt8(ascii: "|"))
        let hasTab = text.utf8.contains(UInt8(ascii: "\t"))
        if !hasBar && !hasTab {
            guard spaced, text.utf8.contains(UInt8(ascii: " ")) else { return nil }
            // Runs of two or more spaces separate cells when the line has them; else single spaces.
            let wide = text.includes("  ")
            var cells: [String] = []
            if wide {
                cells = text.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            } else {
                cells = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            }
            // 1城区学校扩容: the row number run on into the first cell.
            if let first = cells.first, Int(first) == nil, let digits = Optional(first.prefix { $0.isASCII && $0.isNumber }),
               !digits.isEmpty, digits.count <= 3, Int(digits) != nil {
                let rest = first.dropFirst(digits.count)
                if let next = rest.unicodeScalars.first, TargetReader.isHan(next) { cells[0] = String(rest); cells.insert(String(digits), at: 0) }
            }
            guard cells.count >= 3, cells[0].hasPrefix("序号") || cells[0].hasPrefix("编号") || Int(cells[0]) != nil else { return nil }
            return cells
        }
        let separator: Character = hasBar ? "|" : "\t"
        var cells = text.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if bordered || hasTab {
            if cells.first == "" { cells.removeFirst() }
            if cells.last == "" { cells.removeLast() }
        }
        return cells.count >= 2 ? cells : nil
    }

    /// A line that is one table cell written alone, with or without bars: `序号|`, `|1|`, `新建幼儿园`.
    static func singleCell(_ text: String) -> String? {
        let bar = UInt8(ascii: "|")
        guard text.utf8.contains(bar) else { return text }
        var t = Substring(text)
        if t.utf8.last == bar { t = t.dropLast() }
        if t.utf8.first == bar { t = t.dropFirst() }
        guard !t.utf8.contains(bar) else { return nil }
        return t.trimmingCharacters(in: .whitespaces)
    }

    /// A 序号 cell's number: `3`, `3.`, `(3)`, `③`; nil when the cell is not one.
    static func rowOrdinal(_ cell: String) -> Int? {
        if let n = Int(cell) { return n }
        var s = Substring(cell)
        if s.hasPrefix("(") && s.hasSuffix(")") || s.hasPrefix("〔") && s.hasSuffix("〕") { s = s.dropFirst().dropLast() }
        while let last = s.last, last == "." || last == "、" { s = s.dropLast() }
        if let n = Int(s), n >= 0 { return n }
        if s.unicodeScalars.count == 1, let c = s.unicodeScalars.first, c.value >= 0x2460, c.value <= 0x2473 { return Int(c.value - 0x2460 + 1) }
        return nil
    }

    /// A row that totals the table (合计 / 总计 / 小计), not a project.
    static func isTotalRow(_ cells: [String]) -> Bool {
        guard let first = cells.first(where: { !$0.isEmpty }) else { return false }
        let c = compact(first)
        return ["合计", "总计", "小计", "共计"].contains { c.hasPrefix($0) }
    }

    // MARK: run-on text

    /// Header words, longest first, for a header row whose cells ran together (序号项目名称建设内容牵头单位完成时限).
    static let headerVocabulary: [String] = [
        "年度投资(万元)", "总投资(万元)", "投资(万元)", "区政府分管领导", "项目名称", "实事名称", "建设内容", "主要内容", "目标任务", "年度目标",
        "建设地点", "牵头领导", "分管领导", "责任领导", "牵头单位", "责任单位", "配合单位", "协办单位", "完成时限", "完成时间",
        "时间节点", "建设时间", "县领导", "市领导", "区领导", "序号", "编号", "备注",
    ].sorted { $0.count > $1.count }

    /// A header row whose cells ran together, cut into its words; nil unless every part is a header word.
    static func runOnHeader(_ text: String) -> [String]? {
        guard text.utf8.count <= 150, !text.utf8.contains(UInt8(ascii: " ")) else { return nil }
        var rest = Substring(text)
        var cells: [String] = []
        while !rest.isEmpty {
            guard let word = headerVocabulary.first(where: { rest.hasPrefix($0) }) else { return nil }
            cells.append(word)
            rest = rest.dropFirst(word.count)
        }
        return cells.count >= 3 ? cells : nil
    }

    static let runOnStarts: Set<Unicode.Scalar> = ["市", "县", "区", "省", "各"]
    /// Words that end in 区 without being a district (社区, 城区): 区 after them does not start a unit.
    static let notDistrict: Set<Unicode.Scalar> = ["城", "社", "园", "景", "小", "街", "片", "新", "矿", "山", "湖", "营", "市", "镇", "县", "辖", "库", "学", "校", "牧", "林"]
    static let unitEnds = ["局", "委", "办", "院", "会", "中心", "政府", "公司", "所", "站", "队", "处", "社", "联", "馆", "部", "署", "厅", "行", "团",
                           "组", "室", "科", "协", "校", "集团", "街道", "办事处", "管委会"]

    /// A row whose cells ran together (`1城区学校扩容新建小学2所市教育局市财政局、各区人民政府2025年8月`),
    /// after its number, cut from the end: a deadline, then up to three lists of units (a list's units
    /// joined by 、, lists glued where one unit's suffix meets the next one's 市/县/区/省/各), then the
    /// text. Returns the cells [text, units…, deadline] for ``read(_:)`` to read by what they look like.
    static func runOnRow(_ rest: String) -> [String] {
        let s = Array(rest.unicodeScalars)
        var end = s.count
        var deadline = ""
        // The deadline: digits and 年 月 日 底 前 末 至 - at the very end.
        let dateScalars: Set<Unicode.Scalar> = ["年", "月", "日", "底", "前", "末", "至", "-", "—"]
        var d = end
        while d > 0, TargetReader.isDigit(s[d - 1]) || dateScalars.contains(s[d - 1]) { d -= 1 }
        while d < end, !TargetReader.isDigit(s[d]) { d += 1 }
        let tail = s[d..<end]
        if d < end, tail.contains("年") || tail.contains("月"), d > 0, !TargetReader.isDigit(s[d - 1]) {
            deadline = String(scalars: tail)
            end = d
        }
        var lists: [[String]] = []
        var current: [String] = []
        func startsUnit(_ p: Int) -> Bool {
            guard runOnStarts.contains(s[p]) else { return false }
            return s[p] != "区" || p == 0 || !notDistrict.contains(s[p - 1])
        }
        func hasInnerBoundary(_ from: Int, _ to: Int) -> Bool {
            var k = from + 2
            while k < to {
                if startsUnit(k) {
                    let before = String(scalars: s[from..<k])
                    if unitEnds.contains(where: before.hasSuffix) { return true }
                }
                k += 1
            }
            return false
        }
        while end > 0, lists.count < 3 {
            // The earliest start that makes s[p..<end] one unit name.
            var found: Int?
            var p = end - 2
            while p >= max(0, end - 24) {
                if s[p] == "、" || s[p] == "," || s[p] == "。" || TargetReader.isDigit(s[p]) { break }
                if startsUnit(p), ResponsibilityReader.isUnitName(String(scalars: s[p..<end])), !hasInnerBoundary(p, end) { found = p }
                p -= 1
            }
            guard let start = found else { break }
            current.insert(String(scalars: s[start..<end]), at: 0)
            end = start
            if end > 0, s[end - 1] == "、" || s[end - 1] == "," {
                end -= 1
                continue
            }
            lists.insert(current, at: 0)
            current = []
            let before = String(scalars: s[..<end])
            if !unitEnds.contains(where: before.hasSuffix) { break }
        }
        if !current.isEmpty {
            // A list cut short by text: its units still count.
            lists.insert(current, at: 0)
        }
        let text = String(scalars: s[..<end]).trimmingPunctuation()
        return [text] + lists.map { $0.joined(separator: "、") } + (deadline.isEmpty ? [] : [deadline])
    }
}
