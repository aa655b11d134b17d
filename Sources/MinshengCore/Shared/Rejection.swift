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
        case plan, commitment, target, unit, user, notice, report, draft, request, category, token, session, bulletin, record
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
    }
}

/// A state that forbids an action. Features add their states here as cases; App maps each to a
/// stable API code (`not_draft`) and a Chinese sentence.
public enum StateConflict: Sendable, Hashable {
    /// Only a draft plan may be changed this way.
    case notDraft
}
