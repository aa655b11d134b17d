import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Every step (``RequestStepName``) × the states a request can be in: by the role that takes it,
/// 200 where the table below (written from the closed loop's rules, not from the code) opens it
/// and 409 elsewhere; by every other role 403, or 404 for those who may not even see the request.
@Suite struct RequestStepTableTests {
    /// Where a request can stand, as far as the steps care.
    enum Setup: String, CaseIterable {
        case received, dispatched, dispatchedUpheld, returned, handling, handlingExtensionAsked, awaitingApproval, replied
        case awaitingCallback, calledBackUnsolved, calledBackSolved, closed, merged, unreasonableHandling
    }

    /// Where each step is open (the rules, written out by hand).
    static let open: [RequestStepName: Set<Setup>] = [
        .dispatch: [.received, .dispatched, .dispatchedUpheld, .returned],
        .return: [.dispatched],
        .uphold: [.returned],
        .sign: [.dispatched, .dispatchedUpheld],
        .reply: [.handling, .handlingExtensionAsked, .unreasonableHandling],
        .approve: [.awaitingApproval],
        .rejectReply: [.awaitingApproval],
        .accept: [.replied],
        .sendBack: [.replied],
        .callback: [.awaitingCallback],
        .redo: [.calledBackUnsolved],
        .close: [.received, .awaitingCallback, .calledBackUnsolved, .calledBackSolved],
        .merge: [.received, .dispatched, .dispatchedUpheld],
        // marked once, and not after the request ended
        .unreasonable: [.received, .dispatched, .dispatchedUpheld, .returned, .handling, .handlingExtensionAsked,
                        .awaitingApproval, .replied, .awaitingCallback, .calledBackUnsolved, .calledBackSolved],
        // one extension asked at a time, while handling or awaiting approval
        .extension: [.handling, .awaitingApproval, .unreasonableHandling],
        .approveExtension: [.handlingExtensionAsked],
        .refuseExtension: [.handlingExtensionAsked],
    ]

    /// Who takes each step.
    enum Taker { case hotline, clerk, unitLeader }

    static func taker(_ step: RequestStepName) -> Taker {
        switch step {
        case .return, .sign, .reply, .extension: .clerk
        case .approve, .rejectReply: .unitLeader
        default: .hotline
        }
    }

    static func make(_ setup: Setup, _ app: Application, cast: RequestCast) async throws -> CitizenRequestRecord {
        let calendar = WorkCalendar.bundled
        switch setup {
        case .received:
            return try await RequestRows.make(app, state: .received, lead: nil)
        case .dispatched:
            return try await RequestRows.make(app, state: .dispatched, lead: cast.lead, coUnits: [cast.co])
        case .dispatchedUpheld:
            return try await RequestRows.make(app, state: .dispatched, lead: cast.lead, coUnits: [cast.co]) {
                $0.returnCount = 1; $0.returnUpheld = true
            }
        case .returned:
            return try await RequestRows.make(app, state: .returned, lead: cast.lead, coUnits: [cast.co]) { $0.returnCount = 1 }
        case .handling:
            return try await RequestRows.make(app, state: .handling, lead: cast.lead, coUnits: [cast.co]) { $0.signedInTime = true }
        case .handlingExtensionAsked:
            return try await RequestRows.make(app, state: .handling, lead: cast.lead, coUnits: [cast.co]) {
                $0.signedInTime = true
                $0.extensionState = "requested"
                $0.extensionReason = "需协调供电公司"
                $0.extensionDue = calendar.due(after: testToday, workdays: 10).description
            }
        case .unreasonableHandling:
            return try await RequestRows.make(app, state: .handling, lead: cast.lead, coUnits: [cast.co]) {
                $0.signedInTime = true; $0.unreasonable = true; $0.unreasonableReason = "反复无理诉求"
            }
        case .awaitingApproval:
            return try await RequestRows.make(app, state: .awaitingApproval, lead: cast.lead, coUnits: [cast.co]) {
                $0.signedInTime = true; $0.replyText = "已处理"
            }
        case .replied:
            return try await RequestRows.make(app, state: .replied, lead: cast.lead, coUnits: [cast.co]) {
                $0.signedInTime = true; $0.replyText = "已处理"; $0.repliedInTime = true
            }
        case .awaitingCallback:
            return try await RequestRows.make(app, state: .awaitingCallback, lead: cast.lead, coUnits: [cast.co]) {
                $0.signedInTime = true; $0.replyText = "已处理"; $0.repliedInTime = true
            }
        case .calledBackUnsolved:
            return try await RequestRows.make(app, state: .calledBack, lead: cast.lead, coUnits: [cast.co]) {
                $0.signedInTime = true; $0.repliedInTime = true; $0.resolution = "unsolved"; $0.satisfaction = 2
            }
        case .calledBackSolved:
            return try await RequestRows.make(app, state: .calledBack, lead: cast.lead, coUnits: [cast.co]) {
                $0.signedInTime = true; $0.repliedInTime = true; $0.resolution = "solved"; $0.satisfaction = 4
            }
        case .closed:
            return try await RequestRows.make(app, state: .closed, lead: cast.lead, coUnits: [cast.co]) {
                $0.signedInTime = true; $0.repliedInTime = true; $0.resolution = "solved"; $0.satisfaction = 5; $0.closedAt = Date()
            }
        case .merged:
            return try await RequestRows.make(app, state: .merged, lead: cast.lead, coUnits: [cast.co]) { $0.mergedInto = UUID() }
        }
    }

