import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// The public side: pages without sign-in, the citizens' form and lookup, objections, and a walk
/// over every public page and download that finds no requester's name or phone.
@Suite struct PortalTests {
    /// A citizen's form as the browser sends it (multipart), after the form was shown.
    static func file(_ client: inout WebClient, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        let boundary = "----portal-test"
        var body = ByteBuffer()
        for (k, v) in fields.merging(["csrfToken": client.csrf ?? ""], uniquingKeysWith: { a, _ in a }).sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await client.send(.POST, "/public/requests", headers: headers, body: body)
    }

    static let good = ["categoryCode": "0103", "text": "和平路路灯不亮一周了", "address": "和平路12号", "phone": "13812345678",
                       "name": "赵六"]

    /// Shows the form, waits out the spam guard's minimum time on the app's clock, sends it.
    static func fileAfterShowing(_ app: Application, _ client: inout WebClient, _ fields: [String: String]) async throws
        -> TestingHTTPResponse {
        try await client.get("/public/requests/new")
        app.clock = .fixed(app.clock.now().addingTimeInterval(5))
        return try await file(&client, fields)
    }

    @Test func publishedPlansArePublicAndDraftsAreNot() async throws {
        try await withTestApp { app in
            let published = try await TestPlan.store(app)
            let draft = try await TestPlan.store(app, publish: false, year: 2027)
            let client = try app.testing()
            let home = try await client.sendRequest(.GET, "/public")
            #expect(home.status == .ok && home.body.string.contains("2026年测试市民生实事项目"))
            #expect(!home.body.string.contains("2027年测试市民生实事项目"))
            let plan = try await client.sendRequest(.GET, "/public/plans/\(published)")
            #expect(plan.status == .ok && plan.body.string.contains("新建城市公厕") && plan.body.string.contains("<svg"))
            #expect(try await client.sendRequest(.GET, "/public/plans/\(draft)").status == .notFound)
            let draftItem = try #require(try await TestPlan.commitments(app, draft, token: try await makeToken(app, "c", .coordinator)).first)
            #expect(try await client.sendRequest(.GET, "/public/commitments/\(draftItem.id)").status == .notFound)
            // A kept page answers a repeat with 304 on its ETag; no session cookie is set.
            let etag = try #require(plan.headers.first(name: .eTag))
            let again = try await client.sendRequest(.GET, "/public/plans/\(published)", headers: ["If-None-Match": etag])
            #expect(again.status == .notModified)
            #expect(plan.headers.setCookie == nil)
        }
    }

