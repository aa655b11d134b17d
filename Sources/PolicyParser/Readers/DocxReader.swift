import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// A Word document (`.docx`) → text: the paragraphs and table rows of `word/document.xml` in
/// document order, one line each; a row's cells are joined by ` | ` (as in the seeds' flattened
/// tables), and the paragraphs inside one cell by a space.
///
/// Paragraphs numbered by Word itself (`w:numPr`, defined in `word/numbering.xml`) get their
/// label written out (`一、`, `(一)`, `1.`), since the plan's outline depends on it.
///
/// Broken input ends in ``DocumentReadError/corruptDocx(_:)`` with the reason: not a ZIP, cut off,
/// no `word/document.xml`, an entry too large when unpacked (a ZIP bomb), or XML that does not parse.
enum DocxReader {
    /// Unpacked `document.xml` above this size is refused (a 20 MB .docx of text unpacks to far less).
    static let maximumXMLSize = 200 * 1024 * 1024

    static func text(from data: Data) throws(DocumentReadError) -> String {
        let bytes = [UInt8](data)
        let entries: [ZipValidation.Entry]
        switch ZipValidation.entries(in: bytes) {
        case let .success(found): entries = found
        case let .failure(problem): throw .corruptDocx(problem.reason)
        }
        guard let xml = try part("word/document.xml", in: entries, of: bytes) else {
            throw .corruptDocx("缺少 word/document.xml")
        }
        // Numbering is an enhancement: a missing or broken numbering.xml leaves paragraphs unlabelled.
        let numbering = ((try? part("word/numbering.xml", in: entries, of: bytes)) ?? nil).map(Numbering.init(xml:)) ?? Numbering()
        return try paragraphs(fromDocumentXML: xml, numbering: numbering)
    }

    /// The unpacked bytes of one part of the package, e.g. `word/document.xml`; nil when absent.
    static func part(_ path: String, in entries: [ZipValidation.Entry], of bytes: [UInt8]) throws(DocumentReadError) -> Data? {
        do {
            return try ZipValidation.part(path, in: entries, of: bytes, limit: maximumXMLSize)
        } catch {
            throw .corruptDocx(error.reason)
        }
    }

    /// Lines of the document body. Public for tests through `@testable`.
    static func paragraphs(fromDocumentXML xml: Data, numbering: Numbering = Numbering()) throws(DocumentReadError) -> String {
        let parser = XMLParser(data: xml)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let collector = BodyCollector(numbering: numbering)
        parser.delegate = collector
        guard parser.parse(), collector.parseError == nil, collector.depth == 0 else {
            let line = parser.lineNumber
            let description = (parser.parserError ?? collector.parseError).map { "\($0.localizedDescription)" }
                ?? "元素未闭合"
            throw .corruptDocx("word/document.xml 不是有效的 XML(第 \(line) 行:\(description))")
        }
        guard collector.sawBody else {
            throw .corruptDocx("word/document.xml 中没有正文(w:body)")
        }
        return collector.lines
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}\u{A0}")) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    /// SAX delegate that follows `w:p`, `w:t`, `w:tab`, `w:br`, `w:tbl`, `w:tr`, `w:tc`.
    ///
    /// Deleted revision text (`w:delText`), field codes (`w:instrText`) and drawings' alternate
    /// content are skipped. A table nested in a cell is read into that cell.
    final class BodyCollector: NSObject, XMLParserDelegate {
        var lines: [String] = []
        var sawBody = false
        /// Text of the paragraph being read.
        var paragraph = ""
        var inText = false
        /// One entry per open table: its grid, the cells of the current row, and the current cell's text and merges.
        var tables: [(grid: TableGrid, cells: [TableGrid.Cell], cell: String, span: Int, continuesAbove: Bool)] = []
        /// Depth inside elements whose text must not be shown.
        var skipDepth = 0
        /// Open elements; non-zero at the end means the XML was cut off.
        var depth = 0
        var parseError: (any Error)?
        /// Word's list definitions and the counters met so far.
        var numbering: Numbering
        /// `w:numPr` of the paragraph being read: list instance and level.
        var paragraphNumId: Int?
        var paragraphLevel = 0
        /// Paragraphs open around the current one (text boxes), innermost last.
        var paragraphDepth = 0
        var outerParagraphs: [(text: String, label: String?, numId: Int?, level: Int)] = []

