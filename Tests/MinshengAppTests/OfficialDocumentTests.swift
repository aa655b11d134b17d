import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import MinshengApp
import MinshengStore

/// Issue 13: the bulletin and the 督办通知单 as 公文 (.docx in the GB/T 9704 layout), and no bulletin
/// for months nobody tracked.
@Suite struct OfficialDocumentTests {
    static func part(_ data: Data, _ path: String) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive[path], "no \(path) in the document")
        var out = Data()
        _ = try archive.extract(entry) { out.append($0) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func theBulletinDownloadsAsAWordDocumentInTheOfficialLayout() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            // The page offers the form with defaults: 第6期 for June of a plan tracked from 2026.
            let page = try await coordinator.get("/bulletins/2026-06")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("id=\"issue-number\" name=\"number\" type=\"text\" inputmode=\"numeric\" value=\"6\""))
            #expect(page.body.string.contains("民生实事工作领导小组办公室"))
            // MUT
            let res = try await coordinator.get("/bulletins/2026-06/docx?number=11&issuer=%E6%B5%8B%E8%AF%95%E5%B8%82%E6%B0%91%E7%94%9F%E5%8A%9E"
                                                + "&date=2026-07-03&problems=%E8%BF%9B%E5%BA%A6%E6%BB%9E%E5%90%8E&requirements=%E5%8A%A0%E5%BF%AB%E6%8E%A8%E8%BF%9B")
            // validate
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            let data = Data(buffer: res.body)
            let doc = try Self.part(data, "word/document.xml")
            #expect(doc.contains(">第11期<"))
            #expect(doc.contains("<w:color w:val=\"FF0000\"/><w:sz w:val=\"72\"/><w:szCs w:val=\"72\"/></w:rPr><w:t xml:space=\"preserve\">测试市民生办</w:t>"))
            #expect(doc.contains("关于2026年6月民生实事项目推进情况的通报"))
            #expect(doc.contains("各牵头单位、责任单位："))
            #expect(doc.contains("、主要问题<") && doc.contains(">进度滞后<"))
            #expect(doc.contains("、下步工作要求<") && doc.contains(">加快推进<"))
            #expect(doc.contains(">2026年7月3日<"))
            #expect(doc.contains("w:eastAsia=\"仿宋_GB2312\"") && doc.contains("<w:sz w:val=\"32\"/>"))
            #expect(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))        // A4
            #expect(doc.contains("<w:tbl>"))                                       // the ranking as a table
            let footer = try Self.part(data, "word/footer1.xml")
            #expect(footer.contains("— ") && footer.contains(" PAGE ") && footer.contains(" —"))
            #expect(try Self.part(data, "word/settings.xml").contains("<w:evenAndOddHeaders/>"))
        }
    }

    @Test(arguments: ["/bulletins/1999-01", "/bulletins/1999-01/docx", "/bulletins/1999-01/xlsx", "/bulletins/2030-01"])
    func noBulletinForAMonthNobodyTracked(path: String) async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let res = try await coordinator.get(path)
            #expect(res.status == .badRequest)
            #expect(res.body.string.contains(path.contains("2030") ? "不能生成尚未开始月份的通报" : "民生实事项目自2026年起跟踪"))
        }
    }

    @Test func aBadIssueNumberOrDateIsA400InChinese() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let number = try await coordinator.get("/bulletins/2026-06/docx?number=abc")
            #expect(number.status == .badRequest)
            #expect(number.body.string.contains("期号应为正整数"))
            let date = try await coordinator.get("/bulletins/2026-06/docx?date=2026-13-40")
            #expect(date.status == .badRequest)
            #expect(date.body.string.contains("印发日期格式应为"))
        }
    }

    @Test func aNoticeDownloadsAsA督办通知单() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let facts = try await PlanQueries.facts(planID: planID, on: app.db)
            let item = try #require(facts.commitments.first { $0.commitment.number == "1" })
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            let notice = SupervisionNoticeRecord()
            notice.year = 2026; notice.serial = 3; notice.number = "督办〔2026〕3号"
            notice.$commitment.id = item.commitment.id.rawValue; notice.$unit.id = unit.id!
            notice.requiredAction = "请说明滞后原因并提出整改措施"; notice.issuedOn = "2026-07-01"; notice.deadline = "2026-07-20"
            notice.state = SupervisionState.issued.rawValue; notice.createdAt = Date(); notice.updatedAt = Date()
            try await notice.create(on: app.db)
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            var otherClerk = try await WebClient.signedIn(app, "mz", .clerk, unit: "市民政局")
            let res = try await coordinator.get("/supervision/\(notice.id!)/docx")
            #expect(res.status == .ok)
            let doc = try Self.part(Data(buffer: res.body), "word/document.xml")
            #expect(doc.contains(">督办〔2026〕3号<"))
            #expect(doc.contains(">督办通知单<"))
            #expect(doc.contains(">市城管局：<"))
            #expect(doc.contains("请说明滞后原因并提出整改措施"))
            #expect(doc.contains("2026年7月20日前办结"))
            #expect(doc.contains(">2026年7月1日<"))
            #expect(doc.contains("民生实事工作领导小组办公室"))
            #expect(try await otherClerk.get("/supervision/\(notice.id!)/docx").status == .forbidden)
        }
    }
}
