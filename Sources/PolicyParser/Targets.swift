import Foundation

/// Finds the figures of an item (目标指标): 新增城镇就业5.8万人以上 → 5.8 万人 `>=`.
///
/// Works on Unicode scalars in one left-to-right pass: numbers are found with their unit,
/// grouped into 、-lists that share a verb, a unit or a qualifier (`600个、2160个、1380个`,
/// `8%、8.5%以上`), and read against the words before (达到, 提高, 不少于, 控制在…) and
/// after (以上, 以内, 左右). Numbers that name or date something — years, 第N, 5G, “十大行动”,
/// 15分钟健身圈, 3岁以下 — are skipped, as SCHEMA.md lists.
struct TargetReader {
    /// The deadline the item as a whole states (到2025年), applied to figures with no year of their own.
    var itemDeadline: String?

    init(itemDeadline: String?) { self.itemDeadline = itemDeadline }

    /// A number with its unit: `start` is its first scalar, `suffixEnd` the index after its unit and
    /// any qualifier (以上, 左右) that follows.
    private struct Token {
        var start: Int
        var value: Double
        var unit: String
        var suffixOp: TargetOp?
        var suffixEnd: Int
    }

    func targets(in text: String) -> [ParsedTarget] {
        let s = Array(text.unicodeScalars)
        let shielded = Self.shieldedSpans(s)
        var tokens: [Token] = []
        var i = 0
        while i < s.count {
            if shielded[i] { i += 1; continue }
            if let t = readToken(s, at: i, shielded: shielded) {
                tokens.append(t)
                i = max(t.suffixEnd, i + 1)
            } else if Self.isDigit(s[i]) {
                // Skip the rest of a number we refused, so 2023 is not read again as 023.
                i += 1
                while i < s.count, Self.isDigit(s[i]) || s[i] == "." { i += 1 }
            } else {
                i += 1
            }
        }
        Self.dropModifiers(&tokens, s)
        Self.spreadClauseQualifier(&tokens, s)
        return assemble(tokens, s)
    }

    // MARK: tokens

    private func readToken(_ s: [Unicode.Scalar], at i: Int, shielded: [Bool]) -> Token? {
        let c = s[i]
        var value: Double
        var j = i
        if Self.isDigit(c) {
            if i > 0, Self.isDigit(s[i - 1]) || s[i - 1] == "." { return nil }
            var text = String.UnicodeScalarView()
            while j < s.count, Self.isDigit(s[j]) || (s[j] == "." && j + 1 < s.count && Self.isDigit(s[j + 1]) && !text.contains(".")) ||
                    (s[j] == "," && j + 3 < s.count && (1...3).allSatisfy { Self.isDigit(s[j + $0]) } && (j + 4 >= s.count || !Self.isDigit(s[j + 4]))) {
                if s[j] != "," { text.append(s[j]) }
                j += 1
            }
            guard let v = Double(String(text)) else { return nil }
            value = v
            if Self.isExcludedArabic(s, start: i, end: j, value: v, digits: text.count) { return nil }
        } else if ChineseNumerals.isNumeral(c), c != "万", c != "亿" {
            while j < s.count, j - i < 6, ChineseNumerals.isNumeral(s[j]) { j += 1 }
            // 两万 → 2 with unit 万 (SCHEMA.md): leave a closing 万/亿 for the unit.
            if j - i > 1, s[j - 1] == "万" || s[j - 1] == "亿" { j -= 1 }
            // Cheap tests first: 一 and 三 stand in many words (一体化, 三级), few of them figures.
            guard j < s.count, Self.measureInitials.contains(s[j]) || s[j] == "万" || s[j] == "亿",
                  s[i..<j].contains(where: { ChineseNumerals.digit($0) != nil }),
                  Self.hasTrigger(s, before: i), let v = ChineseNumerals.value(of: s[i..<j]) else { return nil }
            value = Double(v)
        } else {
            return nil
        }
        guard var (unit, unitEnd) = Self.unit(s, at: j) else { return nil }
        if !Self.isDigit(c) {
            // 新建城市书房二十个, / 至少一人就业 — but not 二次供水 or 三级医院.
            let base = unit.hasPrefix("万") || unit.hasPrefix("亿") ? String(unit.dropFirst()) : unit
            guard !unit.isEmpty, Self.chineseMeasures.contains(unit) || Self.chineseMeasures.contains(base) else { return nil }
            let adjacent = Self.hasTrigger(s, before: i, within: 3)
            let closes = unitEnd >= s.count || !Self.isHan(s[unitEnd]) || Self.suffix(s, at: unitEnd).0 != nil
            guard adjacent || closes else { return nil }
        }
        if Self.isExcludedByUnit(s, start: i, unitEnd: unitEnd, unit: unit) { return nil }
        // 四个100% / 4个100%: a slogan counting other figures.
        if unit == "个", unitEnd < s.count, Self.isDigit(s[unitEnd]) || ChineseNumerals.digit(s[unitEnd]) != nil && !Self.isDigit(c) {
            var k = unitEnd
            while k < s.count, Self.isDigit(s[k]) || s[k] == "." { k += 1 }
            if k < s.count, s[k] == "%" || !Self.isDigit(c) { return nil }
        }
        // A range 2—3个: the lower bound is the commitment.
        var rangeOp: TargetOp?
        if unit.isEmpty, j < s.count, s[j] == "—" || s[j] == "-" || s[j] == "~" || s[j] == "至", j + 1 < s.count, Self.isDigit(s[j + 1]) {
            var k = j + 1
            while k < s.count, Self.isDigit(s[k]) || s[k] == "." { k += 1 }
            if let (u2, e2) = Self.unit(s, at: k), !u2.isEmpty, !Self.isExcludedByUnit(s, start: j + 1, unitEnd: e2, unit: u2) {
                unit = u2; unitEnd = e2; rangeOp = .atLeast
            }
        }
        var (suffixOp, suffixEnd) = Self.suffix(s, at: unitEnd)
        if suffixOp == nil, Self.approximateMore(s, from: j, to: unitEnd) { suffixOp = .atLeast }
        if Self.isThreshold(s, unit: unit, unitEnd: unitEnd) { return nil }
        if let r = rangeOp, suffixOp == nil { suffixOp = r }
        return Token(start: i, value: value, unit: unit, suffixOp: suffixOp, suffixEnd: suffixEnd)
    }

