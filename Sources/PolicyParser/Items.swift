import Foundation

/// Walks the outline and turns it into items: decides which parts hold tasks, goals or
/// measures, builds each item's number, section, responsibility and targets.
struct ItemEmitter {
    let root: OutlineNode
    private(set) var items: [ParsedItem] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var goalCount = 0

    /// The plan's year when it is a single-year plan: 11月底前 then means that year's November.
    let planYear: Int?

    /// Unit groups from the addressee line (各乡、镇人民政府) that a 、 inside must not split.
    let groups: Set<String>

    init(root: OutlineNode, planYear: Int? = nil, groups: Set<String> = []) {
        self.root = root
        self.planYear = planYear
        self.groups = groups
    }

    enum Region { case tasks, goals, measures, context }

    /// Headings of measure sections (保障措施, 组织保障, 推进机制, 工作要求), which are not items.
    static let measureWords = ["保障措施", "组织保障", "推进机制", "工作要求", "组织实施", "保障机制", "工作机制", "实施保障",
                               "组织领导", "工作保障", "有关要求", "相关要求", "工作措施", "监督考核", "考核评估"]
    /// Headings of task sections.
    static let taskWords = ["任务", "重点工作", "主要工作", "工作重点", "工作内容", "主要内容", "重点项目", "实事项目", "民生实事", "项目清单", "任务清单", "任务分工", "项目安排"]
    /// Headings of objective sections.
    static let goalWords = ["总体目标", "工作目标", "主要目标", "攻坚目标", "发展目标", "行动目标", "目标要求", "具体目标", "预期目标"]
    /// Headings of framing sections (总体要求, 指导思想), which hold no tasks but may hold the goals.
    static let framingWords = ["总体要求", "指导思想", "基本原则", "总体思路", "工作思路", "背景", "重要意义", "现状", "形势"]

    static func region(of heading: String) -> Region? {
        let head = String(heading.prefix(24))
        if head.includesAny(measureWords) { return .measures }
        if head.includesAny(goalWords) && !head.includes("任务") { return .goals }
        // 年度目标, 三年目标: a short heading that ends in 目标.
        if head.count <= 8, head.trimmingPunctuation().hasSuffix("目标") { return .goals }
        if head.includesAny(framingWords) { return .context }
        // Only a short heading that ends in a task word names a task section (二、主要任务, 三、重点项目);
        // 用心用情办好民生实事 is an area, and a long heading that mentions 实事项目 is prose.
        let bare = head.trimmingPunctuation()
        if bare.count <= 8, taskWords.contains(where: bare.hasSuffix) { return .tasks }
        return nil
    }

    mutating func emit() {
        let tops = root.children
        let bodyTops = tops.filter { $0.kind != .annex }
        let explicitTasks = bodyTops.contains { $0.region == .tasks }
        let annexHasItems = tops.contains { $0.kind == .annex && !$0.children.isEmpty }
        for top in tops {
            if top.kind == .annex {
                if Self.region(of: top.heading) == .measures { continue }
                if !top.children.isEmpty { emitTasks(in: top, path: [top.label], section: top.title) }
                continue
            }
            switch top.region {
            case .measures?:
                reportFigures(in: top, why: "保障措施等工作机制部分")
            case .goals? where Self.assignsResponsibility(top):
                // 一、主要预期目标 with 1. 2. each given a 牵头单位 (a 政府工作报告 breakdown): these are tasks.
                emitTasks(in: top, path: [top.label], section: top.title, isTop: true)
            case .goals?:
                emitGoals(from: top)
            case .context?:
                for goal in Self.descendants(of: top) where goal.region == .goals { emitGoals(from: goal) }
                reportFigures(in: top, why: "总体要求等说明部分", skippingGoals: true)
            case .tasks?:
                emitTasks(in: top, path: [top.label], section: top.title, isTop: true)
            case nil:
                if explicitTasks || annexHasItems && top.style != nil {
                    // Body sections of a document whose tasks are stated elsewhere: framing text.
                    for goal in Self.descendants(of: top) where goal.region == .goals { emitGoals(from: goal) }
                    reportFigures(in: top, why: "说明部分（任务列在附件或任务部分）", skippingGoals: true)
                } else {
                    emitTasks(in: top, path: [top.label], section: top.title, isTop: true)
                }
            }
        }
    }

    // MARK: figures outside items

    /// Reports figures in a part that gives no items (measures, framing text), so a reviewer sees
    /// what was left out and why: nothing is dropped silently.
    private mutating func reportFigures(in node: OutlineNode, why: String, skippingGoals: Bool = false) {
        if skippingGoals && node.region == .goals { return }
        reportFigures(inOwnTextOf: node, why: why)
        for child in node.children { reportFigures(in: child, why: why, skippingGoals: skippingGoals) }
    }