        init(numbering: Numbering) {
            self.numbering = numbering
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            self.parseError = parseError
            parser.abortParsing()
        }

        static func local(_ name: String) -> Substring {
            if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
            return name[...]
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let name = Self.local(elementName)
            depth += 1
            if skipDepth > 0 {
                skipDepth += 1
                return
            }
            switch name {
            case "body":
                sawBody = true
            case "delText", "instrText", "Fallback", "footnoteReference", "commentReference", "pPrChange":
                skipDepth = 1
            case "p":
                // A text box (w:txbxContent) puts paragraphs inside a paragraph: keep the outer one.
                if paragraphDepth > 0 {
                    outerParagraphs.append((paragraph, numbering.lastLabel, paragraphNumId, paragraphLevel))
                }
                paragraphDepth += 1
                paragraph = ""
                paragraphNumId = nil
                paragraphLevel = 0
                numbering.lastLabel = nil
            case "numId":
                paragraphNumId = attributeDict["w:val"].flatMap { Int($0) }
            case "ilvl":
                paragraphLevel = attributeDict["w:val"].flatMap { Int($0) } ?? 0
            case "numPr":
                break
            case "t":
                inText = true
            case "tab", "ptab":
                paragraph += " "
            case "br", "cr":
                // A manual line break: a new line in running text, a space inside a table cell.
                if tables.isEmpty {
                    lines.append(paragraph)
                    paragraph = ""
                } else {
                    paragraph += " "
                }
            case "noBreakHyphen":
                paragraph += "-"
            case "sym":
                if let char = attributeDict["w:char"], let value = UInt32(char, radix: 16),
                   let scalar = Unicode.Scalar(value), value < 0xF000 {
                    paragraph.unicodeScalars.append(scalar)
                }
            case "tbl":
                tables.append((grid: TableGrid(), cells: [], cell: "", span: 1, continuesAbove: false))
            case "tr":
                if !tables.isEmpty { tables[tables.count - 1].cells = [] }
            case "tc":
                if !tables.isEmpty {
                    tables[tables.count - 1].cell = ""
                    tables[tables.count - 1].span = 1
                    tables[tables.count - 1].continuesAbove = false
                }
            case "gridSpan":
                // Merged across: the cell covers several grid columns.
                if !tables.isEmpty, let span = attributeDict["w:val"].flatMap({ Int($0) }), span > 1 {
                    tables[tables.count - 1].span = span
                }
            case "vMerge":
                // Merged down: `restart` opens the range, a bare vMerge (or `continue`) continues it.
                if !tables.isEmpty { tables[tables.count - 1].continuesAbove = attributeDict["w:val"].map { $0 != "restart" } ?? true }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            depth -= 1
            if skipDepth > 0 {
                skipDepth -= 1
                return
            }
            switch Self.local(elementName) {
            case "t":
                inText = false
            case "pPr":
                // The label is counted when the paragraph's properties close, before its text.
                if let numId = paragraphNumId, numId != 0 {
                    numbering.lastLabel = numbering.next(numId: numId, level: paragraphLevel)
                }
            case "p":
                if let label = numbering.lastLabel, !label.isEmpty,
                   !paragraph.trimmingCharacters(in: .whitespaces).isEmpty {
                    paragraph = label + paragraph.drop(while: { $0 == " " || $0 == "\u{3000}" })
                }
                numbering.lastLabel = nil
                if tables.isEmpty {
                    lines.append(paragraph)
                } else {
                    let text = paragraph.trimmingCharacters(in: .whitespaces)
                    if !text.isEmpty {
                        let current = tables[tables.count - 1].cell
                        tables[tables.count - 1].cell = current.isEmpty ? text : current + " " + text
                    }
                }
                paragraph = ""
                paragraphDepth = max(0, paragraphDepth - 1)
                if let outer = outerParagraphs.popLast() {
                    (paragraph, numbering.lastLabel, paragraphNumId, paragraphLevel) = outer
                }
            case "tc":
                if !tables.isEmpty {
                    let t = tables[tables.count - 1]
                    tables[tables.count - 1].cells.append(TableGrid.Cell(text: t.cell, columns: t.span, continuesAbove: t.continuesAbove))
                    tables[tables.count - 1].cell = ""
                }
            case "tr":
                guard !tables.isEmpty else { break }
                let row = tables[tables.count - 1].cells
                tables[tables.count - 1].cells = []
                if tables.count == 1 {
                    tables[0].grid.addRow(row)
                } else {
                    // A nested table's row belongs to the enclosing cell.
                    guard !row.allSatisfy({ $0.text.isEmpty }) else { break }
                    let line = row.map(\.text).joined(separator: " | ")
                    let outer = tables.count - 2
                    tables[outer].cell = tables[outer].cell.isEmpty ? line : tables[outer].cell + " " + line
                }
            case "tbl":
                if !tables.isEmpty {
                    let closing = tables.removeLast()
                    if tables.isEmpty { lines += closing.grid.lines() }
                    // Text of a table with no row structure still counts.
                    if !closing.cell.isEmpty {
                        if tables.isEmpty { lines.append(closing.cell) } else { tables[tables.count - 1].cell += " " + closing.cell }
                    }
                }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText && skipDepth == 0 { paragraph += string }
        }
    }
}

extension DocxReader {
    /// Word's automatic numbering (`word/numbering.xml`): list definitions and running counters.
    ///
    /// Supports the formats plans use: `decimal` (1.), `chineseCounting` / `chineseCountingThousand` /
    /// `ideographTraditional`-style Chinese numerals (一、), `decimalEnclosedCircle` (①),
    /// `decimalFullWidth`, letters and roman numerals; bullets give no label. Paragraph styles that
    /// carry numbering (`w:pStyle` → `styles.xml`) are not followed.
    struct Numbering {
        /// One level of a list definition.
        struct Level {
            var start = 1
            var format = "decimal"
            var text = "%1."
        }