    // MARK: assembling targets from tokens

    /// A figure found, with the list it belongs to and whether it sits in the item's heading sentence.
    private struct Found {
        var target: ParsedTarget
        var list: Int
        var inTitle: Bool
    }

    private func assemble(_ tokens: [Token], _ s: [Unicode.Scalar]) -> [ParsedTarget] {
        var found: [Found] = []
        var k = 0
        var listNumber = 0
        var previousEnd = 0
        var previousPrefix: TargetOp?
        var previousWindow: [Unicode.Scalar] = []
        // The heading sentence, when the item has more than one: its figures are often restated below.
        let titleEnd = s.firstIndex(of: "。").flatMap { $0 + 1 < s.count ? $0 : nil } ?? -1
        while k < tokens.count {
            let list = groupList(tokens, from: k, s)
            k += list.count
            listNumber += 1
            let sharedSuffix = list[list.count - 1].suffixOp
            // Words before the list.
            let clauseStart = Self.clauseStart(s, before: list[0].start, notBefore: previousEnd)
            let windowStart = max(clauseStart, previousEnd)
            let window = Array(s[windowStart..<list[0].start])
            var (prefixOp, keywordStart) = Self.prefixOp(window)
            if prefixOp == nil, windowStart == previousEnd, previousEnd > 0, window.contains("、") || window.isEmpty {
                prefixOp = previousPrefix
            }
            if let op = prefixOp, let at = keywordStart {
                prefixOp = Self.refine(op, keywordAt: at, window: window, unit: list[0].unit)
            }
            previousPrefix = prefixOp
            // 由80%提高到90%: the first figure is the baseline of the second.
            var baseline: Double?
            var baselineMetric: String?
            if Self.startsWithChangeTo(window), windowStart == previousEnd, let last = found.last,
               last.list == listNumber - 1, previousWindow.contains("由") || previousWindow.contains("从") {
                baseline = last.target.value
                baselineMetric = last.target.metric
                found.removeLast()
            }
            let metric = baselineMetric ?? Self.metric(window, keywordStart: keywordStart, s: s, after: list[list.count - 1].suffixEnd)
            // One figure for several rates: 就业率、服务率、回访率均达100%
            var metrics = [metric]
            if list.count == 1 {
                let names = ResponsibilityReader.names(in: metric).filter { !$0.isEmpty }
                // 均/各 right before the verb (均达到, 各成立) or the figure.
                let before = keywordStart.map { Array(window[0..<$0]) } ?? window
                let shared = before.last == "均" || before.last == "各"
                let rates = names.allSatisfy { $0.hasSuffix("率") || $0.hasSuffix("比例") || $0.hasSuffix("比重") || $0.hasSuffix("占比") }
                if names.count >= 2, shared || rates { metrics = names }
            }
            for token in list where !token.unit.isEmpty {
                var op = Self.combine(prefix: prefixOp, suffix: token.suffixOp ?? sharedSuffix)
                if op == .atLeast, token.value == 100, token.unit == "%" { op = .equal }
                let by = Self.year(s, before: token.start) ?? itemDeadline
                for name in metrics {
                    found.append(Found(target: ParsedTarget(metric: name.isEmpty ? "指标" : name, value: token.value, unit: token.unit,
                                                            op: op, by: by, baseline: baseline),
                                       list: listNumber, inTitle: token.start < titleEnd))
                }
            }
            previousEnd = list[list.count - 1].suffixEnd
            previousWindow = window
        }
        return Self.deduplicated(found)
    }

    /// Groups the tokens from `k` that form one 、-list (600个、2160个、1380个 / 3%和7%) and shares the
    /// last unit with earlier members that lack it (15个、10个、10个百分点; 3、5个).
    private func groupList(_ tokens: [Token], from k: Int, _ s: [Unicode.Scalar]) -> [Token] {
        var list = [tokens[k]]
        while k + list.count < tokens.count {
            let last = list[list.count - 1], next = tokens[k + list.count]
            let gap = String(scalars: s[last.suffixEnd..<next.start])
            guard ["、", "和", "及", "与", "或"].contains(gap) else { break }
            list.append(next)
        }
        let lastUnit = list[list.count - 1].unit
        for n in list.indices where list[n].unit.isEmpty || (list[n].unit != lastUnit && lastUnit.hasPrefix(list[n].unit)) {
            list[n].unit = lastUnit
        }
        return list
    }

