import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import PolicyParser

/// Builders for test inputs: ZIP archives written byte by byte (independent of ZIPFoundation,
/// which the reader uses), minimal `.docx` files, GB18030 bytes, a seeded PRNG, fixture paths.
enum TestDocuments {
    /// `Tests/Fixtures`, found from this file's path.
    static let fixturesDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Support
        .deletingLastPathComponent()   // PolicyParserTests
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Fixtures")

    /// `../shared/corpus/seeds` beside the repository, if present.
    static let seedsDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/seeds")

    static func fixtureData(_ name: String) throws -> Data {
        try Data(contentsOf: fixturesDirectory.appendingPathComponent(name))
    }

    /// The seeds' texts, sorted by name; empty where the corpus is absent.
    static func seedTexts() -> [(name: String, text: String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: seedsDirectory.path) else { return [] }
        return names.filter { $0.hasSuffix(".txt") }.sorted().compactMap { name in
            guard let data = try? Data(contentsOf: seedsDirectory.appendingPathComponent(name)) else { return nil }
            return (name, String(decoding: data, as: UTF8.self))
        }
    }

    // MARK: ZIP

    static let crcTable: [UInt32] = (0..<256).map { index -> UInt32 in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        return crc
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// A ZIP archive with the given entries stored uncompressed.
    static func zip(_ entries: [(path: String, contents: [UInt8])]) -> Data {
        var output: [UInt8] = []
        var central: [UInt8] = []
        for (path, contents) in entries {
            let name = Array(path.utf8)
            let crc = crc32(contents)
            let offset = UInt32(output.count)
            output += [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            output += le32(crc) + le32(UInt32(contents.count)) + le32(UInt32(contents.count))
            output += le16(name.count) + le16(0) + name + contents
            central += [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(contents.count)) + le32(UInt32(contents.count))
            central += le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0o100644 << 16) + le32(offset) + name
        }
        let centralOffset = UInt32(output.count)
        output += central
        output += [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        output += le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
        return Data(output)
    }

    /// One row of a test document: a paragraph or a table.
    enum Block {
        case paragraph(String)
        case table([[String]])
        /// A paragraph numbered by Word (`w:numPr`): list instance and level.
        case numbered(String, numId: Int, level: Int)
    }

    static func escapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `word/document.xml` for the blocks; a paragraph's text is split over two runs to mimic Word.
    static func documentXML(_ blocks: [Block]) -> String {
        func paragraph(_ text: String, numbering: (Int, Int)? = nil) -> String {
            let characters = Array(text)
            let middle = characters.count / 2
            let first = escapeXML(String(characters[..<middle]))
            let second = escapeXML(String(characters[middle...]))
            let numPr = numbering.map { "<w:numPr><w:ilvl w:val=\"\($0.1)\"/><w:numId w:val=\"\($0.0)\"/></w:numPr>" } ?? ""
            return "<w:p><w:pPr><w:pStyle w:val=\"a3\"/>\(numPr)<w:jc w:val=\"both\"/></w:pPr><w:r><w:t xml:space=\"preserve\">\(first)</w:t></w:r>"
                + "<w:r><w:rPr><w:b/></w:rPr><w:t>\(second)</w:t></w:r></w:p>"
        }
        var body = ""
        for block in blocks {
            switch block {
            case let .paragraph(text):
                body += paragraph(text)
            case let .numbered(text, numId, level):
                body += paragraph(text, numbering: (numId, level))
            case let .table(rows):
                body += "<w:tbl><w:tblPr/>"
                for row in rows {
                    body += "<w:tr>" + row.map { "<w:tc><w:tcPr/>\(paragraph($0))</w:tc>" }.joined() + "</w:tr>"
                }
                body += "</w:tbl>"
            }
        }
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)<w:sectPr/></w:body></w:document>
        """
    }

    /// `word/numbering.xml` with one abstract list per entry of `lists`; each list gives its levels as
    /// (format, text, start); list *i* is instance `numId` *i + 1*.
    static func numberingXML(_ lists: [[(format: String, text: String, start: Int)]]) -> String {
        var abstracts = ""
        var instances = ""
        for (index, levels) in lists.enumerated() {
            abstracts += "<w:abstractNum w:abstractNumId=\"\(index)\"><w:multiLevelType w:val=\"multilevel\"/>"
            for (level, definition) in levels.enumerated() {
                abstracts += "<w:lvl w:ilvl=\"\(level)\"><w:start w:val=\"\(definition.start)\"/><w:numFmt w:val=\"\(definition.format)\"/>"
                    + "<w:lvlText w:val=\"\(escapeXML(definition.text))\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"420\"/></w:pPr></w:lvl>"
            }
            abstracts += "</w:abstractNum>"
            instances += "<w:num w:numId=\"\(index + 1)\"><w:abstractNumId w:val=\"\(index)\"/></w:num>"
        }
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\(abstracts)\(instances)</w:numbering>
        """
    }

    /// A minimal but valid `.docx` holding the blocks (and a numbering part when given).
    static func docx(_ blocks: [Block], numbering: String? = nil) -> Data {
        let contentTypes = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """
        var entries: [(path: String, contents: [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("word/document.xml", Array(documentXML(blocks).utf8)),
        ]
        if let numbering { entries.append(("word/numbering.xml", Array(numbering.utf8))) }
        return zip(entries)
    }

    // MARK: xlsx

    /// A minimal `.xlsx` (stored, uncompressed) with one sheet per entry of `sheets`: cells as inline
    /// strings, numbers where a cell is all digits; `merges` as `A1:C1` ranges; `extraSheetXML`
    /// added inside `<worksheet>` (for hostile inputs).
    static func xlsx(_ sheets: [(name: String, rows: [[String]], merges: [String])], extraSheetXML: String = "") -> Data {
        var workbook = #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        var rels = #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        var entries: [(path: String, contents: [UInt8])] = []
        for (index, sheet) in sheets.enumerated() {
            workbook += #"<sheet name="\#(escapeXML(sheet.name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
            rels += #"<Relationship Id="rId\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
            var xml = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            for (r, row) in sheet.rows.enumerated() {
                xml += #"<row r="\#(r + 1)">"#
                for (c, value) in row.enumerated() where !value.isEmpty {
                    let reference = column(c) + String(r + 1)
                    if value.allSatisfy(\.isNumber), value.count < 10 {
                        xml += #"<c r="\#(reference)"><v>\#(value)</v></c>"#
                    } else {
                        xml += #"<c r="\#(reference)" t="inlineStr"><is><t>\#(escapeXML(value))</t></is></c>"#
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData>"
            if !sheet.merges.isEmpty {
                xml += "<mergeCells>" + sheet.merges.map { #"<mergeCell ref="\#($0)"/>"# }.joined() + "</mergeCells>"
            }
            xml += extraSheetXML + "</worksheet>"
            entries.append(("xl/worksheets/sheet\(index + 1).xml", Array(xml.utf8)))
        }
        workbook += "</sheets></workbook>"
        rels += "</Relationships>"
        return zip([("[Content_Types].xml", Array(#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.utf8)),
                    ("xl/workbook.xml", Array(workbook.utf8)), ("xl/_rels/workbook.xml.rels", Array(rels.utf8))] + entries)
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var name = ""
        var i = index + 1
        while i > 0 {
            let r = (i - 1) % 26
            name = String(Character(Unicode.Scalar(UInt8(65 + r)))) + name
            i = (i - 1) / 26
        }
        return name
    }

    // MARK: GB18030

    /// `text` encoded as GB18030 with the C library's iconv (the reverse of what the reader does).
    static func gb18030(_ text: String) -> Data? {
        guard let descriptor = iconv_open("GB18030", "UTF-8"), descriptor != UnsafeMutableRawPointer(bitPattern: -1) else {
            return nil
        }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2 + 16)
        let outputCount = output.count
        let inputCount = input.count
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inputCount
                var outPointer = outBuffer.baseAddress
                var outLeft = outputCount
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1 else { return nil }
                return outputCount - outLeft
            }
        }
        guard let written else { return nil }
        return Data(output[..<written].map { UInt8(bitPattern: $0) })
    }
}

/// SplitMix64: a small deterministic PRNG, so random tests fail the same way every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}
