import Foundation

/// One line of a normalised document, with its 1-based line number in the source.
struct SourceLine: Sendable, Equatable {
    /// 1-based line number in the input text.
    var number: Int
    /// The normalised, trimmed text.
    var text: String
}

/// Brings the many ways plans are typed onto one form, so later stages match one spelling:
/// traditional → simplified (锡政發 → 锡政发), full-width ASCII → half-width (（一）→ (一),
/// ５．８ → 5.8), odd spaces removed, lines trimmed. `。` `、` `〔〕` `“”` are kept, since they carry meaning.
enum Normalizer {
    /// Splits `text` into trimmed lines, converting traditional characters when the text is traditional.
    static func lines(of text: String) -> [SourceLine] {
        let convert = looksTraditional(text)
        var result: [SourceLine] = []
        var current: [Unicode.Scalar] = []
        current.reserveCapacity(256)
        var lineNumber = 1
        var previousWasCR = false
        // Whether a character with a pinyin tone mark (ā á ǎ à …) was seen on the line.
        var sawGloss = false

        func flush() {
            if sawGloss { stripPinyinGlosses(&current) }
            var lo = 0, hi = current.count
            while lo < hi, current[lo] == " " || current[lo] == "\t" { lo += 1 }
            while hi > lo, current[hi - 1] == " " || current[hi - 1] == "\t" { hi -= 1 }
            if lo < hi { result.append(SourceLine(number: lineNumber, text: String(scalars: current[lo..<hi]))) }
            current.removeAll(keepingCapacity: true)
            sawGloss = false
        }

        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n":
                if previousWasCR { previousWasCR = false; continue }
                flush(); lineNumber += 1
            case "\r", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "\u{85}":
                flush(); lineNumber += 1
                previousWasCR = scalar == "\r"
                continue
            default:
                if let mapped = normalise(scalar, convertTraditional: convert) {
                    current.append(mapped)
                    if mapped.value >= 0xE0, mapped.value <= 0x1DC { sawGloss = true }
                }
            }
            previousWasCR = false
        }
        flush()
        return result
    }

    /// Removes pinyin glosses that mirror sites put after characters, `關(guān)於(yú)` → `關於`:
    /// a bracket right after a Han character holding one syllable of lowercase Latin letters with a
    /// tone mark (or, on a line that has such glosses, a toneless syllable such as `(men)`).
    static func stripPinyinGlosses(_ a: inout [Unicode.Scalar]) {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(a.count)
        var i = 0
        while i < a.count {
            if a[i] == "(", let previous = out.last, TargetReader.isHan(previous) {
                var j = i + 1
                while j < a.count, j - i <= 7, isPinyinLetter(a[j]) { j += 1 }
                if j < a.count, a[j] == ")", j - i >= 2 {
                    i = j + 1
                    continue
                }
            }
            // 關guān於yú: a toned syllable written straight after its character.
            if isPinyinLetter(a[i]), let previous = out.last, TargetReader.isHan(previous) {
                var j = i
                var toned = false
                while j < a.count, j - i < 7, isPinyinLetter(a[j]) { if a[j].value > 0x7F { toned = true }; j += 1 }
                if toned, j == a.count || !(a[j].isASCII && (a[j].properties.isAlphabetic || a[j].properties.numericType != nil)) {
                    i = j
                    continue
                }
            }
            out.append(a[i])
            i += 1
        }
        a = out
    }

    /// a–z, ü and the vowels with tone marks.
    static func isPinyinLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value >= 0x61 && s.value <= 0x7A { return true }
        return "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".unicodeScalars.contains(s)
    }

    /// Normalises a single string (a unit name typed in a form, a search term) the same way as documents.
    static func normaliseFragment(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let convert = looksTraditional(text)
        for scalar in text.unicodeScalars {
            if let mapped = normalise(scalar, convertTraditional: convert) { out.append(mapped) }
        }
        return String(trim(out))
    }

    /// A text is treated as traditional when traditional-only characters make up at least 2% of its Han characters.
    static func looksTraditional(_ text: String) -> Bool {
        var han = 0, traditional = 0
        for scalar in text.unicodeScalars where scalar.value >= 0x3400 && scalar.value <= 0x9FFF {
            han += 1
            if TraditionalMap.lookup(scalar) != nil { traditional += 1 }
        }
        return han > 0 && traditional * 50 >= han && traditional >= 3
    }

    private static func normalise(_ scalar: Unicode.Scalar, convertTraditional: Bool) -> Unicode.Scalar? {
        let v = scalar.value
        switch v {
        case 0xFF01...0xFF5E:
            // Full-width ASCII (（ ） ： ； ， ５ ％ …) to half-width.
            return Unicode.Scalar(v - 0xFEE0)
        case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F, 0x205F:
            return " "
        case 0x200B...0x200D, 0xFEFF, 0x00AD:
            return nil
        case 0x09:
            return "\t"
        case 0x00...0x08, 0x0E...0x1F, 0x7F:
            return nil
        case 0xFE50...0xFE5F:
            // Small form variants seen in scanned text.
            return scalar
        default:
            if convertTraditional, let simple = TraditionalMap.lookup(scalar) { return simple }
            return scalar
        }
    }

    private static func trim(_ view: String.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var slice = view[...]
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }
}

/// The traditional → simplified table built once from ``traditionalScalars`` / ``simplifiedScalars``.
enum TraditionalMap {
    static let base: UInt32 = 0x3400
    /// Indexed by `scalar - 0x3400` over U+3400…U+9FFF; 0 where the character is not traditional-only.
    /// An array, not a dictionary: the lookup runs on every Han character of every document.
    static let simplified: [UInt32] = {
        var table = [UInt32](repeating: 0, count: Int(0x9FFF - base + 1))
        for (t, s) in zip(traditionalScalars.unicodeScalars, simplifiedScalars.unicodeScalars) where t.value >= base && t.value <= 0x9FFF {
            table[Int(t.value - base)] = s.value
        }
        return table
    }()

    /// The simplified form of a traditional-only character, if `scalar` is one.
    @inline(__always)
    static func lookup(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let v = scalar.value
        guard v >= base, v <= 0x9FFF else { return nil }
        let s = simplified[Int(v - base)]
        return s == 0 ? nil : Unicode.Scalar(s)
    }
}
