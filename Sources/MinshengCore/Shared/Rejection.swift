/// What any action may refuse, whatever its feature, said without words: App's `Wording` says it
/// in Chinese and `ErrorMapping` gives the API its status and code and the pages their 4xx.
/// Feature rules keep their own enums (`ReportRejection`, `RequestRefusal`, …); these are the
/// refusals every feature shares, so that actions never throw a transport's error type.
public enum Rejection: Error, Sendable, Hashable {
    /// The thing does not exist (or was deleted meanwhile).
    case notFound(Thing)
    /// Someone saved first: the caller's version is behind `current`.
    case staleVersion(current: Int)
    /// Fields the caller must correct, each with its reason.
    case invalid([FieldProblem])
    /// The thing's state forbids the action (a published plan's rows, a signed-off notice, …).
    case conflict(StateConflict)

    /// The kinds of thing an action looks up.
    public enum Thing: String, Sendable, Hashable, CaseIterable {
        case plan, commitment, target, unit, user, notice, report, draft, request, category, token, session, bulletin
        // Plans
        /// A versioned row of any table (the version lock knows the table, not the thing).
        case record

        // Tracking
        /// A commitment's consolidated report of one month (该月进展).
        case reportMonth
        /// A support unit's contribution of one month (该单位该月的报送).
        case contribution
    }
}

/// One field's problem: which field (the API's name for it) and why; `Wording` phrases the reason.
public struct FieldProblem: Sendable, Hashable {
    public var field: String
    public var reason: Reason

    public init(_ field: String, _ reason: Reason) {
        self.field = field
        self.reason = reason
    }

    /// Why a field is refused. Features add their rules here as cases (typed, never a sentence).
    public enum Reason: Sendable, Hashable {
        case required

        // Plans: a plan's, commitment's or target's fields and the import review's rows
        /// A title left empty (标题).
        case titleBlank
        /// A target's metric left empty (指标名称).
        case metricBlank
        /// A whole number or percent outside `range` (预警区间 0…100, 报送日 −27…27).
        case outOfRange(ClosedRange<Int>)
        /// The red band set below the yellow one.
        case redBelowYellow
        /// A schedule (进度节点) that breaks its rules, every problem.
        case schedule([ScheduleProblem])
        /// Not a date `YYYY-MM-DD`.
        case notDate
        /// Not a stated deadline (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
        case notStatedDeadline
        /// Not an item kind (`task`, `goal`).
        case notItemKind
        /// Not a target relation (`>=`, `<=`, `=`, `~`, `+`, `-`).
        case notTargetOp
        /// Not a finite number.
        case notNumber
        /// A sum below zero or not finite (计划投资).
        case negative
        /// A row added to a draft without a title.
        case newRowTitleBlank
        /// No row ticked for a deletion.
        case noRowsChosen
        /// Fewer than two rows ticked for a merge.
        case mergeNeedsTwo

        // Directory
        /// A person's name (姓名) is blank or longer than `max`.
        case personNameRequired(max: Int)
        /// A person's name (姓名) is longer than `max`.
        case personNameTooLong(max: Int)
        /// A clerk or unit head (``Role/isBoundToUnit``) without a unit.
        case unitRequiredForRole
        /// An admin taking the admin role from themself (someone must remain).
        case ownAdminRole
        /// A new password the ``PasswordPolicy`` refuses, every rule it breaks.
        case password([PasswordPolicy.Refusal])
        /// The current password given does not match.
        case currentPasswordWrong
        /// The new password is the current one.
        case samePassword
        /// A second-factor code before enrolment began (or when the factor is off).
        case secondFactorNotStarted
        /// A second-factor code that is wrong or already used.
        case secondFactorCodeWrong
        /// A unit merged into itself.
        case sameUnit
        /// An alias (别名) blank or longer than `max`.
        case aliasRequired(max: Int)

        // Overview
        /// A bulletin's 期号 that is not a whole number in 1…9999.
        case bulletinNumber
        /// A bulletin's 印发单位 blank or longer than `max`.
        case bulletinIssuer(max: Int)
        /// A bulletin's 印发日期 that is not a day.
        case bulletinDate
        /// A bulletin's 主要问题 longer than `max`.
        case bulletinProblemsTooLong(max: Int)
        /// A bulletin's 下步工作要求 longer than `max`.
        case bulletinRequirementsTooLong(max: Int)
    }
}

/// A state that forbids an action. Features add their states here as cases; App maps each to a
/// stable API code (`not_draft`) and a Chinese sentence.
public enum StateConflict: Sendable, Hashable {
    // Plans
    /// Only a draft plan may be published, deleted, lose a target or have rows added, deleted
    /// or merged; each says so in its own words.
    case draftOnly(DraftOnlyAction)
    /// Publishing a plan whose years all lie before `today`'s, unconfirmed.
    case pastYear(year: Int, today: CivilDate)

    // Directory
    /// An admin disabling their own account.
    case disablingSelf
    /// The user name is taken.
    case userNameTaken(String)
    /// The second factor is on already (enrolment cannot begin or be confirmed again).
    case secondFactorAlreadyOn
    /// The alias already names another unit (`owner`, that unit's name).
    case aliasTaken(alias: String, owner: String)
}

/// What only a draft plan allows (``StateConflict/draftOnly(_:)``).
public enum DraftOnlyAction: Sendable, Hashable, CaseIterable {
    /// 发布
    case publish
    /// 删除草稿
    case deletePlan
    /// 删除指标 (a published plan's targets are changed, never deleted)
    case deleteTarget
    /// 增加、删除或合并任务
    case editRows
}

/// A sign-in (or a password change, which checks the current password) refused while the account
/// or the address is locked (``SignInLockout``): try again after `seconds`.
public struct AccountLocked: Error, Sendable, Hashable {
    /// Seconds until the lock ends.
    public var seconds: Int

    /// A lock of `seconds`.
    public init(seconds: Int) { self.seconds = seconds }
}
