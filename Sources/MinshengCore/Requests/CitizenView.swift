import Foundation

/// What the citizen who filed a request reads about it, in plain words (受理—办理—反馈—监督 as
/// they live it), and what they may still do. Internal steps (a reply waiting for the unit
/// leader's approval, a 退单 under review) read as the stage they are in, never as the staff's
/// notes.
public enum CitizenView {
    /// The sentence for one history entry (`step` as stored: `intake`, a ``RequestStep`` raw
    /// value, `extensionApproved` …), or nil for an entry the citizen need not see.
    public static func line(step: String, unit: String?) -> String? {
        let by = unit.map { "（\($0)）" } ?? ""
        switch step {
        case "intake": return "您的诉求已受理。"
        case RequestStep.dispatch.rawValue, RequestStep.reroute.rawValue, RequestStep.uphold.rawValue:
            return "已转交承办单位办理\(by)。"
        case RequestStep.signFor.rawValue: return "承办单位已签收，正在办理\(by)。"
        case RequestStep.acceptReply.rawValue: return "承办单位已答复，请查看答复并评价。"
        case RequestStep.callBack.rawValue: return "已记录您的评价。"
        case RequestStep.redo.rawValue: return "已安排重新办理\(by)。"
        case RequestStep.close.rawValue: return "已办结。"
        case RequestStep.merge.rawValue: return "与同一事项的其他诉求合并办理。"
        case "extensionApproved": return "办理期限已延长\(by)。"
        case "unreasonable": return "经核实，该诉求不属于可办理事项。"
        default: return nil
        }
    }

    /// The stage in one phrase: 已受理, 办理中, 已答复待评价, 已办结 …
    public static func stage(_ state: RequestState) -> String {
        switch state {
        case .received, .returned: "已受理，正在确定承办单位"
        case .dispatched, .handling, .awaitingApproval, .replied: "办理中"
        case .awaitingCallback: "已答复，待您评价"
        case .calledBack: "已评价，待办结"
        case .closed: "已办结"
        case .merged: "已合并办理"
        }
    }

    /// How many days after the answer went out a citizen may still rate it or ask for it to be
    /// handled again (the closed loop's 监督 step). Counted in calendar days.
    public static let redoWindowDays = 7

    /// Whether the citizen may rate the answer now: it has gone out and not yet been rated.
    public static func mayRate(_ state: RequestState) -> Bool { state == .awaitingCallback }

    /// Whether the citizen may ask for the request to be handled again: rated as not solved or
    /// not satisfied (Core's redo rule), and within ``redoWindowDays`` of the answer.
    public static func mayAskAgain(state: RequestState, resolution: Resolution?, satisfaction: Satisfaction?,
                                   answeredOn: CivilDate?, today: CivilDate) -> Bool {
        guard state == .calledBack, let answeredOn, today <= answeredOn.adding(days: redoWindowDays) else { return false }
        return (try? RequestFlow.checkRedo(resolution: resolution, satisfaction: satisfaction)) != nil
    }
}