    /// A figure that only qualifies the metric of the next one in its clause is not a target:
    /// 公交站点500米覆盖率达到100%, 11个县(市、区)行政许可事项划转率保持80%, 全区8家中心至少1家….
    private static func dropModifiers(_ tokens: inout [Token], _ s: [Unicode.Scalar]) {
        var keep = [Bool](repeating: true, count: tokens.count)
        for i in tokens.indices.dropLast() {
            let gap = Array(s[tokens[i].suffixEnd..<tokens[i + 1].start])
            guard !tokens[i + 1].unit.isEmpty, !withoutBrackets(gap).contains(where: { ",;。:、或和及与\n".unicodeScalars.contains($0) }) else { continue }
            let (op, at) = prefixOp(gap)
            guard op != nil, let at else { continue }
            let word = prefixWords.first { w in
                let ws = Array(w.0.unicodeScalars)
                return at + ws.count <= gap.count && Array(gap[at..<(at + ws.count)]) == ws
            }?.0 ?? ""
            var end = at + word.unicodeScalars.count
            while end < gap.count, gap[end] == "在" || gap[end] == "到" || gap[end] == "为" { end += 1 }
            let noun = gap[0..<at].filter { isHan($0) && $0 != "均" && $0 != "各" && $0 != "并" && $0 != "且" }
            if end == gap.count, noun.count >= 2 { keep[i] = false }
        }
        tokens = tokens.indices.filter { keep[$0] }.map { tokens[$0] }
    }

    /// `gap` without bracketed asides: 县(市、区) → 县.
    static func withoutBrackets(_ gap: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var depth = 0
        return gap.filter { c in
            if c == "(" || c == "〔" { depth += 1; return false }
            if c == ")" || c == "〕" { depth = max(0, depth - 1); return false }
            return depth == 0
        }
    }

    /// 以上 closing a clause of 、-joined figures applies to each (力争粮食124万吨、生猪265万头以上).
    private static func spreadClauseQualifier(_ tokens: inout [Token], _ s: [Unicode.Scalar]) {
        var runStart = 0
        for i in tokens.indices {
            // Joined when only nouns and 、 stand between (no clause mark, no verb of its own).
            func joins(_ a: Int, _ b: Int) -> Bool {
                let gap = Array(s[tokens[a].suffixEnd..<tokens[b].start])
                return gap.contains("、") && !gap.contains(where: { ",;。:()".unicodeScalars.contains($0) }) && prefixOp(gap).0 == nil
            }
            if !(i > 0 && joins(i - 1, i)) { runStart = i }
            let runEnds = i + 1 == tokens.count || !joins(i, i + 1)
            if runEnds, i > runStart, tokens[i].suffixOp == .atLeast {
                for j in runStart..<i where tokens[j].suffixOp == nil { tokens[j].suffixOp = .atLeast }
            }
        }
    }

    /// 提升 with a count of things (改造提升150个老旧小区, 精细化提升78公里) builds or upgrades them: `=`.
    /// 提高/增加 N and 提升 N个百分点 stay increases. A 至少/不少于 before the verb qualifies it (至少完成1处).
    static func refine(_ op: TargetOp, keywordAt at: Int, window: [Unicode.Scalar], unit: String) -> TargetOp {
        let word = String(scalars: window[at..<min(window.count, at + 2)])
        if op == .increaseBy, word == "提升", !isRateUnit(unit) { return .equal }
        if op == .equal {
            let before = Array(window[0..<at])
            for (w, qualifier) in [("至少", TargetOp.atLeast), ("不少于", .atLeast), ("不低于", .atLeast), ("不超过", .atMost)]
            where before.containsSequence(w) {
                return qualifier
            }
        }
        return op
    }

    static func isRateUnit(_ unit: String) -> Bool {
        ["%", "‰", "个百分点", "百分点", "倍"].contains(unit) || unit.contains("/") || unit.hasSuffix("元") || unit.hasPrefix(":")
    }

    /// A figure stated in an item's heading and again in its body (建设34个…。建设34个…) counts once, with the
    /// body's wording; so does a sentence the source repeats (就业率…均达100%…均达到100%).
    private static func deduplicated(_ found: [Found]) -> [ParsedTarget] {
        struct Key: Hashable { var value: Double; var unit: String }
        let bodyKeys = Set(found.filter { !$0.inTitle }.map { Key(value: $0.target.value, unit: $0.target.unit) })
        var kept: [Found] = []
        var keptByKey: [Key: [Int]] = [:]
        for f in found {
            let key = Key(value: f.target.value, unit: f.target.unit)
            if f.inTitle, bodyKeys.contains(key) { continue }
            let same = keptByKey[key] ?? []
            if same.contains(where: { kept[$0].list != f.list && metricsMatch(kept[$0].target.metric, f.target.metric) }) { continue }
            keptByKey[key, default: []].append(kept.count)
            kept.append(f)
        }
        return kept.map(\.target)
    }

    private static func metricsMatch(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        let n = min(4, min(x.count, y.count))
        guard n >= 2 else { return false }
        return Array(x.suffix(n)) == Array(y.suffix(n))
    }

    // MARK: operators

