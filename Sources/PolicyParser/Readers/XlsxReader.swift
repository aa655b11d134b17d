import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An Excel workbook (`.xlsx`, 项目汇总表) → text: the sheets that hold the list, each laid out by
/// ``TableGrid`` (merged ranges resolved) and written one row per line, cells joined by ` | `, for
/// ``TableLayout`` to read by the header row.
///
/// Reads shared strings (`xl/sharedStrings.xml`, phonetic runs left out), inline and formula
/// strings, numbers (shortest form: `0.95`, `500`; `95%` in a percentage format), booleans, and
/// dates stored as serial numbers in a date format (`45657` → `2024年12月31日`). A sheet holds the list when one of its rows is a
/// header ``TableLayout`` recognises (序号 | 项目名称 | … | 牵头单位); the other sheets (填表说明,
/// 汇总, hidden or empty sheets) are skipped and named in ``XlsxWorkbook/skipped``. When no sheet has
/// such a header every visible sheet is read, so that nothing is lost unseen.
///
/// Built on ``ZipValidation`` (every offset checked; ZIPFoundation's `Archive` hangs or traps on
/// damaged input). Broken input ends in ``DocumentReadError/corruptSpreadsheet(_:)``.
enum XlsxReader {
    /// Unpacked parts above this size are refused.
    static let maximumPartSize = 200 * 1024 * 1024

    /// What was read from a workbook.
    struct XlsxWorkbook {
        /// The text of the sheets read, in workbook order.
        var text: String
        /// Names of the sheets read.
        var read: [String]
        /// Sheets left out, with the reason (Chinese).
        var skipped: [(name: String, reason: String)]
    }

    /// One sheet of a workbook as a grid (merged ranges resolved), or why it has none.
    struct Sheet {
        var name: String
        var hidden: Bool
        /// Rows of cells, 0-based, nil where no cell is; nil when the sheet's part is missing.
        var grid: TableGrid?
        var target: String
    }

    /// Every sheet of a workbook, in workbook order.
    static func sheets(_ data: Data) throws(DocumentReadError) -> [Sheet] {
        let bytes = [UInt8](data)
        let entries: [ZipValidation.Entry]
        switch ZipValidation.entries(in: bytes) {
        case let .success(found): entries = found
        case let .failure(problem): throw .corruptSpreadsheet(problem.reason)
        }
        func part(_ path: String) throws(DocumentReadError) -> Data? {
            do { return try ZipValidation.part(path, in: entries, of: bytes, limit: maximumPartSize) } catch { throw .corruptSpreadsheet(error.reason) }
        }
        guard let workbook = try part("xl/workbook.xml") else { throw .corruptSpreadsheet("缺少 xl/workbook.xml") }
        let sheets = try Self.events(workbook, "xl/workbook.xml", SheetListReader())
        guard !sheets.sheets.isEmpty else { throw .corruptSpreadsheet("工作簿中没有工作表") }
        let relationships = (try? part("xl/_rels/workbook.xml.rels")).flatMap { $0 }.flatMap { try? Self.events($0, "rels", RelationshipReader()) }?.targets ?? [:]
        // Shared strings and styles are needed for text and dates; a broken one is a broken file.
        let shared = try part("xl/sharedStrings.xml").map { data throws(DocumentReadError) in try Self.events(data, "xl/sharedStrings.xml", SharedStringReader()).strings } ?? []
        let styles = (try? part("xl/styles.xml")).flatMap { $0 }.flatMap { try? Self.events($0, "styles", StyleReader()) }
        let dateStyles = styles?.dateStyles ?? [], percentStyles = styles?.percentStyles ?? []

        var out: [Sheet] = []
        for (index, sheet) in sheets.sheets.enumerated() {
            var target = sheet.relationship.flatMap { relationships[$0] } ?? "worksheets/sheet\(index + 1).xml"
            if target.hasPrefix("/") { target.removeFirst() } else if !target.hasPrefix("xl/") { target = "xl/" + target }
            guard let xml = try part(target) else {
                out.append(Sheet(name: sheet.name, hidden: sheet.hidden, grid: nil, target: target))
                continue
            }
            let reader = try Self.events(xml, target, SheetReader(shared: shared, dateStyles: dateStyles, percentStyles: percentStyles))
            out.append(Sheet(name: sheet.name, hidden: sheet.hidden, grid: reader.grid, target: target))
        }
        return out
    }

