import Foundation
import Testing
@testable import PolicyParser

/// The xlsx reader and the table grid every container feeds: merged cells, sheet choice, cell
/// types, refusals, and hostile or damaged workbooks (which must end in an error, never a trap or a hang).
@Suite struct XlsxReaderTests {
    static let header = ["序号", "项目名称", "建设内容", "牵头单位", "配合单位", "完成时限"]

    @Test func gridRepeatsCellsMergedDownAndKeepsColumnsMergedAcross() {
        var grid = TableGrid()
        grid.addRow([.init(text: "序号"), .init(text: "名称"), .init(text: "领导"), .init(text: "单位")])
        grid.addRow([.init(text: "一、教育", columns: 4)])
        grid.addRow([.init(text: "1", rows: 2), .init(text: "学校", rows: 2), .init(text: "张三", rows: 3), .init(text: "市教育局")])
        grid.addRow([.init(text: "市财政局")])
        grid.addRow([.init(text: "2"), .init(text: "书房"), .init(text: "市文旅局")])
        #expect(grid.lines() == ["序号 | 名称 | 领导 | 单位", "一、教育", "1 | 学校 | 张三 | 市教育局", "1 | 学校 | 张三 | 市财政局", "2 | 书房 | 张三 | 市文旅局"])

        // Word's vMerge: a continuing cell takes the text above.
        var word = TableGrid()
        word.addRow([.init(text: "1"), .init(text: "李四")])
        word.addRow([.init(text: "2"), .init(text: "", continuesAbove: true)])
        #expect(word.lines() == ["1 | 李四", "2 | 李四"])

        // xlsx ranges.
        var sheet = TableGrid()
        sheet.set(row: 0, column: 0, text: "标题")
        sheet.set(row: 1, column: 0, text: "1")
        sheet.set(row: 1, column: 1, text: "王五")
        sheet.set(row: 2, column: 0, text: "2")
        sheet.merge(rows: 0...0, columns: 0...3)
        sheet.merge(rows: 1...2, columns: 1...1)
        #expect(sheet.lines() == ["标题", "1 | 王五", "2 | 王五"])
    }

    @Test func spansAreClamped() {
        var grid = TableGrid()
        grid.addRow([.init(text: "a", columns: 1_000_000, rows: 1_000_000)])
        for _ in 0..<5 { grid.addRow([.init(text: "b")]) }
        #expect(grid.grid.allSatisfy { $0.count <= TableGrid.maximumColumns })
        var sheet = TableGrid()
        sheet.set(row: 0, column: 0, text: "x")
        sheet.merge(rows: 0...Int.max - 1, columns: 0...Int.max - 1)
        sheet.set(row: -1, column: 5, text: "y")
        #expect(sheet.grid.count == 1)
    }

    @Test func cellReferencesAndDates() {
        #expect(XlsxReader.position(of: "A1")! == (0, 0))
        #expect(XlsxReader.position(of: "AB12")! == (11, 27))
        #expect(XlsxReader.position(of: "$C$3")! == (2, 2))
        #expect(XlsxReader.position(of: "1A") == nil)
        #expect(XlsxReader.position(of: "A0") == nil)
        #expect(XlsxReader.position(of: "ABCDE1") == nil)
        #expect(XlsxReader.date(fromSerial: 45657) == "2024年12月31日")
        #expect(XlsxReader.date(fromSerial: 45658.75) == "2025年1月1日 18:00")   // a date-time cell keeps its time
        #expect(XlsxReader.date(fromSerial: 45658.0 + 30_630.0 / 86_400) == "2025年1月1日 08:30:30")
        #expect(XlsxReader.date(fromSerial: -3) == nil)
        #expect(XlsxReader.number("1.1000000000000001") == "1.1")
        #expect(XlsxReader.number("18600") == "18600")
    }