    static let prefixWords: [(String, TargetOp)] = [
        ("不少于", .atLeast), ("不低于", .atLeast), ("至少", .atLeast), ("超过", .atLeast), ("多于", .atLeast),
        ("高于", .atLeast), ("大于", .atLeast), ("突破", .atLeast), ("超", .atLeast), ("≥", .atLeast),
        ("不超过", .atMost), ("不高于", .atMost), ("控制在", .atMost), ("控制到", .atMost), ("低于", .atMost),
        ("少于", .atMost), ("小于", .atMost), ("≤", .atMost), ("降至", .atMost), ("降到", .atMost),
        ("下降到", .atMost), ("下降至", .atMost), ("降低到", .atMost), ("降低至", .atMost), ("减少到", .atMost),
        ("减少至", .atMost), ("缩短到", .atMost), ("缩短至", .atMost), ("压缩到", .atMost), ("压缩至", .atMost),
        ("压减至", .atMost), ("压减到", .atMost),
        ("约", .about), ("大约", .about), ("近", .about),
        ("提高到", .equal), ("提高至", .equal), ("提升到", .equal), ("提升至", .equal), ("增加到", .equal),
        ("增加至", .equal), ("增长到", .equal), ("增长至", .equal), ("上升到", .equal), ("上升至", .equal),
        ("扩大到", .equal), ("扩大至", .equal), ("达到", .equal), ("达", .equal), ("保持在", .equal),
        ("保持", .equal), ("稳定在", .equal), ("巩固在", .equal), ("维持在", .equal), ("完成", .equal), ("新增", .equal),
        ("建成", .equal), ("新建", .equal), ("建设", .equal), ("投资", .equal), ("成立", .equal),
        ("提高", .increaseBy), ("提升", .increaseBy), ("增加", .increaseBy), ("增长", .increaseBy),
        ("上升", .increaseBy), ("扩大", .increaseBy), ("再增加", .increaseBy), ("增收", .increaseBy),
        ("下降", .decreaseBy), ("降低", .decreaseBy), ("减少", .decreaseBy), ("压缩", .decreaseBy),
        ("缩短", .decreaseBy), ("削减", .decreaseBy), ("压减", .decreaseBy),
    ]

    private static let prefixScalars: [([Unicode.Scalar], TargetOp)] = prefixWords.map { (Array($0.0.unicodeScalars), $0.1) }

    /// The operator word nearest before the figure, and where it starts in `window`.
    static func prefixOp(_ window: [Unicode.Scalar]) -> (TargetOp?, Int?) {
        var best: (end: Int, length: Int, op: TargetOp?, start: Int)?
        for (word, op) in prefixScalars {
            guard word.count <= window.count else { continue }
            var p = window.count - word.count
            while p >= 0 {
                if window[p] == word[0], window[p..<(p + word.count)].elementsEqual(word) {
                    let end = p + word.count
                    // One-character words (约, 近, 超, 达) count only right before the figure: 签约服务5万人 is not 约.
                    if word.count == 1, end != window.count { p -= 1; continue }
                    if best == nil || end > best!.end || (end == best!.end && word.count > best!.length) {
                        best = (end, word.count, op, p)
                    }
                    break
                }
                p -= 1
            }
        }
        guard let b = best else { return (nil, nil) }
        // A verb far before the figure ("提高…水平,…") governs only if nothing but a short noun phrase follows it.
        return (b.op, b.start)
    }

    static func combine(prefix: TargetOp?, suffix: TargetOp?) -> TargetOp {
        if let suffix {
            if suffix == .atLeast, prefix == .atMost { return .atMost }
            return suffix
        }
        return prefix ?? .equal
    }

    /// 以上 / 以内 / 以下 / 左右 right after the unit.
    private static let suffixWords: [([Unicode.Scalar], TargetOp)] = [
        ("及以上", TargetOp.atLeast), ("以上", .atLeast), ("及以下", .atMost), ("以下", .atMost),
        ("以内", .atMost), ("之内", .atMost), ("左右", .about), ("上下", .about), ("多", .atLeast),
    ].map { (Array($0.0.unicodeScalars), $0.1) }

    static func suffix(_ s: [Unicode.Scalar], at i: Int) -> (TargetOp?, Int) {
        var j = i
        if j < s.count, s[j] == "(", j + 2 < s.count, s[j + 1] == "含", s[j + 2] == ")" { j += 3 }
        guard j < s.count, s[j] == "及" || s[j] == "以" || s[j] == "之" || s[j] == "左" || s[j] == "上" || s[j] == "多" else { return (nil, i) }
        for (w, op) in suffixWords where j + w.count <= s.count && s[j..<(j + w.count)].elementsEqual(w) {
            return (op, j + w.count)
        }
        return (nil, i)
    }

    /// `提高到` / `降至` right at the start of the words between two figures (由80%提高到90%).
    private static let changeToWords: [[Unicode.Scalar]] = ["提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "下降到",
                                                           "下降至", "降低到", "降低至", "降至", "减少到", "减少至"].map { Array($0.unicodeScalars) }

    static func startsWithChangeTo(_ window: [Unicode.Scalar]) -> Bool {
        changeToWords.contains { window.starts(with: $0) }
    }

    // MARK: metric

    private static let yearTails: [[Unicode.Scalar]] = ["底前", "年底", "底", "前", "末"].map { Array($0.unicodeScalars) }
    private static let metricLeads: [[Unicode.Scalar]] = [",", ":", "力争", "确保", "同时", "其中", "全年", "并"].map { Array($0.unicodeScalars) }

    /// Verbs that name what is done (新增就业, 建成学校): kept in the metric. Other keywords only say how the figure is read.
    static let contentVerbs: Set<[Unicode.Scalar]> = Set(["新增", "新建", "建成", "建设", "完成", "投资", "成立"].map { Array($0.unicodeScalars) })

