import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Issue 13 (admin): a typed 市卫健委 created a new unit beside 市卫生健康委; new users defaulted
/// to 系统管理员; users had no 姓名.
@Suite struct UnitMatchingTests {
    @Test(arguments: [
        ("市卫健委", "市卫生健康委"), ("市卫生健康委员会", "市卫健委"), ("市住建局", "市住房和城乡建设局"),
        ("市人社局", "市人力资源和社会保障局"), ("市发改委", "市发展和改革委员会"), ("市市场监管局", "市市场监督管理局"),
        ("市城管局", "市城市管理局"), ("市 卫健委", "市卫生健康委"),
    ])
    func shortFormsMatchTheirFullNames(short: String, full: String) {
        #expect(UnitName.matchKey(short) == UnitName.matchKey(full))
    }

    @Test(arguments: [("市教育局", "市卫生健康委"), ("市民政局", "市城管局"), ("市交通运输局", "市公安局")])
    func differentUnitsStayApart(a: String, b: String) {
        #expect(UnitName.matchKey(a) != UnitName.matchKey(b))
    }

    @Test func aTypedShortFormFindsTheUnitInsteadOfCreatingOne() async throws {
        try await withTestApp { app in
            // setup: 市卫生健康委 exists (as a plan's lead unit would create it)
            let ctx = app.writeContext(actor: .system)
            _ = try await UserAccounts.create(name: "first", role: .clerk, unitName: "市卫生健康委", password: nil, in: ctx)
            let before = try await UnitRecord.query(on: app.db).count()
            // MUT: the admin types the short form
            var admin = try await WebClient.signedIn(app, "root", .admin)
            let res = try await admin.post("/admin/users", ["name": "wjw-clerk", "displayName": "张三", "role": "clerk",
                                                            "unit": "市卫健委", "password": "long-enough-1"])
            // validate: the user belongs to the existing unit; no unit was added
            #expect(res.status == .seeOther)
            let user = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "wjw-clerk").with(\.$unit).first())
            #expect(user.unit?.name == "市卫生健康委")
            #expect(user.displayName == "张三")
            #expect(try await UnitRecord.query(on: app.db).count() == before)
        }
    }

    @Test func anUnknownUnitIsNotCreatedSilentlyFromTheForm() async throws {
        try await withTestApp { app in
            var admin = try await WebClient.signedIn(app, "root", .admin)
            let before = try await UnitRecord.query(on: app.db).count()
            let fields = ["name": "new-clerk", "displayName": "李四", "role": "clerk", "unit": "市数据局", "password": "long-enough-1"]
            let asked = try await admin.post("/admin/users", fields)
            #expect(asked.status == .unprocessableEntity)
            #expect(asked.body.string.contains("未找到单位“市数据局”"))
            #expect(asked.body.string.contains("name=\"createUnit\""))
            #expect(try await UnitRecord.query(on: app.db).count() == before)
            var confirmed = fields
            confirmed["createUnit"] = "1"
            #expect(try await admin.post("/admin/users", confirmed).status == .seeOther)
            #expect(try await UnitRecord.query(on: app.db).filter(\.$name == "市数据局").count() == 1)
        }
    }

    @Test func anAdminExtendsTheAliasTableAndItIsUsedEverywhere() async throws {
        try await withTestApp { app in
            let ctx = app.writeContext(actor: .system)
            _ = try await UserAccounts.create(name: "first", role: .clerk, unitName: "市大数据管理局", password: nil, in: ctx)
            let unit = try #require(try await UnitRecord.query(on: app.db).filter(\.$name == "市大数据管理局").first())
            var admin = try await WebClient.signedIn(app, "root", .admin)
            // An abbreviation no rule derives: 市数据局.
            #expect(try await admin.post("/admin/units/aliases", ["unit": unit.id!.uuidString, "alias": "市数据局"]).status == .seeOther)
            let audit = try await AuditEntryRecord.query(on: app.db).filter(\.$action == AuditAction.unitAlias.rawValue).count()
            #expect(audit == 1)
            let before = try await UnitRecord.query(on: app.db).count()
            #expect(try await admin.post("/admin/users", ["name": "sjj", "displayName": "王五", "role": "clerk",
                                                          "unit": "市数据局", "password": "long-enough-1"]).status == .seeOther)
            let user = try #require(try await UserRecord.query(on: app.db).filter(\.$name == "sjj").first())
            #expect(user.$unit.id == unit.id)
            #expect(try await UnitRecord.query(on: app.db).count() == before)
            // A spelling of another unit is refused (merge instead).
            _ = try await UserAccounts.create(name: "second", role: .clerk, unitName: "市民政局", password: nil, in: ctx)
            let taken = try await admin.post("/admin/units/aliases", ["unit": unit.id!.uuidString, "alias": "市民政局"])
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.body.string.contains("已是“市民政局”的名称或别名"))
        }
    }

    @Test func theUserFormHasNoDefaultRoleAndAsksForAName() async throws {
        try await withTestApp { app in
            var admin = try await WebClient.signedIn(app, "root", .admin)
            let page = try await admin.get("/admin/users").body.string
            #expect(page.contains("<option value=\"\" selected disabled>请选择角色</option>"))
            // The new user's role list (each existing account's own edit form shows its current role).
            let newUserRoles = page.components(separatedBy: "<select id=\"role\"").dropFirst().first?.components(separatedBy: "</select>").first ?? ""
            #expect(!newUserRoles.isEmpty)
            #expect(!newUserRoles.contains("\" selected>系统管理员"))
            #expect(page.contains("id=\"displayName\" name=\"displayName\""))
            // Nothing chosen, nothing named: every problem at once, nobody created.
            let res = try await admin.post("/admin/users", ["name": "x", "password": "long-enough-1"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("请填写姓名。请选择角色。"))
            #expect(try await UserRecord.query(on: app.db).filter(\.$name == "x").count() == 0)
        }
    }
}
