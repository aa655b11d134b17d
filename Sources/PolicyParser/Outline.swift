/// The numbering styles of the genre, from the outermost usually used to the innermost.
/// Documents differ in which they use and in what order, so nesting is learned per document.
enum LabelStyle: Hashable, Sendable {
    /// 第一章 / 第一部分 / 第一节
    case chapter
    /// 一、
    case chineseComma
    /// (一)
    case parenChinese
    /// 1. or 1．
    case arabicDot
    /// 1、
    case arabicComma
    /// (1)
    case parenArabic
    /// ① ②
    case circled
    /// ——幼有所育。 / --就业更充分。 (bullets of goal lists)
    case dash
    /// An unnumbered category heading with a count: 教育类(5件)
    case heading
}

/// A numbering label found at the start of a line, e.g. `(一)` in `(一)教育文化提升行动`.
struct OutlineLabel: Equatable, Sendable {
    var style: LabelStyle
    /// The label as SCHEMA.md writes it in numbers: `二`, `(一)`, `1`, `(1)`.
    var label: String
    /// Its numeric value (一 → 1), used to tell a continued list from a new one.
    var ordinal: Int
    /// The text after the label.
    var rest: String
}

enum Outline {
    /// Finds a numbering label at the start of `line`.
    static func label(in line: String) -> OutlineLabel? {
        let s = Array(line.unicodeScalars)
        guard let first = s.first else { return nil }

        // 第一章 / 第二部分 / 第三节
        if first == "第" {
            var i = 1
            while i < s.count, ChineseNumerals.isNumeral(s[i]) { i += 1 }
            if i > 1, i < s.count, let n = ChineseNumerals.value(of: s[1..<i]) {
                var j = i
                if s[j] == "章" || s[j] == "节" { j += 1 }
                else if j + 1 < s.count, s[j] == "部", s[j + 1] == "分" { j += 2 }
                if j > i { return make(.chapter, String(scalars: s[0..<j]), n, s, from: j) }
            }
        }
        // 一、 二十一、
        if ChineseNumerals.isNumeral(first) {
            var i = 0
            while i < s.count, i < 5, ChineseNumerals.isNumeral(s[i]) { i += 1 }
            if i < s.count, s[i] == "、" || s[i] == "." || s[i] == "．", let n = ChineseNumerals.value(of: s[0..<i]), n > 0, n < 100 {
                return make(.chineseComma, String(scalars: s[0..<i]), n, s, from: i + 1)
            }
        }
        // (一) (1) and 〔一〕
        if first == "(" || first == "〔" || first == "【" {
            let close: Unicode.Scalar = first == "(" ? ")" : (first == "〔" ? "〕" : "】")
            var i = 1
            while i < s.count, i < 6, s[i] != close { i += 1 }
            if i < s.count, s[i] == close, i > 1 {
                let inner = s[1..<i]
                var after = i + 1
                if after < s.count, s[after] == "、" || s[after] == "." { after += 1 }
                if let n = ChineseNumerals.value(of: inner), n > 0, n < 100 {
                    return make(.parenChinese, "(" + String(scalars: inner) + ")", n, s, from: after)
                }
                if inner.allSatisfy({ $0.properties.numericType == .decimal && $0.isASCII }), inner.count <= 3, let n = Int(String(scalars: inner)) {
                    return make(.parenArabic, "(" + String(n) + ")", n, s, from: after)
                }
            }
        }
        // 1. 1、 12． but not 1.8万 or 2023年
        if first.isASCII, first.properties.numericType == .decimal {
            var i = 0
            while i < s.count, i < 4, s[i].isASCII, s[i].properties.numericType == .decimal { i += 1 }
            if i <= 3, i < s.count, let n = Int(String(scalars: s[0..<i])), n > 0 {
                let mark = s[i]
                let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
                let nextIsDigit = next.map { $0.isASCII && $0.properties.numericType == .decimal } ?? false
                // 1.2025年底前… is item 1 starting with a year, not the number 1.2025.
                let yearFollows = i + 5 < s.count && (1...4).allSatisfy { s[i + $0].isASCII && s[i + $0].properties.numericType == .decimal } && s[i + 5] == "年"
                if (mark == "." || mark == "．") && (!nextIsDigit || yearFollows) {
                    return make(.arabicDot, String(n), n, s, from: i + 1)
                }
                if mark == "、" {
                    return make(.arabicComma, String(n), n, s, from: i + 1)
                }
            }
        }
        // ① … ⑳
        if first.value >= 0x2460, first.value <= 0x2473 {
            let n = Int(first.value - 0x2460 + 1)
            return make(.circled, "(" + String(n) + ")", n, s, from: 1)
        }
        // ——幼有所育。 / --就业更充分。 / —促进…
        if first == "—" || first == "-" || first == "─" {
            var i = 0
            while i < s.count, s[i] == "—" || s[i] == "-" || s[i] == "─" { i += 1 }
            if i < s.count, !(s[i].isASCII && s[i].properties.numericType == .decimal) {
                return make(.dash, "", 0, s, from: i)
            }
        }
        return nil
    }

    private static func make(_ style: LabelStyle, _ label: String, _ n: Int, _ s: [Unicode.Scalar], from index: Int) -> OutlineLabel? {
        var i = index
        while i < s.count, s[i] == " " || s[i] == "、" { i += 1 }
        let rest = String(scalars: s[i...])
        // A bare label with nothing after it is not a heading (附件 lists excepted elsewhere).
        if rest.isEmpty && style != .chineseComma && style != .parenChinese { return nil }
        return OutlineLabel(style: style, label: label, ordinal: n, rest: rest)
    }
}