    /// The longest operator word starting at `k` in `window`.
    static func keyword(in window: [Unicode.Scalar], at k: Int) -> [Unicode.Scalar]? {
        var best: [Unicode.Scalar]?
        for (w, _) in prefixScalars where k + w.count <= window.count && window[k..<(k + w.count)].elementsEqual(w) {
            if w.count > (best?.count ?? 0) { best = w }
        }
        return best
    }

    /// The words naming what a figure measures: the clause before it without time phrases and operator words,
    /// or, when nothing stands before (完成570万平方米老旧小区改造), the words after it.
    static func metric(_ window: [Unicode.Scalar], keywordStart: Int?, s: [Unicode.Scalar], after end: Int) -> String {
        var part = window
        if let k = keywordStart, let word = keyword(in: window, at: k) {
            if !contentVerbs.contains(word) { part = Array(window[0..<k]) + Array(window[(k + word.count)...]) }
        }
        // Leading time phrases and connectives: 到2025年底, 2021年, 力争, 确保, 同时, 其中.
        var p = part[...]
        var changed = true
        while changed, !p.isEmpty {
            changed = false
            var q = p
            if let first = q.first, first == "到" || first == "至" || first == "在" { q = q.dropFirst() }
            if q.count >= 5, q.prefix(4).allSatisfy(isDigit), q[q.startIndex + 4] == "年" {
                p = q.dropFirst(5); changed = true
                for tail in yearTails where p.starts(with: tail) { p = p.dropFirst(tail.count); break }
            }
            for w in metricLeads where p.starts(with: w) { p = p.dropFirst(w.count); changed = true }
            // 6月底前 / 11月
            let digits = p.prefix { isDigit($0) }.count
            if digits >= 1, digits <= 2, p.dropFirst(digits).first == "月" {
                p = p.dropFirst(digits + 1); changed = true
                for tail in yearTails where p.starts(with: tail) { p = p.dropFirst(tail.count); break }
            }
        }
        var text = String(scalars: p)
        if let from = text.unicodeScalars.firstIndex(where: { $0 == "由" || $0 == "从" }) { text = String(text[..<from]) }
        for w in ["分别", "均", "各", "累计", "再", "为"] where text.hasSuffix(w) && text.count > w.count { text.removeLast(w.count) }
        text = text.trimmingPunctuation()
        // A clause that only says what is done (完成570万平方米老旧小区改造 → 完成; 改造120个老旧小区
        // → 改造; 将…) names nothing by itself: the thing counted follows the figure, so the verb
        // takes the words after it (完成老旧小区改造, 改造老旧小区). The same rule as when nothing
        // stands before the figure at all.
        var verb = text
        for w in leadingFunctionWords where verb.hasPrefix(w) && verb.count > w.count { verb.removeFirst(w.count) }
        if leadingFunctionWords.contains(verb) { verb = "" }
        if verb.isEmpty || bareVerbs.contains(verb) {
            var after = String(scalars: words(after: end, in: s, toNextFigure: true))
            for q in afterQualifiers where after.hasPrefix(q) { after.removeFirst(q.count); break }
            // 和4家… : the words stop before the next figure, and a joining word left at the end goes.
            for tail in ["和", "及", "与", "以及", "并"] where after.hasSuffix(tail) { after.removeLast(tail.count); break }
            after = after.trimmingPunctuation()
            while after.hasPrefix("”") { after.removeFirst() }
            if after.filter({ $0 == "“" }).count > after.filter({ $0 == "”" }).count { after += "”" }
            if !after.isEmpty { text = verb + after }
        }
        return text
    }

    /// The words right after a figure, up to the clause's end (at most 16), or with `toNextFigure`
    /// up to the next figure's digits.
    private static func words(after end: Int, in s: [Unicode.Scalar], toNextFigure: Bool = false) -> [Unicode.Scalar] {
        var j = end
        var after: [Unicode.Scalar] = []
        while j < s.count, after.count < 16, !",;。、()\n".unicodeScalars.contains(s[j]) {
            if toNextFigure, isDigit(s[j]) { break }
            after.append(s[j]); j += 1
        }
        return after
    }

    /// Words that open a clause without naming anything (将新建…, 要完成…).
    static let leadingFunctionWords = ["将", "要", "拟", "再", "共", "计划", "力争", "全市", "为"]
    /// Verbs of doing that, standing alone before a figure, leave the thing counted after it.
    static let bareVerbs: Set<String> = [
        "完成", "改造", "新建", "建设", "建成", "新增", "实施", "开展", "提升", "整治", "培训", "发放", "提供", "打造",
        "推进", "安装", "增加", "更新", "修缮", "改建", "扩建", "新改建", "改扩建", "新建改造", "建", "改", "达到", "惠及",
        "救助", "资助", "补贴", "帮扶", "吸纳", "组织", "举办", "覆盖", "累计", "全年", "完成改造", "新开工", "开工", "筹集",
        "提质", "改善", "创建", "招聘", "培育", "配备", "落实", "建立", "设立",
    ]
    /// Qualifiers a figure's words may start with (200张以上…): not part of what is counted.
    static let afterQualifiers = ["以上", "以内", "以下", "左右", "余", "多", "的"]

    // MARK: deadlines