    static func read(_ data: Data) throws(DocumentReadError) -> XlsxWorkbook {
        var read: [(name: String, lines: [String])] = []
        var unread: [(name: String, lines: [String], reason: String)] = []
        var candidates: [(name: String, lines: [String], strength: Int)] = []
        for sheet in try sheets(data) {
            guard let grid = sheet.grid else {
                unread.append((sheet.name, [], "找不到工作表内容(\(sheet.target))"))
                continue
            }
            let lines = grid.lines(padded: true)
            if sheet.hidden {
                unread.append((sheet.name, [], "隐藏的工作表"))
            } else if lines.isEmpty {
                unread.append((sheet.name, [], "空工作表"))
            } else if let strength = lines.prefix(60).compactMap(Self.headerStrength).max() {
                candidates.append((sheet.name, lines, strength))
            } else {
                unread.append((sheet.name, lines, "没有可识别的表头行(序号、项目名称、牵头单位等)"))
            }
        }
        // Sheets whose header names who answers for each row hold the list; a sheet whose header
        // has none beside them (汇总: 领域 | 项目数 | 投资) is a summary.
        let best = candidates.map(\.strength).max() ?? 0
        for sheet in candidates {
            if sheet.strength == best { read.append((sheet.name, sheet.lines)) }
            else { unread.append((sheet.name, [], "表头不含牵头单位、责任单位或领导,视为汇总表")) }
        }
        if read.isEmpty {
            // No list found: read every visible sheet with content rather than nothing.
            read = unread.filter { !$0.lines.isEmpty }.map { ($0.name, $0.lines) }
            unread = unread.filter { $0.lines.isEmpty }
        }
        return XlsxWorkbook(text: read.flatMap(\.lines).joined(separator: "\n"), read: read.map(\.name),
                            skipped: unread.map { ($0.name, $0.reason) })
    }

    /// For a line that is a header row the parser will read the list by: 2 when it has a column of
    /// units or leaders, 1 otherwise; nil when the line is not a header.
    static func headerStrength(_ line: String) -> Int? {
        guard line.utf8.contains(UInt8(ascii: "|")) else { return nil }
        let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let layout = TableLayout(header: cells.map(Normalizer.normaliseFragment)) else { return nil }
        return layout.roles.contains { [.lead, .responsible, .support, .leaders].contains($0) } ? 2 : 1
    }

    // MARK: XML

    /// Runs `delegate` over `data`; a parse error is a broken file.
    static func events<Delegate: XMLParserDelegate & ParseErrorHolding>(_ data: Data, _ name: String, _ delegate: Delegate) throws(DocumentReadError) -> Delegate {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse(), delegate.parseError == nil else {
            throw .corruptSpreadsheet("\(name) 不是有效的 XML(第 \(parser.lineNumber) 行)")
        }
        return delegate
    }

