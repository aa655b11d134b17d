import Foundation

/// How a requester's name and phone are shown to those who may not see them (脱敏):
/// `张三` → `张*`, `欧阳娜娜` → `欧***`, `13812341234` → `138****1234`.
public enum PersonalData {
    /// The first character and one `*` per further character.
    public static func maskName(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }

    /// Keeps the first three and the last four digits of a phone number; a shorter number keeps
    /// its last two characters only.
    public static func maskPhone(_ phone: String) -> String {
        let chars = Array(phone.filter { !$0.isWhitespace && $0 != "-" })
        if chars.count >= 11 {
            return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
        }
        guard chars.count > 2 else { return String(repeating: "*", count: chars.count) }
        return String(repeating: "*", count: chars.count - 2) + String(chars.suffix(2))
    }

    /// Whether `phone` looks like a Chinese phone number: 11-digit mobile (1xx), or a landline
    /// (area code and number, 7–12 digits with an optional `-`), or 12345-style short numbers are refused.
    public static func isPlausiblePhone(_ phone: String) -> Bool {
        let digits = phone.filter { $0 != "-" && $0 != " " }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        if digits.count == 11 && digits.hasPrefix("1") { return true }
        return (7...12).contains(digits.count) && !digits.hasPrefix("1")
    }

    /// A request's text as the public may read it: runs of 7 or more digits (phone numbers, ID
    /// card and bank numbers, with an `X` check digit too) keep only their last two characters,
    /// and each name given (the requester's own) is masked wherever it appears.
    /// `我是张三，电话13812341234` with `张三` → `我是张*，电话*********34`.
    public static func redactText(_ text: String, names: [String] = []) -> String {
        var out = ""
        var run = ""
        func flush() {
            // A run ends at its last digit; separators after it are ordinary text.
            var tail = ""
            while let last = run.last, last == "-" || last == " " { tail = String(last) + tail; run.removeLast() }
            let digits = run.filter { $0 != "-" && $0 != " " }
            out += digits.count >= 7 ? String(repeating: "*", count: digits.count - 2) + digits.suffix(2) : run
            out += tail
            run = ""
        }
        for ch in text {
            // Full-width digits count too: citizens type them on phone keyboards.
            if let digit = ch.wholeNumberValue, digit < 10, ch.isNumber {
                run.append(ch)
            } else if (ch == "X" || ch == "x") && run.filter({ $0 != "-" && $0 != " " }).count == 17 {
                run.append(ch)
            } else if (ch == "-" || ch == " ") && !run.isEmpty {
                run.append(ch) // 0571-8888 8888: an area code and its number are one run
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        for name in names where name.count >= 2 {
            out = out.replacingOccurrences(of: name, with: maskName(name))
        }
        return out
    }
}
