import Foundation
import Testing
@testable import MinshengApp

@Suite struct WebXlsxTests {
    @Test func writesAndReadsBackSheets() throws {
        // setup
        let progress = XlsxSheet(name: "项目进展表", rows: [
            ["序号", "项目名称", "牵头单位", "序时进度(%)", "实际进度(%)"],
            ["1", "新建改建农贸市场<10>个 & \"更多\"", "市商务局", 60, 72.5],
            [2, " 前后有空格 ", .empty, 0.125, -3],
            ["多行\n文本", "控制\u{1}字符", "", 1e-5, 1234567890123],
        ], columnWidths: [6, 40, 16, 12, 12])
        let second = XlsxSheet(name: "单位排名", rows: [["单位", "得分"], ["市民政局", 98]], boldHeader: false)
        // MUT
        let data = try XlsxWriter.data(sheets: [progress, second])
        let back = try XlsxReader.read(data)
        // validate
        #expect(data.prefix(2) == Data("PK".utf8))
        #expect(back.count == 2)
        #expect(back[0].name == "项目进展表")
        #expect(back[0].boldHeader)
        #expect(!back[1].boldHeader)
        #expect(back[0].columnWidths == [6, 40, 16, 12, 12])
        #expect(back[0].rows[0] == progress.rows[0])
        #expect(back[0].rows[1] == progress.rows[1])
        #expect(back[0].rows[2] == [2, " 前后有空格 ", .empty, 0.125, -3])
        #expect(back[0].rows[3] == ["多行\n文本", "控制字符", "", 1e-5, 1234567890123])
        #expect(back[1].rows == second.rows)
    }

    @Test func outputIsDeterministic() throws {
        let sheet = XlsxSheet(name: "a", rows: [["x", 1]])
        #expect(try XlsxWriter.data(sheets: [sheet]) == XlsxWriter.data(sheets: [sheet]))
    }

    @Test(arguments: [
        (["a", "a", "A"], ["a", "a(2)", "A(3)"]),
        (["x/y:z", ""], ["x_y_z", "Sheet2"]),
        ([String(repeating: "长", count: 40)], [String(repeating: "长", count: 31)]),
    ])
    func sheetNamesAreMadeValid(names: [String], expected: [String]) {
        #expect(XlsxWriter.uniqueNames(names) == expected)
    }

    @Test(arguments: [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
    func columnLetters(index: Int, letters: String) {
        #expect(XlsxColumn.letters(index) == letters)
        #expect(XlsxColumn.index(ofReference: letters + "12") == index)
    }

    @Test func noSheetsAndJunkAreErrors() {
        #expect(throws: XlsxError.noSheets) { try XlsxWriter.data(sheets: []) }
        #expect(throws: XlsxError.self) { try XlsxReader.read(Data("not a zip".utf8)) }
    }

    @Test func csvHasBOMQuotesAndDefusesFormulas() {
        let data = CSVWriter.data(rows: [["项目", "说明"], ["a,b", "say \"hi\""], ["=SUM(A1)", -5]])
        let text = String(decoding: data, as: UTF8.self)
        #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        #expect(text == "\u{FEFF}项目,说明\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n'=SUM(A1),-5\r\n")
    }
}
