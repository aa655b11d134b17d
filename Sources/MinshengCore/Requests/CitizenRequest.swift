import Foundation

/// 诉求类型: what the citizen wants.
public enum RequestKind: String, Sendable, Codable, CaseIterable, Equatable {
    case consult, help, complaint, report, suggestion

    public var label: String {
        switch self {
        case .consult: "咨询"
        case .help: "求助"
        case .complaint: "投诉"
        case .report: "举报"
        case .suggestion: "建议"
        }
    }

    /// The kind a Chinese label (or the English key) names: `投诉` → `.complaint`.
    public init?(label: String) {
        let text = label.trimmingCharacters(in: .whitespaces)
        if let kind = RequestKind(rawValue: text) { self = kind; return }
        guard let kind = Self.allCases.first(where: { $0.label == text || text.hasPrefix($0.label) }) else { return nil }
        self = kind
    }
}

/// 来源渠道: how a request came in.
public enum RequestChannel: String, Sendable, Codable, CaseIterable, Equatable {
    /// 网上留言 (the citizens' form on the portal).
    case web
    /// 热线电话 (taken by a hotline operator).
    case hotline
    /// 12345 平台转办 (imported from the platform's exports).
    case platform
    /// Open311 客户端.
    case open311
    /// 工作人员代为登记.
    case staff

    public var label: String {
        switch self {
        case .web: "网上留言"
        case .hotline: "热线电话"
        case .platform: "12345平台"
        case .open311: "Open311"
        case .staff: "代为登记"
        }
    }
}

/// 紧急程度.
public enum RequestUrgency: String, Sendable, Codable, CaseIterable, Equatable {
    case normal, urgent

    public var label: String { self == .urgent ? "紧急" : "一般" }
}

/// Where a request stands in the closed loop 受理—办理—反馈—监督.
public enum RequestState: String, Sendable, Codable, CaseIterable, Equatable {
    /// 待派单: taken in by the hotline, not yet routed.
    case received
    /// 待签收: routed to a lead unit (主办), awaiting its sign-for (签收).
    case dispatched
    /// 退单待审: the unit gave it back with a reason; the hotline re-routes or upholds.
    case returned
    /// 办理中: signed for (or sent back for more work, or 重办).
    case handling
    /// 答复待审批: the unit's reply awaits its responsible leader's approval.
    case awaitingApproval
    /// 待审核: the reply went out; the hotline reviews it.
    case replied
    /// 待回访: the hotline accepted the reply and calls the citizen back.
    case awaitingCallback
    /// 已回访: the citizen's verdict is in; the hotline closes or orders 重办.
    case calledBack
    /// 已办结: closed (销号) and archived. Terminal.
    case closed
    /// 已并单: merged into another request, whose outcome it shares. Terminal.
    case merged

    public var label: String {
        switch self {
        case .received: "待派单"
        case .dispatched: "待签收"
        case .returned: "退单待审"
        case .handling: "办理中"
        case .awaitingApproval: "答复待审批"
        case .replied: "答复待审核"
        case .awaitingCallback: "待回访"
        case .calledBack: "已回访"
        case .closed: "已办结"
        case .merged: "已并单"
        }
    }

    /// Closed or merged: nothing more happens.
    public var isTerminal: Bool { self == .closed || self == .merged }

    /// The lead unit owes the next step (its inbox shows these).
    public var awaitsUnit: Bool { [.dispatched, .handling, .awaitingApproval].contains(self) }

    /// The hotline owes the next step (its queue shows these).
    public var awaitsHotline: Bool { [.received, .returned, .replied, .awaitingCallback, .calledBack].contains(self) }
}

/// What someone does to a request.
public enum RequestStep: String, Sendable, Codable, CaseIterable, Equatable {
    /// 派单 (hotline): to a lead unit and co-units.
    case dispatch
    /// 退单 (lead unit): gives it back with a reason, within its sign-for limit.
    case giveBack
    /// 改派 (hotline): to another unit, after a 退单 or before the sign-for.
    case reroute
    /// 维持派单 (hotline): the 退单 is refused; final, the unit may not give it back again.
    case uphold
    /// 签收 (lead unit).
    case signFor
    /// 答复 (lead unit's clerk): drafted, goes to the unit's leader.
    case draftReply
    /// 审批通过 (unit's responsible leader): the reply goes out.
    case approveReply
    /// 审批退回 (unit's responsible leader).
    case rejectReply
    /// 审核通过 (hotline).
    case acceptReply
    /// 审核退回 (hotline): more work needed.
    case sendBack
    /// 回访 (hotline): solved? satisfied?
    case callBack
    /// 重办 (hotline): unsolved or dissatisfied for a reason the unit can act on; a new limit.
    case redo
    /// 办结 / 销号 (hotline).
    case close
    /// 并单 (hotline): merged into another request.
    case merge

    public var label: String {
        switch self {
        case .dispatch: "派单"
        case .giveBack: "退单"
        case .reroute: "改派"
        case .uphold: "维持派单"
        case .signFor: "签收"
        case .draftReply: "提交答复"
        case .approveReply: "审批通过"
        case .rejectReply: "审批退回"
        case .acceptReply: "审核通过"
        case .sendBack: "审核退回"
        case .callBack: "回访"
        case .redo: "重办"
        case .close: "办结"
        case .merge: "并单"
        }
    }

    /// Who takes the step.
    public var taker: RequestTaker {
        switch self {
        case .giveBack, .signFor, .draftReply: .unit
        case .approveReply, .rejectReply: .unitLeader
        default: .hotline
        }
    }
}