    @Test func workbookReadThroughTheDocumentReader() throws {
        let data = TestDocuments.xlsx([
            (name: "说明", rows: [["本表每月更新"]], merges: []),
            (name: "清单", rows: [["竹港市2025年民生实事项目表"], Self.header,
                                  ["1", "新建学校", "新建学校2所", "市教育局", "市财政局", "2025年9月"],
                                  ["2", "城市书房", "新建城市书房4个", "市文旅局", "", "2025年10月"]], merges: ["A1:F1"]),
        ])
        // Named .xlsx, or misnamed: the package's parts decide.
        for name in ["项目表.xlsx", "项目表.docx", "项目表"] {
            let document = try DocumentReader.readDocument(data: data, filename: name)
            #expect(document.text.hasPrefix("竹港市2025年民生实事项目表\n序号 | 项目名称"), "\(name)")
            #expect(document.diagnostics.map(\.code) == [.sheetsRead, .sheetSkipped], "\(name)")
        }
        let plan = PlanParser().parse(try DocumentReader.readDocument(data: data, filename: "项目表.xlsx"), source: "项目表.xlsx")
        #expect(plan.title == "竹港市2025年民生实事项目表")
        #expect(plan.items.map(\.leadUnits) == [["市教育局"], ["市文旅局"]])
        #expect(plan.items.map(\.supportUnits) == [["市财政局"], []])
        #expect(plan.diagnostics.first { $0.code == .sheetSkipped }?.reason.contains("说明") == true)
        // The plain-text API reads the same text.
        #expect(try DocumentReader.read(data: data, filename: "项目表.xlsx") == (try DocumentReader.readDocument(data: data, filename: "项目表.xlsx")).text)
    }

    @Test func aSummarySheetIsNotTheList() throws {
        let data = TestDocuments.xlsx([
            (name: "汇总", rows: [["序号", "领域", "项目数", "投资(万元)"], ["1", "教育", "2", "5000"], ["2", "卫生", "1", "800"]], merges: []),
            (name: "明细", rows: [Self.header, ["1", "新建学校", "新建学校2所", "市教育局", "", ""], ["2", "城市书房", "新建书房3个", "市文旅局", "", ""],
                                  ["3", "建设医院", "新建医院1所", "市卫生健康委", "", ""]], merges: []),
        ])
        let document = try DocumentReader.readDocument(data: data, filename: "两表.xlsx")
        #expect(!document.text.contains("教育 | 2"))
        #expect(document.diagnostics.contains { $0.code == .sheetSkipped && $0.excerpt == "汇总" })
        let plan = PlanParser().parse(document, source: "两表.xlsx")
        #expect(plan.items.map(\.title) == ["新建学校", "城市书房", "建设医院"])
        // A sheet listing projects without who answers for them, beside one that names them: a summary.
        let named = TestDocuments.xlsx([
            (name: "投资表", rows: [["序号", "项目名称", "投资(万元)"], ["1", "新建学校", "5000"]], merges: []),
            (name: "任务表", rows: [Self.header, ["1", "新建学校", "新建学校2所", "市教育局", "", ""]], merges: []),
        ])
        let both = try DocumentReader.readDocument(data: named, filename: "b.xlsx")
        #expect(both.diagnostics.contains { $0.code == .sheetSkipped && $0.excerpt == "投资表" && $0.reason.contains("汇总表") })
        #expect(PlanParser().parse(both, source: "b.xlsx").items.count == 1)
        // In running text a summary table is no task table either.
        #expect(TableLayout(header: ["序号", "领域", "项目数", "投资(万元)"]) == nil)
    }

    @Test func noSheetWithAHeaderReadsEveryVisibleSheet() throws {
        let data = TestDocuments.xlsx([(name: "A", rows: [["一、教育"], ["1.新建学校3所。(牵头单位:市教育局)"]], merges: [])])
        let document = try DocumentReader.readDocument(data: data, filename: "x.xlsx")
        #expect(document.text == "一、教育\n1.新建学校3所。(牵头单位:市教育局)")
        #expect(document.diagnostics.isEmpty)
        let plan = PlanParser().parse(document, source: "x.xlsx")
        #expect(plan.items.first?.leadUnits == ["市教育局"])
    }

