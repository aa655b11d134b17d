import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Open311 GeoReport v2 at /open311/v2, as an Open311 client sees it.
@Suite struct GeoReportAPITests {
    /// A client app's key, issued as an admin would.
    static func key(_ app: Application, _ name: String = "随手拍") async throws -> String {
        try await ApiClients.issue(name: name, in: app.writeContext()).key
    }

    static func post(_ app: Application, _ fields: [(String, String)], format: String = "json") async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        return try await app.testing().sendRequest(.POST, "/open311/v2/requests.\(format)", headers: headers, body: ByteBuffer(string: body))
    }

    static func json(_ res: TestingHTTPResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView))
    }

    @Test func servicesAreTheCataloguesLeavesWithTheirGroup() async throws {
        try await withTestApp { app in
            let res = try await app.testing().sendRequest(.GET, "/open311/v2/services.json")
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "json")
            let services = try #require(try Self.json(res) as? [[String: Any]])
            let codes = services.compactMap { $0["service_code"] as? String }
            #expect(codes.contains("0103") && codes.contains("99"))
            #expect(!codes.contains("01"), "a category with sub-categories is a group, not a service")
            let noise = try #require(services.first { $0["service_code"] as? String == "0201" })
            #expect(noise["group"] as? String == "环境保护" && noise["metadata"] as? Bool == true && noise["type"] as? String == "realtime")
            let xml = try await app.testing().sendRequest(.GET, "/open311/v2/services.xml")
            #expect(xml.headers.contentType?.subType == "xml")
            #expect(xml.body.string.hasPrefix("<?xml") && xml.body.string.contains("<services><service><service_code>0101</service_code>"))
        }
    }

    @Test func definitionListsAttributesWithValues() async throws {
        try await withTestApp { app in
            let res = try await app.testing().sendRequest(.GET, "/open311/v2/services/0201.json")
            let definition = try #require(try Self.json(res) as? [String: Any])
            let attributes = try #require(definition["attributes"] as? [[String: Any]])
            let period = try #require(attributes.first { $0["code"] as? String == "period" })
            #expect(period["required"] as? Bool == true && period["datatype"] as? String == "singlevaluelist")
            #expect((period["values"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == ["day", "night"])
            let xml = try await app.testing().sendRequest(.GET, "/open311/v2/services/0201.xml")
            #expect(xml.body.string.contains("<service_definition><service_code>0201</service_code><attributes><attribute><variable>true</variable><code>period</code>"))
            let missing = try await app.testing().sendRequest(.GET, "/open311/v2/services/7777.json")
            #expect(missing.status == .notFound)
            let errors = try #require(try Self.json(missing) as? [[String: Any]])
            #expect(errors.first?["code"] as? Int == 404 && (errors.first?["description"] as? String)?.contains("7777") == true)
        }
    }

    @Test func postWithoutARequiredAttributeIsA400NamingIt() async throws {
        try await withTestApp { app in
            let key = try await Self.key(app)
            let res = try await Self.post(app, [("api_key", key), ("service_code", "0201"), ("lat", "30.1"), ("long", "120.2"),
                                                ("description", "工地夜间施工")])
            #expect(res.status == .badRequest)
            let errors = try #require(try Self.json(res) as? [[String: Any]])
            #expect(errors.count == 1)
            #expect(errors.first?["code"] as? Int == 400)
            #expect((errors.first?["description"] as? String)?.contains("attribute[period]") == true)
            let xml = try await Self.post(app, [("api_key", key), ("service_code", "0201"), ("lat", "30.1"), ("long", "120.2")], format: "xml")
            #expect(xml.status == .badRequest)
            #expect(xml.body.string.contains("<errors><error><code>400</code><description>attribute[period]"))
            let wrong = try await Self.post(app, [("api_key", key), ("service_code", "0201"), ("address_string", "幸福路"),
                                                  ("attribute[period]", "evening")])
            #expect(wrong.status == .badRequest && wrong.body.string.contains("evening"))
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 0, "nothing half-written")
        }
    }

    @Test func postNeedsAValidKeyAndAPlace() async throws {
        try await withTestApp { app in
            let none = try await Self.post(app, [("service_code", "0103"), ("lat", "30.1"), ("long", "120.2")])
            #expect(none.status == .forbidden)
            let forged = try await Self.post(app, [("api_key", "ms311_forged"), ("service_code", "0103"), ("lat", "30.1"), ("long", "120.2")])
            #expect(forged.status == .forbidden)
            let issued = try await ApiClients.issue(name: "旧应用", in: app.writeContext())
            try await ApiClients.revoke(issued.client.id!, in: app.writeContext())
            let revoked = try await Self.post(app, [("api_key", issued.key), ("service_code", "0103"), ("lat", "30.1"), ("long", "120.2")])
            #expect(revoked.status == .forbidden)
            let key = try await Self.key(app)
            let nowhere = try await Self.post(app, [("api_key", key), ("service_code", "0103"), ("description", "路灯不亮")])
            #expect(nowhere.status == .badRequest && nowhere.body.string.contains("address_string"))
            let jurisdiction = try await Self.post(app, [("api_key", key), ("jurisdiction_id", "elsewhere.gov"), ("service_code", "0103"),
                                                         ("address_string", "幸福路")])
            #expect(jurisdiction.status == .notFound)
            let audit = try await AuditEntryRecord.query(on: app.db).filter(\.$action ~~ ["apiClient.create", "apiClient.revoke"]).count()
            #expect(audit == 3)
        }
    }

    @Test func postTokenAndRequestRoundTripWithoutPersonalData() async throws {
        try await withTestApp { app in
            let key = try await Self.key(app)
            // A point picked on a Chinese map app (GCJ-02), said so by the extension field.
            let res = try await Self.post(app, [
                ("api_key", key), ("jurisdiction_id", "minsheng"), ("service_code", "0201"), ("attribute[period]", "night"),
                ("attribute[source]", "工地"), ("lat", "31.17530398364597"), ("long", "121.531541859215"), ("coordinate_system", "gcj02"),
                ("description", "工地夜间施工，我是王小明，电话13912345678"), ("first_name", "小明"), ("last_name", "王"), ("phone", "13912345678"),
            ])
            #expect(res.status == .ok, "\(res.body.string)")
            let posted = try #require((try Self.json(res) as? [[String: Any]])?.first)
            let number = try #require(posted["service_request_id"] as? String)
            let token = try #require(posted["token"] as? String)

            let byToken = try await app.testing().sendRequest(.GET, "/open311/v2/tokens/\(token).json")
            #expect((try Self.json(byToken) as? [[String: Any]])?.first?["service_request_id"] as? String == number)

            let one = try await app.testing().sendRequest(.GET, "/open311/v2/requests/\(number).json?extensions=true")
            let request = try #require((try Self.json(one) as? [[String: Any]])?.first)
            #expect(request["status"] as? String == "open" && request["service_code"] as? String == "0201")
            #expect(abs((request["lat"] as? Double ?? 0) - 31.1774276) < 1e-6 && abs((request["long"] as? Double ?? 0) - 121.5272106) < 1e-6)
            #expect((request["requested_datetime"] as? String)?.hasSuffix("+08:00") == true)
            #expect((request["extended_attributes"] as? [String: Any])?["state_label"] as? String == "待派单")
            let xml = try await app.testing().sendRequest(.GET, "/open311/v2/requests/\(number).xml")
            #expect(xml.body.string.contains("<service_requests><request><service_request_id>\(number)</service_request_id><status>open</status>"))
            for body in [one.body.string, xml.body.string] {
                #expect(!body.contains("13912345678") && !body.contains("王小明"), "no requester's name or phone in public output")
            }

            // Stored: the channel, the answers, the requester for the staff (not for the public).
            let stored = try #require(try await CitizenRequestRecord.query(on: app.db).filter(\.$trackingNumber == number).first())
            #expect(stored.channel == "open311")
            #expect(try stored.requesterName(app.dataKeys) == "王小明")
            #expect(try stored.requesterPhone(app.dataKeys) == "13912345678")
            let answers = try await RequestQueries.answers(request: CitizenRequestID(stored.id!), on: app.db)
            #expect(answers.map(\.code) == ["period", "source"] && answers.map(\.value) == ["night", "工地"])
            let audit = try #require(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.create").first())
            #expect(audit.actor == "open311:随手拍")
        }
    }

    @Test func listFiltersByStatusServiceAndWindow() async throws {
        try await withTestApp { app in
            let key = try await Self.key(app)
            for code in ["0103", "0104"] {
                let res = try await Self.post(app, [("api_key", key), ("service_code", code), ("address_string", "和平路"), ("description", "问题\(code)")])
                #expect(res.status == .ok)
            }
            // A confidential request (taken by the hotline) never appears.
            var secret = RequestActions.Intake()
            secret.confidential = true
            secret.categoryCode = "0103"
            secret.text = "举报内容"
            _ = try await RequestActions.take(secret, in: app.writeContext())

            func list(_ query: String) async throws -> [[String: Any]] {
                let res = try await app.testing().sendRequest(.GET, "/open311/v2/requests.json" + query)
                #expect(res.status == .ok, "\(query): \(res.body.string)")
                return try #require(try Self.json(res) as? [[String: Any]])
            }
            #expect(try await list("").count == 2)
            #expect(try await list("?service_code=0104").compactMap { $0["service_code"] as? String } == ["0104"])
            #expect(try await list("?status=closed").isEmpty)
            #expect(try await list("?status=open").count == 2)
            #expect(try await list("?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z").isEmpty)
            let tooLong = try await app.testing().sendRequest(.GET, "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")
            #expect(tooLong.status == .badRequest)
            let badStatus = try await app.testing().sendRequest(.GET, "/open311/v2/requests.json?status=pending")
            #expect(badStatus.status == .badRequest && badStatus.body.string.contains("status"))
            let badFormat = try await app.testing().sendRequest(.GET, "/open311/v2/requests.yaml")
            #expect(badFormat.status == .notFound)
        }
    }
}