    /// The year (and month) stated for a figure in its own sentence: 2021年底全市77个…,
    /// 其中:2023年1699套, 到2024年6月底前…; only a year that opens a clause, not 比2020年末.
    static func year(_ s: [Unicode.Scalar], before i: Int) -> String? {
        var j = i - 1
        while j >= 4, i - j < 200 {
            let c = s[j]
            if "。;!?".unicodeScalars.contains(c) { return nil }
            if c == "年", isDigit(s[j - 1]), isDigit(s[j - 4]), (1...4).allSatisfy({ isDigit(s[j - $0]) }) {
                let start = j - 4
                if start > 0, isDigit(s[start - 1]) { j -= 1; continue }
                let prev: Unicode.Scalar? = start > 0 ? s[start - 1] : nil
                let opensClause = prev == nil || ",、:;(。到至于在前".unicodeScalars.contains(prev!)
                if opensClause, let y = Int(String(scalars: s[start..<j])), y >= 1990, y <= 2100 {
                    // 2024年6月底前 → 2024-06
                    var m = j + 1, month = 0
                    while m < s.count, m < i, isDigit(s[m]), month < 100 { month = month * 10 + Int(s[m].value - 48); m += 1 }
                    if m < s.count, s[m] == "月", (1...12).contains(month), m > j + 1 {
                        return String(y) + (month < 10 ? "-0\(month)" : "-\(month)")
                    }
                    return String(y)
                }
            }
            j -= 1
        }
        return nil
    }

    /// The deadline of an item as a whole: the latest 到2025年 / 2024年底前 / 2025年, / 2024年6月底前 it states,
    /// or, in a single-year plan (`planYear`), a bare 11月底前 (→ `2023-11`).
    static func itemDeadline(_ text: String, planYear: Int? = nil) -> String? {
        let s = Array(text.unicodeScalars)
        var best: String?
        func consider(_ d: String) { if best == nil || d > best! { best = d } }
        /// `N月` at `i`: the month and the index after 月.
        func month(at i: Int) -> (Int, Int)? {
            var k = i, m = 0
            while k < s.count, k - i < 2, isDigit(s[k]) { m = m * 10 + Int(s[k].value - 48); k += 1 }
            guard k > i, k < s.count, s[k] == "月", (1...12).contains(m) else { return nil }
            return (m, k + 1)
        }
        func startsWith(_ word: String, at i: Int) -> Bool {
            let w = Array(word.unicodeScalars)
            return i + w.count <= s.count && s[i..<(i + w.count)].elementsEqual(w)
        }
        var i = 0
        while i < s.count {
            if i + 4 < s.count, isDigit(s[i]), (i == 0 || !isDigit(s[i - 1])), (1...3).allSatisfy({ isDigit(s[i + $0]) }), s[i + 4] == "年",
               let y = Int(String(scalars: s[i..<(i + 4)])), y >= 1990, y <= 2100 {
                let prev: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
                var after = i + 5
                var stated = String(y)
                if let (m, end) = month(at: after) { stated += m < 10 ? "-0\(m)" : "-\(m)"; after = end }
                let byWord = prev == "到" || prev == "至"
                let beforeEnd = startsWith("底前", at: after) || startsWith("前", at: after) || startsWith("年底前", at: after) || startsWith("末前", at: after)
                let clauseYear = (prev == nil || ",。;:".unicodeScalars.contains(prev!)) && startsWith(",", at: after)
                if byWord || beforeEnd || clauseYear { consider(stated) }
                i = after
                continue
            }
            // 11月底前 in a single-year plan
            if let year = planYear, isDigit(s[i]), i == 0 || (!isDigit(s[i - 1]) && s[i - 1] != "年" && s[i - 1] != "-"),
               let (m, end) = month(at: i), startsWith("底前", at: end) || startsWith("前", at: end) || startsWith("末前", at: end) {
                consider(String(year) + (m < 10 ? "-0\(m)" : "-\(m)"))
                i = end
                continue
            }
            i += 1
        }
        return best
    }

    // MARK: units

    static let measureWords: [String] = [
        "个百分点", "百分点", "个工作日", "工作日", "平方公里", "平方千米", "平方米", "立方米", "千瓦时", "公里", "千米", "公顷", "标台", "千瓦", "兆瓦",
        "人次", "户次", "批次", "项次", "架次", "个次", "辆次", "场次", "微克", "毫克", "千克", "公斤", "小时", "分钟", "周岁",
        "亩", "米", "吨", "人", "户", "个", "家", "所", "名", "座", "张", "套", "间", "辆", "台", "条", "处", "项",
        "场", "次", "件", "元", "岁", "年", "天", "倍", "部", "支", "只", "头", "株", "棵", "本", "册", "种",
        "类", "片", "段", "栋", "幢", "层", "站", "枚", "副", "份", "篇", "门", "根", "盏", "块", "组", "对",
        "位", "床", "方", "升", "单", "分", "点", "艘", "班", "课时", "学时", "期", "届", "级", "号", "千伏", "伏", "村", "把",
    ]
    private static let measureScalars: [[Unicode.Scalar]] = measureWords.map { Array($0.unicodeScalars) }
    static let measureInitials: Set<Unicode.Scalar> = Set(measureScalars.map { $0[0] })
    /// ``nounsStartingWithMeasure`` as pairs of scalars, for a cheap test in the inner loop.
    private static let nounPairs: Set<UInt64> = Set(nounsStartingWithMeasure.map { word in
        let s = Array(word.unicodeScalars)
        return UInt64(s[0].value) << 32 | UInt64(s[1].value)
    })
    static let chineseMeasures: Set<String> = ["个", "人", "家", "所", "名", "座", "项", "条", "处", "场", "户", "万", "万人", "批次", "个百分点",
                                              "套", "间", "台", "辆", "次", "人次", "场次", "公里", "亩", "万元", "亿元", "万户"]
    /// Words that begin with a measure word but are nouns: 家长, 人员, 个人.
    static let nounsStartingWithMeasure = ["家长", "家庭", "人员", "人口", "人群", "人民", "户籍", "户外", "个人", "名单",
                                           "次数", "条件", "条例", "项目", "处理", "处置", "台账", "套餐", "座椅", "间隔", "点位",
                                           "种类", "类别", "元素", "段落", "层级", "站点", "门诊", "分类", "年度", "年龄", "年内",
                                           "天然", "方面", "方式", "方案", "位置", "床位", "单位", "组织", "级别", "部门", "支持",
                                           "期间", "米粉", "村庄", "村民", "村级", "名称", "名录"]

