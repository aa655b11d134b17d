import Foundation

/// Who answers for an item: 牵头领导, 牵头单位, 责任单位 and the deadline stated beside them.
///
/// Each field is nil when the text did not state it, so that an item's own statement can be
/// told apart from one inherited from its area.
struct Responsibility: Equatable, Sendable {
    var leaders: [String]?
    /// Units labelled 牵头单位 (or a 牵头单位 column).
    var explicitLead: [String]?
    /// Units labelled 责任单位 / 配合单位 / 责任部门 …, in document order.
    var responsible: [String]?
    var deadline: String?

    init(leaders: [String]? = nil, explicitLead: [String]? = nil, responsible: [String]? = nil, deadline: String? = nil) {
        self.leaders = leaders
        self.explicitLead = explicitLead
        self.responsible = responsible
        self.deadline = deadline
    }

    var isEmpty: Bool { leaders == nil && explicitLead == nil && responsible == nil && deadline == nil }
    var hasUnits: Bool { explicitLead != nil || responsible != nil }

    /// 牵头单位 when stated; otherwise the first 责任单位 (SCHEMA.md: 排在首位的为牵头单位, and the default
    /// where no rule is stated).
    var leadUnits: [String]? {
        if let lead = explicitLead { return lead }
        return responsible?.first.map { [$0] }
    }

    /// Every other responsible unit, in document order.
    var supportUnits: [String]? {
        guard let responsible else { return explicitLead == nil ? nil : [] }
        if let lead = explicitLead {
            let leads = Set(lead)
            return responsible.filter { !leads.contains($0) }
        }
        return Array(responsible.dropFirst())
    }

    /// Fields stated here win; the others come from `outer` (the enclosing area).
    func filled(from outer: Responsibility) -> Responsibility {
        var r = self
        if r.leaders == nil { r.leaders = outer.leaders }
        if !r.hasUnits { r.explicitLead = outer.explicitLead; r.responsible = outer.responsible }
        if r.deadline == nil { r.deadline = outer.deadline }
        return r
    }

    /// Adds what `other` states (several lines about one item: 牵头单位:… then 责任单位:…).
    mutating func merge(_ other: Responsibility) {
        if let l = other.leaders { leaders = Self.union(leaders, l) }
        if let l = other.explicitLead { explicitLead = Self.union(explicitLead, l) }
        if let r = other.responsible { responsible = Self.union(responsible, r) }
        if let d = other.deadline { deadline = d }
    }

    /// `a` followed by the names of `b` it does not already hold, in order.
    private static func union(_ a: [String]?, _ b: [String]) -> [String] {
        var out = a ?? []
        var seen = Set(out)
        for name in b where seen.insert(name).inserted { out.append(name) }
        return out
    }
}

enum ResponsibilityReader {
    enum Field { case leaders, lead, support, deadline }

    /// Labels of the genre, longest first so that 牵头责任单位 is not read as 责任单位.
    static let labels: [(String, Field)] = [
        ("牵头责任单位", .lead), ("共同责任单位", .support), ("牵头市领导", .leaders), ("分管市领导", .leaders),
        ("牵头领导", .leaders), ("分管领导", .leaders), ("责任领导", .leaders), ("联系领导", .leaders),
        ("包抓领导", .leaders), ("领衔领导", .leaders), ("责任市领导", .leaders), ("市领导", .leaders),
        ("分管县领导", .leaders), ("分管区领导", .leaders), ("牵头县领导", .leaders), ("牵头区领导", .leaders),
        ("责任县领导", .leaders), ("责任区领导", .leaders), ("县领导", .leaders), ("区领导", .leaders),
        ("主办单位", .lead), ("主办部门", .lead),
        ("牵头单位", .lead), ("牵头部门", .lead), ("主责单位", .lead), ("主责部门", .lead),
        ("责任单位", .support), ("配合单位", .support), ("协办单位", .support), ("参与单位", .support),
        ("协同单位", .support), ("配合部门", .support), ("责任部门", .support), ("协助单位", .support),
        ("协办部门", .support), ("参与部门", .support), ("数据提供单位", .support), ("数据提供部门", .support),
        ("配合部门", .support), ("实施单位", .support),
        ("完成时限", .deadline), ("完成时间", .deadline), ("时间节点", .deadline), ("完成期限", .deadline),
        ("时限要求", .deadline), ("时限", .deadline),
    ]

