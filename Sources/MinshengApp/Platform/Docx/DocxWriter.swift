import Foundation
import ZIPFoundation

/// A 公文 (official document) laid out after GB/T 9704-2012《党政机关公文格式》: 版头 (the issuing
/// office's name in red, the 发文字号 or 期号, a red separating line), 主体 (标题, 主送机关, 正文, 落款,
/// 成文日期) and page numbers in the footer (`— 1 —`).
///
/// Example: 示范市民生实事工作领导小组办公室 / 第6期 / 关于2026年6月民生实事项目推进情况的通报 / 各牵头单位： …
struct OfficialDocument: Sendable, Equatable {
    /// One block of the body, in the order it is printed.
    enum Block: Sendable, Equatable {
        /// A paragraph of 正文: 仿宋 三号, first line indented two characters.
        case paragraph(String)
        /// A first-level heading (一、…): 黑体 三号.
        case heading(String)
        /// A second-level heading ((一)…): 楷体 三号.
        case subheading(String)
        /// A table: the first row is its header (bold), text in 仿宋 四号.
        case table([[String]])
    }

    /// 发文机关标志, e.g. 示范市民生实事工作领导小组办公室 (printed in red).
    var issuer: String
    /// 发文字号 (示民办〔2026〕3号) or 期号 (第6期), under the issuer.
    var number: String
    /// 标题: 关于…的通报.
    var title: String
    /// 主送机关, e.g. 各牵头单位、责任单位 (a full-width colon is added).
    var addressee: String
    var body: [Block]
    /// 落款 (发文机关署名 / 印发单位).
    var signature: String
    /// 成文日期 in Chinese figures as GB/T 9704 writes them: 2026年7月3日.
    var date: String

    /// The office that issues bulletins and notices, named after the plan's issuing city or
    /// district: 示范市人民政府 → 示范市民生实事工作领导小组办公室 (without one, the bare office name).
    static func office(planIssuer: String?) -> String {
        let place = planIssuer.flatMap { issuer in issuer.firstIndex { "市区县".contains($0) }.map { String(issuer[...$0]) } } ?? ""
        return place + "民生实事工作领导小组办公室"
    }
}

/// Writes an ``OfficialDocument`` as a Word document (.docx, Office Open XML) that Word, WPS and
/// LibreOffice open: A4, 版心 156 × 225 mm (天头 37 mm, 订口 28 mm), 22 lines of 28 characters, 仿宋
/// 三号 (16 pt) body, and a footer with the page number between dashes, right on odd and left on
/// even pages. Hand-written parts zipped like ``XlsxWriter``'s; deterministic for a given date.
enum DocxWriter {
    /// 三号 = 16 pt = 32 half-points; 四号 = 14 pt; 二号 = 22 pt.
    static let size3 = 32, size4 = 28, size2 = 44
    /// Fixed line pitch for 22 lines in 225 mm: 28.95 pt ≈ 579 twentieths of a point.
    static let linePitch = 579
    static let fangSong = "仿宋_GB2312", heiTi = "黑体", kaiTi = "楷体_GB2312", xiaoBiaoSong = "方正小标宋简体"
    static let red = "FF0000"

