import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp

@Suite struct OpenAPITests {
    /// Every `/api/v1` route is in the document with its method, and every documented operation is routed.
    @Test func documentMatchesTheRoutes() async throws {
        try await withTestApp { app in
            let res = try await APIClient(app: app).send(.GET, "/api/v1/openapi.json")
            #expect(res.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let methods: Set<String> = ["get", "post", "patch", "put", "delete"]
            let documented = Set(paths.flatMap { path, item in
                item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
            })
            let routed = Set(app.routes.all.compactMap { route -> String? in
                let parts = route.path.map { component -> String in
                    switch component {
                    case .constant(let s): return s
                    case .parameter(let p): return "{\(p)}"
                    case .anything: return "*"
                    case .catchall: return "**"
                    }
                }
                guard parts.count > 2, parts[0] == "api", parts[1] == "v1" else { return nil }
                return "\(route.method.rawValue) /\(parts.dropFirst(2).joined(separator: "/"))"
            })
            #expect(routed.subtracting(documented).isEmpty, "undocumented: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "not routed: \(documented.subtracting(routed).sorted())")
        }
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
