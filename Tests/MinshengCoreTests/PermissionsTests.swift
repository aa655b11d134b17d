import Foundation
import Testing
@testable import MinshengCore

@Suite struct PermissionsTests {
    static let principals: [Principal] = [
        .public,
        Principal(role: .admin),
        Principal(role: .coordinator),
        Principal(role: .clerk, unit: "市城管局"),
        Principal(role: .leader),
        Principal(role: .deputy),
        Principal(role: .hotline),
        Principal(role: .unitLeader, unit: "市城管局"),
    ]

    /// The subject each action is checked on in the matrix.
    static func subject(for action: Action) -> Subject {
        switch action {
        case .readPublished, .comment: .plan(status: .published)
        case .readDraft, .editPlan, .publishPlan: .plan(status: .draft)
        case .importPlan, .readAudit, .manageUsers: .system
        case .submitReport, .reopenReport, .writeInstruction, .issueNotice:
            .commitment(planStatus: .published, leadUnits: ["市城管局"], supportUnits: ["市民政局"])
        case .replyNotice, .signOffNotice: .notice(addressedTo: "市城管局")
        case .takeRequest, .routeRequest, .handleRequest, .approveRequestReply, .readRequest, .readRequesterIdentity,
             .manageRequestSettings, .readRequestScores:
            .request(leadUnit: "市城管局", coUnits: ["市民政局"])
        }
    }

    /// Who may do what (the matrix in `Permissions`' documentation).
    static let allowed: [Role?: Set<Action>] = [
        nil: [.readPublished],
        .admin: [.readPublished, .readDraft, .importPlan, .editPlan, .publishPlan, .reopenReport, .readAudit,
                 .manageUsers, .issueNotice, .signOffNotice, .readRequest, .manageRequestSettings, .readRequestScores],
        .coordinator: [.readPublished, .readDraft, .importPlan, .editPlan, .publishPlan, .reopenReport, .readAudit,
                       .issueNotice, .signOffNotice, .readRequest, .readRequestScores],
        .clerk: [.readPublished, .submitReport, .replyNotice, .handleRequest, .readRequest, .readRequesterIdentity],
        .leader: [.readPublished, .readDraft, .writeInstruction, .readRequest, .readRequestScores],
        .deputy: [.readPublished, .comment],
        .hotline: [.readPublished, .takeRequest, .routeRequest, .readRequest, .readRequesterIdentity, .readRequestScores],
        .unitLeader: [.readPublished, .approveRequestReply, .readRequest, .readRequesterIdentity, .readRequestScores],
    ]

    @Test(arguments: principals, Action.allCases)
    func matrix(principal: Principal, action: Action) {
        let expected = Self.allowed[principal.role]!.contains(action)
        #expect(Permissions.may(principal, action, on: Self.subject(for: action)) == expected)
    }

    @Test func everyRoleIsInTheMatrix() {
        #expect(Set(Self.principals.map(\.role)) == Set(Role.allCases.map(Optional.some) + [nil]))
    }

    @Test(arguments: [
        (["市城管局"], [UnitID](), PlanStatus.published, true),   // leads
        ([], ["市城管局"], .published, true),                     // supports
        (["市民政局"], ["市教育局"], .published, false),           // neither
        (["市城管局"], [], .draft, false),                        // plan not published
        (["市城管局"], [], .archived, false),
    ])
    func clerkReportsOnlyForOwnUnit(lead: [UnitID], support: [UnitID], status: PlanStatus, allowed: Bool) {
        let clerk = Principal(role: .clerk, unit: "市城管局")
        let subject = Subject.commitment(planStatus: status, leadUnits: lead, supportUnits: support)
        #expect(Permissions.may(clerk, .submitReport, on: subject) == allowed)
    }

    @Test func clerkWithoutUnitMayNotReport() {
        let subject = Subject.commitment(planStatus: .published, leadUnits: ["市城管局"], supportUnits: [])
        #expect(!Permissions.may(Principal(role: .clerk), .submitReport, on: subject))
        #expect(!Permissions.may(Principal(role: .clerk), .replyNotice, on: .notice(addressedTo: "市城管局")))
    }

    @Test func subjectFromCommitmentAndPlan() {
        let plan = Plan(id: PlanID(fixturePlanID), title: "2026年示范市民生实事项目", period: .init(from: 2026, to: 2026), status: .published)
        let subject = Subject.commitment(Commitment.fixture(), of: plan)
        #expect(Permissions.may(Principal(role: .clerk, unit: "市民政局"), .submitReport, on: subject))
        #expect(!Permissions.may(Principal(role: .clerk, unit: "市教育局"), .submitReport, on: subject))
    }

    @Test(arguments: [
        (PlanStatus.draft, Action.readPublished, false),
        (.published, .readPublished, true),
        (.archived, .readPublished, true),
        (.draft, .readDraft, false),
    ])
    func publicReads(status: PlanStatus, action: Action, allowed: Bool) {
        #expect(Permissions.may(.public, action, on: .plan(status: status)) == allowed)
    }

    @Test func planStateLimitsEditsAndPublishing() {
        let coordinator = Principal(role: .coordinator)
        #expect(Permissions.may(coordinator, .editPlan, on: .plan(status: .published)))
        #expect(!Permissions.may(coordinator, .editPlan, on: .plan(status: .archived)))
        #expect(!Permissions.may(coordinator, .publishPlan, on: .plan(status: .published)))
        #expect(!Permissions.may(Principal(role: .deputy), .comment, on: .plan(status: .draft)))
        #expect(!Permissions.may(Principal(role: .clerk, unit: "市城管局"), .readPublished, on: .plan(status: .draft)))
    }

    @Test func clerkRepliesOnlyToOwnNotices() {
        let clerk = Principal(role: .clerk, unit: "市城管局")
        #expect(Permissions.may(clerk, .replyNotice, on: .notice(addressedTo: "市城管局")))
        #expect(!Permissions.may(clerk, .replyNotice, on: .notice(addressedTo: "市民政局")))
    }

    @Test(arguments: [
        // (role, unit, lead, co-units, read, identity, handle, approve)
        (Role.clerk, "市城管局", "市城管局", [UnitID](), true, true, true, false),
        (.clerk, "市民政局", "市城管局", ["市民政局"], true, false, false, false),   // a co-unit reads, masked
        (.clerk, "市教育局", "市城管局", ["市民政局"], false, false, false, false),
        (.unitLeader, "市城管局", "市城管局", [], true, true, false, true),
        (.unitLeader, "市民政局", "市城管局", [], false, false, false, false),
        (.clerk, "市城管局", nil, [], false, false, false, false),                  // not yet routed
    ] as [(Role, UnitID, UnitID?, [UnitID], Bool, Bool, Bool, Bool)])
    func requestsByUnit(role: Role, unit: UnitID, lead: UnitID?, co: [UnitID], read: Bool, identity: Bool,
                        handle: Bool, approve: Bool) {
        let actor = Principal(role: role, unit: unit)
        let subject = Subject.request(leadUnit: lead, coUnits: co)
        #expect(Permissions.may(actor, .readRequest, on: subject) == read)
        #expect(Permissions.may(actor, .readRequesterIdentity, on: subject) == identity)
        #expect(Permissions.may(actor, .handleRequest, on: subject) == handle)
        #expect(Permissions.may(actor, .approveRequestReply, on: subject) == approve)
    }
}
