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
}