    private mutating func reportFigures(inOwnTextOf node: OutlineNode, why: String) {
        let text = node.text
        guard text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return }
        let figures = TargetReader(itemDeadline: nil).targets(in: text)
        guard !figures.isEmpty else { return }
        let list = figures.prefix(3).map { "\($0.metric)\(Self.format($0.value))\($0.unit)" }.joined(separator: "、")
        diagnostics.append(Diagnostic(line: node.firstLine, code: .figureNotRead,
                                      reason: "\(why)含\(figures.count)项数字指标（\(list)\(figures.count > 3 ? "等" : "")），未计入任何条目",
                                      excerpt: String(node.title.prefix(30))))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// A numbered item whose heading announces a list (…包括: / …如下:) of short points that carry
    /// no units of their own: the points are parts of the item, not items.
    static func isEnumeration(_ node: OutlineNode) -> Bool {
        guard node.kind == .numbered, node.style != .chineseComma, node.style != .chapter else { return false }
        let heading = node.heading.trimmingCharacters(in: .whitespaces)
        guard heading.hasSuffix(":"), heading.unicodeScalars.count > 4 else { return false }
        // Units stated after the last point close the whole item.
        return node.children.enumerated().allSatisfy { k, point in
            let isLast = k == node.children.count - 1
            return point.children.isEmpty && point.kind == .numbered && point.headResponsibility.isEmpty
                && (isLast || (point.text.unicodeScalars.count <= 80 && !ResponsibilityReader.containsLabel(point.text)))
        }
    }

    /// Whether numbered parts under `node` are each given units: then they are tasks, whatever the heading.
    static func assignsResponsibility(_ node: OutlineNode) -> Bool {
        let leaves = descendants(of: node).filter { $0.children.isEmpty && $0.style != .dash }
        guard !leaves.isEmpty else { return false }
        let withUnits = leaves.filter { leaf in
            leaf.trailingResponsibility.hasUnits || leaf.tableResponsibility != nil || ResponsibilityReader.containsLabel(leaf.text)
        }
        return withUnits.count * 2 >= leaves.count
    }

    static func descendants(of node: OutlineNode) -> [OutlineNode] {
        node.children.flatMap { [$0] + descendants(of: $0) }
    }

    // MARK: tasks

    private mutating func emitTasks(in node: OutlineNode, path: [String], section: String, isTop: Bool = false,
                                    inherited: Responsibility = Responsibility()) {
        // A top-level node with no children is itself an item (a flat list: 1. 2. 3.).
        if node.children.isEmpty, node.style == .heading {
            // A category heading (教育类(3件)) with nothing under it gives no item.
            diagnostics.append(Diagnostic(line: node.firstLine, code: .unplacedText, reason: "分类标题下没有条目", excerpt: String(node.title.prefix(30))))
            return
        }
        if node.children.isEmpty {
            // A flat list at the top (1. 2. 3. with no area headings) has no enclosing section.
            if node.kind == .numbered || node.kind == .tableRow { emitTask(node, path: path, section: isTop ? "" : section, inherited: inherited) }
            return
        }
        if Self.isEnumeration(node) {
            // 实施教育提质工程，主要包括：(1)新建学校3所；(2)新增学位2000个。 — one item with its points.
            let points = node.children
            node.lines += points.flatMap(\.lines)
            for point in points { node.trailingResponsibility.merge(point.trailingResponsibility) }
            node.lastLine = max(node.lastLine, points.map(\.lastLine).max() ?? node.lastLine)
            node.children = []
            emitTask(node, path: path, section: section, inherited: inherited)
            return
        }
        var groupResponsibility = node.headResponsibility.filled(from: inherited)
        // Lines after a group's last child with no other child having its own lines close the
        // whole area (乐山: 牵头领导/责任单位 after each 提升行动) — unless only one child exists.
        let children = node.children.filter { $0.region != .measures }
        let withLines = children.filter { !$0.trailingResponsibility.isEmpty }
        if let last = children.last, withLines.count == 1, withLines[0] === last, children.count > 1, last.children.isEmpty {
            groupResponsibility = last.trailingResponsibility.filled(from: groupResponsibility)
            last.trailingResponsibility = Responsibility()
        }
        if !node.trailingResponsibility.isEmpty {
            groupResponsibility = node.trailingResponsibility.filled(from: groupResponsibility)
        }
        reportFigures(inOwnTextOf: node, why: "领域或分组的导语")
        let childSection = isTop || node.kind != .root ? node.title : section
        for child in children {
            if child.region == .goals && child.children.contains(where: { $0.style == .dash }) {
                emitGoals(from: child)
                continue
            }
            let label = child.label
            emitTasks(in: child, path: path + [label], section: child.children.isEmpty || Self.isEnumeration(child) ? childSection : child.title,
                      inherited: groupResponsibility)
        }
    }