    @Test func openDataInThreeFormatsWithADictionaryAndETags() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let items = try await TestPlan.commitments(app, planID)
            let clerk = try await makeToken(app, "cg", .clerk, unit: "市城管局")
            let toilets = try #require(items.first { $0.number == "1" })
            _ = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                                   json: ReportBody(period: "2026-07", percent: 40, narrative: "已建成24座"))
            let dictionary = try await app.testing().sendRequest(.GET, "/public/data")
            #expect(dictionary.status == .ok)
            for set in OpenData.datasets { #expect(dictionary.body.string.contains("/public/data/\(set.name).xlsx")) }

            let json = try await app.testing().sendRequest(.GET, "/public/data/commitments.json")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.body.readableBytesView)) as? [[String: Any]])
            #expect(rows.count == 3 && Set(rows.compactMap { $0["number"] as? String }) == ["1", "2", "3"])
            #expect(Set(rows.first!.keys) == Set(OpenData.datasets[1].fields.map(\.key)))

            let csv = try await app.testing().sendRequest(.GET, "/public/data/monthly-2026-07.csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == 2 && lines[1].contains("2026-07,40,,已建成24座,2026-07-10"))
            let targets = try await app.testing().sendRequest(.GET, "/public/data/targets.csv")
            #expect(targets.body.string.contains("新建城市公厕,equal,60,座"))

            let xlsx = try await app.testing().sendRequest(.GET, "/public/data/plans.xlsx")
            #expect(xlsx.headers.contentType == Response.xlsxType && Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            let etag = try #require(csv.headers.first(name: .eTag))
            let again = try await app.testing().sendRequest(.GET, "/public/data/monthly-2026-07.csv", headers: ["If-None-Match": etag])
            #expect(again.status == .notModified)
            #expect(try await app.testing().sendRequest(.GET, "/public/data/secrets.csv").status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/public/data/monthly-2031-01.csv").status == .notFound)
        }
    }

    @Test func traditionalAndEnglishViews() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            let hant = try await app.testing().sendRequest(.GET, "/public?lang=zh-Hant")
            #expect(hant.body.string.contains("民生實事計劃") && hant.body.string.contains("2026年測試市民生實事項目"))
            #expect(hant.headers.setCookie?[PortalLanguage.cookie]?.string == "zh-Hant")
            let en = try await app.testing().sendRequest(.GET, "/public?lang=en")
            #expect(en.body.string.contains(">Plans<") && en.body.string.contains("lang=\"en\""))
            var visitor = WebClient(app: app)
            let form = try await visitor.get("/public/requests/new?lang=en")
            #expect(form.body.string.contains("What is the problem") && form.body.string.contains(">Send<"))
            let lookup = try await visitor.get("/public/lookup?lang=en")
            #expect(lookup.body.string.contains("Last four digits of the phone"))
            let hantForm = try await visitor.get("/public/requests/new?lang=zh-Hant")
            #expect(hantForm.body.string.contains("訴求內容"))
            let remembered = try await app.testing().sendRequest(.GET, "/public/progress", headers: ["Cookie": "\(PortalLanguage.cookie)=zh-Hant"])
            #expect(remembered.body.string.contains("月度進展公示"))
        }
    }

    @Test func theFormNamesEveryProblemAtOnceAndTakesNothing() async throws {
        try await withTestApp { app in
            var client = WebClient(app: app)
            let res = try await Self.fileAfterShowing(app, &client, ["categoryCode": "0201", "text": " ", "phone": "123", "lat": "north"])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            for expected in ["诉求内容：必填", "手机号码：不是有效的电话号码", "地点：", "纬度：应为数字", "噪声发生时段：必填"] {
                #expect(html.contains(expected), "\(expected)")
            }
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func spamGuardsRefuseBotsAndCapAPhonePerDay() async throws {
        try await withTestApp { app in
            var bot = WebClient(app: app)
            try await bot.get("/public/requests/new")
            let fast = try await Self.file(&bot, Self.good)          // no time passed
            #expect(fast.status == .unprocessableEntity && fast.body.string.contains("提交太快"))
            var trap = WebClient(app: app)
            let honeypot = try await Self.fileAfterShowing(app, &trap, Self.good.merging(["website": "http://spam"]) { $1 })
            #expect(honeypot.status == .unprocessableEntity)
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 0)

            app.publicWriteLimit = PublicWriteLimit(limit: 100, window: 600)
            for n in 1...PortalRequestPages.dailyCapPerPhone {
                var citizen = WebClient(app: app)
                let ok = try await Self.fileAfterShowing(app, &citizen, Self.good.merging(["text": "路灯不亮 第\(n)次"]) { $1 })
                #expect(ok.status == .seeOther, "\(n): \(ok.status)")
            }
            var sixth = WebClient(app: app)
            let capped = try await Self.fileAfterShowing(app, &sixth, Self.good)
            #expect(capped.status == .unprocessableEntity && capped.body.string.contains("每天最多提交"))
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == PortalRequestPages.dailyCapPerPhone)
        }
    }

    @Test func lookupNeedsTheLastFourDigitsAndRatingNeedsTheLookup() async throws {
        try await withTestApp { app in
            var citizen = WebClient(app: app)
            let filed = try await Self.fileAfterShowing(app, &citizen, Self.good)
            #expect(filed.status == .seeOther)
            let r = try #require(try await CitizenRequestRecord.query(on: app.db).first())
            #expect(r.channel == "web")
            #expect(try r.requesterName(app.dataKeys) == "赵六")
            let audit = try #require(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.create").first())
            #expect(audit.actor == "citizen")

            var stranger = WebClient(app: app)
            try await stranger.get("/public/lookup")
            let wrong = try await stranger.post("/public/lookup", ["number": r.trackingNumber, "last4": "0000"])
            #expect(wrong.status == .notFound && !wrong.body.string.contains("和平路路灯"))
            let unknown = try await stranger.post("/public/lookup", ["number": "2099010100001", "last4": "5678"])
            #expect(unknown.body.string.contains("没有找到与工单号和手机号后四位相符的诉求"), "one answer for both mistakes")
            let rate = try await stranger.post("/public/lookup/rate", ["number": r.trackingNumber, "resolution": "solved", "satisfaction": "5"])
            #expect(rate.status == .notFound, "rating needs a lookup in this session")

            let right = try await stranger.post("/public/lookup", ["number": r.trackingNumber, "last4": "5678"])
            #expect(right.status == .ok && right.body.string.contains("和平路路灯不亮一周了") && right.body.string.contains("您的诉求已受理"))
            #expect(!right.body.string.contains("13812345678"))
            // Not answered yet: nothing to rate.
            let early = try await stranger.post("/public/lookup/rate", ["number": r.trackingNumber, "resolution": "solved", "satisfaction": "5"])
            #expect(early.status == .badRequest)
        }
    }

    @Test func objectionsOpenForSevenDaysAndReachTheLeadUnit() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "cg", .clerk, unit: "市城管局")
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let sent = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                                          json: ReportBody(period: "2026-07", percent: 40, narrative: "已建成24座"))
            #expect(sent.status == .created)
            let page = try await app.testing().sendRequest(.GET, "/public/commitments/\(toilets.id)")
            #expect(page.body.string.contains("已建成24座") && page.body.string.contains("/objections/2026-07"))

            var citizen = WebClient(app: app)
            try await citizen.get("/public/commitments/\(toilets.id)/objections/2026-07")
            let objected = try await citizen.post("/public/commitments/\(toilets.id)/objections/2026-07",
                                                  ["text": "幸福路公厕还没动工", "phone": "13900001111", "name": "钱七"])
            #expect(objected.status == .seeOther)
            let r = try #require(try await CitizenRequestRecord.query(on: app.db).filter(\.$objectionPeriod == "2026-07").first())
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市城管局").first())
            #expect(r.$commitment.id == toilets.id && r.$leadUnit.id == unit.id && r.state == "dispatched")
            #expect(r.categoryCode == PortalObjections.categoryCode)
            // The staff see it on the commitment's page (kept per plan revision, which the objection moved).
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            let staff = try await coordinator.get("/commitments/\(toilets.id)")
            #expect(staff.body.string.contains("公示异议") && staff.body.string.contains("幸福路公厕还没动工"))
            #expect(staff.body.string.contains("/requests/\(r.trackingNumber)"))

            // Seven days later (the 17th) still open; on the 18th closed.
            app.clock = .fixed(CivilDate(2026, 7, 17))
            var late = WebClient(app: app)
            try await late.get("/public/commitments/\(toilets.id)/objections/2026-07")
            app.clock = .fixed(CivilDate(2026, 7, 18))
            let closed = try await late.post("/public/commitments/\(toilets.id)/objections/2026-07", ["text": "还是没动工", "phone": "13900002222"])
            #expect(closed.status == .conflict && closed.body.string.contains("公示期已结束"))
            #expect(try await app.testing().sendRequest(.GET, "/public/commitments/\(toilets.id)/objections/2026-05").status == .notFound)
        }
    }

    /// Every public page and download, with requests whose requesters have names and phones
    /// (some written into their texts and answers): none of them appears anywhere.
    @Test func noRequesterNameOrPhoneOnAnyPublicPage() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let items = try await TestPlan.commitments(app, planID)
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            var body = IntakeBody()
            body.requesterName = "孙悟空"
            body.requesterPhone = "13712349876"
            body.text = "我是孙悟空，电话13712349876，和平路路灯坏了。"
            let taken = try await api.take(body, token: cast.hotline)
            try await api.step(taken.id, "dispatch", token: cast.hotline, .dispatch(cast.lead))
            try await api.step(taken.id, "sign", token: cast.clerk)
            try await api.step(taken.id, "reply", token: cast.clerk, RequestStepInput(text: "孙悟空您好，已修复。回电13712349876。"))
            try await api.step(taken.id, "approve", token: cast.unitLeader)
            try await api.step(taken.id, "accept", token: cast.hotline)
            let clerk = try await makeToken(app, "cg-reporter", .clerk, unit: "市城管局")
            let report = try await APIClient(app: app).send(.POST, "/api/v1/commitments/\(items[0].id)/reports", token: clerk,
                                                            json: ReportBody(period: "2026-07", percent: 40, narrative: "已建成24座"))
            #expect(report.status == .created)
            let stored = try #require(try await CitizenRequestRecord.find(taken.id, on: app.db))
            stored.$commitment.id = items[0].id
            stored.objectionPeriod = "2026-07"
            try await stored.save(on: app.db)
            app.publicCache.clear()
            var secret = IntakeBody()
            secret.confidential = true
            secret.requesterName = "猪八戒"
            secret.requesterPhone = "13600001234"
            _ = try await api.take(secret, token: cast.hotline)

            var paths = ["/public", "/public/progress", "/public/rankings", "/public/plans/\(planID)",
                         "/open311/v2/requests.json", "/open311/v2/requests.xml", "/open311/v2/requests.json?extensions=true",
                         "/open311/v2/requests/\(taken.trackingNumber).json?extensions=true", "/open311/v2/requests/\(taken.trackingNumber).xml"]
            paths += items.map { "/public/commitments/\($0.id)" }
            paths += ["zh-Hant", "en"].map { "/public?lang=\($0)" }
            paths.append("/public/data")
            for set in OpenData.datasets {
                paths += ["csv", "json"].map { "/public/data/\(set.name).\($0)" }
                if set.monthly { paths.append("/public/data/\(set.name)-2026-07.csv") }
            }
            var seen = 0
            for path in paths {
                let res = try await app.testing().sendRequest(.GET, path)
                #expect(res.status == .ok, "\(path): \(res.status)")
                let text = res.body.string
                // (The place of the problem is public, as in every Open311 service; confidential requests are not listed.)
                for secret in ["孙悟空", "孫悟空", "13712349876", "猪八戒", "豬八戒", "13600001234"] {
                    #expect(!text.contains(secret), "\(path) shows \(secret)")
                }
                seen += 1
            }
            #expect(seen == paths.count)
            // The answer itself is public (masked where it named the citizen).
            let page = try await app.testing().sendRequest(.GET, "/public/commitments/\(items[0].id)")
            #expect(page.body.string.contains("已修复"))
        }
    }
}

