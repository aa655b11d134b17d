import Foundation
import ZIPFoundation

/// Writes an Office Open XML workbook (.xlsx) that Excel, WPS and LibreOffice open: text in a
/// shared-string table, numbers as numbers, an optional bold and frozen header row, column widths.
///
/// Only the parts a workbook needs are written ([Content_Types], relationships, workbook,
/// styles, shared strings, one part per sheet, core properties); output is deterministic for a
/// given `modified` date, which keeps the file testable byte for byte.
public enum XlsxWriter {
    /// The bytes of the workbook.
    public static func data(sheets: [XlsxSheet], modified: Date = Date(timeIntervalSince1970: 315_532_800)) throws -> Data {
        guard !sheets.isEmpty else { throw XlsxError.noSheets }
        var strings = SharedStrings()
        var sheetXML: [String] = []
        for sheet in sheets { sheetXML.append(worksheet(sheet, strings: &strings)) }
        let names = uniqueNames(sheets.map(\.name))

        var parts: [(String, String)] = []
        parts.append(("[Content_Types].xml", contentTypes(count: sheets.count)))
        parts.append(("_rels/.rels", rootRels))
        parts.append(("docProps/core.xml", core(modified: modified)))
        parts.append(("xl/workbook.xml", workbook(names: names)))
        parts.append(("xl/_rels/workbook.xml.rels", workbookRels(count: sheets.count)))
        parts.append(("xl/styles.xml", styles))
        parts.append(("xl/sharedStrings.xml", strings.xml()))
        for (i, xml) in sheetXML.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", xml)) }

        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, xml) in parts {
            let bytes = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 modificationDate: modified, compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count))
            }
        }
        guard let data = archive.data else { throw XlsxError.notAZip }
        return data
    }

    struct SharedStrings {
        var list: [String] = []
        var index: [String: Int] = [:]
        var uses = 0
        mutating func id(_ s: String) -> Int {
            uses += 1
            if let i = index[s] { return i }
            list.append(s)
            index[s] = list.count - 1
            return list.count - 1
        }
        func xml() -> String {
            var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            x += "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(uses)\" uniqueCount=\"\(list.count)\">"
            for s in list {
                let space = (s.first?.isWhitespace == true || s.last?.isWhitespace == true || s.contains("\n")) ? " xml:space=\"preserve\"" : ""
                x += "<si><t\(space)>\(escape(s))</t></si>"
            }
            return x + "</sst>"
        }
    }

    static func worksheet(_ sheet: XlsxSheet, strings: inout SharedStrings) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        let width = sheet.rows.map(\.count).max() ?? 0
        if width > 0, !sheet.rows.isEmpty {
            x += "<dimension ref=\"A1:\(XlsxColumn.letters(width - 1))\(sheet.rows.count)\"/>"
        }
        if sheet.boldHeader && sheet.rows.count > 1 {
            x += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        } else {
            x += "<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>"
        }
        x += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columnWidths.isEmpty {
            x += "<cols>"
            for (i, w) in sheet.columnWidths.enumerated() {
                x += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(XlsxCell.format(w))\" customWidth=\"1\"/>"
            }
            x += "</cols>"
        }
        x += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            x += "<row r=\"\(r + 1)\">"
            let style = (sheet.boldHeader && r == 0) ? " s=\"1\"" : ""
            for (c, cell) in row.enumerated() {
                let ref = "\(XlsxColumn.letters(c))\(r + 1)"
                switch cell {
                case .text(let s):
                    x += "<c r=\"\(ref)\" t=\"s\"\(style)><v>\(strings.id(XlsxCell.fitted(s)))</v></c>"
                case .number(let n) where n.isFinite:
                    x += "<c r=\"\(ref)\"\(style)><v>\(XlsxCell.format(n))</v></c>"
                case .number, .empty:
                    if !style.isEmpty { x += "<c r=\"\(ref)\"\(style)/>" }
                }
            }
            x += "</row>"
        }
        x += "</sheetData>"
        x += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        x += "</worksheet>"
        return x
    }

    /// Excel refuses names longer than 31 characters, with `[]:*?/\`, or repeated.
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for (i, raw) in names.enumerated() {
            var n = String(raw.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
                .trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            if n.isEmpty { n = "Sheet\(i + 1)" }
            var candidate = n
            var k = 2
            while seen.contains(candidate.lowercased()) {
                let suffix = "(\(k))"
                candidate = String(n.prefix(31 - suffix.count)) + suffix
                k += 1
            }
            seen.insert(candidate.lowercased())
            out.append(candidate)
        }
        return out
    }

    /// XML 1.0 escaping; control characters XML cannot carry are dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func contentTypes(count: Int) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        x += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        x += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        x += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for i in 1...count {
            x += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        x += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        x += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        x += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        return x + "</Types>"
    }

    static let rootRels = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
    """

    static func core(modified: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let stamp = f.string(from: modified)
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Minsheng</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:modified></cp:coreProperties>
        """
    }

    static func workbook(names: [String]) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><bookViews><workbookView/></bookViews><sheets>"
        for (i, n) in names.enumerated() {
            x += "<sheet name=\"\(escape(n))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        return x + "</sheets></workbook>"
    }

    static func workbookRels(count: Int) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 1...count {
            x += "<Relationship Id=\"rId\(i)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i).xml\"/>"
        }
        x += "<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        x += "<Relationship Id=\"rId\(count + 2)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return x + "</Relationships>"
    }

    /// Style 0 is the default; style 1 is bold (the header row).
    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
    """
}
