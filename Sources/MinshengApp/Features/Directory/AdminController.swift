import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// Users and units (系统管理), for admins.
struct AdminController {
    struct UsersPage: Encodable {
        struct Row: Encodable {
            var id: String
            var name: String
            var displayName: String
            var role: String
            var unit: String
            var canSignIn: Bool
            var disabled: Bool
            var isSelf: Bool
            var roles: [ChoiceOption]
            var editHref: String
            var disableHref: String
            var passwordHref: String
        }
        typealias Option = ChoiceOption
        var shell: WebShell
        var users: [Row]
        var roles: [Option]
        /// No role is chosen for the admin: the list opens on 请选择角色.
        var roleChosen: Bool
        /// Existing units, offered as the unit field's suggestions.
        var unitNames: [String]
        var error: String?
        var form: NewUserForm
        /// The typed unit matches none: ask before creating it.
        var asksToCreateUnit: Bool
        var links = Links()

        struct Links: Encodable { var create = SitePath.adminUsers() }
    }

    struct NewUserForm: Content, Encodable {
        var name: String?
        /// 姓名 (the person's name, shown beside the user name).
        var displayName: String?
        var role: String?
        var unit: String?
        var password: String?
        /// "1" when the admin confirmed that the typed unit is a new one.
        var createUnit: String?
    }

    func users(req: Request) async throws -> Response {
        try await renderUsers(req, form: NewUserForm(), error: nil, status: .ok)
    }