        /// Levels by abstract list id, then level index.
        var abstractLevels: [Int: [Int: Level]] = [:]
        /// List instance (`w:num`) → abstract list, and per-instance start overrides by level.
        var instances: [Int: (abstract: Int, startOverrides: [Int: Int])] = [:]
        /// Counters by list instance, then level.
        var counters: [Int: [Int: Int]] = [:]
        /// The label computed for the paragraph being read.
        var lastLabel: String?

        init() {}

        init(xml: Data) {
            let parser = XMLParser(data: xml)
            parser.shouldProcessNamespaces = false
            parser.shouldResolveExternalEntities = false
            let reader = DefinitionReader()
            parser.delegate = reader
            guard parser.parse() else { return }
            abstractLevels = reader.abstractLevels
            instances = reader.instances
        }

        /// Advances the counter of `level` in list `numId` and returns the level's label.
        mutating func next(numId: Int, level: Int) -> String? {
            guard let instance = instances[numId], let levels = abstractLevels[instance.abstract],
                  let definition = levels[level] else { return nil }
            var values = counters[numId] ?? [:]
            let start = instance.startOverrides[level] ?? definition.start
            values[level] = (values[level].map { $0 + 1 }) ?? start
            // A deeper level starts again under a new parent.
            for deeper in values.keys where deeper > level { values[deeper] = nil }
            counters[numId] = values
            guard definition.format != "bullet", definition.format != "none" else { return nil }

            var label = definition.text
            for index in (0...8).reversed() where label.contains("%\(index + 1)") {
                let levelDefinition = levels[index] ?? Level()
                let value = values[index] ?? (instance.startOverrides[index] ?? levelDefinition.start)
                label = label.replacingOccurrences(of: "%\(index + 1)", with: Self.format(value, levelDefinition.format))
            }
            return label
        }