    /// Reads a whole line such as `牵头单位:市教育局` or `牵头领导:于丽、郭捷`; nil when the line is not one.
    static func line(_ text: String) -> Responsibility? {
        let s = Array(text.unicodeScalars)
        guard let (_, _, end) = label(at: 0, in: s), end < s.count, s[end] == ":" || s[end] == " " else { return nil }
        return segment(text)
    }

    /// Reads `牵头单位:A;责任单位:B、C` (labels in any order, any separator). Nil without a label.
    static func segment(_ text: String) -> Responsibility? {
        let s = Array(stripRuleNotes(text).unicodeScalars)
        var found: [(start: Int, field: Field, valueStart: Int)] = []
        var i = 0
        while i < s.count {
            if let (field, _, end) = label(at: i, in: s) {
                var v = end
                while v < s.count, s[v] == ":" || s[v] == " " { v += 1 }
                // A label must be followed by a colon unless it opens the segment.
                if end < s.count, s[end] == ":" || (found.isEmpty && i == 0) {
                    found.append((i, field, v))
                    i = v
                    continue
                }
            }
            i += 1
        }
        guard !found.isEmpty else { return nil }
        var r = Responsibility()
        // (市统计局牵头,数据提供单位:…) / (市教育局,配合单位:…): units named before the first label.
        if found[0].start > 0, let lead = bareUnits(String(scalars: s[0..<found[0].start])) {
            r = lead
        }
        for (k, f) in found.enumerated() {
            let end = k + 1 < found.count ? found[k + 1].start : s.count
            let value = String(scalars: s[f.valueStart..<max(f.valueStart, end)])
            switch f.field {
            case .leaders: r.leaders = (r.leaders ?? []) + personNames(in: value)
            case .lead: r.explicitLead = (r.explicitLead ?? []) + names(in: value).map { leadMarked($0) ?? cleanUnit($0) }
            case .support:
                // 市教育局(牵头)、市财政局: a unit marked as leading within the list.
                for name in names(in: value) {
                    if let marked = leadMarked(name) { r.explicitLead = (r.explicitLead ?? []) + [marked] }
                    else { r.responsible = (r.responsible ?? []) + [cleanUnit(name)] }
                }
            case .deadline: r.deadline = value.trimmingPunctuation()
            }
        }
        return r
    }

    /// `市教育局(牵头)` / `市教育局牵头` → 市教育局; nil when the name carries no such mark.
    static func leadMarked(_ name: String) -> String? {
        for mark in ["(牵头)", "(牵头单位)", "〔牵头〕", "牵头"] where name.hasSuffix(mark) && name.count > mark.count + 1 {
            return String(name.dropLast(mark.count))
        }
        return nil
    }

    /// Leaders' names without their posts: `孙丽萍(副市长)`, `副县长 郑晓云` → 孙丽萍, 郑晓云.
    static func personNames(in text: String) -> [String] {
        var plain = String.UnicodeScalarView()
        var depth = 0
        for c in text.unicodeScalars {
            if c == "(" || c == "〔" { depth += 1; continue }
            if c == ")" || c == "〕" { depth = max(0, depth - 1); continue }
            if depth == 0 { plain.append(c) }
        }
        let posts = ["长", "书记", "主任", "常委", "委员", "领导", "主席", "专员"]
        return names(in: String(plain))
            .map { $0.hasSuffix("同志") ? String($0.dropLast(2)) : $0 }
            .map(withoutLeadingPost)
            .filter { name in !name.isEmpty && !posts.contains { name.hasSuffix($0) } }
    }

    /// Posts written before a leader's name (`副市长张明`, `市委常委、副市长 李华` → 张明, 李华).
    static let leadingPosts = ["市委常委", "县委常委", "区委常委", "常务副市长", "常务副县长", "常务副区长", "副市长", "副县长", "副区长",
                               "市长", "县长", "区长", "副秘书长", "秘书长", "副主任", "主任", "副书记", "书记", "副主席", "主席"]

    static let postInitials: Set<Unicode.Scalar> = Set(leadingPosts.compactMap { $0.unicodeScalars.first })