    private mutating func emitTask(_ node: OutlineNode, path: [String], section: String, inherited: Responsibility) {
        let (cleanText, inline) = Self.splitResponsibility(node.text)
        var own = inline ?? Responsibility()
        own.merge(node.trailingResponsibility)
        if let table = node.tableResponsibility { own.merge(table) }
        var r = own.filled(from: inherited)
        if !groups.isEmpty {
            r.explicitLead = r.explicitLead.map { ResponsibilityReader.joiningGroups($0, groups: groups) }
            r.responsible = r.responsible.map { ResponsibilityReader.joiningGroups($0, groups: groups) }
        }
        let deadline = TargetReader.itemDeadline(cleanText, planYear: planYear) ?? r.deadline.flatMap { Self.deadlineYear($0) ?? Self.monthOfPlanYear($0, planYear) }
        let targets = TargetReader(itemDeadline: deadline).targets(in: cleanText)
        let number = node.explicitNumber ?? path.filter { !$0.isEmpty }.joined(separator: ".")
        if r.leadUnits == nil {
            diagnostics.append(Diagnostic(line: node.firstLine, code: .missingResponsibility, reason: "条目\(number)未写明牵头单位或责任单位，请人工补充", excerpt: String(node.title.prefix(30))))
        }
        items.append(ParsedItem(kind: .task, number: number, section: node.explicitSection ?? section, title: Self.title(of: cleanText),
                                text: cleanText, leaders: r.leaders ?? [], leadUnits: r.leadUnits ?? [], supportUnits: r.supportUnits ?? [],
                                targets: targets, deadline: deadline, lines: LineRange(from: node.firstLine, to: node.lastLine)))
    }

    // MARK: goals

    private mutating func emitGoals(from node: OutlineNode) {
        let section = node.title
        // Bullets (——幼有所育。…) or numbered sub-goals: one goal per bullet with figures.
        let parts: [(title: String, text: String, lines: LineRange)]
        if !node.children.isEmpty {
            var p = node.children.map { c -> (String, String, LineRange) in
                (Self.goalLabel(c.heading), c.text, LineRange(from: c.firstLine, to: c.lastLine))
            }
            // The lead-in text can hold figures of its own.
            let lead = Self.afterHeading(node)
            if !lead.isEmpty { p.insert((Self.goalLabel(lead), lead, LineRange(from: node.firstLine, to: node.firstLine)), at: 0) }
            parts = p
        } else {
            let body = Self.afterHeading(node)
            parts = body.split(separator: "。").map { sentence in
                (Self.goalLabel(String(sentence)), String(sentence), LineRange(from: node.firstLine, to: node.lastLine))
            }
        }
        for part in parts {
            let deadline = TargetReader.itemDeadline(part.text, planYear: planYear)
            let targets = TargetReader(itemDeadline: deadline).targets(in: part.text)
            guard !targets.isEmpty else { continue }
            goalCount += 1
            let n = goalCount
            items.append(ParsedItem(kind: .goal, number: "goal.\(n)", section: section, title: part.title, text: part.text,
                                    targets: targets, deadline: deadline, lines: part.lines))
        }
    }

    /// The text of a goal node after its heading words (总体目标。…).
    static func afterHeading(_ node: OutlineNode) -> String {
        var text = node.text
        let title = node.title
        if text.hasPrefix(title) { text = String(text.dropFirst(title.count)) }
        return text.trimmingPunctuation()
    }

    /// 幼有所育。到2025年… → 幼有所育; a sentence → its first clause, without a leading time phrase.
    static func goalLabel(_ text: String) -> String {
        let stops: Set<Character> = ["。", ",", ":", ";"]
        var clauses = text.split(whereSeparator: { stops.contains($0) }).map { String($0) }
        while let first = clauses.first, clauses.count > 1, first.hasPrefix("到") || first.hasPrefix("至") || first.hasSuffix("年") || first.hasSuffix("(下同)") {
            clauses.removeFirst()
        }
        return (clauses.first ?? text).trimmingPunctuation()
    }

    // MARK: helpers

    static func title(of text: String) -> String {
        let scalars = text.unicodeScalars
        let end = scalars.firstIndex { $0 == "。" || $0 == "\n" } ?? scalars.endIndex
        return String(text[..<end]).trimmingPunctuation()
    }

