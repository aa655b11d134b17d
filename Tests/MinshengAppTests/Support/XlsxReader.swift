import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation
@testable import MinshengApp

/// Reads back what ``XlsxWriter`` writes, for the tests of exports (plans are read from xlsx by
/// the parser's own bounds-checked reader; this one uses ZIPFoundation's `Archive`, which is fine
/// for workbooks the app wrote itself): sheet names and order, shared, inline and formula
/// strings, numbers, column widths, and whether the first row is bold. Formulas are read as
/// their cached values; dates stay numbers.
enum XlsxReader {
    static func read(_ data: Data) throws -> [XlsxSheet] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw XlsxError.notAZip }

        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
            return out
        }

        guard let workbookData = try part("xl/workbook.xml") else { throw XlsxError.missingPart("xl/workbook.xml") }
        let rels = try part("xl/_rels/workbook.xml.rels").map(parseRelationships) ?? [:]
        let sheetRefs = try parseWorkbook(workbookData)
        guard !sheetRefs.isEmpty else { throw XlsxError.noSheets }
        let shared = try part("xl/sharedStrings.xml").map(parseSharedStrings) ?? []
        let boldStyles = try part("xl/styles.xml").map(parseBoldStyles) ?? []

        var sheets: [XlsxSheet] = []
        for (i, ref) in sheetRefs.enumerated() {
            var target = rels[ref.relID] ?? "worksheets/sheet\(i + 1).xml"
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let xml = try part(target) else { throw XlsxError.missingPart(target) }
            let parsed = try SheetParser.parse(xml, shared: shared)
            let bold = !(parsed.firstRowStyles.isEmpty) && parsed.firstRowStyles.allSatisfy { boldStyles.contains($0) }
            sheets.append(XlsxSheet(name: ref.name, rows: parsed.rows, columnWidths: parsed.widths, boldHeader: bold))
        }
        return sheets
    }

    // MARK: - parts

    struct SheetRef { var name: String; var relID: String }

    static func parseWorkbook(_ data: Data) throws -> [SheetRef] {
        var refs: [SheetRef] = []
        try walk(data) { event in
            if case .start("sheet", let attrs) = event {
                refs.append(SheetRef(name: attrs["name"] ?? "", relID: attrs["r:id"] ?? ""))
            }
        }
        return refs
    }

    static func parseRelationships(_ data: Data) throws -> [String: String] {
        var map: [String: String] = [:]
        try walk(data) { event in
            if case .start("Relationship", let attrs) = event, let id = attrs["Id"], let target = attrs["Target"] {
                map[id] = target
            }
        }
        return map
    }

    static func parseSharedStrings(_ data: Data) throws -> [String] {
        var list: [String] = []
        var current = ""
        var inT = false
        var inPhonetic = false
        try walk(data) { event in
            switch event {
            case .start("si", _): current = ""
            case .end("si"): list.append(current)
            case .start("rPh", _): inPhonetic = true
            case .end("rPh"): inPhonetic = false
            case .start("t", _): inT = true
            case .end("t"): inT = false
            case .text(let s) where inT && !inPhonetic: current += s
            default: break
            }
        }
        return list
    }

    /// Indexes into cellXfs whose font is bold.
    static func parseBoldStyles(_ data: Data) throws -> Set<Int> {
        var boldFonts = Set<Int>()
        var fontIndex = -1
        var inFonts = false, inXfs = false
        var xfIndex = -1
        var result = Set<Int>()
        try walk(data) { event in
            switch event {
            case .start("fonts", _): inFonts = true
            case .end("fonts"): inFonts = false
            case .start("font", _) where inFonts: fontIndex += 1
            case .start("b", let a) where inFonts:
                if a["val"] != "0" && a["val"] != "false" { boldFonts.insert(fontIndex) }
            case .start("cellXfs", _): inXfs = true
            case .end("cellXfs"): inXfs = false
            case .start("xf", let a) where inXfs:
                xfIndex += 1
                if let f = a["fontId"].flatMap(Int.init), boldFonts.contains(f) { result.insert(xfIndex) }
            default: break
            }
        }
        return result
    }

    enum SheetParser {
        struct Output { var rows: [[XlsxCell]] = []; var widths: [Double] = []; var firstRowStyles: [Int] = [] }

        static func parse(_ data: Data, shared: [String]) throws -> Output {
            var out = Output()
            var row: [XlsxCell] = []
            var rowNumber = 0
            var cellRef = "", cellType = "", cellStyle = 0
            var value = "", inline = ""
            var inV = false, inT = false
            try walk(data) { event in
                switch event {
                case .start("col", let a):
                    if let min = a["min"].flatMap(Int.init), let max = a["max"].flatMap(Int.init),
                       let w = a["width"].flatMap(Double.init), min >= 1, max >= min, max - min < 1000 {
                        while out.widths.count < max { out.widths.append(0) }
                        for i in min...max { out.widths[i - 1] = w }
                    }
                case .start("row", let a):
                    let r = a["r"].flatMap(Int.init) ?? (rowNumber + 1)
                    // Rows Excel leaves out (all empty) still count.
                    while out.rows.count < r - 1 { out.rows.append([]) }
                    rowNumber = r
                    row = []
                case .end("row"):
                    out.rows.append(row)
                case .start("c", let a):
                    cellRef = a["r"] ?? ""
                    cellType = a["t"] ?? "n"
                    cellStyle = a["s"].flatMap(Int.init) ?? 0
                    value = ""; inline = ""
                case .end("c"):
                    let col = XlsxColumn.index(ofReference: cellRef) ?? row.count
                    while row.count < col { row.append(.empty) }
                    let cell: XlsxCell
                    switch cellType {
                    case "s": cell = Int(value).flatMap { $0 < shared.count ? .text(shared[$0]) : nil } ?? .empty
                    case "inlineStr": cell = .text(inline)
                    case "str", "e": cell = .text(value)
                    case "b": cell = .number(value == "1" ? 1 : 0)
                    default: cell = value.isEmpty ? .empty : (Double(value).map(XlsxCell.number) ?? .text(value))
                    }
                    row.append(cell)
                    if rowNumber == 1 { out.firstRowStyles.append(cellStyle) }
                case .start("v", _): inV = true
                case .end("v"): inV = false
                case .start("t", _): inT = true
                case .end("t"): inT = false
                case .text(let s):
                    if inV { value += s } else if inT { inline += s }
                default: break
                }
            }
            // Trailing empties are not data.
            out.rows = out.rows.map { r in
                var r = r
                while r.last == .empty { r.removeLast() }
                return r
            }
            return out
        }
    }

    // MARK: - a tiny event walker over XMLParser

    enum Event { case start(String, [String: String]), end(String), text(String) }

    final class SheetXMLDelegate: NSObject, XMLParserDelegate {
        let handle: (Event) -> Void
        init(_ handle: @escaping (Event) -> Void) { self.handle = handle }
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            handle(.start(local(elementName), attributeDict))
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            handle(.end(local(elementName)))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { handle(.text(string)) }
        func local(_ name: String) -> String {
            // Element names with a prefix (x:row) are compared by local name; attributes keep theirs.
            if let i = name.lastIndex(of: ":") { return String(name[name.index(after: i)...]) }
            return name
        }
    }

    static func walk(_ data: Data, _ handle: @escaping (Event) -> Void) throws {
        let parser = XMLParser(data: data)
        let delegate = SheetXMLDelegate(handle)
        parser.delegate = delegate
        guard parser.parse() else {
            throw XlsxError.malformedXML(parser.parserError.map { "\($0)" } ?? "unknown")
        }
    }
}
