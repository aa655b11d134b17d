import Fluent
import Foundation
@testable import MinshengApp
import Testing
import Vapor
import VaporTesting
import MinshengStore

/// Issue 13: an oversized paste is refused before it becomes a draft, with a Chinese reason.
@Suite struct ImportLimitsTests {
    @Test func aPasteOverTheLimitIsRefusedWithAChineseReasonAndNoDraft() async throws {
        try await withTestApp { app in
            // setup: a coordinator and a paste of 250,000 characters (the finding's was 1.3 MB).
            var coordinator = try await WebClient.signedIn(app, "coord", .coordinator)
            try await coordinator.get("/imports")
            let line = "一、新建城市公厕60座（牵头单位：市城管局）。\n"
            let text = String(repeating: line, count: 250_000 / line.count + 1)
            // MUT
            let refused = try await coordinator.post("/imports", ["text": text])
            // validate: 413, the reason in Chinese, the paste not echoed back, nothing stored.
            #expect(refused.status == .payloadTooLarge)
            #expect(refused.body.string.contains("文本过长（约25万字），超过一次导入的上限20万字"))
            #expect(refused.body.readableBytes < 200_000)
            #expect(try await PlanRecord.query(on: app.db).count() == 0)
            // Just under the limit is taken (the limit is the only thing refusing it).
            let small = try await coordinator.post("/imports", ["text": String(repeating: line, count: 10)])
            #expect(small.status == .seeOther)
            #expect(try await PlanRecord.query(on: app.db).count() == 1)
        }
    }
}