    static func local(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    /// `B12` → (row 11, column 1), 0-based; nil when not a cell reference.
    static func position(of reference: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for s in reference.utf8 {
            switch s {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(s - UInt8(ascii: "A")) + 1; letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(s - UInt8(ascii: "a")) + 1; letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(s - UInt8(ascii: "0")); digits += 1
            case UInt8(ascii: "$"):
                continue
            default:
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row >= 1 else { return nil }
        return (row - 1, column - 1)
    }

    /// A serial day number of Excel's 1900 date system → `2024年12月31日` (with `08:30` when it has a time of day).
    static func date(fromSerial serial: Double) -> String? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        // Days from 1970-01-01; Excel's day 25569 is 1970-01-01 (its fictitious 1900-02-29 included).
        let days = Int(serial.rounded(.down)) - 25569
        // Civil date from days (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        // A date-time cell keeps its time of day (a fraction of a day): `2026年11月29日 08:30`.
        let seconds = Int(((serial - serial.rounded(.down)) * 86_400).rounded())
        guard seconds > 0, seconds < 86_400 else { return "\(year)年\(month)月\(day)日" }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let time = "\(two(seconds / 3600)):\(two(seconds % 3600 / 60))" + (seconds % 60 == 0 ? "" : ":\(two(seconds % 60))")
        return "\(year)年\(month)月\(day)日 \(time)"
    }

    /// A number as Excel shows it by default: `500`, `0.95`, `12.5`.
    static func number(_ text: String) -> String {
        guard let value = Double(text), value.isFinite else { return text }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

/// A delegate that remembers the first parse error.
protocol ParseErrorHolding: AnyObject {
    var parseError: (any Error)? { get }
}

extension XlsxReader {
    /// `xl/workbook.xml`: sheet names, relationship ids and visibility, in order.
    final class SheetListReader: NSObject, XMLParserDelegate, ParseErrorHolding {
        var sheets: [(name: String, relationship: String?, hidden: Bool)] = []
        var parseError: (any Error)?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes: [String: String] = [:]) {
            guard XlsxReader.local(elementName) == "sheet", sheets.count < 1000 else { return }
            let relationship = attributes.first { XlsxReader.local($0.key) == "id" && $0.key.contains(":") }?.value
            let state = attributes["state"] ?? "visible"
            sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", relationship, state != "visible"))
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            self.parseError = parseError
            parser.abortParsing()
        }
    }

    /// `xl/_rels/workbook.xml.rels`: relationship id → part path.
    final class RelationshipReader: NSObject, XMLParserDelegate, ParseErrorHolding {
        var targets: [String: String] = [:]
        var parseError: (any Error)?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes: [String: String] = [:]) {
            if XlsxReader.local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
                targets[id] = target
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            self.parseError = parseError
            parser.abortParsing()
        }
    }

    /// `xl/sharedStrings.xml`: the strings cells of type `s` point to; phonetic runs (`rPh`) left out.
    final class SharedStringReader: NSObject, XMLParserDelegate, ParseErrorHolding {
        var strings: [String] = []
        var current = ""
        var inText = false
        var inPhonetic = false
        var parseError: (any Error)?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes: [String: String] = [:]) {
            switch XlsxReader.local(elementName) {
            case "si": current = ""
            case "t": inText = true
            case "rPh": inPhonetic = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            switch XlsxReader.local(elementName) {
            case "si": strings.append(current)
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText && !inPhonetic { current += string }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            self.parseError = parseError
            parser.abortParsing()
        }
    }

    /// `xl/styles.xml`: which cell formats (`cellXfs` index) show a number as a date.
    final class StyleReader: NSObject, XMLParserDelegate, ParseErrorHolding {
        var dateStyles: Set<Int> = []
        var customDateFormats: Set<Int> = []
        /// Cell formats that show a number as a percentage (0.95 → 95%).
        var percentStyles: Set<Int> = []
        var customPercentFormats: Set<Int> = []
        var inCellFormats = false
        var index = 0
        var parseError: (any Error)?
        /// Excel's built-in date and time formats.
        static let builtInDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes: [String: String] = [:]) {
            switch XlsxReader.local(elementName) {
            case "numFmt":
                // A custom format with day, month or year codes outside quotes and brackets.
                if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                    var quoted = false, bracket = false, isDate = false
                    for c in code.lowercased() {
                        if c == "\"" { quoted.toggle() } else if c == "[" { bracket = true } else if c == "]" { bracket = false }
                        else if !quoted, !bracket, c == "y" || c == "d" || c == "m" { isDate = true }
                    }
                    if code.contains("%") { customPercentFormats.insert(id) }
                    else if isDate || code.contains("年") || code.contains("月") { customDateFormats.insert(id) }
                }
            case "cellXfs":
                inCellFormats = true
                index = 0
            case "xf" where inCellFormats:
                if let id = attributes["numFmtId"].flatMap({ Int($0) }) {
                    if Self.builtInDates.contains(id) || customDateFormats.contains(id) { dateStyles.insert(index) }
                    if id == 9 || id == 10 || customPercentFormats.contains(id) { percentStyles.insert(index) }
                }
                index += 1
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            if XlsxReader.local(elementName) == "cellXfs" { inCellFormats = false }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            self.parseError = parseError
            parser.abortParsing()
        }
    }

    /// One worksheet: its cells placed on a ``TableGrid`` and its merged ranges applied.
    final class SheetReader: NSObject, XMLParserDelegate, ParseErrorHolding {
        let shared: [String]
        let dateStyles: Set<Int>
        let percentStyles: Set<Int>
        var grid = TableGrid()
        var parseError: (any Error)?
        private var rowIndex = -1
        private var columnIndex = -1
        private var cellType = "n"
        private var cellStyle = 0
        private var value = ""
        private var inValue = false
        private var inInline = false
        private var inText = false
        private var inPhonetic = false
        private var merges: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []
        /// Rows beyond this are not read (Excel's own limit is 1,048,576).
        static let maximumRows = 200_000

        init(shared: [String], dateStyles: Set<Int>, percentStyles: Set<Int> = []) {
            self.shared = shared
            self.dateStyles = dateStyles
            self.percentStyles = percentStyles
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes: [String: String] = [:]) {
            switch XlsxReader.local(elementName) {
            case "row":
                let r = attributes["r"].flatMap { Int($0) }.map { $0 - 1 } ?? rowIndex + 1
                rowIndex = r > rowIndex ? r : rowIndex + 1
                columnIndex = -1
            case "c":
                if let position = attributes["r"].flatMap(XlsxReader.position(of:)) {
                    columnIndex = position.column
                    if position.row > rowIndex { rowIndex = position.row }
                } else {
                    columnIndex += 1
                }
                cellType = attributes["t"] ?? "n"
                cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
                value = ""
            case "v":
                inValue = true
            case "is":
                inInline = true
            case "t":
                inText = true
            case "rPh":
                inPhonetic = true
            case "mergeCell":
                if let reference = attributes["ref"], merges.count < 100_000 {
                    let ends = reference.split(separator: ":").compactMap { XlsxReader.position(of: String($0)) }
                    if ends.count == 2, ends[0].row <= ends[1].row, ends[0].column <= ends[1].column {
                        merges.append((ends[0].row...ends[1].row, ends[0].column...ends[1].column))
                    }
                }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            switch XlsxReader.local(elementName) {
            case "c":
                guard rowIndex >= 0, rowIndex < Self.maximumRows, columnIndex >= 0 else { return }
                let text: String
                switch cellType {
                case "s": text = Int(value.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
                case "inlineStr", "str", "e": text = value
                case "b": text = value == "1" ? "是" : "否"
                default:
                    if dateStyles.contains(cellStyle), let serial = Double(value), let date = XlsxReader.date(fromSerial: serial) {
                        text = date
                    } else if percentStyles.contains(cellStyle), let fraction = Double(value), fraction.isFinite, abs(fraction) < 1e12 {
                        // Shown as 95%: the percentage, rounded as Excel shows it.
                        text = XlsxReader.number(String((fraction * 100 * 10000).rounded() / 10000)) + "%"
                    } else {
                        text = XlsxReader.number(value)
                    }
                }
                if !text.isEmpty { grid.set(row: rowIndex, column: columnIndex, text: text) }
            case "v": inValue = false
            case "is": inInline = false
            case "t": inText = false
            case "rPh": inPhonetic = false
            case "worksheet":
                // Bounded work however many or large the ranges a damaged file lists.
                var budget = 2_000_000
                for merge in merges where budget > 0 {
                    budget -= min(merge.rows.count, TableGrid.maximumSpan) * min(merge.columns.count, TableGrid.maximumColumns)
                    grid.merge(rows: merge.rows, columns: merge.columns)
                }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inValue || (inInline && inText && !inPhonetic) { value += string }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            self.parseError = parseError
            parser.abortParsing()
        }
    }
}
