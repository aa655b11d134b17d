import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp

@Suite struct OpenAPITests {
    /// Every `/api/v1` route is in the document with its method, and every documented operation is
    /// routed. Parameters are compared by place, not name (`{planID}` and `:id` are one thing).
    @Test func documentMatchesTheRoutes() async throws {
        try await withTestApp { app in
            let document = try await Self.document(app)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, item in
                item.keys.filter(Self.methods.contains).map { "\($0.uppercased()) \(Self.normalised(path))" }
            })
            let routed = Set(app.routes.all.compactMap { route -> String? in
                let parts = route.path.map { component -> String in
                    switch component {
                    case .constant(let s): return s
                    case .parameter: return "{}"
                    case .anything: return "*"
                    case .catchall: return "**"
                    }
                }
                guard parts.count > 2, parts[0] == "api", parts[1] == "v1" else { return nil }
                return "\(route.method.rawValue) /\(parts.dropFirst(2).joined(separator: "/"))"
            })
            #expect(routed.count > 30, "the API's routes were found: \(routed.count)")
            #expect(routed.subtracting(documented).isEmpty, "undocumented: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "not routed: \(documented.subtracting(routed).sorted())")
        }
    }

    /// The answers every operation can give are declared: 401 and 403 where a token is needed, 404
    /// where the path names a thing, 413, 415 and 422 where a body is read; every error answer has
    /// the error shape.
    @Test func documentDeclaresTheErrorAnswers() async throws {
        try await withTestApp { app in
            let document = try await Self.document(app)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var missing: [String] = []
            for (path, item) in paths {
                for (method, value) in item where Self.methods.contains(method) {
                    let operation = try #require(value as? [String: Any])
                    let responses = try #require(operation["responses"] as? [String: Any], "\(method) \(path)")
                    var needed: [String] = []
                    if operation["security"] != nil { needed += ["401", "403"] }
                    if path.contains("{") { needed.append("404") }
                    if operation["requestBody"] != nil { needed += ["413", "415", "422"] }
                    for code in needed where responses[code] == nil { missing.append("\(method.uppercased()) \(path) \(code)") }
                    for (code, response) in responses where code.hasPrefix("4") {
                        let ref = (response as? [String: Any])?["$ref"] as? String
                        let schemaRef = (((response as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                        if ref != "#/components/responses/Error" && schemaRef == nil {
                            missing.append("\(method.uppercased()) \(path) \(code): no error body")
                        }
                    }
                }
            }
            #expect(missing.isEmpty, "\(missing.sorted())")
        }
    }

    /// A method a resource lacks is 405 with `Allow` (the documented methods) in the error shape;
    /// OPTIONS is 204 with the same `Allow`; an unknown path is still 404; a routed method passes.
    @Test func undeclaredMethodsAnswer405WithAllow() async throws {
        try await withTestApp { app in
            let client = APIClient(app: app)
            let trace = try await client.send(.TRACE, "/api/v1/plans")
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers.first(name: "Allow") == "GET, HEAD, OPTIONS")
            #expect(trace.apiError?.code == "method_not_allowed")
            // a constant segment wins over a parameter, as in the router: /requests/import is POST only
            let get = try await client.send(.GET, "/api/v1/requests/import")
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers.first(name: "Allow") == "OPTIONS, POST")
            let put = try await client.send(.PUT, "/api/v1/plans/\(UUID())")
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers.first(name: "Allow") == "GET, HEAD, OPTIONS, PATCH")
            let options = try await client.send(.OPTIONS, "/api/v1/requests")
            #expect(options.status == .noContent)
            #expect(options.headers.first(name: "Allow") == "GET, HEAD, OPTIONS, POST")
            let unknown = try await client.send(.TRACE, "/api/v1/nothing-here")
            #expect(unknown.status == .notFound)
            let plans = try await client.send(.GET, "/api/v1/plans")
            #expect(plans.status == .ok)
        }
    }

    /// Query values outside the documented bounds are refused (422 naming them), not clamped, and a
    /// multipart body that does not parse is the client's mistake (422), not a 500.
    @Test func documentedBoundsAreEnforced() async throws {
        try await withTestApp { app in
            let admin = try await makeToken(app, "boss", .admin)
            let client = APIClient(app: app)
            for (path, field) in [("/api/v1/requests?per=201", "per"), ("/api/v1/requests?page=0", "page"),
                                  ("/api/v1/audit/heads?limit=null", "limit"), ("/api/v1/audit?limit=0", "limit"),
                                  ("/api/v1/notices?state=AAA", "state"),
                                  ("/api/v1/plans/\(UUID())/commitments?health=AAA", "health")] {
                let res = try await client.send(.GET, path, token: admin)
                #expect(res.status == .unprocessableEntity, "\(path)")
                #expect(res.apiError?.fields[field] != nil, "\(path)")
            }
            let ok = try await client.send(.GET, "/api/v1/requests?per=200&page=1", token: admin)
            #expect(ok.status == .ok)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: admin)
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=xyz")
            let broken = try await app.testing().sendRequest(.POST, "/api/v1/imports", headers: headers,
                                                             body: ByteBuffer(string: "--xyz--\r\n"))
            #expect(broken.status == .unprocessableEntity)
            #expect(broken.apiError?.code == "invalid")
        }
    }

    static let methods: Set<String> = ["get", "post", "patch", "put", "delete"]

    static func normalised(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("{") && $0.hasSuffix("}") ? "{}" : String($0) }
            .joined(separator: "/")
    }

    static func document(_ app: Application) async throws -> [String: Any] {
        let res = try await APIClient(app: app).send(.GET, "/api/v1/openapi.json")
        #expect(res.status == .ok)
        #expect(res.headers.contentType == .json)
        return try #require(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])
    }

    @Test func healthzAnswers() async throws {
        try await withTestApp { app in
            let res = try await APIClient(app: app).send(.GET, "/healthz")
            #expect(res.status == .ok)
            #expect(res.body.string == "ok")
        }
    }

    @Test func unknownThingsAnswerInTheErrorShape() async throws {
        try await withTestApp { app in
            let res = try await APIClient(app: app).send(.GET, "/api/v1/plans/\(UUID())")
            #expect(res.status == .notFound)
            #expect(res.apiError?.code == "not_found")
            #expect(res.apiError?.message == "计划不存在。")
            // a malformed id names nothing either
            for (path, message) in [("/api/v1/plans/not-a-uuid", "计划不存在。"), ("/api/v1/plans/x/commitments", "计划不存在。"),
                                    ("/api/v1/commitments/42", "任务不存在。"), ("/api/v1/commitments/42/reports", "任务不存在。")] {
                let malformed = try await APIClient(app: app).send(.GET, path)
                #expect(malformed.status == .notFound, "\(path)")
                #expect(malformed.apiError?.message == message, "\(path)")
            }
        }
    }
}