    /// `副市长张明` → 张明; a name with no post before it is returned as it is.
    static func withoutLeadingPost(_ name: String) -> String {
        // Most names are two or three characters with no post: skip them cheaply.
        guard name.utf8.count > 9, let first = name.unicodeScalars.first, postInitials.contains(first) else { return name }
        var n = name
        var changed = true
        while changed {
            changed = false
            for post in leadingPosts where n.hasPrefix(post) && n.count > post.count + 1 {
                n = String(n.dropFirst(post.count))
                changed = true
                break
            }
        }
        return n
    }

    /// A unit as listed without the words after it that say its part (`市财政局配合`, `市教育局等单位`).
    static func cleanUnit(_ name: String) -> String {
        guard let last = name.unicodeScalars.last, "位门责合与助办".unicodeScalars.contains(last) else { return name }
        var n = name
        for word in ["等有关单位", "等相关单位", "等单位", "等部门", "按职责分工负责", "按职责负责", "配合", "参与", "协助", "协办"] where n.hasSuffix(word) {
            let cut = String(n.dropLast(word.count))
            if isUnitName(cut) { n = cut }
            break
        }
        return n
    }

    /// Reads a bare parenthetical of unit names, e.g. `(市医保局)` or `(市民政局、市残联)`.
    static func bareUnits(_ text: String) -> Responsibility? {
        let units = names(in: stripRuleNotes(text))
        guard !units.isEmpty else { return nil }
        if units.allSatisfy(isUnitName) { return Responsibility(responsible: units) }
        // (市卫生健康委牵头,市财政局、市医保局配合): the marked unit leads, the others support.
        var lead: [String] = [], others: [String] = []
        for unit in units {
            if let marked = leadMarked(unit), isUnitName(marked) { lead.append(marked); continue }
            var name = unit
            for word in ["配合", "参与", "协助", "协办", "负责"] where name.hasSuffix(word) && name.count > word.count + 1 {
                name = String(name.dropLast(word.count))
                break
            }
            guard isUnitName(name) else { return nil }
            others.append(name)
        }
        guard !lead.isEmpty else { return nil }
        return Responsibility(explicitLead: lead, responsible: others.isEmpty ? nil : others)
    }

    /// Whether `name` reads like an organisation: 市教育局, 各街道办事处, 国网衡阳供电公司.
    static func isUnitName(_ name: String) -> Bool {
        let count = name.unicodeScalars.count
        guard count >= 2, count <= 30 else { return false }
        if name.unicodeScalars.contains(where: { $0.isASCII && $0.properties.numericType == .decimal }) { return false }
        return unitSuffixes.contains { name.hasSuffix($0) }
    }

    static let unitSuffixes = [
        "局", "委", "办", "院", "会", "厅", "部", "署", "政府", "公司", "集团", "中心", "队", "站", "所", "处",
        "社", "联", "团", "馆", "行", "区", "县", "市", "街道", "办事处", "管委会", "组", "室", "科", "协",
        "镇", "乡", "校", "大学", "机构", "单位", "部门", "企业", "总工会", "团委",
    ]

    /// Splits a list of units or names on 、 , ; (not inside brackets) and trims each.
    static func names(in text: String) -> [String] {
        var out: [String] = []
        /// Whether a name was followed by 、 (which may coordinate words sharing a suffix).
        var enumerated: [Bool] = []
        var current = String.UnicodeScalarView()
        var depth = 0
        func flush(_ separator: Unicode.Scalar?) {
            let name = String(current).trimmingPunctuation()
            if !name.isEmpty, name != "等" {
                out.append(name.hasSuffix("等") && name.unicodeScalars.count > 3 ? String(name.dropLast()) : name)
                enumerated.append(separator == "、")
            }
            current = String.UnicodeScalarView()
        }
        for c in text.unicodeScalars {
            switch c {
            case "(", "〔", "【", "[", "《": depth += 1; current.append(c)
            case ")", "〕", "】", "]", "》": depth = max(0, depth - 1); current.append(c)
            case "、", ",", ";", "，", "；", " ", "/":
                if depth == 0 { flush(c) } else { current.append(c) }
            default: current.append(c)
            }
        }
        flush(nil)
        // 各乡、镇人民政府 / 人民大垸、荒湖管理区: words coordinated before a shared suffix are one unit.
        var k = out.count - 2
        while k >= 0 {
            if enumerated[k], sharesSuffix(out[k], out[k + 1]) {
                out[k] = out[k] + "、" + out[k + 1]
                out.remove(at: k + 1)
                enumerated[k] = enumerated[k + 1]
                enumerated.remove(at: k + 1)
            }
            k -= 1
        }
        return out
    }