    /// A deadline cell without its year in a single-year plan: `6月底` → `2025-06`, `年底前` → `2025`.
    static func monthOfPlanYear(_ text: String, _ planYear: Int?) -> String? {
        guard let year = planYear else { return nil }
        let s = Array(text.unicodeScalars)
        if let m = s.firstIndex(of: "月"), m >= 1 {
            var k = m, value = 0, scale = 1
            while k > 0, TargetReader.isDigit(s[k - 1]), m - k < 2 { k -= 1; value += Int(s[k].value - 48) * scale; scale *= 10 }
            if k < m, (1...12).contains(value) { return "\(year)-" + (value < 10 ? "0\(value)" : "\(value)") }
        }
        if text.includes("年底") || text.includes("年末") || text.includes("全年") { return String(year) }
        return nil
    }

    /// 2025年底 → 2025; 2025年6月 → 2025-06.
    static func deadlineYear(_ text: String) -> String? {
        let s = Array(text.unicodeScalars)
        guard let y = s.firstIndex(of: "年"), y >= 4, (1...4).allSatisfy({ TargetReader.isDigit(s[y - $0]) }) else { return nil }
        let year = String(scalars: s[(y - 4)..<y])
        var m = y + 1
        var month = String.UnicodeScalarView()
        while m < s.count, TargetReader.isDigit(s[m]) { month.append(s[m]); m += 1 }
        if m < s.count, s[m] == "月", let mm = Int(String(month)), (1...12).contains(mm) {
            return year + "-" + (mm < 10 ? "0\(mm)" : "\(mm)")
        }
        return year
    }

    /// Removes responsibility statements from an item's text and reads them:
    /// `(牵头单位:…;责任单位:…)`, `〔分管领导:…〕`, a trailing `牵头单位:…`, or bare `(市医保局)` at the end.
    static func splitResponsibility(_ text: String) -> (String, Responsibility?) {
        let s = Array(text.unicodeScalars)
        var kept: [Unicode.Scalar] = []
        kept.reserveCapacity(s.count)
        var found: Responsibility?
        let pairs: [Unicode.Scalar: Unicode.Scalar] = ["(": ")", "〔": "〕", "【": "】", "[": "]"]
        var i = 0
        while i < s.count {
            // A bracket closes within a few hundred characters or is not a statement of responsibility.
            if let close = pairs[s[i]] {
                var depth = 0, j = i
                while j < s.count, j - i < 400 {
                    if s[j] == s[i] { depth += 1 } else if s[j] == close { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                if j < s.count, j - i < 400, s[j] == close {
                    let inner = s[(i + 1)..<j]
                    if ResponsibilityReader.containsLabel(inner), let r = ResponsibilityReader.segment(String(scalars: inner)) {
                        if found == nil { found = r } else { found!.merge(r) }
                        i = j + 1
                        continue
                    }
                    if inner.contains("牵"), ResponsibilityReader.isRuleNote(Substring(String(scalars: inner))) { i = j + 1; continue }
                }
            }
            kept.append(s[i])
            i += 1
        }
        var end = kept.count
        // 牵头单位:X written after the text, without brackets.
        if found == nil, let labelStart = Self.firstLabel(in: kept), let r = ResponsibilityReader.segment(String(scalars: kept[labelStart...])) {
            found = r
            end = labelStart
        }
        // (市医保局) at the very end: bare units.
        if found == nil {
            var last = end
            while last > 0, kept[last - 1] == "。" || kept[last - 1] == " " || kept[last - 1] == "\n" { last -= 1 }
            if last > 1, kept[last - 1] == ")" || kept[last - 1] == "〕",
               let open = kept[max(0, last - 60)..<last].lastIndex(where: { $0 == "(" || $0 == "〔" }),
               let r = ResponsibilityReader.bareUnits(String(scalars: kept[(open + 1)..<(last - 1)])) {
                found = r
                end = open
            }
        }
        var start = 0
        while start < end, kept[start] == " " || kept[start] == "\n" { start += 1 }
        while end > start, kept[end - 1] == " " || kept[end - 1] == "\n" { end -= 1 }
        return (String(scalars: kept[start..<end]), found)
    }

    /// Where a label such as 牵头单位: opens a clause of `s` (after 。 ; , or a line break).
    private static func firstLabel(in s: [Unicode.Scalar]) -> Int? {
        var i = 0
        while i < s.count {
            if ResponsibilityReader.labelInitials.contains(s[i]), let (_, _, end) = ResponsibilityReader.label(at: i, in: s), end < s.count, s[end] == ":" {
                let prev: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
                if prev == nil || "。;,\n ".unicodeScalars.contains(prev!) { return i }
            }
            i += 1
        }
        return nil
    }
}