        static let chineseDigits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

        /// `value` written in the list format `format`.
        static func format(_ value: Int, _ format: String) -> String {
            switch format {
            case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
                 "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting":
                return chinese(value)
            case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
                return (1...20).contains(value) ? String(Character(Unicode.Scalar(0x2460 + UInt32(value - 1))!)) : String(value)
            case "decimalFullWidth", "decimalFullWidth2":
                return String(String(value).unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) })
            case "decimalZero":
                return value < 10 ? "0\(value)" : String(value)
            case "upperLetter", "lowerLetter":
                guard value >= 1 else { return String(value) }
                let letter = Character(Unicode.Scalar(UInt32((value - 1) % 26) + (format == "upperLetter" ? 65 : 97))!)
                return String(repeating: letter, count: (value - 1) / 26 + 1)
            case "upperRoman", "lowerRoman":
                let roman = Self.roman(value)
                return format == "upperRoman" ? roman : roman.lowercased()
            default:
                return String(value)
            }
        }

        /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 999).
        static func chinese(_ value: Int) -> String {
            guard value > 0, value < 1000 else { return String(value) }
            let hundreds = value / 100, tens = (value / 10) % 10, ones = value % 10
            var text = ""
            if hundreds > 0 { text += chineseDigits[hundreds] + "百" }
            if tens > 0 {
                text += (tens == 1 && hundreds == 0 ? "" : chineseDigits[tens]) + "十"
            } else if hundreds > 0 && ones > 0 {
                text += "零"
            }
            if ones > 0 { text += chineseDigits[ones] }
            return text
        }

        static func roman(_ value: Int) -> String {
            guard value > 0, value < 4000 else { return String(value) }
            let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
            var rest = value
            var text = ""
            for (amount, symbol) in table {
                while rest >= amount {
                    text += symbol
                    rest -= amount
                }
            }
            return text
        }
    }

    /// Reads `w:abstractNum` / `w:lvl` and `w:num` from `numbering.xml`.
    final class DefinitionReader: NSObject, XMLParserDelegate {
        var abstractLevels: [Int: [Int: Numbering.Level]] = [:]
        var instances: [Int: (abstract: Int, startOverrides: [Int: Int])] = [:]
        var abstractId: Int?
        var level: Int?
        var current = Numbering.Level()
        var numId: Int?
        var overrideLevel: Int?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes: [String: String] = [:]) {
            let value = attributes["w:val"]
            switch BodyCollector.local(elementName) {
            case "abstractNum":
                abstractId = attributes["w:abstractNumId"].flatMap { Int($0) }
            case "lvl":
                level = attributes["w:ilvl"].flatMap { Int($0) }
                current = Numbering.Level()
            case "start":
                if level != nil, let start = value.flatMap({ Int($0) }) { current.start = start }
            case "numFmt":
                if level != nil, let value { current.format = value }
            case "lvlText":
                if level != nil, let value { current.text = value }
            case "num":
                numId = attributes["w:numId"].flatMap { Int($0) }
            case "abstractNumId":
                if let numId, let abstract = value.flatMap({ Int($0) }) {
                    instances[numId] = (abstract, instances[numId]?.startOverrides ?? [:])
                }
            case "lvlOverride":
                overrideLevel = attributes["w:ilvl"].flatMap { Int($0) }
            case "startOverride":
                if let numId, let overrideLevel, let start = value.flatMap({ Int($0) }) {
                    var instance = instances[numId] ?? (abstract: -1, startOverrides: [:])
                    instance.startOverrides[overrideLevel] = start
                    instances[numId] = instance
                }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            switch BodyCollector.local(elementName) {
            case "lvl":
                if let abstractId, let level { abstractLevels[abstractId, default: [:]][level] = current }
                level = nil
            case "abstractNum":
                abstractId = nil
            case "num":
                numId = nil
            case "lvlOverride":
                overrideLevel = nil
            default:
                break
            }
        }
    }
}