    /// Suffixes that coordinated place words share (各乡、镇人民政府).
    static let sharedSuffixes = ["街道办事处", "人民政府", "办事处", "管理区", "管委会", "开发区", "工业园区", "园区", "政府", "农场", "林场"]
    /// Kinds of place that stand for "every such place" before a shared suffix (镇 in 各乡、镇人民政府).
    static let placeKinds: Set<String> = ["乡", "镇", "街道", "县", "市", "区", "场", "村", "社区", "林场", "农场"]

    /// Whether `first`、`second` name one unit whose suffix `second` carries for both:
    /// `各乡`、`镇人民政府` (a bare kind of place before the suffix), `人民大垸`、`荒湖管理区` (a place
    /// name that is no unit on its own before a short place name with the suffix).
    static func sharesSuffix(_ first: String, _ second: String) -> Bool {
        // The suffixes end in 处 府 区 会 场: most pairs are ruled out by one scalar.
        guard let last = second.unicodeScalars.last, "处府区会场".unicodeScalars.contains(last) else { return false }
        guard let suffix = sharedSuffixes.first(where: { second.hasSuffix($0) }) else { return false }
        let head = String(second.dropLast(suffix.count))
        var firstKind = first
        if firstKind.hasPrefix("各") { firstKind.removeFirst() }
        if placeKinds.contains(head) { return placeKinds.contains(firstKind) }
        guard !head.isEmpty, !head.hasPrefix("各") else { return false }
        let plain = first.unicodeScalars.allSatisfy { TargetReader.isHan($0) }
        return plain && !isUnitName(first) && first.unicodeScalars.count <= 8 && head.unicodeScalars.count <= 4
            && !first.hasSuffix("同志") && !first.hasSuffix("长")
    }

    /// Joins units the document's addressee line (主送, 各乡、镇人民政府,市政府各部门:) shows to be one group.
    static func joiningGroups(_ units: [String], groups: Set<String>) -> [String] {
        guard units.count > 1, !groups.isEmpty else { return units }
        var out: [String] = []
        for unit in units {
            if let last = out.last, groups.contains(last + "、" + unit) || groups.contains(last + unit) && !isUnitName(last) {
                out[out.count - 1] = last + "、" + unit
            } else {
                out.append(unit)
            }
        }
        return out
    }

    /// Leaders named in a section heading: `张明市长主抓重点工作`, `一、李华、王强副市长牵头(6项)` → 张明 /
    /// 李华, 王强; nil when the heading names none.
    static func headingLeaders(_ heading: String) -> [String]? {
        guard heading.utf8.count <= 180, heading.includes("长") || heading.includes("主任") || heading.includes("书记") else { return nil }
        let s = Array(heading.unicodeScalars)
        for post in headingPosts {
            var i = 0
            while i + post.count <= s.count {
                guard s[i] == post[0], Array(s[i..<(i + post.count)]) == post else { i += 1; continue }
                let after = String(scalars: s[(i + post.count)...])
                guard headingVerbs.contains(where: after.hasPrefix) else {
                    // 副市长张明牵头: the post before the name.
                    let name = after.unicodeScalars.prefix(4)
                    for length in [2, 3] where name.count >= length {
                        let rest = String(after.unicodeScalars.dropFirst(length))
                        let candidate = String(scalars: Array(name.prefix(length)))
                        if candidate.unicodeScalars.allSatisfy(TargetReader.isHan), headingVerbs.contains(where: rest.hasPrefix) {
                            return [candidate]
                        }
                    }
                    i += 1
                    continue
                }
                // The names are the Han characters (and 、) just before the post.
                var j = i
                while j > 0, TargetReader.isHan(s[j - 1]) || s[j - 1] == "、", i - j < 16 { j -= 1 }
                var run = String(scalars: s[j..<i])
                for lead in ["由", "请", "为"] where run.hasPrefix(lead) { run.removeFirst() }
                // 常务副市长: the 常务 belongs to the post.
                if run.hasSuffix("常务") { run.removeLast(2) }
                let found = run.split(separator: "、").map(String.init).filter { (2...4).contains($0.count) }
                return found.isEmpty ? nil : found
            }
        }
        return nil
    }

