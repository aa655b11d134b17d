import Foundation

/// Text as the document wrote it, for display. The parser keeps a normalised copy for matching
/// (ASCII `,;:` and `.(三).` in item numbers); pages show full-width punctuation, so a title never
/// mixes `,` with `，`.
public enum DisplayText {
    /// ASCII `,` `;` `:` in Chinese text back to `，` `；` `：`: when a Han character stands on one
    /// side and a Han character or a digit on the other. `1,000` and `08:30` are left alone.
    ///
    /// Example: `fullWidth("新建公厕60座,改造20座;牵头:市城管局")` → `新建公厕60座，改造20座；牵头：市城管局`.
    public static func fullWidth(_ text: String) -> String {
        let map: [Character: Character] = [",": "，", ";": "；", ":": "："]
        let chars = Array(text)
        guard chars.contains(where: { map[$0] != nil }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for (i, c) in chars.enumerated() {
            if let wide = map[c], i > 0, i + 1 < chars.count {
                let before = chars[i - 1], after = chars[i + 1]
                if (isHan(before) && (isHan(after) || after.isASCIIDigit)) || (before.isASCIIDigit && isHan(after)) {
                    out.append(wide)
                    continue
                }
            }
            out.append(c)
        }
        return out
    }

    /// An item number as the document writes it: the parser's path `二.(三).5` → `二（三）5`; a bare
    /// number `5` → `第5项`; `1.2` stays; an overall goal's internal `goal.1` → `总体目标1`.
    public static func itemNumber(_ number: String) -> String {
        if number.hasPrefix("goal."), case let rest = number.dropFirst(5), !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit) {
            return "总体目标\(rest)"
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        if parts.count == 1, let only = parts.first, only.allSatisfy(\.isASCIIDigit) { return "第\(only)项" }
        var out = ""
        for part in parts {
            if part.hasPrefix("("), part.hasSuffix(")"), part.count > 2 {
                out += "（" + part.dropFirst().dropLast() + "）"
            } else if part.hasPrefix("（") {
                out += part
            } else if let last = out.last, last.isASCIIDigit, part.first?.isASCIIDigit == true {
                out += "." + part
            } else {
                out += part
            }
        }
        return out.isEmpty ? number : out
    }

    static func isHan(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xFF01...0xFF5E).contains(v)
            || (0x3000...0x303F).contains(v)
    }
}

fileprivate extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
