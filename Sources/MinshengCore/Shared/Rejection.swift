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
        case tooLong(max: Int)
        case malformed
        /// The value names something that does not exist (a unit's name, a category).
        case unknown(String)
        /// The value is already used by another (a user name).
        case taken(String)

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
    /// Only a draft plan may be changed this way.
    case notDraft

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

/// A sign-in (or a password change, which checks the current password) refused while the account
/// or the address is locked (``SignInLockout``): try again after `seconds`.
public struct AccountLocked: Error, Sendable, Hashable {
    /// Seconds until the lock ends.
    public var seconds: Int

    /// A lock of `seconds`.
    public init(seconds: Int) { self.seconds = seconds }
}
