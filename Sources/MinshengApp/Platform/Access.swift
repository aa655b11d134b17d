import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// Asks Core's `Permissions` (STYLE: permissions as "may this role do this action on this subject")
/// and turns a refusal into 401 (nobody signed in) or 403.
enum Access {
    /// The Core actor for a user (public when nil), with the id of the unit it is bound to.
    static func actor(_ user: UserRecord?) -> Principal {
        guard let user else { return .public }
        return Principal(role: Role(rawValue: user.role), unit: user.$unit.id.map { UnitID($0) })
    }

    static func may(_ user: UserRecord?, _ action: Action, on subject: Subject = .system) -> Bool {
        Permissions.may(actor(user), action, on: subject)
    }

    static func maySeeDrafts(_ user: UserRecord?) -> Bool { may(user, .readDraft) }

    /// Whether the caller may read a plan in `status`.
    static func mayRead(_ user: UserRecord?, status: PlanStatus) -> Bool {
        may(user, .readPublished, on: .plan(status: status)) || (status == .draft && maySeeDrafts(user))
    }

    /// Throws unless the signed-in user may do `action` on `subject`.
    @discardableResult
    static func require(_ req: Vapor.Request, _ action: Action, on subject: Subject = .system) throws -> UserRecord {
        let user = try req.requireUser()
        guard may(user, action, on: subject) else { throw APIError.forbidden }
        return user
    }
}

extension PlanRecord {
    var planStatus: PlanStatus { PlanStatus(rawValue: status) ?? .draft }
}
