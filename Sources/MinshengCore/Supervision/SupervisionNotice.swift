import Foundation

/// Where a 督办单 (supervision notice) stands.
///
/// 督办单 follow the usual 督查 cycle: 交办 (issued to a unit) → 反馈 (the unit replies) →
/// 销号 (the coordinator signs it off) or 退回 (returned for more work, then replied to again).
public enum SupervisionState: String, Codable, Sendable, CaseIterable, Equatable {
    /// 已交办: issued, awaiting the unit's reply.
    case issued
    /// 已反馈: the unit replied; awaiting the coordinator.
    case replied
    /// 已销号: closed by the coordinator. Terminal.
    case signedOff
    /// 已退回: the reply was not enough; awaiting a new reply.
    case returned

    /// Chinese label for pages and exports, e.g. `.signedOff` → `已销号`.
    public var label: String {
        switch self {
        case .issued: "已交办"
        case .replied: "已反馈"
        case .signedOff: "已销号"
        case .returned: "已退回"
        }
    }

    /// True while the unit owes a reply (issued or returned); only then can a notice be overdue.
    public var awaitsUnit: Bool { self == .issued || self == .returned }
}

/// What someone does to a notice.
public enum SupervisionEvent: String, Codable, Sendable, CaseIterable, Equatable {
    /// 反馈: the addressee unit replies.
    case reply
    /// 销号: the coordinator accepts the reply and closes the notice.
    case signOff
    /// 退回: the coordinator sends it back to the unit.
    case giveBack
}

/// Why a supervision step was refused; wording lives in the App's error mapping.
public enum SupervisionError: Error, Equatable, Sendable {
    /// The event is not possible in this state (e.g. 销号 before any reply).
    case notAllowed(from: SupervisionState, event: SupervisionEvent)
    /// A required text (reply, required action, reason) is blank.
    case blank(field: String)
    /// The deadline lies before the day of issue.
    case deadlineBeforeIssue
    /// No addressee unit was named.
    case noAddressee
}

/// The 督办 rules: transitions, numbering, overdue escalation.
///
/// Example: `try Supervision.next(.issued, on: .reply)` → `.replied`;
/// `Supervision.urgency(state: .issued, deadline: 2026-06-10, today: 2026-06-20)` → `.escalated(daysOverdue: 10)`.
public enum Supervision {
    /// The state after `event`, or `SupervisionError.notAllowed`.
    public static func next(_ state: SupervisionState, on event: SupervisionEvent) throws(SupervisionError) -> SupervisionState {
        switch (state, event) {
        case (.issued, .reply), (.returned, .reply): return .replied
        case (.replied, .signOff): return .signedOff
        case (.replied, .giveBack): return .returned
        default: throw .notAllowed(from: state, event: event)
        }
    }

    /// The events possible from `state`, for showing only the buttons that can work.
    public static func events(from state: SupervisionState) -> [SupervisionEvent] {
        SupervisionEvent.allCases.filter { (try? next(state, on: $0)) != nil }
    }

    /// Checks a new notice: an addressee, a required action and a deadline on or after the day
    /// of issue. Returns every problem found, keyed by form field, so a form can show them all.
    public static func validateIssue(addressee: String?, requiredAction: String, issuedOn: CivilDate, deadline: CivilDate?) -> [String: SupervisionError] {
        var errors: [String: SupervisionError] = [:]
        if (addressee ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors["unit"] = .noAddressee }
        if requiredAction.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors["requiredAction"] = .blank(field: "requiredAction") }
        if let deadline {
            if deadline < issuedOn { errors["deadline"] = .deadlineBeforeIssue }
        } else {
            errors["deadline"] = .blank(field: "deadline")
        }
        return errors
    }

    /// How pressing a notice is on `today`.
    public static func urgency(state: SupervisionState, deadline: CivilDate, today: CivilDate,
                               policy: SupervisionPolicy = .init()) -> SupervisionUrgency {
        guard state.awaitsUnit else { return state == .signedOff ? .closed : .waitingForCoordinator }
        let left = today.days(until: deadline)
        if left >= 0 { return left <= policy.dueSoonDays ? .dueSoon(daysLeft: left) : .onTime(daysLeft: left) }
        let over = -left
        return over > policy.escalateAfterDays ? .escalated(daysOverdue: over) : .overdue(daysOverdue: over)
    }

    /// A default deadline for a new notice: `policy.defaultDays` after issue.
    public static func defaultDeadline(issuedOn: CivilDate, policy: SupervisionPolicy = .init()) -> CivilDate {
        issuedOn.adding(days: policy.defaultDays)
    }

    /// The required action suggested when a notice is issued from a red commitment.
    ///
    /// Example: `suggestedAction(title: "新建改造农贸市场10个", actual: 20, expected: 60)` →
    /// `"「新建改造农贸市场10个」实际进度20%，低于序时进度60%……"`.
    public static func suggestedAction(title: String, actual: Double?, expected: Double) -> String {
        let a = actual.map { PercentText.format($0) } ?? "未报送"
        return "「\(title)」实际进度\(a)，低于序时进度\(PercentText.format(expected))。请分析滞后原因，提出整改措施和完成时限，于期限内书面反馈。"
    }

    /// The required action of a 领导批示件: the leader's words, quoted, and what the units owe.
    ///
    /// Example: `instructionAction(title: "新建农贸市场", author: "王市长", text: "要加快进度")` →
    /// `"「新建农贸市场」王市长批示：“要加快进度”。请认真落实领导批示要求……"`.
    public static func instructionAction(title: String, author: String, text: String) -> String {
        let words = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return "「\(title)」\(author)批示：“\(words)”。请认真落实领导批示要求，提出具体措施和完成时限，于期限内书面反馈办理情况。"
    }

    /// 承办单位 in the order the plan lists them (牵头 then 配合, as written), any others after in
    /// the order chosen; duplicates dropped. Never code-point order: 市城管局 before 市住建局 if the
    /// plan says so.
    public static func orderedAddressees(_ chosen: [String], planOrder: [String]) -> [String] {
        var seen = Set<String>()
        let unique = chosen.filter { seen.insert($0).inserted }
        let inPlan = planOrder.filter { unique.contains($0) }
        var listed = Set<String>()
        let planned = inPlan.filter { listed.insert($0).inserted }
        return planned + unique.filter { !listed.contains($0) }
    }
}

