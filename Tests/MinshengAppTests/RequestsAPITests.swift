import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// `/api/v1/requests`: the closed loop with real roles, idempotent intake, bad input, and who sees
/// a requester's name and phone.
@Suite struct RequestsAPITests {
    typealias DTO = RequestsController.RequestDTO

    /// 受理 → 派单 → 退单 → 维持派单 → (no second 退单) → 签收 → 答复 → 审批 → 审核 → 回访 (unsolved) → 重办
    /// → 答复 → 审批 → 审核 → 回访 (solved) → (no 重办) → 办结, each by the role that takes it.
    @Test func theWholeLoopThroughTheAPI() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let auditBefore = try await AuditEntryRecord.query(on: app.db).count()

            // MUT, validating each answer on the way
            let created = try await api.intake(token: cast.hotline)
            #expect(created.status == .created)
            let request = try created.decode(DTO.self)
            let id = request.id
            #expect(created.headers.first(name: .location) == "/api/v1/requests/\(id)")
            #expect(request.state == "received")
            #expect(request.trackingNumber.hasPrefix("20260710"))
            #expect(request.requesterName == "张三")        // the hotline sees who called

            func expectStep(_ name: String, _ token: String, _ input: RequestStepInput = RequestStepInput(), state: String,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws -> DTO? {
                let res = try await api.step(id, name, token: token, input)
                #expect(res.status == .ok, "\(name): \(res.status) \(res.body.string)", sourceLocation: sourceLocation)
                let dto = try? res.decode(DTO.self)
                #expect(dto?.state == state, "\(name)", sourceLocation: sourceLocation)
                return dto
            }

            // 2026-07-10 is a Friday: signed for by Monday the 13th, a complaint handled in 5 working days.
            let dispatched = try await expectStep("dispatch", cast.hotline, .dispatch(cast.lead, co: [cast.co]), state: "dispatched")
            #expect(dispatched?.leadUnit == RequestCast.leadName)
            #expect(dispatched?.coUnits == [RequestCast.coName])
            #expect(dispatched?.signForDue == "2026-07-13")
            #expect(dispatched?.handlingDue == "2026-07-17")
            let inbox = try await api.send(.GET, "/api/v1/requests", token: cast.clerk).decode(RequestsController.ListDTO.self)
            #expect(inbox.items.map(\.id) == [id])
            let otherInbox = try await api.send(.GET, "/api/v1/requests", token: cast.otherClerk).decode(RequestsController.ListDTO.self)
            #expect(otherInbox.items.isEmpty)

            _ = try await expectStep("return", cast.clerk, RequestStepInput(reason: "路灯产权属于供电公司"), state: "returned")
            _ = try await expectStep("uphold", cast.hotline, RequestStepInput(note: "经核实路灯由城管局管护"), state: "dispatched")
            let secondReturn = try await api.step(id, "return", token: cast.clerk, RequestStepInput(reason: "仍非本单位职责"))
            _ = try await expectStep("sign", cast.clerk, state: "handling")
            _ = try await expectStep("reply", cast.clerk, RequestStepInput(text: "已安排维修，路灯恢复照明。"), state: "awaitingApproval")
            let approvedByClerk = try await api.step(id, "approve", token: cast.clerk)
            let approved = try await expectStep("approve", cast.unitLeader, state: "replied")
            _ = try await expectStep("accept", cast.hotline, state: "awaitingCallback")
            _ = try await expectStep("callback", cast.hotline, RequestStepInput(resolution: "unsolved", satisfaction: 2), state: "calledBack")
            let redone = try await expectStep("redo", cast.hotline, RequestStepInput(reason: "群众反映仍有两盏不亮"), state: "handling")
            _ = try await expectStep("reply", cast.clerk, RequestStepInput(text: "剩余两盏已更换灯具。"), state: "awaitingApproval")
            _ = try await expectStep("approve", cast.unitLeader, state: "replied")
            _ = try await expectStep("accept", cast.hotline, state: "awaitingCallback")
            let solved = try await expectStep("callback", cast.hotline, RequestStepInput(resolution: "solved", satisfaction: 5), state: "calledBack")
            let secondRedo = try await api.step(id, "redo", token: cast.hotline, RequestStepInput(reason: "再办一次"))
            let closed = try await expectStep("close", cast.hotline, state: "closed")

            // validate: the refusals
            #expect(secondReturn.status == .conflict)
            #expect(secondReturn.apiError?.code == "request_state")
            #expect(secondReturn.apiError?.message == "热线已维持派单，不能再次退单。")
            #expect(approvedByClerk.status == .forbidden)
            #expect(secondRedo.status == .conflict)
            #expect(secondRedo.apiError?.message == "回访结果为已解决且满意，无需重办。")
            // the answers along the way
            #expect(approved?.reply == "已安排维修，路灯恢复照明。")
            #expect(redone?.handlingDue == "2026-07-17")
            #expect(solved?.resolution == "solved")
            #expect(solved?.satisfaction == 5)
            #expect(closed?.limitStage == nil)

            // what is stored
            let stored = try #require(try await CitizenRequestRecord.find(id, on: app.db))
            #expect(stored.returnCount == 1)
            #expect(stored.returnUpheld)
            #expect(stored.redoCount == 1)
            #expect(stored.signedInTime == true)
            #expect(stored.repliedInTime == true)
            #expect(stored.closedAt != nil)
            #expect(stored.replyText == "剩余两盏已更换灯具。")
            // the citizen is told the tracking number at intake and the outcome at the close
            let sms = try await OutboxMessageRecord.query(on: app.db).sort(\.$createdAt).all()
            #expect(try sms.map { try app.dataKeys.open($0.sealedRecipient, .outboxRecipient, row: $0.id!) } == ["13812341234", "13812341234"])
            #expect(sms.allSatisfy { $0.text.contains(stored.trackingNumber) })
            #expect(sms.last?.text.contains("已办结") == true)

            // the history: every step that happened, in order, by whom
            let events = try await RequestEventRecord.query(on: app.db).filter(\.$request.$id == id).sort(\.$at).all()
            let steps = ["intake", "dispatch", "giveBack", "uphold", "signFor", "draftReply", "approveReply", "acceptReply",
                         "callBack", "redo", "draftReply", "approveReply", "acceptReply", "callBack", "close"]
            #expect(events.map(\.step) == steps)
            let hotlineID = try await RequestCast.user(app, "hotline")
            let clerkID = try await RequestCast.user(app, "cg-clerk")
            let leaderID = try await RequestCast.user(app, "cg-leader")
            let takers: [String: UUID] = ["intake": hotlineID, "dispatch": hotlineID, "giveBack": clerkID, "uphold": hotlineID,
                                          "signFor": clerkID, "draftReply": clerkID, "approveReply": leaderID, "acceptReply": hotlineID,
                                          "callBack": hotlineID, "redo": hotlineID, "close": hotlineID]
            #expect(events.map { $0.$user.id } == steps.map { takers[$0] })
            #expect(events.first { $0.step == "giveBack" }?.note == "路灯产权属于供电公司")

            // one audit entry per write, none for the refusals
            let audit = try await AuditEntryRecord.query(on: app.db).sort(\.$at).all()
            #expect(audit.count - auditBefore == steps.count)
            let mine = audit.filter { $0.subjectID == id }
            #expect(mine.map(\.action) == ["request.create"] + Array(repeating: "request.step", count: steps.count - 1))
            let coreSteps = ["dispatch", "giveBack", "uphold", "signFor", "draftReply", "approveReply", "acceptReply",
                             "callBack", "redo", "draftReply", "approveReply", "acceptReply", "callBack", "close"]
            #expect(mine.dropFirst().map { auditAfter($0)["step"] ?? "" } == coreSteps)
            #expect(mine.last.map(auditAfter)?["state"] == "closed")
            #expect(mine.first { auditAfter($0)["step"] == "approveReply" }?.actor == "cg-leader")
        }
    }

    /// A retried intake with the same `Idempotency-Key` answers with the first request; twenty at
    /// once store one; different keys number each request once, `YYYYMMDD` of the Beijing date.
    @Test func intakeIsIdempotentByKeyAndNumbersByTheBeijingDate() async throws {
        try await withTestApp { app in
            // setup: 17:30 UTC on 10 July is 01:30 on 11 July in Beijing.
            let cast = try await RequestCast.make(app)
            app.clock = .fixed(Date(timeIntervalSince1970: 1_783_704_600))   // 2026-07-10T17:30:00Z
            #expect(app.clock.today == CivilDate(2026, 7, 11))
            let api = RequestsAPI(app: app)

            // MUT: one key twice
            let first = try await api.intake(token: cast.hotline, key: "call-0001")
            let again = try await api.intake(token: cast.hotline, key: "call-0001")

            // validate
            #expect(first.status == .created)
            #expect(first.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(again.status == .ok)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            let a = try first.decode(DTO.self), b = try again.decode(DTO.self)
            #expect(a.id == b.id)
            #expect(a.trackingNumber == b.trackingNumber)
            #expect(a.trackingNumber == "2026071100001")
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 1)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.create").count() == 1)

            // MUT: twenty at once with one key
            let racing = try await withThrowingTaskGroup(of: TestingHTTPResponse.self) { group in
                for _ in 0..<20 { group.addTask { try await api.intake(token: cast.hotline, key: "call-0002") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // validate
            #expect(racing.map(\.status.code).sorted() == Array(repeating: 200, count: 19) + [201],
                    "\(racing.map { "\($0.status.code) \($0.body.string)" })")
            #expect(Set(racing.compactMap { try? $0.decode(DTO.self).id }).count == 1)
            #expect(racing.filter { $0.headers.first(name: "Idempotent-Replayed") == "true" }.count == 19)
            let keys = try await CitizenRequestRecord.query(on: app.db).all().compactMap(\.idempotencyKey)
            #expect(keys.filter { $0.hasSuffix(":call-0002") }.count == 1)
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 2)

            // MUT: twenty at once with different keys (and a few without)
            let distinct = try await withThrowingTaskGroup(of: TestingHTTPResponse.self) { group in
                for i in 0..<20 { group.addTask { try await api.intake(token: cast.hotline, key: i < 17 ? "call-1\(i)" : nil) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // validate
            #expect(distinct.allSatisfy { $0.status == .created }, "\(distinct.map { "\($0.status.code) \($0.body.string)" })")
            let numbers = try await CitizenRequestRecord.query(on: app.db).all().map(\.trackingNumber)
            #expect(numbers.count == 22)
            #expect(Set(numbers).count == 22)
            #expect(numbers.allSatisfy { $0.count == 13 && $0.hasPrefix("20260711") && $0.allSatisfy(\.isASCII) && Int($0) != nil })
            #expect(Set(numbers) == Set((1...22).map { String(format: "20260711%05d", $0) }))

            // Another caller's same key is its own request, never the first caller's.
            let stranger = try await makeToken(app, "hotline-2", .hotline)
            let theirs = try await api.intake(token: stranger, key: "call-0001")
            let theirID = try theirs.decode(DTO.self).id, firstID = try first.decode(DTO.self).id
            #expect(theirs.status == .created && theirID != firstID)
        }
    }

    /// Bad intake: every wrong field named, in Chinese naming the field, and nothing written.
    @Test func badIntakeIs422NamingEachFieldAndWritesNothing() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            func counts() async throws -> [Int] {
                [try await CitizenRequestRecord.query(on: app.db).count(), try await RequestEventRecord.query(on: app.db).count(),
                 try await AuditEntryRecord.query(on: app.db).count(), try await NotificationRecord.query(on: app.db).count()]
            }
            let before = try await counts()

            // MUT
            var all = IntakeBody()
            all.text = "   \n"
            all.categoryCode = "9901"
            all.requesterPhone = "12345"
            all.lat = 39.9
            all.kind = "grumble"
            let everything = try await api.intake(all, token: cast.hotline, key: "bad-1")
            var one = IntakeBody()
            one.requesterPhone = "138-1234"
            let phoneOnly = try await api.intake(one, token: cast.hotline)
            var farAway = IntakeBody()
            farAway.lat = 91
            farAway.long = 116.4
            let outOfRange = try await api.intake(farAway, token: cast.hotline)
            var noKind = IntakeBody()
            noKind.kind = nil
            noKind.categoryCode = nil
            let missing = try await api.intake(noKind, token: cast.hotline)
            var channel = IntakeBody()
            channel.channel = "fax"
            let badChannel = try await api.intake(channel, token: cast.hotline)
            let byClerk = try await api.intake(token: cast.clerk)

            // validate
            #expect(everything.status == .unprocessableEntity)
            #expect(everything.apiError?.code == "invalid")
            let fields = everything.apiError?.fields ?? [:]
            #expect(Set(fields.keys) == ["text", "categoryCode", "requesterPhone", "lat", "kind"])
            #expect(fields["text"] == "诉求内容：必填。")
            #expect(fields["categoryCode"] == "诉求分类：无效（9901）。")
            #expect(fields["requesterPhone"]?.hasPrefix("联系电话：不是有效的电话号码") == true)
            #expect(fields["lat"]?.hasPrefix("坐标：") == true)
            #expect(fields["lat"]?.contains("成对") == true)
            #expect(fields["kind"] == "诉求类型：无效（grumble）。")
            #expect(phoneOnly.status == .unprocessableEntity)
            #expect(phoneOnly.apiError?.fields.keys.sorted() == ["requesterPhone"])
            #expect(outOfRange.status == .unprocessableEntity)
            #expect(outOfRange.apiError?.fields.keys.sorted() == ["lat"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.apiError?.fields.keys.sorted() == ["categoryCode", "kind"])
            #expect(missing.apiError?.fields["categoryCode"] == "诉求分类：必填。")
            #expect(badChannel.status == .unprocessableEntity)
            #expect(badChannel.apiError?.fields["channel"] == "来源渠道：无效（fax）。")
            #expect(byClerk.status == .forbidden)
            #expect(try await counts() == before)
            // a key used by a refused intake is free for the corrected one
            let corrected = try await api.intake(token: cast.hotline, key: "bad-1")
            #expect(corrected.status == .created)
        }
    }

    /// Bad step input is 422 naming the field, and the request does not move.
    @Test func badStepInputIs422AndTheRequestStays() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let r = try await api.take(token: cast.hotline)

            // MUT
            let noUnit = try await api.step(r.id, "dispatch", token: cast.hotline)
            let badUnit = try await api.step(r.id, "dispatch", token: cast.hotline, RequestStepInput(unitID: "not-a-uuid"))
            let strangeUnit = try await api.step(r.id, "dispatch", token: cast.hotline, .dispatch(UUID()))
            let strangeCo = try await api.step(r.id, "dispatch", token: cast.hotline, .dispatch(cast.lead, co: [UUID()]))
            let unknownStep = try await api.step(r.id, "teleport", token: cast.hotline)
            try await api.step(r.id, "dispatch", token: cast.hotline, .dispatch(cast.lead))
            let noReason = try await api.step(r.id, "return", token: cast.clerk, RequestStepInput(reason: "  "))
            try await api.step(r.id, "sign", token: cast.clerk)
            let emptyReply = try await api.step(r.id, "reply", token: cast.clerk)

            // validate
            #expect(noUnit.status == .unprocessableEntity)
            #expect(noUnit.apiError?.fields["unitID"] == "主办单位：必填。")
            #expect(badUnit.status == .unprocessableEntity)
            #expect(badUnit.apiError?.fields.keys.sorted() == ["unitID"])
            #expect(strangeUnit.status == .unprocessableEntity)
            #expect(strangeCo.status == .unprocessableEntity)
            #expect(strangeCo.apiError?.fields.keys.sorted() == ["coUnitIDs"])
            #expect(unknownStep.status == .notFound)
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.apiError?.fields["reason"] == "理由：必填。")
            #expect(emptyReply.status == .unprocessableEntity)
            #expect(emptyReply.apiError?.fields.keys.sorted() == ["text"])
            #expect(emptyReply.apiError?.fields["text"]?.hasSuffix("：必填。") == true)
            let stored = try #require(try await CitizenRequestRecord.find(r.id, on: app.db))
            #expect(stored.state == "handling")
            #expect(stored.returnCount == 0)
            let steps = try await RequestEventRecord.query(on: app.db).filter(\.$request.$id == r.id).sort(\.$at).all().map(\.step)
            #expect(steps == ["intake", "dispatch", "signFor"])
        }
    }

    /// Name and phone: whole for the hotline and the lead unit, masked for a co-unit and for
    /// readers; every look at a confidential request's whole identity is an audit entry.
    @Test func requesterIdentityIsMaskedUnlessTheCallerMaySeeItAndConfidentialViewsAreAudited() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            var body = IntakeBody()
            body.confidential = true
            let secret = try await api.take(body, token: cast.hotline)
            let open = try await api.take(token: cast.hotline)
            for r in [secret, open] {
                let res = try await api.step(r.id, "dispatch", token: cast.hotline, .dispatch(cast.lead, co: [cast.co]))
                #expect(res.status == .ok)
            }
            func views() async throws -> [AuditEntryRecord] {
                try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.viewIdentity").sort(\.$at).all()
            }
            #expect(try await views().isEmpty)

            // MUT
            var seen: [String: DTO] = [:]
            for (who, token) in [("hotline", cast.hotline), ("clerk", cast.clerk), ("unitLeader", cast.unitLeader),
                                 ("coClerk", cast.coClerk), ("coLeader", cast.coLeader), ("coordinator", cast.coordinator),
                                 ("leader", cast.leader), ("admin", cast.admin)] {
                let res = try await api.show(secret.id, token: token)
                #expect(res.status == .ok, "\(who)")
                seen[who] = try res.decode(DTO.self)
                _ = try await api.show(open.id, token: token)
            }
            let byOther = try await api.show(secret.id, token: cast.otherClerk)
            let byDeputy = try await api.show(secret.id, token: cast.deputy)
            let byNobody = try await api.show(secret.id, token: nil)

            // validate
            for who in ["hotline", "clerk", "unitLeader"] {
                #expect(seen[who]?.requesterName == "张三", "\(who)")
                #expect(seen[who]?.requesterPhone == "13812341234", "\(who)")
            }
            for who in ["coClerk", "coLeader", "coordinator", "leader", "admin"] {
                #expect(seen[who]?.requesterName == "张*", "\(who)")
                #expect(seen[who]?.requesterPhone == "138****1234", "\(who)")
            }
            #expect(byOther.status == .notFound)
            #expect(byDeputy.status == .notFound)
            #expect(byNobody.status == .unauthorized)
            let audited = try await views()
            #expect(audited.map(\.actor) == ["hotline", "cg-clerk", "cg-leader"])
            #expect(audited.allSatisfy { $0.subjectID == secret.id })
        }
    }

    /// A confidential request with a name and no phone: a reader who sees the name masked leaves no
    /// audit entry; the hotline, who sees it whole, does.
    @Test func aMaskedLookAtANameOnlyConfidentialRequestIsNotRecordedAsAView() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            var body = IntakeBody()
            body.confidential = true
            body.requesterPhone = nil
            let secret = try await api.take(body, token: cast.hotline)
            func views() async throws -> [String] {
                try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.viewIdentity").all().map(\.actor)
            }

            // MUT
            let masked = try await api.show(secret.id, token: cast.coordinator).decode(DTO.self)
            let afterMasked = try await views()
            let whole = try await api.show(secret.id, token: cast.hotline).decode(DTO.self)

            // validate
            #expect(masked.requesterName == "张*")
            #expect(afterMasked.isEmpty)
            #expect(whole.requesterName == "张三")
            #expect(try await views() == ["hotline"])
        }
    }

    /// Lists and step answers show a confidential request's requester masked even to those who may
    /// see it, so the one way to the whole identity is the audited `GET /requests/{id}`.
    @Test func confidentialIdentityIsNotShownUnauditedInListsOrStepAnswers() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            var body = IntakeBody()
            body.confidential = true
            let secret = try await api.take(body, token: cast.hotline)
            let open = try await api.take(token: cast.hotline)

            // MUT
            let queue = try await api.send(.GET, "/api/v1/requests", token: cast.hotline).decode(RequestsController.ListDTO.self)
            let dispatched = try await api.step(secret.id, "dispatch", token: cast.hotline, .dispatch(cast.lead)).decode(DTO.self)
            try await api.step(open.id, "dispatch", token: cast.hotline, .dispatch(cast.lead))
            let inbox = try await api.send(.GET, "/api/v1/requests", token: cast.clerk).decode(RequestsController.ListDTO.self)
            let similar = try await api.send(.GET, "/api/v1/requests/\(open.id)/similar", token: cast.clerk).decode([DTO].self)
            let audited = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.viewIdentity").count()

            // validate: whole to the hotline that typed it in, masked where unaudited, whole where not confidential
            #expect(secret.requesterPhone == "13812341234")
            #expect(audited == 0)
            let shown = queue.items + [dispatched] + inbox.items + similar
            #expect(shown.contains { $0.id == secret.id })
            #expect(similar.map(\.id) == [secret.id])
            for dto in shown where dto.id == secret.id {
                #expect(dto.requesterName == "张*")
                #expect(dto.requesterPhone == "138****1234")
            }
            for dto in queue.items + inbox.items where dto.id == open.id {
                #expect(dto.requesterPhone == "13812341234")
            }
        }
    }
}