    /// A valid input for each step, so that only the state decides.
    static func input(_ step: RequestStepName, cast: RequestCast, master: String) -> RequestStepInput {
        let calendar = WorkCalendar.bundled
        switch step {
        case .dispatch: return .dispatch(cast.lead, co: [cast.co])
        case .return: return RequestStepInput(reason: "非本单位职责")
        case .uphold: return RequestStepInput(note: "维持原派单")
        case .reply: return RequestStepInput(text: "已处理完毕")
        case .rejectReply: return RequestStepInput(note: "请补充现场照片")
        case .sendBack: return RequestStepInput(note: "答复未回应诉求")
        case .callback: return RequestStepInput(resolution: "partly", satisfaction: 3)
        case .redo: return RequestStepInput(reason: "群众反映仍未解决")
        case .merge: return RequestStepInput(into: master)
        case .unreasonable: return RequestStepInput(reason: "反复无理诉求")
        case .extension:
            return RequestStepInput(reason: "需协调供电公司", newDue: calendar.due(after: testToday, workdays: 8).description)
        case .sign, .approve, .accept, .close, .approveExtension, .refuseExtension: return RequestStepInput()
        }
    }

    @Test func everyStepInEveryStateByTheRightRole() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let master = try await RequestRows.make(app, state: .handling, lead: cast.lead)
            let token: [Taker: String] = [.hotline: cast.hotline, .clerk: cast.clerk, .unitLeader: cast.unitLeader]
            let auditBefore = try await AuditEntryRecord.query(on: app.db).count()
            var succeeded = 0

            // MUT + validate: one fresh request per cell
            for step in RequestStepName.allCases {
                let opens = try #require(Self.open[step], "no row for \(step)")
                for setup in Setup.allCases {
                    let r = try await Self.make(setup, app, cast: cast)
                    let before = r.state
                    let res = try await api.step(r.id!, step.rawValue, token: token[Self.taker(step)],
                                                 Self.input(step, cast: cast, master: master.trackingNumber))
                    let stored = try #require(try await CitizenRequestRecord.find(r.id, on: app.db))
                    let cell = "\(step.rawValue) on \(setup.rawValue)"
                    // the page offers the step exactly where the API takes it
                    #expect(step.isOpen(for: r) == opens.contains(setup), "isOpen: \(cell)")
                    if setup == .received && Self.taker(step) != .hotline {
                        // nobody leads it yet, so no unit may even see it
                        #expect(res.status == .notFound, "\(cell): \(res.status)")
                        #expect(stored.state == before, "\(cell)")
                    } else if opens.contains(setup) {
                        #expect(res.status == .ok, "\(cell): \(res.status) \(res.body.string)")
                        succeeded += 1
                        if let core = Self.coreStep(step, from: r) {
                            #expect(stored.state == (try? RequestFlow.next(r.coreState, on: core))?.rawValue, "\(cell)")
                        } else {
                            #expect(stored.state == before, "\(cell)")
                        }
                    } else {
                        #expect(res.status == .conflict, "\(cell): \(res.status) \(res.body.string)")
                        #expect(res.apiError?.code == "request_state", "\(cell)")
                        #expect(res.apiError?.message.isEmpty == false, "\(cell)")
                        #expect(stored.state == before, "\(cell)")
                        #expect(abs(stored.updatedAt.timeIntervalSince(r.updatedAt)) < 0.001, "\(cell)")
                    }
                }
            }

