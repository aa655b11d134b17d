/// Reads Chinese numerals (中文数字): 一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 两千 → 2000.
///
/// Used for outline labels (二十一、) and for figures written in words (新增两所 → 2).
enum ChineseNumerals {
    /// The digit value of a single numeral character, if it is one.
    static func digit(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "零", "〇": return 0
        case "一", "壹": return 1
        case "二", "两", "贰": return 2
        case "三", "叁": return 3
        case "四", "肆": return 4
        case "五", "伍": return 5
        case "六", "陆": return 6
        case "七", "柒": return 7
        case "八", "捌": return 8
        case "九", "玖": return 9
        default: return nil
        }
    }

    /// The multiplier of a unit character (十 百 千 万 亿), if it is one.
    static func multiplier(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "十", "拾": return 10
        case "百", "佰": return 100
        case "千", "仟": return 1000
        case "万": return 10_000
        case "亿": return 100_000_000
        default: return nil
        }
    }

    /// Whether `s` can be part of a Chinese numeral.
    static func isNumeral(_ s: Unicode.Scalar) -> Bool { digit(s) != nil || multiplier(s) != nil }

    /// The value of a whole numeral such as `二十三`; nil when `text` is not a well-formed numeral.
    static func value(of text: some Collection<Unicode.Scalar>) -> Int? {
        guard !text.isEmpty, text.count <= 12 else { return nil }
        var total = 0, section = 0, pending = 0
        var sawAny = false
        for s in text {
            if let d = digit(s) {
                pending = d; sawAny = true
            } else if let m = multiplier(s) {
                sawAny = true
                if m >= 10_000 {
                    section += pending
                    total += (section == 0 ? 1 : section) * m
                    section = 0
                } else {
                    section += (pending == 0 ? 1 : pending) * m
                }
                pending = 0
            } else {
                return nil
            }
        }
        guard sawAny else { return nil }
        return total + section + pending
    }
}