    @Test func refusals() {
        #expect(throws: DocumentReadError.corruptSpreadsheet("不是 ZIP 压缩格式")) {
            try DocumentReader.read(data: Data("序号,名称".utf8), filename: "a.xlsx")
        }
        #expect(throws: DocumentReadError.unsupportedFormat("xls")) {
            try DocumentReader.read(data: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), filename: "a.xls")
        }
        let noWorkbook = TestDocuments.zip([("xl/worksheets/sheet1.xml", Array("<worksheet/>".utf8))])
        #expect(throws: DocumentReadError.corruptSpreadsheet("缺少 xl/workbook.xml")) {
            try DocumentReader.read(data: noWorkbook, filename: "a.xlsx")
        }
        let badXML = TestDocuments.zip([("xl/workbook.xml", Array("<workbook><sheets><sheet name=\"a\"".utf8))])
        #expect(throws: DocumentReadError.self) { try DocumentReader.read(data: badXML, filename: "a.xlsx") }
        #expect(!DocumentReadError.corruptSpreadsheet("x").chineseMessage.isEmpty)
    }

    @Test func hostileWorkbooksReturn() throws {
        // Ranges over the whole sheet, references far out, shared strings out of range, many merges.
        let merges = ["A1:XFD1048576", "B2:A1", "ZZZZ1:A1", "A1048576:B1048576"] + (0..<5000).map { "A\($0 + 1):C\($0 + 3)" }
        let extra = #"<sheetData><row r="999999999"><c r="XFD1048576" t="s"><v>99999</v></c><c r="A2" t="s"><v>-1</v></c></row></sheetData>"#
        let data = TestDocuments.xlsx([(name: "S", rows: [Self.header, ["1", "项目", "内容", "市教育局", "", ""]], merges: merges)], extraSheetXML: extra)
        let start = ContinuousClock.now
        if let text = try? DocumentReader.read(data: data, filename: "h.xlsx") {
            RobustnessTests.parseChecked(text, "hostile xlsx")
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func mutatedWorkbooksEndInTextOrAnError() throws {
        // Stored entries, so overwritten bytes reach the XML parsers (deflated ones mostly fail the CRC).
        let rows = [Self.header] + (1...30).map { ["\($0)", "项目\($0)", "新建设施\($0)个", "市教育局", "市财政局", "2025年\($0 % 12 + 1)月"] }
        let original = [UInt8](TestDocuments.xlsx([(name: "S", rows: rows, merges: ["A2:A3", "D2:D9"])]))
        var generator = SeededGenerator(seed: 21)
        for round in 0..<60 {
            var bytes = original
            if round % 4 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            } else {
                for _ in 0..<Int.random(in: 1...24, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            do {
                let text = try DocumentReader.read(data: Data(bytes), filename: "m.xlsx")
                RobustnessTests.parseChecked(text, "mutated xlsx \(round)")
            } catch {
                #expect(!error.chineseMessage.isEmpty)
            }
        }
    }

    @Test func aThousandRowWorkbook() throws {
        let rows = [Self.header] + (1...1000).map { ["\($0)", "民生项目\($0)", "新建便民设施\($0 % 50 + 1)个,惠及居民\($0 * 10)户", "市住房城乡建设局", "市财政局、各区人民政府", "2025年\($0 % 12 + 1)月"] }
        let data = TestDocuments.xlsx([(name: "汇总", rows: [["石港市2025年民生实事项目汇总表"]] + rows, merges: ["A1:F1"])])
        let plan = PlanParser().parse(try DocumentReader.readDocument(data: data, filename: "big.xlsx"), source: "big.xlsx")
        #expect(plan.items.count == 1000)
        #expect(plan.items.last?.number == "1000")
        #expect(plan.items.last?.supportUnits == ["市财政局", "各区人民政府"])
        #expect(plan.tables.first?.rowsRead == 1000)
    }
}
