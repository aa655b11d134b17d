import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

@Suite struct PermissionsTests {
    @Test func clerkMayOnlyReportWhereTheirUnitLeadsOrSupports() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app)
            let lead = try await makeToken(app, "lead", .clerk, unit: "市城管局")
            let other = try await makeToken(app, "other", .clerk, unit: "市民政局")
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let path = "/api/v1/commitments/\(toilets.id)/reports"
            let api = APIClient(app: app)
            let form = ReportBody(period: "2026-06", percent: 30)

            let anonymous = try await api.send(.POST, path, json: form)
            let badToken = try await api.send(.POST, path, token: "ms_not-a-token", json: form)
            let wrongUnit = try await api.send(.POST, path, token: other, json: form)
            let byCoordinator = try await api.send(.POST, path, token: coordinator, json: form)
            let right = try await api.send(.POST, path, token: lead, json: form)

            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.apiError?.code == "unauthorized")
            #expect(badToken.status == .unauthorized)
            #expect(wrongUnit.status == .forbidden)
            #expect(byCoordinator.status == .forbidden)
            #expect(right.status == .created)
        }
    }

    @Test func revokedTokensAuthenticateNobody() async throws {
        try await withTestApp { app in
            let laptop = try await makeToken(app, "clerk", .clerk, unit: "市城管局")
            let user = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "clerk").first())
            let phone = try await UserAccounts.createToken(for: user, in: app.writeContext(actor: .system))
            let api = APIClient(app: app)

            let before = try await api.send(.GET, "/api/v1/me", token: laptop)
            let signOut = try await api.send(.DELETE, "/api/v1/me/token", token: laptop)
            let laptopAfter = try await api.send(.GET, "/api/v1/me", token: laptop)
            let phoneAfter = try await api.send(.GET, "/api/v1/me", token: phone)
            let anonymous = try await api.send(.DELETE, "/api/v1/me/token")
            let revokedAll = try await UserAccounts.revokeTokens(of: user, in: app.writeContext(actor: .system))
            let phoneAtLast = try await api.send(.GET, "/api/v1/me", token: phone)
            let audit = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "token.revoke").count()

            #expect(before.status == .ok)
            #expect(signOut.status == .noContent)
            #expect(laptopAfter.status == .unauthorized)     // this token only
            #expect(phoneAfter.status == .ok)
            #expect(anonymous.status == .unauthorized)
            #expect(revokedAll == 1)                          // the phone's; the laptop's was already revoked
            #expect(phoneAtLast.status == .unauthorized)
            #expect(audit == 2)
        }
    }

    @Test func writesNeedACoordinatorOrAdmin() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app, publish: false)
            let tokens = [
                Role.admin: try await makeToken(app, "admin", .admin),
                .coordinator: try await makeToken(app, "coord", .coordinator),
                .clerk: try await makeToken(app, "clerk", .clerk, unit: "市城管局"),
                .leader: try await makeToken(app, "leader", .leader),
                .deputy: try await makeToken(app, "deputy", .deputy),
                .hotline: try await makeToken(app, "hotline", .hotline),
                .unitLeader: try await makeToken(app, "unitLeader", .unitLeader, unit: "市城管局"),
            ]
            let api = APIClient(app: app)
            struct TextUpload: Content { var filename: String; var text: String }
            struct Patch: Content { var version: Int; var title: String }
            for role in Role.allCases {
                let token = try #require(tokens[role])
                let mayWrite = role == .admin || role == .coordinator
                let imported = try await api.send(.POST, "/api/v1/imports", token: token,
                                                  json: TextUpload(filename: "x.txt", text: ImportTests.sample))
                #expect(imported.status == (mayWrite ? .created : .forbidden), "import as \(role)")
                let version = try #require(try await PlanRecord.find(planID, on: app.db)).version
                let patched = try await api.send(.PATCH, "/api/v1/plans/\(planID)", token: token, json: Patch(version: version, title: "改 \(role)"))
                #expect(patched.status == (mayWrite ? .ok : .forbidden), "patch as \(role)")
                let audit = try await api.send(.GET, "/api/v1/audit", token: token)
                #expect(audit.status == (mayWrite ? .ok : .forbidden), "audit as \(role)")
                let heads = try await api.send(.GET, "/api/v1/audit/heads", token: token)
                #expect(heads.status == (mayWrite ? .ok : .forbidden), "audit heads as \(role)")
                let export = try await api.send(.GET, "/api/v1/audit/export?from=2026-07-01&to=2026-07-31", token: token)
                #expect(export.status == (mayWrite ? .ok : .forbidden), "audit export as \(role)")
                let users = try await api.send(.GET, "/api/v1/users", token: token)
                #expect(users.status == (role == .admin ? .ok : .forbidden), "users as \(role)")
            }
        }
    }

    /// `POST /api/v1/me/password`: every role changes its own password (and only its own: the
    /// route names no user); nobody without a token.
    @Test func everyRoleChangesItsOwnPasswordAndNobodyElses() async throws {
        try await withTestApp { app in
            struct Change: Content { var currentPassword: String; var newPassword: String }
            let api = APIClient(app: app)
            let anonymous = try await api.send(.POST, "/api/v1/me/password",
                                               json: Change(currentPassword: "Xq7#mLp2-ZrW9", newPassword: "Quiet-Harbour-77"))
            #expect(anonymous.status == .unauthorized)
            for role in Role.allCases {
                let user = try await UserAccounts.create(name: "user-\(role.rawValue)", role: role,
                                                         unitName: role.isBoundToUnit ? "市城管局" : nil, password: "Xq7#mLp2-ZrW9",
                                                         in: app.writeContext(actor: .system))
                let token = try await UserAccounts.createToken(for: user, in: app.writeContext(actor: .system))
                let res = try await api.send(.POST, "/api/v1/me/password", token: token,
                                             json: Change(currentPassword: "Xq7#mLp2-ZrW9", newPassword: "Quiet-Harbour-77"))
                #expect(res.status == .noContent, "as \(role)")
                let stored = try #require(try await UserRecord.find(user.id, on: app.db))
                #expect(try Bcrypt.verify("Quiet-Harbour-77", created: stored.passwordHash ?? ""), "as \(role)")
            }
            // one audited change per user
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "user.passwordChange").count() == Role.allCases.count)
        }
    }

    @Test func draftsAreHiddenFromThePublicAndPublishedPlansAreOpen() async throws {
        try await withTestApp { app in
            let draft = try await TestPlan.store(app, publish: false)
            let published = try await TestPlan.store(app, publish: true, year: 2025)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let api = APIClient(app: app)

            let publicList = try await api.send(.GET, "/api/v1/plans").decode([PlanSummaryDTO].self)
            let staffList = try await api.send(.GET, "/api/v1/plans", token: coordinator).decode([PlanSummaryDTO].self)
            let draftPublic = try await api.send(.GET, "/api/v1/plans/\(draft)/commitments")
            let draftStaff = try await api.send(.GET, "/api/v1/plans/\(draft)/commitments", token: coordinator)
            let publishedPublic = try await api.send(.GET, "/api/v1/plans/\(published)/commitments")
            let oneCommitment = try publishedPublic.decode([CommitmentStatusDTO].self)[0]
            let commitmentPublic = try await api.send(.GET, "/api/v1/commitments/\(oneCommitment.id)")
            let draftCommitment = try await api.send(.GET, "/api/v1/plans/\(draft)/commitments", token: coordinator)
                .decode([CommitmentStatusDTO].self)[0]
            let draftCommitmentPublic = try await api.send(.GET, "/api/v1/commitments/\(draftCommitment.id)")

            #expect(publicList.map(\.id) == [published])
            #expect(Set(staffList.map(\.id)) == [draft, published])
            #expect(draftPublic.status == .notFound)
            #expect(draftStaff.status == .ok)
            #expect(publishedPublic.status == .ok)
            #expect(commitmentPublic.status == .ok)
            #expect(draftCommitmentPublic.status == .notFound)
        }
    }

    @Test func tokensAreStoredOnlyAsHashes() async throws {
        try await withTestApp { app in
            let token = try await makeToken(app, "coord", .coordinator)
            let stored = try await TokenRecord.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].tokenHash != token)
            #expect(stored[0].tokenHash == TokenRecord.hash(token))
            let me = try await APIClient(app: app).send(.GET, "/api/v1/me", token: token)
            #expect(try me.decode(UsersController.UserDTO.self).name == "coord")
        }
    }
}
