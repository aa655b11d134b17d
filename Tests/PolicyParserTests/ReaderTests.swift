import Foundation
import Testing
@testable import PolicyParser

/// The readers (txt / html / docx) and their refusals.
@Suite struct ReaderTests {
    static let sample = "青山市2024年民生实事项目\n一、教育\n1.新建幼儿园3所。(牵头单位:市教育局)"

    // MARK: txt

    @Test func utf8WithAndWithoutBOM() throws {
        let plain = Data(Self.sample.utf8)
        #expect(try DocumentReader.read(data: plain, filename: "a.txt") == Self.sample)
        let bom = Data([0xEF, 0xBB, 0xBF]) + plain
        #expect(try DocumentReader.read(data: bom, filename: "a.txt") == Self.sample)
    }

    @Test func crlfBecomesLF() throws {
        let data = Data("一、教育\r\n1.新建幼儿园3所。\r二、卫生".utf8)
        #expect(try DocumentReader.read(data: data, filename: "a.txt") == "一、教育\n1.新建幼儿园3所。\n二、卫生")
    }

    @Test func utf16WithBOM() throws {
        var little = Data([0xFF, 0xFE])
        var big = Data([0xFE, 0xFF])
        for unit in Self.sample.utf16 {
            little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        #expect(try DocumentReader.read(data: little, filename: "a.txt") == Self.sample)
        #expect(try DocumentReader.read(data: big, filename: "a.txt") == Self.sample)
    }

    @Test func gb18030KnownBytes() throws {
        // 民生 in GBK/GB18030 is C3 F1 C9 FA; "实事" is CA B5 CA C2.
        let data = Data([0xC3, 0xF1, 0xC9, 0xFA, 0xCA, 0xB5, 0xCA, 0xC2, 0x0A, 0x31, 0x2E])
        #expect(try DocumentReader.read(data: data, filename: "gbk.txt") == "民生实事\n1.")
    }

    @Test func gb18030RoundTrip() throws {
        // Includes characters outside GB2312 (GBK's 镕, GB18030's four-byte 𠀀) and full-width punctuation.
        let text = Self.sample + "\n(二)朱镕基路改造、𠀀字测试；达到95％以上……“十百千”"
        let encoded = try #require(TestDocuments.gb18030(text))
        #expect(String(validating: Array(encoded), as: UTF8.self) == nil, "the test bytes must not be valid UTF-8")
        #expect(try DocumentReader.read(data: encoded, filename: "方案.txt") == text)
    }

    @Test func gb18030CutInTheMiddleOfACharacter() throws {
        let encoded = try #require(TestDocuments.gb18030("一、民生实事项目"))
        let cut = encoded.dropLast()   // half of 目
        #expect(try DocumentReader.read(data: Data(cut), filename: "a.txt") == "一、民生实事项")
    }

    @Test func utf8CutInTheMiddleOfACharacter() throws {
        let cut = Data(Self.sample.utf8).dropLast(2)
        let text = try DocumentReader.read(data: Data(cut), filename: "a.txt")
        #expect(text.hasPrefix("青山市2024年"))
        #expect(!text.contains("\u{FFFD}"))
    }

    @Test func fixtureInGB18030() throws {
        let data = try TestDocuments.fixtureData("f11_gb18030_rule_note.txt")
        #expect(String(validating: Array(data), as: UTF8.self) == nil)
        let text = try DocumentReader.read(data: data, filename: "f11_gb18030_rule_note.txt")
        #expect(text.contains("排在首位的为牵头单位"))
        #expect(text.contains("城区公办幼儿园"))
    }

    // MARK: refusals

    @Test func emptyAndWhitespaceOnly() {
        #expect(throws: DocumentReadError.empty) { try DocumentReader.read(data: Data(), filename: "a.txt") }
        #expect(throws: DocumentReadError.empty) { try DocumentReader.read(data: Data(" \n\u{3000}\n".utf8), filename: "a.txt") }
        #expect(throws: DocumentReadError.empty) { try DocumentReader.read(data: Data("<html><body><script>x()</script></body></html>".utf8), filename: "a.html") }
    }

    @Test func randomBytesAreNotText() {
        var generator = SeededGenerator(seed: 2024)
        for _ in 0..<20 {
            let data = Data(generator.bytes(4096))
            #expect(throws: DocumentReadError.notText) { try DocumentReader.read(data: data, filename: "a.txt") }
        }
    }

    @Test func nulBytesAreNotText() {
        let data = Data("一、教育".utf8) + Data([0, 0, 0, 1, 2]) + Data("二、卫生".utf8)
        #expect(throws: DocumentReadError.notText) { try DocumentReader.read(data: data, filename: "a.txt") }
    }

    @Test func mostlyInvalidHighBytesAreUndecodable() {
        // Bytes ≥ 0x80 that are neither UTF-8 nor GB18030 (0xFF is never valid in either).
        let data = Data([UInt8](repeating: 0xFF, count: 300) + Array("abc\n".utf8))
        #expect(throws: DocumentReadError.undecodable) { try DocumentReader.read(data: data, filename: "a.txt") }
    }

    @Test func fiftyMegabytesFailFast() {
        let data = Data(count: 50 * 1024 * 1024)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: DocumentReadError.tooLarge(bytes: 50 * 1024 * 1024, limit: DocumentReader.defaultSizeLimit)) {
                try DocumentReader.read(data: data, filename: "big.txt")
            }
        }
        #expect(elapsed < .seconds(1))
    }

    @Test func sizeLimitIsAParameter() {
        let data = Data(Self.sample.utf8)
        #expect(throws: DocumentReadError.tooLarge(bytes: data.count, limit: 10)) {
            try DocumentReader.read(data: data, filename: "a.txt", sizeLimit: 10)
        }
    }

    /// Issue 13: a .doc, .pdf, .wps or .ofd is refused with what to do instead, in full-width
    /// punctuation throughout (no “(.doc),” mixed into Chinese).
    @Test(arguments: ["doc", "pdf", "wps", "ofd"])
    func refusedFormatsSayWhatToDo(ext: String) throws {
        let data = Data(ext == "pdf" ? Array("%PDF-1.4 x".utf8) : Array("plain words".utf8))
        let error = try #require(throws: DocumentReadError.self) {
            _ = try DocumentReader.read(data: ext == "doc" ? Data([0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0]) : data, filename: "方案.\(ext)")
        }
        let message = error.chineseMessage
        #expect(message.contains(".docx"))
        #expect(message.contains("粘贴"))
        #expect(!message.contains(",") && !message.contains(":") && !message.contains("("))
    }

    @Test func unsupportedFormats() {
        #expect(throws: DocumentReadError.unsupportedFormat("pdf")) {
            try DocumentReader.read(data: Data("%PDF-1.7\n...".utf8), filename: "plan.pdf")
        }
        #expect(throws: DocumentReadError.unsupportedFormat("doc")) {
            try DocumentReader.read(data: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 64)), filename: "plan.doc")
        }
    }

    @Test func everyErrorHasAChineseMessage() {
        let errors: [DocumentReadError] = [.empty, .tooLarge(bytes: 2, limit: 1), .notText, .undecodable,
                                           .corruptDocx("缺少 word/document.xml"), .unsupportedFormat("pdf"),
                                           .unsupportedFormat("doc"), .unsupportedFormat("xls")]
        for error in errors {
            #expect(error.chineseMessage.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
        }
        #expect(DocumentReadError.corruptDocx("缺少 word/document.xml").chineseMessage.contains("缺少 word/document.xml"))
    }

    // MARK: html

    @Test func htmlDropsSiteFurnitureAndKeepsTheArticle() throws {
        let html = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>某市人民政府网站</title>
        <style>.nav{color:red}</style><script>var a = "<p>不要</p>";</script></head>
        <body><div class="top-nav"><a href="/">首页</a><a>政务公开</a></div>
        <nav><ul><li>机构</li><li>政策</li></ul></nav>
        <!-- 注释 <p>也不要</p> -->
        <div class="article"><h1>青山市&ldquo;民生&rdquo;实事方案</h1>
        <p>&nbsp;&nbsp;一、教育</p><p>1.新建幼儿园3所&amp;改造<br>2.&#x65B0;&#24314;学校</p></div>
        <div id="footer">版权所有 © 青山市</div><footer>网站标识码</footer></body></html>
        """
        let text = try DocumentReader.read(data: Data(html.utf8), filename: "page.html")
        #expect(text == "青山市“民生”实事方案\n一、教育\n1.新建幼儿园3所&改造\n2.新建学校")
    }

    @Test func htmlTablesBecomeRowsWithCells() throws {
        let html = """
        <html><body><table><tr><td>索引号:</td><td>qs-2024-001</td><td>发布机构:</td><td>青山市人民政府</td></tr>
        <tr><th>序号</th><th>项目名称</th><th>牵头单位</th></tr>
        <tr><td>1</td><td><p>新建</p><p>幼儿园</p></td><td>市教育局</td></tr></table>
        <p>正文</p></body></html>
        """
        let text = try DocumentReader.read(data: Data(html.utf8), filename: "page.htm")
        #expect(text == "索引号: | qs-2024-001 | 发布机构: | 青山市人民政府\n序号 | 项目名称 | 牵头单位\n1 | 新建 幼儿园 | 市教育局\n正文")
    }

    @Test func htmlLayoutTableIsReadAsBlocks() throws {
        let html = """
        <html><body><table><tr><td><div>一、教育</div><table><tr><td>1</td><td>新建幼儿园</td></tr></table>
        <p>二、卫生</p></td></tr></table></body></html>
        """
        let text = try DocumentReader.read(data: Data(html.utf8), filename: "page.html")
        #expect(text == "一、教育\n1 | 新建幼儿园\n二、卫生")
    }

    @Test func htmlCharsetGB2312FromMeta() throws {
        let head = Data(#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>"#.utf8)
        let body = try #require(TestDocuments.gb18030("一、民生实事"))
        let tail = Data("</p></body></html>".utf8)
        #expect(try DocumentReader.read(data: head + body + tail, filename: "page.html") == "一、民生实事")
    }

    @Test func htmlDetectedWithoutExtension() throws {
        let html = Data("<!doctype html><html><body><p>一、教育</p></body></html>".utf8)
        #expect(try DocumentReader.read(data: html, filename: "download") == "一、教育")
        #expect(try DocumentReader.read(data: html, filename: "plan.doc") == "一、教育")
    }

    @Test func htmlMalformedDoesNotLoseText() throws {
        let html = "<html><body><div><p>一、教育<p>1.新建<b>幼儿园</i></div></span><td>x</td>< 3 & 5 &bogus; &#99999999;</body>"
        let text = try DocumentReader.read(data: Data(html.utf8), filename: "page.html")
        #expect(text.contains("一、教育"))
        #expect(text.contains("1.新建幼儿园"))
        #expect(text.contains("< 3 & 5 &bogus;"))
    }

    @Test func htmlDeepNestingAndHugeInputReturn() throws {
        let deep = String(repeating: "<div><span>", count: 20_000) + "正文" + String(repeating: "</span></div>", count: 20_000)
        #expect(try DocumentReader.read(data: Data(deep.utf8), filename: "deep.html") == "正文")
        let unclosed = String(repeating: "<nav", count: 50_000)
        #expect(throws: DocumentReadError.empty) { try DocumentReader.read(data: Data(unclosed.utf8), filename: "x.html") }
    }

    @Test func htmlFixtureKeepsArticleOnly() throws {
        let text = try DocumentReader.read(data: TestDocuments.fixtureData("f10_site_page.html"), filename: "f10_site_page.html")
        for junk in ["网站首页", "无障碍", "var _hmt", "版权所有", "ICP备", "分享到", "打印本页", "当前位置"] {
            #expect(!text.contains(junk), "junk left: \(junk)")
        }
        #expect(text.contains("索引号: | 11370800MB0000000X/2024-00017"))
        #expect(text.contains("长林市2024年民生实事项目实施方案"))
        #expect(text.contains("(一)新建改扩建中小学和幼儿园"))
    }

    @Test func gbkWordExportedPageFixture() throws {
        let data = try TestDocuments.fixtureData("f14_gbk_table_page.html")
        #expect(String(validating: Array(data), as: UTF8.self) == nil, "the fixture is GB2312/GBK bytes")
        let text = try DocumentReader.read(data: data, filename: "f14_gbk_table_page.html")
        #expect(text.hasPrefix("溪口市2025年民生实事项目计划\n"))
        #expect(text.contains("\n一、项目安排\n序号 | 项目名称 | 主要内容和目标 | 牵头单位 | 配合单位\n"))
        #expect(text.contains("\n1 | 背街小巷改造 | 改造背街小巷45条, 铺设雨污管网18公里。 | 市住房城乡建设局 | 各区人民政府\n"))
        #expect(text.contains("\n3 | 农村客运公交化 | 开通镇村公交线路12条, 建制村通公交率达到100%。 | 市交通运输局 | \n")
                || text.contains("\n3 | 农村客运公交化 | 开通镇村公交线路12条, 建制村通公交率达到100%。 | 市交通运输局 |\n"))
        for junk in ["广告", "信息公开", "您的位置", "版权所有", "门户网站", "OfficeDocumentSettings"] {
            #expect(!text.contains(junk), "junk left: \(junk)")
        }
    }

    // MARK: rtf

    @Test func rtfWithCodePageUnicodeAndTable() throws {
        let rtf = #"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}{\colortbl;\red0\green0\blue0;}"#
            + "\n" + #"{\*\generator Riched20 10.0;}\viewkind4\uc1\pard\f0\fs32 \'c3\'f1\'c9\'fa\'ca\'b5\'ca\'c2\par"#
            + "\n" + #"\u19968?\u12289?\'bd\'cc\'d3\'fd\line {\*\bkmkstart a}\{x\}\par"#
            + "\n" + #"\trowd\cellx1000\cellx2000 1\cell \'d0\'c2\'bd\'a8\cell\row }"#
        let text = try DocumentReader.read(data: Data(rtf.utf8), filename: "plan.rtf")
        #expect(text == "民生实事\n一、教育\n{x}\n1 | 新建")
    }

    @Test func rtfFixtureNamedDoc() throws {
        let text = try DocumentReader.read(data: TestDocuments.fixtureData("f20_rtf_saved_as.doc"), filename: "f20_rtf_saved_as.doc")
        #expect(text.hasPrefix("河湾市2024年民生实事项目\n一、项目安排\n1.新建城市公园4个"))
        #expect(!text.contains("宋体"))
    }

    @Test func rtfTruncatedAndDeeplyNestedReturn() throws {
        let deep = "{\\rtf1\\ansicpg936 " + String(repeating: "{", count: 5000) + "\\'c3\\'f1" + String(repeating: "}", count: 10)
        #expect(try DocumentReader.read(data: Data(deep.utf8), filename: "x.rtf") == "民")
        #expect(throws: DocumentReadError.empty) { try DocumentReader.read(data: Data("{\\rtf1 {\\fonttbl x}".utf8), filename: "x.rtf") }
    }

    // MARK: docx

    @Test func docxMergedSectionRowsBecomeTheirOwnLines() throws {
        let text = try DocumentReader.read(data: TestDocuments.fixtureData("f17_report_table.docx"), filename: "f17_report_table.docx")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("一、全力稳住经济大盘"))
        #expect(lines.contains("4 | 新改建农村公路200公里。 | 陈晖 | 市交通运输局 | 各县(市、区)人民政府 | 2025年11月"))
    }

    @Test func docxParagraphsAndTableRowsInOrder() throws {
        let data = TestDocuments.docx([
            .paragraph("青山市2024年民生实事项目"),
            .paragraph("一、教育 & 卫生"),
            .table([["序号", "项目名称", "牵头单位"], ["1", "新建幼儿园3所", "市教育局"]]),
            .paragraph("二、保障措施"),
        ])
        let text = try DocumentReader.read(data: data, filename: "plan.docx")
        #expect(text == "青山市2024年民生实事项目\n一、教育 & 卫生\n序号 | 项目名称 | 牵头单位\n1 | 新建幼儿园3所 | 市教育局\n二、保障措施")
    }

    @Test func docxAutomaticNumberingIsWrittenOut() throws {
        let numbering = TestDocuments.numberingXML([
            [("chineseCounting", "%1、", 1), ("chineseCounting", "(%2)", 1), ("decimal", "%3.", 1)],
            [("bullet", "•", 1)],
        ])
        let data = TestDocuments.docx([
            .paragraph("青山市2024年民生实事项目"),
            .numbered("主要任务", numId: 1, level: 0),
            .numbered("教育", numId: 1, level: 1),
            .numbered("新建幼儿园3所。", numId: 1, level: 2),
            .numbered("新增学位900个。", numId: 1, level: 2),
            .numbered("卫生", numId: 1, level: 1),
            .numbered("新建卫生院2个。", numId: 1, level: 2),
            .numbered("要点", numId: 2, level: 0),
            .numbered("保障措施", numId: 1, level: 0),
            .numbered("加强领导。", numId: 1, level: 1),
        ], numbering: numbering)
        let text = try DocumentReader.read(data: data, filename: "plan.docx")
        #expect(text == """
            青山市2024年民生实事项目
            一、主要任务
            (一)教育
            1.新建幼儿园3所。
            2.新增学位900个。
            (二)卫生
            1.新建卫生院2个。
            要点
            二、保障措施
            (一)加强领导。
            """)
    }

    @Test func docxNumberingFormats() {
        typealias Numbering = DocxReader.Numbering
        #expect(Numbering.format(1, "chineseCounting") == "一")
        #expect(Numbering.format(10, "chineseCountingThousand") == "十")
        #expect(Numbering.format(12, "chineseCounting") == "十二")
        #expect(Numbering.format(20, "chineseCounting") == "二十")
        #expect(Numbering.format(105, "chineseCounting") == "一百零五")
        #expect(Numbering.format(3, "decimalEnclosedCircle") == "③")
        #expect(Numbering.format(12, "decimalFullWidth") == "１２")
        #expect(Numbering.format(4, "upperRoman") == "IV")
        #expect(Numbering.format(2, "lowerLetter") == "b")
    }

    @Test func docxWithBrokenNumberingPartStillReads() throws {
        let data = TestDocuments.docx([.numbered("主要任务", numId: 1, level: 0)], numbering: "<w:numbering><broken")
        #expect(try DocumentReader.read(data: data, filename: "plan.docx") == "主要任务")
    }

    @Test func docxFixtureIsDeflatedAndReadable() throws {
        let text = try DocumentReader.read(data: TestDocuments.fixtureData("f12_table_plan.docx"), filename: "f12_table_plan.docx")
        #expect(text.contains("序号 | 项目名称 | 目标任务 | 牵头单位 | 配合单位 | 完成时限"))
        #expect(text.hasPrefix("澄湖市2025年民生实事项目安排意见"))
    }

    @Test func docxTruncated() {
        let data = TestDocuments.docx([.paragraph("一、教育")])
        for cut in [data.count / 2, data.count - 10, 30] {
            #expect(throws: DocumentReadError.self) {
                try DocumentReader.read(data: data.prefix(cut), filename: "plan.docx")
            }
            do {
                _ = try DocumentReader.read(data: data.prefix(cut), filename: "plan.docx")
            } catch {
                guard case .corruptDocx = error else {
                    Issue.record("expected corruptDocx for a cut at \(cut), got \(error)")
                    continue
                }
            }
        }
    }

    @Test func docxTextBoxInsideAParagraphKeepsBothTexts() throws {
        let xml = """
        <w:document xmlns:w="w"><w:body><w:p><w:r><w:t>一、教育</w:t></w:r><w:r><w:pict><w:txbxContent>\
        <w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:pict></w:r><w:r><w:t>(续)</w:t></w:r></w:p></w:body></w:document>
        """
        let data = TestDocuments.zip([("word/document.xml", Array(xml.utf8))])
        #expect(try DocumentReader.read(data: data, filename: "plan.docx") == "框内文字\n一、教育(续)")
    }

    /// A mutated f17 whose deflate stream ends early: ZIPFoundation's `Archive.extract` looped forever on it.
    @Test func docxWithDeflateStreamCutShortFailsInsteadOfHanging() throws {
        let data = try TestDocuments.fixtureData("regressions/deflate-cut-short-hang.docx")
        #expect(throws: DocumentReadError.corruptDocx("word/document.xml 无法解压(数据损坏)")) {
            try DocumentReader.read(data: data, filename: "x.docx")
        }
    }

    @Test func docxWithoutDocumentXML() {
        let data = TestDocuments.zip([("word/styles.xml", Array("<styles/>".utf8))])
        #expect(throws: DocumentReadError.corruptDocx("缺少 word/document.xml")) {
            try DocumentReader.read(data: data, filename: "plan.docx")
        }
    }

    @Test func docxWithInvalidXML() throws {
        let data = TestDocuments.zip([("word/document.xml", Array("<w:document><w:body><w:p>一、教育</w:body>".utf8))])
        do {
            _ = try DocumentReader.read(data: data, filename: "plan.docx")
            Issue.record("invalid XML was accepted")
        } catch {
            guard case let .corruptDocx(reason) = error else {
                Issue.record("expected corruptDocx, got \(error)")
                return
            }
            #expect(reason.contains("XML"))
        }
    }

    @Test func docxNamedFileThatIsNotAZip() {
        #expect(throws: DocumentReadError.corruptDocx("不是 ZIP 压缩格式")) {
            try DocumentReader.read(data: Data("一、教育".utf8), filename: "plan.docx")
        }
    }

    @Test func zipWithRandomBytesAfterTheSignature() {
        var generator = SeededGenerator(seed: 7)
        let data = Data([0x50, 0x4B, 0x03, 0x04] + generator.bytes(2000))
        #expect(throws: DocumentReadError.self) { try DocumentReader.read(data: data, filename: "x.docx") }
    }
}