    func renderUsers(_ req: Request, form: NewUserForm, error: String?, status: HTTPStatus,
                     asksToCreateUnit: Bool = false) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let users = try await UserRecord.query(on: req.db).with(\.$unit).sort(\.$name).all()
        let units = try await UnitRecord.query(on: req.db).sort(\.$name).all()
        var blank = form
        blank.password = nil
        let page = UsersPage(
            shell: WebShell.make(req, title: "用户管理"),
            users: users.map { u in
                .init(id: u.id!.uuidString, name: u.name, displayName: u.displayName ?? "", role: WebFormat.roleLabel(u.role),
                      unit: u.unit?.name ?? "", canSignIn: u.passwordHash != nil, disabled: u.disabledAt != nil,
                      isSelf: u.id == viewer.user.id,
                      roles: Role.allCases.map { .init(value: $0.rawValue, label: WebFormat.roleLabel($0.rawValue), selected: u.role == $0.rawValue) },
                      editHref: SitePath.adminUser(u.id!), disableHref: SitePath.adminUserDisable(u.id!),
                      passwordHref: SitePath.adminUserPassword(u.id!))
            },
            roles: Role.allCases.map { .init(value: $0.rawValue, label: WebFormat.roleLabel($0.rawValue), selected: form.role == $0.rawValue) },
            roleChosen: form.role.flatMap(Role.init(rawValue:)) != nil, unitNames: units.map(\.name),
            error: error, form: blank, asksToCreateUnit: asksToCreateUnit)
        let response = try await req.view.render("Directory/users", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    func createUser(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let form = try req.content.decode(NewUserForm.self)
        // Every problem of the form at once.
        var problems: [String] = []
        if (form.name ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append("请填写用户名。") }
        if (form.displayName ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append("请填写姓名。") }
        let role = form.role.flatMap(Role.init(rawValue:))
        if role == nil { problems.append("请选择角色。") }
        // The password policy itself is UserAccounts.create's (the same for the API and the command).
        if (form.password ?? "").isEmpty { problems.append("请设置初始密码。") }
        guard let role, let password = form.password, problems.isEmpty else {
            return try await renderUsers(req, form: form, error: problems.joined(separator: ""), status: .unprocessableEntity)
        }
        do {
            let user = try await UserAccounts.create(name: form.name ?? "", displayName: form.displayName, role: role,
                                                     unitName: form.unit?.trimmingCharacters(in: .whitespaces), password: password,
                                                     createsUnit: form.createUnit == "1", initialPassword: true,
                                                     in: req.writeContext(actor: viewer.auditActor))
            let unitName = try await user.$unit.id.asyncMap { try await UnitRecord.find($0, on: req.db)?.name } ?? nil
            req.flash("已创建用户 \(user.name)\(unitName.map { "（\($0)）" } ?? "")。")
        } catch let unknown as UserAccounts.UnknownUnit {
            return try await renderUsers(
                req, form: form, error: unknown.message.replacingOccurrences(of: "请明确要求新建该单位。", with: "请勾选“新建该单位”后再提交。"),
                status: .unprocessableEntity, asksToCreateUnit: true)
        } catch {
            guard let error = ErrorMapping.coreError(error) else { throw error }
            let detail = error.fields.values.sorted().joined(separator: "；")
            return try await renderUsers(req, form: form, error: detail.isEmpty ? error.message : detail, status: error.status)
        }
        return req.redirect(to: SitePath.adminUsers(), redirectType: .normal)
    }

    struct UnitsPage: Encodable {
        struct Row: Encodable { var id: String; var name: String; var aliases: String; var links: Int; var users: Int; var clerks: Int }
        var shell: WebShell
        var units: [Row]
        /// Units that lead or share commitments but have no 联络员 (clerk) to report for them.
        var withoutClerk: [Row]
        var hasWithoutClerk: Bool
        var error: String?
        /// The standard short forms every name is matched through (Core's `UnitName`).
        var shortForms: String
        var links = Links()

        struct Links: Encodable {
            var aliases = SitePath.adminUnitAliases()
            var merge = SitePath.adminUnitsMerge()
        }
    }

    func units(req: Request) async throws -> Response {
        try await renderUnits(req, error: nil, status: .ok)
    }

    func renderUnits(_ req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let units = try await UnitRecord.query(on: req.db).with(\.$aliases).sort(\.$name).all()
        let links = try await CommitmentUnitRecord.query(on: req.db).all()
        let users = try await UserRecord.query(on: req.db).all()
        let linkCount = Dictionary(grouping: links, by: { $0.$unit.id }).mapValues(\.count)
        let userCount = Dictionary(grouping: users.compactMap { $0.$unit.id }, by: { $0 }).mapValues(\.count)
        let clerkCount = Dictionary(grouping: users.filter { $0.role == Role.clerk.rawValue }.compactMap { $0.$unit.id },
                                    by: { $0 }).mapValues(\.count)
        let rows = units.map { u in
            UnitsPage.Row(id: u.id!.uuidString, name: u.name,
                          aliases: u.aliases.map(\.alias).filter { $0 != u.name }.sorted().joined(separator: "、"),
                          links: linkCount[u.id!] ?? 0, users: userCount[u.id!] ?? 0, clerks: clerkCount[u.id!] ?? 0)
        }
        let withoutClerk = rows.filter { $0.clerks == 0 && $0.links > 0 }
        let page = UnitsPage(
            shell: WebShell.make(req, title: "单位管理"),
            units: rows, withoutClerk: withoutClerk, hasWithoutClerk: !withoutClerk.isEmpty,
            error: error, shortForms: UnitName.shortForms.map { "\($0.long)→\($0.short)" }.joined(separator: "、"))
        let response = try await req.view.render("Directory/units", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    struct AliasForm: Content { var unit: UUID?; var alias: String? }

    /// Adds a spelling to a unit (添加别名) through ``UnitActions/addAlias(_:to:in:)``.
    func addAlias(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let form = try req.content.decode(AliasForm.self)
        guard let unitID = form.unit else {
            return try await renderUnits(req, error: "请选择单位。", status: .unprocessableEntity)
        }
        let alias = (form.alias ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try await UnitActions.addAlias(alias, to: UnitID(unitID), in: req.writeContext(actor: viewer.auditActor))
        } catch let rejection as Rejection {
            let message = switch rejection {
            case .notFound: "所选单位不存在。"
            case .conflict(let state): Wording.conflict(state)
            case .invalid(let problems): problems.first.map { Wording.field($0.reason) } ?? Wording.invalid
            case .staleVersion: ErrorMapping.apiError(for: rejection).message
            }
            return try await renderUnits(req, error: message, status: .unprocessableEntity)
        }
        req.flash("已添加别名“\(alias)”。")
        return req.redirect(to: SitePath.adminUnits(), redirectType: .normal)
    }

    struct MergeForm: Content { var into: UUID?; var from: UUID? }

    /// Merges two units (合并单位别名) through ``UnitActions/merge(_:into:in:)``.
    func merge(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let form = try req.content.decode(MergeForm.self)
        guard let into = form.into, let from = form.from, let fromUnit = try await UnitRecord.find(from, on: req.db) else {
            return try await renderUnits(req, error: "请选择两个不同的单位。", status: .unprocessableEntity)
        }
        let merged: UnitRecord
        do {
            merged = try await UnitActions.merge(UnitID(from), into: UnitID(into), in: req.writeContext(actor: viewer.auditActor))
        } catch is Rejection {
            return try await renderUnits(req, error: "请选择两个不同的单位。", status: .unprocessableEntity)
        }
        req.flash("已将“\(fromUnit.name)”并入“\(merged.name)”。")
        return req.redirect(to: SitePath.adminUnits(), redirectType: .normal)
    }

    // MARK: one account

    struct EditUserForm: Content {
        var displayName: String?
        var role: String?
        var unit: String?
        var disabled: String?
        var password: String?
    }

    /// 修改: 姓名, 角色, 单位 of an existing account.
    func updateUser(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        let form = try req.content.decode(EditUserForm.self)
        guard let role = form.role.flatMap(Role.init(rawValue:)) else {
            return try await renderUsers(req, form: NewUserForm(), error: "请选择角色。", status: .unprocessableEntity)
        }
        do {
            try await UserAdminActions.update(userID: UserID(id), displayName: form.displayName ?? "", role: role, unitName: form.unit,
                                              in: req.writeContext(actor: viewer.auditActor))
        } catch let unknown as UserAccounts.UnknownUnit {
            return try await renderUsers(req, form: NewUserForm(), error: unknown.message, status: .unprocessableEntity)
        } catch {
            guard let error = ErrorMapping.coreError(error) else { throw error }
            let detail = error.fields.values.sorted().joined(separator: "；")
            return try await renderUsers(req, form: NewUserForm(), error: detail.isEmpty ? error.message : detail, status: error.status)
        }
        req.flash("已保存用户修改。")
        return req.redirect(to: SitePath.adminUsers(), redirectType: .normal)
    }

    /// 停用 (`disabled=1`) or 启用 (`disabled=0`).
    func disableUser(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        let form = (try? req.content.decode(EditUserForm.self)) ?? EditUserForm()
        let disable = form.disabled != "0"
        do {
            try await UserAdminActions.setDisabled(userID: UserID(id), disable, in: req.writeContext(actor: viewer.auditActor))
            // Sessions were ended in the database: this instance must read them again.
            (req.application.sessions.driver as? SessionStore)?.forgetAll()
        } catch {
            guard let error = ErrorMapping.coreError(error) else { throw error }
            return try await renderUsers(req, form: NewUserForm(), error: error.message, status: error.status)
        }
        req.flash(disable ? "账号已停用，其登录会话和访问令牌已失效。" : "账号已启用。")
        return req.redirect(to: SitePath.adminUsers(), redirectType: .normal)
    }

    /// 重置密码.
    func resetPassword(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        let form = (try? req.content.decode(EditUserForm.self)) ?? EditUserForm()
        do {
            try await UserAdminActions.resetPassword(userID: UserID(id), to: form.password ?? "", in: req.writeContext(actor: viewer.auditActor))
            (req.application.sessions.driver as? SessionStore)?.forgetAll()
        } catch {
            guard let error = ErrorMapping.coreError(error) else { throw error }
            let detail = error.fields.values.sorted().joined(separator: "；")
            return try await renderUsers(req, form: NewUserForm(), error: "密码未重置：" + (detail.isEmpty ? error.message : detail),
                                         status: error.status)
        }
        req.flash("密码已重置，请将新密码告知本人并提醒其登录后修改。")
        return req.redirect(to: SitePath.adminUsers(), redirectType: .normal)
    }
}
