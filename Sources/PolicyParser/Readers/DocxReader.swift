import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// A Word document (`.docx`) → text: the paragraphs and table rows of `word/document.xml` in
/// document order, one line each; a row's cells are joined by ` | ` (as in the seeds' flattened
/// tables), and the paragraphs inside one cell by a space.
///
/// Broken input ends in ``DocumentReadError/corruptDocx(_:)`` with the reason: not a ZIP, cut off,
/// no `word/document.xml`, an entry too large when unpacked (a ZIP bomb), or XML that does not parse.
enum DocxReader {
    /// Unpacked `document.xml` above this size is refused (a 20 MB .docx of text unpacks to far less).
    static let maximumXMLSize = 200 * 1024 * 1024

    static func text(from data: Data) throws(DocumentReadError) -> String {
        let xml = try documentXML(from: data)
        return try paragraphs(fromDocumentXML: xml)
    }

    /// The bytes of `word/document.xml`.
    static func documentXML(from data: Data) throws(DocumentReadError) -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .corruptDocx("不是完整的 ZIP 文件(可能已截断)")
        }
        // Some generators write the part name with a leading slash or different case.
        let entry = archive["word/document.xml"]
            ?? archive.first(where: { $0.path.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/")) == "word/document.xml" })
        guard let entry else {
            throw .corruptDocx("缺少 word/document.xml")
        }
        guard entry.type == .file else {
            throw .corruptDocx("word/document.xml 不是文件")
        }
        if entry.uncompressedSize > UInt64(maximumXMLSize) {
            throw .corruptDocx("word/document.xml 解压后过大")
        }
        var xml = Data()
        xml.reserveCapacity(Int(min(entry.uncompressedSize, 64 * 1024 * 1024)))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                xml.append(chunk)
                if xml.count > maximumXMLSize { throw ArchiveReadLimit.exceeded }
            }
        } catch ArchiveReadLimit.exceeded {
            throw .corruptDocx("word/document.xml 解压后过大")
        } catch {
            throw .corruptDocx("word/document.xml 无法解压(\(error))")
        }
        return xml
    }

    enum ArchiveReadLimit: Error {
        case exceeded
    }

    /// Lines of the document body. Public for tests through `@testable`.
    static func paragraphs(fromDocumentXML xml: Data) throws(DocumentReadError) -> String {
        let parser = XMLParser(data: xml)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let collector = BodyCollector()
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
        /// One entry per open table: the cells of the current row, and the text of the current cell.
        var tables: [(cells: [String], cell: String)] = []
        /// Depth inside elements whose text must not be shown.
        var skipDepth = 0
        /// Open elements; non-zero at the end means the XML was cut off.
        var depth = 0
        var parseError: (any Error)?

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
            case "delText", "instrText", "Fallback", "footnoteReference", "commentReference":
                skipDepth = 1
            case "p":
                paragraph = ""
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
                tables.append((cells: [], cell: ""))
            case "tr":
                if !tables.isEmpty { tables[tables.count - 1].cells = [] }
            case "tc":
                if !tables.isEmpty { tables[tables.count - 1].cell = "" }
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
            case "p":
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
            case "tc":
                if !tables.isEmpty {
                    tables[tables.count - 1].cells.append(tables[tables.count - 1].cell)
                    tables[tables.count - 1].cell = ""
                }
            case "tr":
                guard !tables.isEmpty else { break }
                let row = tables[tables.count - 1].cells
                tables[tables.count - 1].cells = []
                guard !row.allSatisfy(\.isEmpty) else { break }
                let line = row.joined(separator: " | ")
                if tables.count == 1 {
                    lines.append(line)
                } else {
                    // A nested table's row belongs to the enclosing cell.
                    let outer = tables.count - 2
                    tables[outer].cell = tables[outer].cell.isEmpty ? line : tables[outer].cell + " " + line
                }
            case "tbl":
                if !tables.isEmpty {
                    let closing = tables.removeLast()
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