    static func data(_ doc: OfficialDocument, modified: Date = Date(timeIntervalSince1970: 315_532_800)) throws -> Data {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRels),
            ("docProps/core.xml", core(title: doc.title, modified: modified)),
            ("word/document.xml", document(doc)),
            ("word/styles.xml", styles),
            ("word/settings.xml", settings),
            ("word/footer1.xml", footer(alignment: "right")),
            ("word/footer2.xml", footer(alignment: "left")),
            ("word/_rels/document.xml.rels", documentRels),
        ]
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

    /// A run of text in a font, size (half-points), optionally bold or coloured.
    static func run(_ text: String, font: String = fangSong, size: Int = size3, bold: Bool = false, color: String? = nil) -> String {
        var props = "<w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:eastAsia=\"\(font)\" w:cs=\"\(font)\"/>"
        if bold { props += "<w:b/>" }
        if let color { props += "<w:color w:val=\"\(color)\"/>" }
        props += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>"
        // One run per line: a text with line breaks keeps them as <w:br/>.
        let lines = text.components(separatedBy: "\n").map { "<w:t xml:space=\"preserve\">\(XlsxWriter.escape($0))</w:t>" }
        return "<w:r><w:rPr>\(props)</w:rPr>\(lines.joined(separator: "<w:br/>"))</w:r>"
    }

    /// A paragraph: alignment, first-line indent in characters (hundredths), fixed line pitch, extra XML in pPr.
    static func paragraph(_ runs: String, align: String = "both", firstLineChars: Int = 0, pitch: Int = linePitch,
                          extra: String = "") -> String {
        let indent = firstLineChars > 0 ? "<w:ind w:firstLineChars=\"\(firstLineChars)\"/>" : ""
        return "<w:p><w:pPr><w:spacing w:line=\"\(pitch)\" w:lineRule=\"exact\"/>\(indent)<w:jc w:val=\"\(align)\"/>\(extra)</w:pPr>\(runs)</w:p>"
    }

    static func document(_ doc: OfficialDocument) -> String {
        var body = ""
        // 版头: the issuer in red 小标宋, centred; the number; a red line under it.
        body += paragraph(run(doc.issuer, font: xiaoBiaoSong, size: 72, color: red), align: "center", pitch: 1200)
        body += paragraph("", pitch: linePitch)
        body += paragraph(run(doc.number), align: "center",
                          extra: "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"\(red)\"/></w:pBdr>")
        body += paragraph("", pitch: linePitch)
        // 主体: the title in 二号 小标宋, a blank line, the addressee flush left.
        body += paragraph(run(doc.title, font: xiaoBiaoSong, size: size2), align: "center", pitch: 700)
        body += paragraph("", pitch: linePitch)
        if !doc.addressee.isEmpty { body += paragraph(run(doc.addressee + "："), align: "left") }
        for block in doc.body {
            switch block {
            case .paragraph(let text):
                for line in text.components(separatedBy: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    body += paragraph(run(line), firstLineChars: 200)
                }
            case .heading(let text): body += paragraph(run(text, font: heiTi), firstLineChars: 200)
            case .subheading(let text): body += paragraph(run(text, font: kaiTi), firstLineChars: 200)
            case .table(let rows): body += table(rows)
            }
        }
        // 落款 and 成文日期, right-aligned four characters from the edge (GB/T 9704 7.3.5.2).
        body += paragraph("", pitch: linePitch)
        body += paragraph("", pitch: linePitch)
        body += paragraph(run(doc.signature), align: "right", extra: "<w:ind w:rightChars=\"400\"/>")
        body += paragraph(run(doc.date), align: "right", extra: "<w:ind w:rightChars=\"400\"/>")
        // A4, margins 37 / 35 / 28 / 26 mm; footers for odd (default) and even pages.
        let section = "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId3\"/><w:footerReference w:type=\"even\" r:id=\"rId4\"/>"
            + "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
            + "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"1247\" w:gutter=\"0\"/>"
            + "<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"\(linePitch)\" w:charSpace=\"0\"/></w:sectPr>"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<w:body>\(body)\(section)</w:body></w:document>"
    }

    static func table(_ rows: [[String]]) -> String {
        guard let width = rows.map(\.count).max(), width > 0 else { return "" }
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\""
        var x = "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:jc w:val=\"center\"/><w:tblBorders>"
            + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) \(border)/>" }.joined()
            + "</w:tblBorders></w:tblPr><w:tblGrid>" + String(repeating: "<w:gridCol/>", count: width) + "</w:tblGrid>"
        for (i, row) in rows.enumerated() {
            x += "<w:tr>"
            for c in 0..<width {
                let text = c < row.count ? row[c] : ""
                x += "<w:tc><w:tcPr><w:vAlign w:val=\"center\"/></w:tcPr>"
                    + paragraph(run(text, font: i == 0 ? heiTi : fangSong, size: size4), align: "center", pitch: 400) + "</w:tc>"
            }
            x += "</w:tr>"
        }
        return x + "</w:tbl>" + paragraph("", pitch: linePitch)
    }

    /// The page number as GB/T 9704 prints it: 四号 宋体, a dash either side (— 1 —), one
    /// character in from the right edge on odd pages and from the left on even ones.
    static func footer(alignment: String) -> String {
        let font = "宋体"
        let dash = run("— ", font: font, size: size4)
        let end = run(" —", font: font, size: size4)
        let field = "<w:r><w:rPr><w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:eastAsia=\"\(font)\"/><w:sz w:val=\"\(size4)\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            + "<w:r><w:rPr><w:sz w:val=\"\(size4)\"/></w:rPr><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
            + "<w:r><w:rPr><w:sz w:val=\"\(size4)\"/></w:rPr><w:fldChar w:fldCharType=\"separate\"/></w:r>"
            + "<w:r><w:rPr><w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:eastAsia=\"\(font)\"/><w:sz w:val=\"\(size4)\"/></w:rPr><w:t>1</w:t></w:r>"
            + "<w:r><w:rPr><w:sz w:val=\"\(size4)\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r>"
        let indent = alignment == "right" ? "<w:ind w:rightChars=\"100\"/>" : "<w:ind w:leftChars=\"100\"/>"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<w:p><w:pPr><w:jc w:val=\"\(alignment)\"/>\(indent)</w:pPr>\(dash)\(field)\(end)</w:p></w:ftr>"
    }

    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
    """

    static let rootRels = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
    """

    static let documentRels = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>
    """

    /// Odd and even pages have their own footers (the page number's side alternates).
    static let settings = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:compat/></w:settings>
    """

    /// Normal is 仿宋 三号, so anything unstyled still reads as 正文.
    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="579" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>
    """

    static func core(title: String, modified: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let stamp = f.string(from: modified)
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(XlsxWriter.escape(title))</dc:title><dc:creator>Minsheng</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:modified></cp:coreProperties>
        """
    }
}
