import Foundation
import MinshengCore

/// Small helpers shared by the chart renderers (图表): escaping and number formatting.
///
/// Charts are pure functions from values to an SVG string, so a page can inline them and a test
/// can read them; nothing here measures text or touches a font.
enum SVG {
    /// Escapes `&`, `<`, `>`, `"` and `'` for use in SVG text or attribute values.
    ///
    /// Example: `SVG.escape("A<B & \"C\"")` → `A&lt;B &amp; &quot;C&quot;`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A coordinate with at most one decimal and no trailing `.0`, independent of locale.
    ///
    /// Example: `SVG.number(12.349)` → `"12.3"`, `SVG.number(40)` → `"40"`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let frac = abs(Int(tenths) % 10)
        if frac == 0 { return String(whole) }
        let sign = (tenths < 0 && whole == 0) ? "-" : ""
        return "\(sign)\(whole).\(frac)"
    }

    /// Turns an arbitrary caller-chosen id into one safe for an XML `id` attribute.
    static func safeID(_ id: String) -> String {
        let mapped = id.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return (c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_")) ? c : "-"
        }
        let s = String(mapped)
        return s.first?.isLetter == true ? s : "c-" + s
    }
}
