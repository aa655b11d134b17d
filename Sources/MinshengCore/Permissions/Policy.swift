import Foundation

/// What an action is done on (操作对象), with the facts permissions depend on.
///
/// Example: `.commitment(planStatus: .published, leadUnits: [cityManagementID], supportUnits: [districtID])` (unit ids).
public enum Subject: Sendable, Equatable, Hashable, Codable {
    /// The system as a whole (users, audit, imports).
    case system
    /// A plan in a given state.
    case plan(status: PlanStatus)
    /// A commitment of a plan in a given state, with its responsible units.
    case commitment(planStatus: PlanStatus, leadUnits: [UnitID], supportUnits: [UnitID])
    /// A supervision notice (督办单) addressed to a unit.
    case notice(addressedTo: UnitID)
    /// A citizen's request (诉求) with its lead unit (主办, nil before routing) and co-units (协办).
    case request(leadUnit: UnitID?, coUnits: [UnitID])

    /// The subject for a commitment of a plan.
    public static func commitment(_ commitment: Commitment, of plan: Plan) -> Subject {
        .commitment(planStatus: plan.status, leadUnits: commitment.leadUnits.map(\.id),
                    supportUnits: commitment.supportUnits.map(\.id))
    }
}

/// The permission policy (权限规则): may this actor do this action on this subject (decidim style).
///
/// | action | who |
/// |---|---|
/// | readPublished | everyone, public included, on a published or archived plan |
/// | readDraft | admin, coordinator, leader |
/// | importPlan, editPlan, publishPlan | admin, coordinator (edit only drafts and published, never archived) |
/// | submitReport | clerk whose unit leads or supports the commitment, on a published plan |
/// | reopenReport, issueNotice, signOffNotice | admin, coordinator |
/// | readAudit | admin, coordinator |
/// | manageUsers | admin |
/// | writeInstruction | leader |
/// | comment | deputy, on a published plan |
/// | replyNotice | clerk of the unit the notice is addressed to |
/// | takeRequest, routeRequest | hotline |
/// | handleRequest | clerk of the request's lead unit |
/// | approveRequestReply | unit leader of the request's lead unit |
/// | readRequest | hotline, coordinator, leader, admin; clerk and unit leader of its lead or a co-unit |
/// | readRequesterIdentity | hotline; clerk and unit leader of its lead unit |
/// | manageRequestSettings | admin |
/// | readRequestScores | hotline, coordinator, leader, admin, unit leader |
public enum Permissions {
    /// Whether `actor` may do `action` on `subject`.
    ///
    /// Example: `may(Principal(role: .clerk, unit: civilAffairsID), .submitReport, on: .commitment(planStatus:
    /// .published, leadUnits: [civilAffairsID], supportUnits: []))` → true; another unit → false.
    public static func may(_ actor: Principal, _ action: Action, on subject: Subject = .system) -> Bool {
        let status = subject.planStatus
        guard let role = actor.role else {
            return action == .readPublished && status.map(isPublic) ?? false
        }
        switch action {
        case .readPublished:
            return status.map(isPublic) ?? true
        case .readDraft:
            return [.admin, .coordinator, .leader].contains(role)
        case .importPlan:
            return [.admin, .coordinator].contains(role)
        case .editPlan:
            return [.admin, .coordinator].contains(role) && status != .archived
        case .publishPlan:
            return [.admin, .coordinator].contains(role) && (status == nil || status == .draft)
        case .submitReport:
            guard role == .clerk, let unit = actor.unit,
                  case let .commitment(planStatus, lead, support) = subject else { return false }
            return planStatus == .published && (lead.contains(unit) || support.contains(unit))
        case .reopenReport, .issueNotice, .signOffNotice, .readAudit:
            return [.admin, .coordinator].contains(role)
        case .manageUsers:
            return role == .admin
        case .writeInstruction:
            return role == .leader
        case .comment:
            return role == .deputy && status.map(isPublic) ?? true
        case .replyNotice:
            guard role == .clerk, let unit = actor.unit, case let .notice(addressee) = subject else { return false }
            return unit == addressee
        case .takeRequest, .routeRequest:
            return role == .hotline
        case .handleRequest:
            return role == .clerk && leads(actor, subject)
        case .approveRequestReply:
            return role == .unitLeader && leads(actor, subject)
        case .readRequest:
            if [.hotline, .coordinator, .leader, .admin].contains(role) { return true }
            guard role.isBoundToUnit, let unit = actor.unit, case let .request(lead, co) = subject else { return false }
            return lead == unit || co.contains(unit)
        case .readRequesterIdentity:
            return role == .hotline || (role.isBoundToUnit && leads(actor, subject))
        case .manageRequestSettings:
            return role == .admin
        case .readRequestScores:
            return [.hotline, .coordinator, .leader, .admin, .unitLeader].contains(role)
        }
    }

    /// Whether the actor's unit is the request's lead unit.
    private static func leads(_ actor: Principal, _ subject: Subject) -> Bool {
        guard let unit = actor.unit, case let .request(lead, _) = subject else { return false }
        return lead == unit
    }

    private static func isPublic(_ status: PlanStatus) -> Bool { status != .draft }
}

extension Subject {
    /// The plan state the subject belongs to, if it belongs to a plan.
    public var planStatus: PlanStatus? {
        switch self {
        case .system, .notice, .request: nil
        case let .plan(status): status
        case let .commitment(status, _, _): status
        }
    }
}