            // one audit entry per step taken, none per refusal
            let audit = try await AuditEntryRecord.query(on: app.db).count()
            #expect(audit - auditBefore == succeeded)
            #expect(succeeded == Self.open.values.map(\.count).reduce(0, +))
        }
    }

    /// A refused step says why, in the words of the step that was refused.
    @Test func refusalsNameTheStepAndTheState() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let closed = try await Self.make(.closed, app, cast: cast)
            let upheld = try await Self.make(.dispatchedUpheld, app, cast: cast)
            let asked = try await Self.make(.handlingExtensionAsked, app, cast: cast)
            let handling = try await Self.make(.handling, app, cast: cast)
            let marked = try await Self.make(.unreasonableHandling, app, cast: cast)
            let received = try await Self.make(.received, app, cast: cast)
            func message(_ r: CitizenRequestRecord, _ step: RequestStepName, _ token: String) async throws -> String? {
                let res = try await api.step(r.id!, step.rawValue, token: token, Self.input(step, cast: cast, master: received.trackingNumber))
                #expect(res.status == .conflict, "\(step.rawValue): \(res.status)")
                #expect(res.apiError?.code == "request_state")
                return res.apiError?.message
            }

            // MUT + validate
            #expect(try await message(closed, .dispatch, cast.hotline) == "工单当前为“已办结”，不能改派。")
            #expect(try await message(upheld, .return, cast.clerk) == "热线已维持派单，不能再次退单。")
            #expect(try await message(handling, .sign, cast.clerk) == "工单当前为“办理中”，不能签收。")
            #expect(try await message(closed, .unreasonable, cast.hotline) == "工单当前为“已办结”，不能标记无理诉求。")
            #expect(try await message(marked, .unreasonable, cast.hotline) == "工单已标记为无理诉求。")
            #expect(try await message(closed, .extension, cast.clerk) == "工单当前为“已办结”，不能申请延期。")
            #expect(try await message(asked, .extension, cast.clerk) == "已有待审核的延期申请。")
            #expect(try await message(handling, .approveExtension, cast.hotline) == "没有待审核的延期申请。")
            #expect(try await message(handling, .refuseExtension, cast.hotline) == "没有待审核的延期申请。")
            let stored = try #require(try await CitizenRequestRecord.find(asked.id, on: app.db))
            #expect(stored.extensionDue == asked.extensionDue)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action ~~ ["request.unreasonable", "request.extension"]).count() == 0)
        }
    }

    /// The page's form says the same as the API when a step is refused (a page opened before
    /// someone else moved the request on).
    @Test func thePageShowsARefusedStepInItsForm() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            var hotline = try await WebClient.signedIn(app, "hotline-web", .hotline)
            let closed = try await Self.make(.closed, app, cast: cast)
            let handling = try await Self.make(.handling, app, cast: cast)
            _ = try await hotline.get("/requests/\(closed.id!)")

            // MUT
            let marked = try await hotline.post("/requests/\(closed.id!)/steps/unreasonable", ["reason": "反复无理诉求"])
            let approved = try await hotline.post("/requests/\(handling.id!)/steps/approve-extension")

            // validate
            #expect(marked.status == .conflict)
            #expect(marked.body.string.contains("工单当前为“已办结”，不能标记无理诉求。"))
            #expect(approved.status == .conflict)
            #expect(approved.body.string.contains("没有待审核的延期申请。"))
            #expect(try await CitizenRequestRecord.find(closed.id, on: app.db)?.unreasonable == false)
        }
    }

    /// The Core step a named step runs from `r`'s state (nil for the steps beside the loop).
    static func coreStep(_ step: RequestStepName, from r: CitizenRequestRecord) -> RequestStep? {
        switch step {
        case .dispatch: r.coreState == .received ? .dispatch : .reroute
        case .return: .giveBack
        case .uphold: .uphold
        case .sign: .signFor
        case .reply: .draftReply
        case .approve: .approveReply
        case .rejectReply: .rejectReply
        case .accept: .acceptReply
        case .sendBack: .sendBack
        case .callback: .callBack
        case .redo: .redo
        case .close: .close
        case .merge: .merge
        case .unreasonable, .extension, .approveExtension, .refuseExtension: nil
        }
    }

    @Test func everyStepByAWrongRoleIsRefused() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let master = try await RequestRows.make(app, state: .handling, lead: cast.lead)
            let auditBefore = try await AuditEntryRecord.query(on: app.db).count()
            // everyone who may read a routed request: the hotline, the lead unit, a co-unit, the readers
            let readers: [(String, String, Taker?)] = [
                ("hotline", cast.hotline, .hotline), ("clerk", cast.clerk, .clerk), ("unitLeader", cast.unitLeader, .unitLeader),
                ("coClerk", cast.coClerk, nil), ("coLeader", cast.coLeader, nil), ("coordinator", cast.coordinator, nil),
                ("admin", cast.admin, nil), ("leader", cast.leader, nil),
            ]
            // those who may not: another unit's staff and the deputies
            let strangers = [("otherClerk", cast.otherClerk), ("otherLeader", cast.otherLeader), ("deputy", cast.deputy)]

            for step in RequestStepName.allCases {
                // a request where the step is open, so only the role can refuse it
                let setup = try #require(Setup.allCases.first { Self.open[step]?.contains($0) == true && $0 != .received })
                let r = try await Self.make(setup, app, cast: cast)
                let input = Self.input(step, cast: cast, master: master.trackingNumber)

                // MUT + validate
                for (who, token, taker) in readers where taker != Self.taker(step) {
                    let res = try await api.step(r.id!, step.rawValue, token: token, input)
                    #expect(res.status == .forbidden, "\(step.rawValue) as \(who): \(res.status)")
                    #expect(res.apiError?.code == "forbidden")
                }
                for (who, token) in strangers {
                    let res = try await api.step(r.id!, step.rawValue, token: token, input)
                    #expect(res.status == .notFound, "\(step.rawValue) as \(who): \(res.status)")
                    #expect(res.apiError?.message == "诉求不存在。")
                }
                let anonymous = try await api.step(r.id!, step.rawValue, token: nil, input)
                #expect(anonymous.status == .unauthorized)
                let stored = try #require(try await CitizenRequestRecord.find(r.id, on: app.db))
                #expect(stored.state == r.state, "\(step.rawValue)")
            }
            #expect(try await AuditEntryRecord.query(on: app.db).count() == auditBefore)
            #expect(try await RequestEventRecord.query(on: app.db).count() == 0)
        }
    }

    /// Another unit's clerk is told the request does not exist, for reading and for every step,
    /// exactly as for an id that names nothing.
    @Test func anotherUnitsClerkGets404() async throws {
        try await withTestApp { app in
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let r = try await RequestRows.make(app, state: .dispatched, lead: cast.lead, coUnits: [cast.co])

            let read = try await api.show(r.id!, token: cast.otherClerk)
            let similar = try await api.send(.GET, "/api/v1/requests/\(r.id!)/similar", token: cast.otherClerk)
            let sign = try await api.step(r.id!, "sign", token: cast.otherClerk)
            let nothing = try await api.show(UUID(), token: cast.otherClerk)
            let malformed = try await api.send(.GET, "/api/v1/requests/not-a-uuid", token: cast.otherClerk)
            let list = try await api.send(.GET, "/api/v1/requests", token: cast.otherClerk).decode(RequestsController.ListDTO.self)
            let coRead = try await api.show(r.id!, token: cast.coClerk)

            for res in [read, similar, sign, nothing, malformed] {
                #expect(res.status == .notFound)
                #expect(res.apiError?.message == "诉求不存在。")
            }
            #expect(read.apiError?.code == nothing.apiError?.code)
            #expect(list.total == 0)
            #expect(coRead.status == .ok)
            #expect(try await CitizenRequestRecord.find(r.id, on: app.db)?.state == "dispatched")
        }
    }
}
