import Foundation

/// A spreadsheet as plain rows of cell texts, for imports that map columns by their header (the
/// 12345 platform's exports): the first visible sheet with content of an xlsx workbook, or a CSV
/// file (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes; decoded like text
/// documents: UTF-8 with or without BOM, UTF-16, GB18030; binary refused). Row `i` of the result is line `i + 1` of the file, so reports can name lines.
public enum SpreadsheetRows {
    /// The rows of an xlsx workbook's first visible sheet that has cells.
    public static func xlsx(_ data: Data) throws(DocumentReadError) -> [[String]] {
        for sheet in try XlsxReader.sheets(data) where !sheet.hidden {
            guard let grid = sheet.grid?.grid, grid.contains(where: { $0.contains { !($0 ?? "").isEmpty } }) else { continue }
            return grid.map { $0.map { ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines) } }
        }
        return []
    }

    /// The rows of a CSV text. Each row keeps its line number: a record spanning lines (a quoted
    /// line break) is reported at its first line, and the next record's index skips accordingly
    /// (the skipped indices are empty rows).
    public static func csv(_ data: Data) throws(DocumentReadError) -> [[String]] {
        var text = try TextDecoding.decode(data)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 0, recordLine = 0
        var chars = Array(text.unicodeScalars)[...]
        func endRecord() {
            row.append(field)
            while rows.count < recordLine { rows.append([]) }
            rows.append(row.map { $0.trimmingCharacters(in: .whitespaces) })
            row = []
            field = ""
        }
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": row.append(field); field = ""
            case "\r": break
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { endRecord() }
        return rows.map { $0.count == 1 && $0[0].isEmpty ? [] : $0 }
    }
}