    static func unit(_ s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var j = start
        var unit = String.UnicodeScalarView()
        guard j < s.count else { return ("", j) }
        if s[j] == "%" || s[j] == "‰" { return (String(s[j]), j + 1) }
        if s[j] == ":", j + 1 < s.count, isDigit(s[j + 1]) {
            var k = j + 1
            while k < s.count, isDigit(s[k]) { k += 1 }
            if k < s.count, s[k] == ":" { return nil } // 1:2:1 is not one value
            return (":" + String(scalars: s[(j + 1)..<k]), k)
        }
        if s[j] == "/", j + 1 < s.count, isDigit(s[j + 1]) {
            // 12/10万
            var k = j + 1
            while k < s.count, isDigit(s[k]) { k += 1 }
            if k < s.count, "万千百亿".unicodeScalars.contains(s[k]) { k += 1 }
            return (String(scalars: s[j..<k]), k)
        }
        if s[j] == "万" || s[j] == "亿" || (s[j] == "千" && j + 1 < s.count && s[j + 1] != "米" && s[j + 1] != "克" && s[j + 1] != "瓦" && s[j + 1] != "伏") {
            unit.append(s[j]); j += 1
        }
        // 100余个 / 2万余人 / 50多所: 余 and 多 say "more than"; the unit is what follows (see ``approximateMore``).
        if j + 1 < s.count, s[j] == "余" || s[j] == "多", measure(s, at: j + 1) != nil { j += 1 }
        if let m = measure(s, at: j) {
            unit.append(contentsOf: m); j += m.count
            // 元/月, 吨/日, 标台/万人, 微克/立方米, 元/月·人
            if j + 1 < s.count, s[j] == "/" {
                var k = j + 1
                var tail = String.UnicodeScalarView(["/"])
                if "万千百".unicodeScalars.contains(s[k]) { tail.append(s[k]); k += 1 }
                if let m2 = measure(s, at: k) ?? (k < s.count && "月日年天人户次".unicodeScalars.contains(s[k]) ? [s[k]] : nil) {
                    tail.append(contentsOf: m2); k += m2.count
                    unit.append(contentsOf: tail); j = k
                }
            }
            if j + 1 < s.count, s[j] == "·", let m3 = measure(s, at: j + 1) {
                unit.append("·"); unit.append(contentsOf: m3); j += 1 + m3.count
            }
            // 万套(间)
            if j + 2 < s.count, s[j] == "(", let m4 = measure(s, at: j + 1), j + 1 + m4.count < s.count, s[j + 1 + m4.count] == ")" {
                unit.append("("); unit.append(contentsOf: m4); unit.append(")"); j += m4.count + 2
            }
        }
        return (String(unit), j)
    }

    private static func measure(_ s: [Unicode.Scalar], at j: Int) -> [Unicode.Scalar]? {
        guard j < s.count else { return nil }
        guard measureInitials.contains(s[j]) else { return nil }
        for m in measureScalars where j + m.count <= s.count && s[j] == m[0] && s[j..<(j + m.count)].elementsEqual(m) {
            // 家长 is not 家 + 长
            if m.count == 1, j + 1 < s.count, nounPairs.contains(UInt64(s[j].value) << 32 | UInt64(s[j + 1].value)) { return nil }
            return m
        }
        return nil
    }

    // MARK: exclusions

    private static func isExcludedArabic(_ s: [Unicode.Scalar], start: Int, end: Int, value: Double, digits: Int) -> Bool {
        let prev: Unicode.Scalar? = start > 0 ? s[start - 1] : nil
        let next: Unicode.Scalar? = end < s.count ? s[end] : nil
        // 5G, PM2.5, G312, ISO22000, 3A级, 3·15
        if let p = prev, p.isASCII, p.properties.isAlphabetic { return true }
        if let n = next, n.isASCII, n.properties.isAlphabetic { return true }
        if prev == "·" || next == "·" || prev == "+" || next == "+" || prev == "×" || prev == "*" || next == "×" { return true }
        // 1:2:1 — a ratio of three terms is not one value.
        if prev == ":", start > 1, isDigit(s[start - 2]) { return true }
        if prev == "第" || prev == "/" || prev == "-" && start > 1 && isDigit(s[start - 2]) { return true }
        // Years and dates: 2023年, 2023-11-30, 2021—2023, 〔2023〕
        if digits == 4, value >= 1900, value <= 2100 {
            if let n = next, "年-—–~/.〕])至".unicodeScalars.contains(n) { return true }
            if prev == "〔" || prev == "[" { return true }
        }
        if let n = next, n == "月" || n == "日" || n == "号" || n == "时" && !(end + 1 < s.count && s[end + 1] == "间") { return true }
        return false
    }

