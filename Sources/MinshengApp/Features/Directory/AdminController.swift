import Fluent
import Foundation
import MinshengCore
import Vapor

/// Users and units (系统管理), for admins.
struct AdminController {
    struct UsersPage: Encodable {
        struct Row: Encodable { var name: String; var displayName: String; var role: String; var unit: String; var canSignIn: Bool }
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
            users: users.map { .init(name: $0.name, displayName: $0.displayName ?? "", role: WebFormat.roleLabel($0.role),
                                     unit: $0.unit?.name ?? "", canSignIn: $0.passwordHash != nil) },
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
                                                     createsUnit: form.createUnit == "1", in: req.writeContext(actor: viewer.auditActor))
            let unitName = try await user.$unit.id.asyncMap { try await UnitRecord.find($0, on: req.db)?.name } ?? nil
            req.flash("已创建用户 \(user.name)\(unitName.map { "（\($0)）" } ?? "")。")
        } catch let unknown as UserAccounts.UnknownUnit {
            return try await renderUsers(
                req, form: form, error: "未找到单位“\(unknown.name)”。请从已有单位中选择；如确为新单位，请勾选“新建该单位”后再提交。",
                status: .unprocessableEntity, asksToCreateUnit: true)
        } catch let error as APIError {
            let detail = error.fields.values.sorted().joined(separator: "；")
            return try await renderUsers(req, form: form, error: detail.isEmpty ? error.message : detail, status: error.status)
        }
        return req.redirect(to: SitePath.adminUsers(), redirectType: .normal)
    }

    struct UnitsPage: Encodable {
        struct Row: Encodable { var id: String; var name: String; var aliases: String; var links: Int; var users: Int }
        var shell: WebShell
        var units: [Row]
        var error: String?
        /// The standard short forms every name is matched through (Core's `UnitName`).
        var shortForms: String
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
        let page = UnitsPage(
            shell: WebShell.make(req, title: "单位管理"),
            units: units.map { u in
                .init(id: u.id!.uuidString, name: u.name,
                      aliases: u.aliases.map(\.alias).filter { $0 != u.name }.sorted().joined(separator: "、"),
                      links: linkCount[u.id!] ?? 0, users: userCount[u.id!] ?? 0)
            }, error: error, shortForms: UnitName.shortForms.map { "\($0.long)→\($0.short)" }.joined(separator: "、"))
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
        } catch let refusal as UnitActions.AliasRefusal {
            let message = switch refusal {
            case .blank: "请填写别名（不超过100字）。"
            case .unknownUnit: "所选单位不存在。"
            case .takenBy(let other): "“\(alias)”已是“\(other)”的名称或别名；如为同一单位，请使用下方的合并单位。"
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
        } catch is UnitActions.MergeRefusal {
            return try await renderUnits(req, error: "请选择两个不同的单位。", status: .unprocessableEntity)
        }
        req.flash("已将“\(fromUnit.name)”并入“\(merged.name)”。")
        return req.redirect(to: SitePath.adminUnits(), redirectType: .normal)
    }
}