/// Who takes a step: the hotline (接诉员), the lead unit's clerk, or the unit's responsible leader.
public enum RequestTaker: String, Sendable, Equatable {
    case hotline, unit, unitLeader
}

/// 回访 question one: was it solved?
public enum Resolution: String, Sendable, Codable, CaseIterable, Equatable {
    case solved, partly, unsolved

    public var label: String {
        switch self {
        case .solved: "已解决"
        case .partly: "部分解决"
        case .unsolved: "未解决"
        }
    }

    /// Its weight in 解决率: 1, ½, 0.
    public var weight: Double {
        switch self {
        case .solved: 1
        case .partly: 0.5
        case .unsolved: 0
        }
    }
}

/// 回访 question two: how satisfied? Five levels, asked separately from the first.
public enum Satisfaction: Int, Sendable, Codable, CaseIterable, Equatable {
    case veryDissatisfied = 1, dissatisfied, neutral, satisfied, verySatisfied

    public var label: String {
        switch self {
        case .verySatisfied: "非常满意"
        case .satisfied: "满意"
        case .neutral: "基本满意"
        case .dissatisfied: "不满意"
        case .veryDissatisfied: "非常不满意"
        }
    }

    /// Its weight in 满意率: 非常满意 and 满意 1, 基本满意 ½, the others 0.
    public var weight: Double {
        switch self {
        case .verySatisfied, .satisfied: 1
        case .neutral: 0.5
        case .dissatisfied, .veryDissatisfied: 0
        }
    }
}

/// Why a step was refused; the App words it.
public enum RequestFlowError: Error, Equatable, Sendable {
    /// The step is not possible in this state.
    case notAllowed(from: RequestState, step: RequestStep)
    /// 退单 after the sign-for limit passed.
    case signForLimitPassed(due: CivilDate)
    /// 退单 after the hotline upheld the routing (its decision is final).
    case routingUpheld
    /// 重办 needs a verdict of unsolved or dissatisfied.
    case nothingToRedo
    /// 无理诉求 on a request that has ended (closed or merged).
    case unreasonableAfterEnd(RequestState)
    /// 无理诉求 on a request marked so already.
    case alreadyUnreasonable
    /// 申请延期 outside handling and approval.
    case extensionNotOpen(RequestState)
    /// 申请延期 while an earlier one awaits the hotline's decision.
    case extensionPending
    /// 同意/不同意延期 with no extension asked.
    case noExtensionPending
}

/// The closed loop's rules (受理—办理—反馈—监督), as a transition table.
///
/// Example: `try RequestFlow.next(.dispatched, on: .signFor)` → `.handling`;
/// `try RequestFlow.next(.received, on: .signFor)` throws `.notAllowed`.
public enum RequestFlow {
    /// Every allowed (state, step) → state. Anything not listed is refused.
    public static let table: [RequestState: [RequestStep: RequestState]] = [
        .received: [.dispatch: .dispatched, .close: .closed, .merge: .merged],
        .dispatched: [.giveBack: .returned, .reroute: .dispatched, .signFor: .handling, .merge: .merged],
        .returned: [.reroute: .dispatched, .uphold: .dispatched],
        .handling: [.draftReply: .awaitingApproval],
        .awaitingApproval: [.approveReply: .replied, .rejectReply: .handling],
        .replied: [.acceptReply: .awaitingCallback, .sendBack: .handling],
        .awaitingCallback: [.callBack: .calledBack, .close: .closed],
        .calledBack: [.redo: .handling, .close: .closed],
    ]

    /// The state after `step`, or `.notAllowed`.
    public static func next(_ state: RequestState, on step: RequestStep) throws(RequestFlowError) -> RequestState {
        guard let next = table[state]?[step] else { throw .notAllowed(from: state, step: step) }
        return next
    }

    /// The steps open in `state` (the buttons a page offers, before role checks).
    public static func steps(from state: RequestState) -> [RequestStep] {
        let open = table[state] ?? [:]
        return RequestStep.allCases.filter { open[$0] != nil }
    }

    /// Checks a 退单 beyond the table: only before the sign-for limit has passed, and never after
    /// the hotline upheld the routing.
    public static func checkGiveBack(upheld: Bool, signForDue: CivilDate?, today: CivilDate) throws(RequestFlowError) {
        if upheld { throw .routingUpheld }
        if let signForDue, today > signForDue { throw .signForLimitPassed(due: signForDue) }
    }

    /// Checks a 重办: only after a call-back that found it unsolved or the citizen dissatisfied.
    public static func checkRedo(resolution: Resolution?, satisfaction: Satisfaction?) throws(RequestFlowError) {
        let unsolved = resolution.map { $0 != .solved } ?? false
        let unhappy = satisfaction.map { $0.rawValue <= Satisfaction.dissatisfied.rawValue } ?? false
        guard unsolved || unhappy else { throw .nothingToRedo }
    }

    /// Checks a 无理诉求 mark (beside the table): once, and not after the request ended.
    public static func checkUnreasonable(state: RequestState, marked: Bool) throws(RequestFlowError) {
        if state.isTerminal { throw .unreasonableAfterEnd(state) }
        if marked { throw .alreadyUnreasonable }
    }

    /// Checks a 延期 request (beside the table): while handling or awaiting approval, one at a time.
    public static func checkExtension(state: RequestState, pending: Bool) throws(RequestFlowError) {
        guard [.handling, .awaitingApproval].contains(state) else { throw .extensionNotOpen(state) }
        if pending { throw .extensionPending }
    }
}
