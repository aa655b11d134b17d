import Foundation

/// The front matter of a plan document: the plan's own title, its 文号 and years, and where the
/// plan's text begins (after a cover notice 关于印发…的通知 and its signature, if any).
struct DocumentHeader: Equatable, Sendable {
    var title: String?
    var documentNumber: String?
    var period: YearSpan?
    /// Index into the line array where the plan's own text starts.
    var bodyStart: Int

    static func read(_ lines: [SourceLine]) -> DocumentHeader {
        let scanLimit = min(lines.count, 40)
        var title: String?
        var bodyStart = 0
        var coverIndex: Int?

        // 1. A cover notice: 关于印发《X》的通知, possibly broken over two lines.
        var planName: String?
        for i in 0..<scanLimit {
            let text = lines[i].text
            guard let r = text.range(of: "印发") else { continue }
            var rest = String(text[r.upperBound...])
            if !rest.contains("的通知"), i + 1 < lines.count, lines[i + 1].text.hasSuffix("的通知") {
                rest += lines[i + 1].text
            }
            guard let n = rest.range(of: "的通知", options: .backwards) else { continue }
            planName = stripQuotes(String(rest[..<n.lowerBound]))
            coverIndex = i
            break
        }
        if let name = planName, let cover = coverIndex {
            let key = comparable(name)
            if let own = lines.indices.dropFirst(cover + 1).prefix(60).first(where: { comparable(lines[$0].text) == key }) {
                title = lines[own].text
                bodyStart = own + 1
            } else {
                title = name
                // Skip the notice to its date line or 此件公开发布.
                bodyStart = cover + 1
                for i in (cover + 1)..<min(lines.count, cover + 25) where isSignatureDate(lines[i].text) || lines[i].text.contains("公开发布") {
                    bodyStart = i + 1
                }
            }
        } else {
            // 2. No notice: leading short heading lines form the title (乐山“人民美好生活需要” / 对标补短三年行动计划(2021—2023年)).
            var parts: [String] = []
            var i = 0
            while i < scanLimit, isMetadata(lines[i].text) { i += 1 }
            let firstHeading = i
            while i < scanLimit, parts.count < 4 {
                let t = lines[i].text
                if isMetadata(t) { i += 1; continue }
                guard t.unicodeScalars.count <= 40, !t.contains("。"), !t.contains("|"), !t.hasSuffix(":"), Outline.label(in: t) == nil,
                      !t.hasPrefix("序号"), !t.hasPrefix("编号"), Int(t) == nil,
                      ResponsibilityReader.line(t) == nil else { break }
                parts.append(t)
                i += 1
            }
            let joined = parts.joined()
            if !parts.isEmpty, planWords.contains(where: { joined.contains($0) }) {
                title = joined
                bodyStart = i
            } else {
                bodyStart = firstHeading
            }
        }

        // 3. 文号: on a line of its own or in a 文号 field before the body.
        var number: String?
        for i in 0..<min(max(bodyStart, 1), lines.count) {
            let t = lines[i].text
            guard t.unicodeScalars.count <= 40 || t.contains("文号") || t.contains("文 号") else { continue }
            if let n = documentNumber(in: t) { number = n; break }
        }

        return DocumentHeader(title: title, documentNumber: number, period: title.flatMap(yearSpan(in:)), bodyStart: min(bodyStart, lines.count))
    }

    static let planWords = ["方案", "计划", "清单", "要点", "意见", "规划", "任务", "实事", "项目", "工程", "行动", "分解"]

    /// Lines of a saved web page's header: 索引号 | …, 发布日期, 字号 [大 中 小].
    static func isMetadata(_ t: String) -> Bool {
        if t.utf8.contains(UInt8(ascii: "|")) {
            // A page's field table (索引号 | … | 发布机构 | …), not a task table's header or rows.
            // A line that is one cell (序号| or 1|) is a table flattened one cell per line.
            if let cells = TableLayout.cells(of: t), TableLayout(header: cells) == nil, TableLayout.rowOrdinal(cells[0].trimmingPunctuation()) == nil { return true }
        }
        return t.includesAny(["索引号", "发布日期", "发布时间", "发布机构", "来源:", "字号", "浏览次数", "日期:", "文号", "主题分类", "成文日期", "信息名称", "关键词", "视力保护",
                               "当前位置", "您现在的位置", "首页", ">", "»", "打印", "分享"])
    }

    /// 2024年1月4日 alone on a line (the notice's signature date).
    static func isSignatureDate(_ t: String) -> Bool {
        let s = Array(t.unicodeScalars)
        guard s.count <= 12, s.last == "日", s.contains("年"), s.contains("月") else { return false }
        return s.allSatisfy { TargetReader.isDigit($0) || $0 == "年" || $0 == "月" || $0 == "日" || ChineseNumerals.isNumeral($0) || $0 == "〇" }
    }

    /// 锡政发〔2023〕5号, also written with [ ] or ( ) brackets; returned with 〔〕.
    static func documentNumber(in t: String) -> String? {
        let s = Array(t.unicodeScalars)
        for (i, c) in s.enumerated() where c == "〔" || c == "[" || c == "(" || c == "【" {
            guard i + 6 < s.count, (1...4).allSatisfy({ TargetReader.isDigit(s[i + $0]) }), "〕])】".unicodeScalars.contains(s[i + 5]) else { continue }
            var j = i + 6
            while j < s.count, TargetReader.isDigit(s[j]) { j += 1 }
            guard j > i + 6, j < s.count, s[j] == "号" else { continue }
            var k = i
            while k > 0, TargetReader.isHan(s[k - 1]), i - k < 10 { k -= 1 }
            guard k < i else { continue }
            let prefix = String(scalars: s[k..<i])
            let year = String(scalars: s[(i + 1)...(i + 4)])
            let serial = String(scalars: s[(i + 6)..<j])
            return "\(prefix)〔\(year)〕\(serial)号"
        }
        return nil
    }

    /// (2021—2023年) → 2021…2023; 2023年度 → 2023…2023.
    static func yearSpan(in t: String) -> YearSpan? {
        let s = Array(t.unicodeScalars)
        var years: [Int] = []
        var i = 0
        while i + 3 < s.count {
            if (i == 0 || !TargetReader.isDigit(s[i - 1])), (0...3).allSatisfy({ TargetReader.isDigit(s[i + $0]) }),
               i + 4 >= s.count || !TargetReader.isDigit(s[i + 4]),
               let y = Int(String(scalars: s[i...(i + 3)])), y >= 1990, y <= 2100 {
                years.append(y); i += 4; continue
            }
            i += 1
        }
        guard let lo = years.min(), let hi = years.max() else { return nil }
        return YearSpan(from: lo, to: hi)
    }

    static func stripQuotes(_ s: String) -> String {
        var t = Array(s.trimmingPunctuation().unicodeScalars)
        for (o, c) in [("《", "》"), ("<", ">"), ("“", "”")] as [(Unicode.Scalar, Unicode.Scalar)] where t.first == o && t.last == c && t.count >= 2 {
            t = Array(t.dropFirst().dropLast())
        }
        return String(scalars: t.map { $0 == "<" ? "《" : ($0 == ">" ? "》" : $0) })
    }

    /// A form for comparing titles: no spaces, no book-title marks.
    static func comparable(_ s: String) -> String {
        String(scalars: s.unicodeScalars.filter { $0 != " " && $0 != "《" && $0 != "》" && $0 != "<" && $0 != ">" })
    }
}