/// 督办类型: how a notice is filed and how hard it presses.
public enum SupervisionKind: String, Codable, Sendable, CaseIterable, Equatable {
    /// 一般督办.
    case general
    /// 重点督办: watched by the office's head, shown first.
    case key
    /// 领导批示件: issued to carry out a leader's 批示.
    case instruction

    /// `.instruction` → `领导批示件`.
    public var label: String {
        switch self {
        case .general: "一般督办"
        case .key: "重点督办"
        case .instruction: "领导批示件"
        }
    }
}

/// Tunables of the 督办 rules, per city practice (e.g. 3 days' warning, escalation to the
/// 牵头领导 after a week overdue).
public struct SupervisionPolicy: Sendable, Equatable {
    /// Days before the deadline from which a notice shows as 即将到期.
    public var dueSoonDays: Int
    /// Days overdue after which a notice escalates (升级督办) to the leader.
    public var escalateAfterDays: Int
    /// Days a new notice gets to be answered unless the coordinator says otherwise.
    public var defaultDays: Int

    public init(dueSoonDays: Int = 3, escalateAfterDays: Int = 7, defaultDays: Int = 10) {
        self.dueSoonDays = dueSoonDays
        self.escalateAfterDays = escalateAfterDays
        self.defaultDays = defaultDays
    }
}

/// How pressing a notice is, derived from its state, deadline and today; never stored.
public enum SupervisionUrgency: Equatable, Sendable {
    case onTime(daysLeft: Int)
    /// 即将到期.
    case dueSoon(daysLeft: Int)
    /// 已逾期.
    case overdue(daysOverdue: Int)
    /// 升级督办: overdue past the policy's limit.
    case escalated(daysOverdue: Int)
    /// 待审核: the unit has replied; the clock is the coordinator's now.
    case waitingForCoordinator
    /// 已销号.
    case closed

    /// Chinese label, e.g. `.overdue(daysOverdue: 2)` → `逾期2天`.
    public var label: String {
        switch self {
        case .onTime(let d): "剩余\(d)天"
        case .dueSoon(let d): d == 0 ? "今日到期" : "\(d)天后到期"
        case .overdue(let d): "逾期\(d)天"
        case .escalated(let d): "逾期\(d)天·升级督办"
        case .waitingForCoordinator: "待审核"
        case .closed: "已销号"
        }
    }

    /// A short key for CSS classes and filters: `ok`, `soon`, `overdue`, `escalated`, `review`, `closed`.
    public var key: String {
        switch self {
        case .onTime: "ok"
        case .dueSoon: "soon"
        case .overdue: "overdue"
        case .escalated: "escalated"
        case .waitingForCoordinator: "review"
        case .closed: "closed"
        }
    }

    /// Overdue or escalated.
    public var isOverdue: Bool {
        switch self { case .overdue, .escalated: true; default: false }
    }
}

/// Every reason one write to a notice was refused (督办单被拒原因), without wording.
public struct SupervisionRefusal: Error, Sendable, Equatable {
    /// Field → problem (`unit`, `requiredAction`, `deadline`, `reply`, `note`).
    public var fields: [String: SupervisionError]
    /// A step the notice's state does not allow (a conflict, not bad input).
    public var transition: SupervisionError?
    /// The commitment named does not exist.
    public var unknownCommitment: Bool
    /// The 批示 named does not exist (or is not a 批示).
    public var unknownInstruction: Bool = false
    /// The deadline typed is not a date.
    public var malformedDeadline: Bool

    /// A refusal with these problems.
    public init(fields: [String: SupervisionError], transition: SupervisionError? = nil,
                unknownCommitment: Bool = false, malformedDeadline: Bool = false, unknownInstruction: Bool = false) {
        self.unknownInstruction = unknownInstruction
        self.fields = fields
        self.transition = transition
        self.unknownCommitment = unknownCommitment
        self.malformedDeadline = malformedDeadline
    }
}

/// Why a 批量督办 (one notice per item of a plan, all or none) issued nothing; the App words it.
public enum SupervisionBulkRefusal: Error, Equatable, Sendable {
    /// Nothing chosen, or none of the plan's items is red.
    case nothingToIssue
    /// An item has no 牵头单位 to send to (its number as shown).
    case noLeadUnit(String)
    /// A notice's fields were refused (the deadline, usually), in words.
    case deadline(String)
}