extension PortalTests {
    @Test func aCoordinatorPublishesAPhotoAndThePortalShowsItWithoutMetadata() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/commitments/\(toilets.id)")
            // A JPEG with an EXIF block (APP1) between its start and its image data.
            let exif: [UInt8] = [0xFF, 0xE1, 0x00, 0x10] + Array("Exif".utf8) + [0, 0] + Array("MM\0*GPS!".utf8)
            let jpeg: [UInt8] = [0xFF, 0xD8] + exif + [0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9]
            let uploaded = try await coordinator.upload("/commitments/\(toilets.id)/attachments", field: "file", filename: "现场.jpg",
                                                        data: jpeg, contentType: "image/jpeg")
            #expect(uploaded.status == .seeOther)
            let photo = try #require(try await AttachmentRecord.query(on: app.db).first())
            #expect(!photo.isPublic)
            let before = try await app.testing().sendRequest(.GET, "/public/commitments/\(toilets.id)")
            #expect(!before.body.string.contains("/public/photos/"))
            #expect(try await app.testing().sendRequest(.GET, "/public/photos/\(photo.id!)").status == .notFound)

            try await coordinator.get("/commitments/\(toilets.id)")
            let published = try await coordinator.post("/attachments/\(photo.id!)/public")
            #expect(published.status == .seeOther)
            let page = try await app.testing().sendRequest(.GET, "/public/commitments/\(toilets.id)")
            #expect(page.body.string.contains("/public/photos/\(photo.id!)"))
            let served = try await app.testing().sendRequest(.GET, "/public/photos/\(photo.id!)")
            #expect(served.status == .ok && Array(served.body.readableBytesView) == [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9])
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "commitment.publishPhoto").count() == 1)
            var clerk = try await WebClient.signedIn(app, "cg", .clerk, unit: "市城管局")
            try await clerk.get("/commitments/\(toilets.id)")
            #expect(try await clerk.post("/attachments/\(photo.id!)/public").status == .forbidden)
        }
    }
}