    static let headingPosts: [[Unicode.Scalar]] = ["副市长", "市长", "副区长", "区长", "副县长", "县长", "副州长", "州长", "副主任", "主任", "副书记", "书记", "秘书长", "副旗长", "旗长"].map { Array($0.unicodeScalars) }
    static let headingVerbs = ["主抓", "牵头", "负责", "领衔", "分管", "联系", "包抓", "督办", "挂帅", "领办", "主管"]

    /// Removes notes such as `(排在首位的为牵头单位,下同)` or `列第一位者为牵头单位`, which state the rule, not a unit.
    static func stripRuleNotes(_ text: String) -> String {
        guard text.includes("牵头") else { return text }
        var s = text
        for (open, close) in [("(", ")"), ("〔", "〕"), ("【", "】")] {
            var searchFrom = s.startIndex
            while let o = s.range(of: open, range: searchFrom..<s.endIndex),
                  let c = s.range(of: close, range: o.upperBound..<s.endIndex) {
                let inner = s[o.upperBound..<c.lowerBound]
                if isRuleNote(inner) { s.removeSubrange(o.lowerBound..<c.upperBound); searchFrom = o.lowerBound }
                else { searchFrom = o.upperBound }
            }
        }
        return s
    }

    static func isRuleNote(_ s: Substring) -> Bool {
        let text = String(s)
        return text.includes("牵头") && text.includesAny(["首位", "第一", "排首", "前面"])
    }

    private static let labelScalars: [([Unicode.Scalar], Field)] = labels.map { (Array($0.0.unicodeScalars), $0.1) }
    /// First characters of all labels, to skip most positions at once.
    static let labelInitials: Set<Unicode.Scalar> = Set(labelScalars.map { $0.0[0] })

    /// The label starting at `i`, if any: (field, start, end index after the label).
    static func label(at i: Int, in s: [Unicode.Scalar]) -> (Field, Int, Int)? {
        guard i < s.count, labelInitials.contains(s[i]) else { return nil }
        for (l, field) in labelScalars where i + l.count <= s.count {
            var k = 0
            while k < l.count, s[i + k] == l[k] { k += 1 }
            if k == l.count { return (field, i, i + l.count) }
        }
        return nil
    }

    /// Whether `text` holds a responsibility label followed by a colon.
    static func containsLabel(_ text: some StringProtocol) -> Bool {
        containsLabel(Array(text.unicodeScalars)[...])
    }

    /// Whether `s` holds a responsibility label followed by a colon.
    static func containsLabel(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let a = Array(s)
        var i = 0
        while i < a.count {
            if labelInitials.contains(a[i]), let (_, _, end) = label(at: i, in: a), end < a.count, a[end] == ":" { return true }
            i += 1
        }
        return false
    }
}

/// Characters trimmed from the ends of names and titles.
private let trimmedPunctuation: Set<Unicode.Scalar> = [" ", ";", "；", ",", "，", "。", ":", "：", "、", ".", "\"", "“", "”", "'", "\t"]

extension String {
    /// Trims spaces and surrounding punctuation such as `;` `。` `,` `:` and unmatched brackets.
    func trimmingPunctuation() -> String {
        let all = unicodeScalars
        var lo = all.startIndex, hi = all.endIndex
        while lo < hi, trimmedPunctuation.contains(all[lo]) { lo = all.index(after: lo) }
        while hi > lo, trimmedPunctuation.contains(all[all.index(before: hi)]) { hi = all.index(before: hi) }
        var s = Array(all[lo..<hi])
        // Drop a trailing "(" or leading ")" left over from cutting a parenthetical, and unmatched outer brackets.
        while let l = s.last, l == "(" || l == "〔" { s.removeLast() }
        while let f = s.first, f == ")" || f == "〕" { s.removeFirst() }
        if let l = s.last, l == ")", !s.contains("(") { s.removeLast() }
        if let l = s.last, l == "〕", !s.contains("〔") { s.removeLast() }
        if let f = s.first, f == "(", !s.contains(")") { s.removeFirst() }
        if let f = s.first, f == "〔", !s.contains("〕") { s.removeFirst() }
        if s.count == all.count { return self }
        return String(scalars: s)
    }
}
