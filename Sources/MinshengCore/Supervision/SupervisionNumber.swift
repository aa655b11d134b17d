import Foundation

/// A 督办单 number in the house style of 文号: `督办〔2026〕3号` — prefix, year in 六角括号, serial.
///
/// Serials restart each year. Parsing accepts the brackets people actually type: 〔〕, [], ［］,
/// （）, ().
public struct SupervisionNumber: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var prefix: String
    public var year: Int
    public var serial: Int

    public init(prefix: String = "督办", year: Int, serial: Int) {
        self.prefix = prefix
        self.year = year
        self.serial = serial
    }

    /// `督办〔2026〕3号`.
    public var description: String { "\(prefix)〔\(year)〕\(serial)号" }

    /// Reads `督办〔2026〕3号`, `督办[2026]3号`, `督办（2026）12号`; nil for anything else.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let opens: Set<Character> = ["〔", "[", "［", "（", "(", "【"]
        let closes: Set<Character> = ["〕", "]", "］", "）", ")", "】"]
        guard let o = t.firstIndex(where: { opens.contains($0) }),
              let c = t[o...].firstIndex(where: { closes.contains($0) }),
              t.hasSuffix("号") else { return nil }
        let prefix = String(t[..<o])
        let yearText = t[t.index(after: o)..<c]
        let serialText = t[t.index(after: c)..<t.index(before: t.endIndex)]
        guard !prefix.isEmpty, yearText.count == 4, let year = Int(yearText),
              !serialText.isEmpty, serialText.allSatisfy(\.isASCII), let serial = Int(serialText), serial > 0 else { return nil }
        self.init(prefix: prefix, year: year, serial: serial)
    }

    /// The next free number in `year`: one past the highest serial already used that year
    /// (gaps from cancelled notices are not refilled, as with 文号).
    public static func next(year: Int, after existing: [SupervisionNumber], prefix: String = "督办") -> SupervisionNumber {
        let top = existing.filter { $0.year == year && $0.prefix == prefix }.map(\.serial).max() ?? 0
        return SupervisionNumber(prefix: prefix, year: year, serial: top + 1)
    }

    public static func < (a: SupervisionNumber, b: SupervisionNumber) -> Bool {
        (a.year, a.serial, a.prefix) < (b.year, b.serial, b.prefix)
    }
}
