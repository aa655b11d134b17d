import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// The signed-in user as Core's permission rules see them: a role and, for a clerk, their unit
/// (by id; the name for display).
struct WebViewer: Sendable {
    var user: UserRecord
    var role: Role
    var unitID: UUID?
    var unitName: String?

    var actor: Principal { Principal(role: role, unit: role.isBoundToUnit ? unitID.map { UnitID($0) } : nil) }
    /// The clerk's unit as Core values carry it; nil for roles without one.
    var unit: UnitRef? {
        guard role.isBoundToUnit, let unitID, let unitName else { return nil }
        return UnitRef(id: UnitID(unitID), name: unitName)
    }
    var auditActor: AuditLog.Actor { AuditLog.Actor(user) }

    func may(_ action: Action, on subject: Subject = .system) -> Bool {
        Permissions.may(actor, action, on: subject)
    }

    /// Throws 403 unless the viewer may do `action` on `subject`.
    func require(_ action: Action, on subject: Subject = .system) throws {
        guard may(action, on: subject) else { throw WebError.forbidden }
    }
}

extension Request {
    /// The signed-in user with their role and unit (a clerk's unit name comes with the session's
    /// statement, else from one query).
    func webViewer() async throws -> WebViewer {
        if let viewer = try keptWebViewer() { return viewer }
        let user = try requireWebUser()
        guard let role = Role(rawValue: user.role) else { throw WebError.forbidden }
        var unitName: String?
        if let unitID = user.$unit.id {
            unitName = try await UnitRecord.find(unitID, on: db)?.name
            if let unitName { storage[WebUnitNameKey.self] = unitName }
        }
        return WebViewer(user: user, role: role, unitID: user.$unit.id, unitName: unitName)
    }

    /// The viewer without a query, when everything about them is at hand (nil: a clerk whose unit
    /// name has not been read yet).
    func keptWebViewer() throws -> WebViewer? {
        let user = try requireWebUser()
        guard let role = Role(rawValue: user.role) else { throw WebError.forbidden }
        guard user.$unit.id != nil else { return WebViewer(user: user, role: role, unitID: nil, unitName: nil) }
        guard let unitName = storage[WebUnitNameKey.self] else { return nil }
        return WebViewer(user: user, role: role, unitID: user.$unit.id, unitName: unitName)
    }
}
