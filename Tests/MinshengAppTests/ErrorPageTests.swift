import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp

/// Issue 13: an unknown address answered English JSON in the browser. A browser now gets a
/// Chinese page; the API and scripts keep the JSON error shape, in Chinese.
@Suite struct ErrorPageTests {
    static let browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

    @Test(arguments: ["/no-such-page", "/commitments/x/y/z", "/%E4%B8%AD%E6%96%87"])
    func aBrowserGetsAChinese404Page(path: String) async throws {
        try await withTestApp { app in
            let res = try await app.testing().sendRequest(.GET, path, headers: ["Accept": Self.browserAccept])
            #expect(res.status == .notFound)
            #expect(res.headers.contentType?.subType == "html")
            let html = res.body.string
            #expect(html.contains("<title>页面不存在（404）"))
            #expect(html.contains("未找到该页面或记录。"))
            #expect(html.contains("返回首页"))
            #expect(!html.contains("Not Found"))
        }
    }

    @Test func anUnknownMethodOnAPageIsAChinesePageToo() async throws {
        try await withTestApp { app in
            let res = try await app.testing().sendRequest(.DELETE, "/dashboard", headers: ["Accept": Self.browserAccept])
            #expect(res.status.code >= 400)
            #expect(res.headers.contentType?.subType == "html")
            #expect(!res.body.string.contains("Not Found"))
        }
    }

    @Test func theAPIAndScriptsKeepTheJSONErrorShape() async throws {
        try await withTestApp { app in
            // An unknown API path, even from a browser: JSON.
            let api = try await app.testing().sendRequest(.GET, "/api/v1/no-such-thing", headers: ["Accept": Self.browserAccept])
            #expect(api.status == .notFound)
            #expect(api.headers.contentType?.subType == "json")
            #expect(try api.content.decode(ErrorBody.self).error.code == "not_found")
            // A script asking for JSON (or naming nothing) outside /api/: the same shape, in Chinese.
            for accept in ["application/json", nil] {
                let headers: HTTPHeaders = accept.map { ["Accept": $0] } ?? [:]
                let res = try await app.testing().sendRequest(.GET, "/no-such-page", headers: headers)
                #expect(res.status == .notFound)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.code == "not_found")
                #expect(body.error.message == "请求的资源不存在")
            }
        }
    }

    @Test func aKnownPageStillAnswersNormally() async throws {
        try await withTestApp { app in
            let res = try await app.testing().sendRequest(.GET, "/login", headers: ["Accept": Self.browserAccept])
            #expect(res.status == .ok)
        }
    }
}