    private static func isExcludedByUnit(_ s: [Unicode.Scalar], start: Int, unitEnd: Int, unit: String) -> Bool {
        switch unit {
        case "期", "届", "级", "号", "千伏", "伏", "村": return true
        case _ where unitEnd < s.count && s[unitEnd] == "制":
            return true // 3人制篮球场
        case _ where unitEnd + 1 < s.count && s[unitEnd] == "范" && s[unitEnd + 1] == "围":
            return true // 太子河流域5公里范围内
        case "岁", "周岁":
            // Only a life expectancy (人均预期寿命…80岁) is a figure; other ages define a population.
            let before = String(scalars: s[max(0, start - 12)..<start])
            return !before.contains("寿命")
        case "分钟":
            // 15分钟健身圈: a service radius.
            let after = String(scalars: s[unitEnd..<min(s.count, unitEnd + 9)])
            if let circle = after.firstIndex(of: "圈") {
                let head = after[..<circle]
                if !head.contains(",") && !head.contains("。") && !head.contains(";") { return true }
            }
            return false
        case "年":
            // 三年行动 / 1-2年级
            if unitEnd < s.count, s[unitEnd] == "级" || s[unitEnd] == "行" || s[unitEnd] == "攻" || s[unitEnd] == "计" { return true }
            return false
        default:
            return false
        }
    }

    /// Whether 余 or 多 stands between a number and its measure (100余个, 2万余人): at least N.
    static func approximateMore(_ s: [Unicode.Scalar], from j: Int, to unitEnd: Int) -> Bool {
        s[j..<unitEnd].contains { $0 == "余" || $0 == "多" }
    }

    /// Counting words: `N个以上X` means at least N X's, a target.
    static let counters: Set<String> = ["个", "家", "所", "座", "处", "项", "条", "支", "批", "套", "场", "次", "项次", "台", "辆"]

    /// "56人以上大班额", "60张床位以上的敬老院", "3万平方米以上老旧住宅小区": a measure with 以上/以下 that
    /// names which things are meant, not a target. `1个以上市级基地` (a count) stays a target.
    static func isThreshold(_ s: [Unicode.Scalar], unit: String, unitEnd: Int) -> Bool {
        guard !unit.isEmpty, !counters.contains(unit), !["%", "‰", "个百分点", "百分点"].contains(unit), !unit.hasPrefix("万") || unit.count > 1 else { return false }
        var k = unitEnd
        // up to four characters of noun between the measure and 以上 (张床位以上)
        while k < s.count, k - unitEnd <= 4 {
            if k + 1 < s.count, s[k] == "以" || s[k] == "及", s[k + 1] == "上" || s[k + 1] == "下" || s[k + 1] == "以" {
                if k > unitEnd { return true }
                var e = k + 2
                if s[k] == "及" { e += 1 }
                guard e < s.count else { return false }
                return isHan(s[e]) && !"和及或且等,".unicodeScalars.contains(s[e])
            }
            guard isHan(s[k]) else { return false }
            k += 1
        }
        return false
    }

    private static let triggerWords = ["至少", "不少于", "不低于", "新增", "新建", "建成", "建设", "完成", "开展", "举办", "培育", "打造", "创建",
                                       "增加", "达到", "改造", "培训", "惠及", "帮扶", "招聘", "提供"]

    /// Words before a Chinese numeral that make it a figure (至少一人, 新增两所).
    static func hasTrigger(_ s: [Unicode.Scalar], before i: Int, within limit: Int = 12) -> Bool {
        var start = i
        while start > 0, i - start < limit, !",;。:、()“”\n".unicodeScalars.contains(s[start - 1]) { start -= 1 }
        let before = Array(s[start..<i])
        return triggerWords.contains { before.containsSequence($0) }
    }

    /// Marks quoted spans (“十大提升行动”, 《…》), inside which numbers are names.
    static func shieldedSpans(_ s: [Unicode.Scalar]) -> [Bool] {
        var out = [Bool](repeating: false, count: s.count)
        let pairs: [Unicode.Scalar: Unicode.Scalar] = ["“": "”", "《": "》", "「": "」", "\"": "\"", "‘": "’", "<": ">", "〈": "〉"]
        var i = 0
        while i < s.count {
            if let close = pairs[s[i]] {
                var j = i + 1
                while j < s.count, j - i <= 24, s[j] != close { j += 1 }
                if j < s.count, s[j] == close {
                    let inner = s[(i + 1)..<j]
                    // “15分钟”服务圈 / “十大提升行动”: short quoted names. Long quotes are ordinary text.
                    if inner.count <= 20 { for k in i...j { out[k] = true } }
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        return out
    }

    /// Start of the clause holding index `i`, looking back at most 80 characters (a clause longer
    /// than that is run-on text, and its far start says nothing about this figure).
    static func clauseStart(_ s: [Unicode.Scalar], before i: Int, notBefore floor: Int) -> Int {
        var j = i - 1
        let limit = max(floor, i - 80)
        while j >= limit {
            if ",;。:!?()〔〕\n".unicodeScalars.contains(s[j]) { return j + 1 }
            j -= 1
        }
        return max(limit, 0)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    static func isHan(_ c: Unicode.Scalar) -> Bool { c.value >= 0x3400 && c.value <= 0x9FFF }
}

extension Array where Element == Unicode.Scalar {
    func containsSequence(_ word: String) -> Bool {
        let w = Array(word.unicodeScalars)
        guard w.count <= count, !w.isEmpty else { return false }
        for p in 0...(count - w.count) where self[p] == w[0] && self[p..<(p + w.count)].elementsEqual(w) { return true }
        return false
    }
}
