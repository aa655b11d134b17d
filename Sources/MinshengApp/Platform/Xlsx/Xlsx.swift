import Foundation

/// One cell of a spreadsheet row: text, a number, or nothing.
public enum XlsxCell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    case text(String)
    case number(Double)
    case empty

    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }

    /// The cell as CSV/plain text: numbers without a trailing `.0`.
    public var plainText: String {
        switch self {
        case .text(let s): return s
        case .number(let n): return XlsxCell.format(n)
        case .empty: return ""
        }
    }

    /// The most characters a cell holds in Excel (and WPS): 32,767, counted in UTF-16 units.
    public static let textLimit = 32_767
    /// What is appended where a text was cut to fit a cell.
    public static let truncationMark = "…（超长已截断）"

    /// `s` if it fits a cell, else its longest prefix of whole characters that fits with the
    /// truncation mark appended. Excel refuses (and repairs away) a longer cell, so a long text
    /// would otherwise cost the whole row.
    public static func fitted(_ s: String) -> String {
        guard s.utf16.count > textLimit else { return s }
        let room = textLimit - truncationMark.utf16.count
        var used = 0
        var end = s.startIndex
        for index in s.indices {
            let width = s[index].utf16.count
            if used + width > room { break }
            used += width
            end = s.index(after: index)
        }
        return String(s[..<end]) + truncationMark
    }

    static func format(_ n: Double) -> String {
        if n.isFinite, n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return "\(n)"
    }
}

/// One worksheet: a name (≤ 31 characters), rows of cells, column widths in characters, and
/// whether the first row is a bold header (frozen when scrolling).
public struct XlsxSheet: Sendable, Equatable {
    public var name: String
    public var rows: [[XlsxCell]]
    /// Width of each column in Excel character units; missing columns keep Excel's default.
    public var columnWidths: [Double]
    public var boldHeader: Bool

    public init(name: String, rows: [[XlsxCell]], columnWidths: [Double] = [], boldHeader: Bool = true) {
        self.name = name
        self.rows = rows
        self.columnWidths = columnWidths
        self.boldHeader = boldHeader
    }
}

/// Errors of the spreadsheet reader and writer.
public enum XlsxError: Error, Equatable {
    case notAZip
    case missingPart(String)
    case malformedXML(String)
    case noSheets
}

/// Spreadsheet column letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
enum XlsxColumn {
    static func letters(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// `"AB12"` → column index 27; nil when the reference has no letters.
    static func index(ofReference ref: String) -> Int? {
        var n = 0
        var seen = false
        for u in ref.unicodeScalars {
            guard u.value >= 65 && u.value <= 90 else { break }
            n = n * 26 + Int(u.value - 64)
            seen = true
        }
        return seen ? n - 1 : nil
    }
}

/// CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark so Excel on Windows opens Chinese text
/// correctly instead of guessing GBK.
public enum CSVWriter {
    public static func data(rows: [[XlsxCell]]) -> Data {
        var out = "\u{FEFF}"
        for row in rows {
            out += row.map { quote($0.plainText) }.joined(separator: ",")
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    static func quote(_ s: String) -> String {
        // A leading = + - @ would be run as a formula by Excel (CSV injection); prefix a quote.
        var v = s
        if let f = v.first, "=+-@".contains(f), Double(v) == nil { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}
