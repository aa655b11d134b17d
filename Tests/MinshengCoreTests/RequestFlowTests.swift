import Foundation
import Testing
@testable import MinshengCore

/// The closed loop's transitions, every (state, step) pair, against a table written out here.
@Suite struct RequestFlowTests {
    /// Every allowed transition, written independently of `RequestFlow.table`.
    static let allowed: [String: RequestState] = [
        "received.dispatch": .dispatched, "received.close": .closed, "received.merge": .merged,
        "dispatched.giveBack": .returned, "dispatched.reroute": .dispatched, "dispatched.signFor": .handling,
        "dispatched.merge": .merged,
        "returned.reroute": .dispatched, "returned.uphold": .dispatched,
        "handling.draftReply": .awaitingApproval,
        "awaitingApproval.approveReply": .replied, "awaitingApproval.rejectReply": .handling,
        "replied.acceptReply": .awaitingCallback, "replied.sendBack": .handling,
        "awaitingCallback.callBack": .calledBack, "awaitingCallback.close": .closed,
        "calledBack.redo": .handling, "calledBack.close": .closed,
    ]

    static let pairs: [(RequestState, RequestStep)] = RequestState.allCases.flatMap { s in RequestStep.allCases.map { (s, $0) } }

    @Test(arguments: pairs)
    func transition(state: RequestState, step: RequestStep) {
        if let expected = Self.allowed["\(state.rawValue).\(step.rawValue)"] {
            #expect((try? RequestFlow.next(state, on: step)) == expected)
        } else {
            #expect(throws: RequestFlowError.notAllowed(from: state, step: step)) { try RequestFlow.next(state, on: step) }
        }
    }

    @Test func terminalStatesAllowNothing() {
        #expect(RequestFlow.steps(from: .closed).isEmpty)
        #expect(RequestFlow.steps(from: .merged).isEmpty)
        #expect(RequestState.allCases.filter(\.isTerminal) == [.closed, .merged])
    }

    @Test func everyNonTerminalStateIsOwedByExactlyOneSide() {
        for state in RequestState.allCases where !state.isTerminal {
            #expect(state.awaitsUnit != state.awaitsHotline, "\(state)")
        }
    }

    @Test func stepsAreTakenByTheRightSide() {
        #expect(RequestStep.allCases.filter { $0.taker == .unit } == [.giveBack, .signFor, .draftReply])
        #expect(RequestStep.allCases.filter { $0.taker == .unitLeader } == [.approveReply, .rejectReply])
    }

    @Test(arguments: [
        (false, "2026-12-01", "2026-12-01", nil as RequestFlowError?),
        (false, "2026-12-01", "2026-12-02", .signForLimitPassed(due: CivilDate(2026, 12, 1))),
        (true, "2026-12-01", "2026-11-30", .routingUpheld),
    ])
    func giveBackRules(upheld: Bool, due: String, today: String, error: RequestFlowError?) {
        let check = { try RequestFlow.checkGiveBack(upheld: upheld, signForDue: CivilDate(due), today: CivilDate(today)!) }
        if let error { #expect(throws: error) { try check() } } else { #expect(throws: Never.self) { try check() } }
    }

    @Test(arguments: [
        (Resolution.solved, Satisfaction.satisfied, false),
        (.solved, .neutral, false),
        (.solved, .dissatisfied, true),
        (.partly, .verySatisfied, true),
        (.unsolved, .verySatisfied, true),
    ])
    func redoNeedsAnUnhappyVerdict(resolution: Resolution, satisfaction: Satisfaction, allowed: Bool) {
        let check = { try RequestFlow.checkRedo(resolution: resolution, satisfaction: satisfaction) }
        if allowed { #expect(throws: Never.self) { try check() } } else { #expect(throws: RequestFlowError.nothingToRedo) { try check() } }
    }

    @Test(arguments: [
        (RequestState.handling, false, nil as RequestFlowError?),
        (.received, false, nil),
        (.calledBack, false, nil),
        (.handling, true, .alreadyUnreasonable),
        (.closed, false, .unreasonableAfterEnd(.closed)),
        (.merged, true, .unreasonableAfterEnd(.merged)),
    ])
    func unreasonableOnceAndBeforeTheEnd(state: RequestState, marked: Bool, error: RequestFlowError?) {
        let check = { try RequestFlow.checkUnreasonable(state: state, marked: marked) }
        if let error { #expect(throws: error) { try check() } } else { #expect(throws: Never.self) { try check() } }
    }

    @Test(arguments: [
        (RequestState.handling, false, nil as RequestFlowError?),
        (.awaitingApproval, false, nil),
        (.handling, true, .extensionPending),
        (.dispatched, false, .extensionNotOpen(.dispatched)),
        (.replied, true, .extensionNotOpen(.replied)),
    ])
    func extensionWhileHandlingOneAtATime(state: RequestState, pending: Bool, error: RequestFlowError?) {
        let check = { try RequestFlow.checkExtension(state: state, pending: pending) }
        if let error { #expect(throws: error) { try check() } } else { #expect(throws: Never.self) { try check() } }
    }

    @Test(arguments: [("投诉", RequestKind.complaint), ("complaint", .complaint), ("咨询类", .consult), ("表扬", nil)])
    func kindsByLabel(text: String, kind: RequestKind?) {
        #expect(RequestKind(label: text) == kind)
    }

    @Test(arguments: [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "李*"), ("", "")])
    func maskedNames(name: String, masked: String) {
        #expect(PersonalData.maskName(name) == masked)
    }

    @Test(arguments: [("13812341234", "138****1234"), ("138 1234 1234", "138****1234"), ("0833-2123456", "083****3456"), ("12", "**")])
    func maskedPhones(phone: String, masked: String) {
        #expect(PersonalData.maskPhone(phone) == masked)
    }

    @Test func routingPicksTheMostSpecificRule() {
        let rules = [
            RoutingRule(categoryPrefix: "01", leadUnit: "市住建局"),
            RoutingRule(categoryPrefix: "0103", leadUnit: "市城管局", coUnits: ["供电公司"]),
            RoutingRule(categoryPrefix: "0103", district: "市中区", leadUnit: "市中区城管局"),
            RoutingRule(categoryPrefix: "0103", district: "市中区", street: "张公桥街道", leadUnit: "张公桥街道办事处"),
        ]
        #expect(RoutingRule.route(category: "0101", district: "市中区", street: nil, rules: rules)?.leadUnit == "市住建局")
        #expect(RoutingRule.route(category: "0103", district: "五通桥区", street: nil, rules: rules)?.leadUnit == "市城管局")
        #expect(RoutingRule.route(category: "0103", district: "市中区", street: "牛华街道", rules: rules)?.leadUnit == "市中区城管局")
        #expect(RoutingRule.route(category: "0103", district: "市中区", street: "张公桥街道", rules: rules)?.leadUnit == "张公桥街道办事处")
        #expect(RoutingRule.route(category: "0201", district: nil, street: nil, rules: rules) == nil)
    }

    @Test func limitsRefuseNonsense() {
        var limits = RequestLimits.standard
        #expect(limits.problems().isEmpty)
        limits.signFor = -1
        limits.handling[.consult] = 0
        #expect(Set(limits.problems().keys) == ["signFor", "handling.consult"])
    }
}
