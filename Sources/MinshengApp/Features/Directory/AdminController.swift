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
        var error: String?
        var form: NewUserForm
    }

    struct NewUserForm: Content, Encodable {
        var name: String?
        var role: String?
        var unit: String?
        var password: String?
    }

    func users(req: Request) async throws -> Response {
        try await renderUsers(req, form: NewUserForm(), error: nil, status: .ok)
    }

    func renderUsers(_ req: Request, form: NewUserForm, error: String?, status: HTTPStatus) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let users = try await UserRecord.query(on: req.db).with(\.$unit).sort(\.$name).all()
        var blank = form
        blank.password = nil
        let page = UsersPage(
            shell: WebShell.make(req, title: "用户管理"),
            users: users.map { .init(name: $0.name, displayName: $0.displayName ?? "", role: WebFormat.roleLabel($0.role),
                                     unit: $0.unit?.name ?? "", canSignIn: $0.passwordHash != nil) },
            roles: Role.allCases.map { .init(value: $0.rawValue, label: WebFormat.roleLabel($0.rawValue), selected: form.role == $0.rawValue) },
            error: error, form: blank)
        let response = try await req.view.render("Directory/users", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }

    func createUser(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let form = try req.content.decode(NewUserForm.self)
        guard let role = form.role.flatMap(Role.init(rawValue:)) else {
            return try await renderUsers(req, form: form, error: "请选择角色。", status: .unprocessableEntity)
        }
        // The password policy itself is UserAccounts.create's (the same for the API and the command).
        guard let password = form.password, !password.isEmpty else {
            return try await renderUsers(req, form: form, error: "请设置初始密码。", status: .unprocessableEntity)
        }
        do {
            let user = try await UserAccounts.create(name: form.name ?? "", role: role, unitName: form.unit?.trimmingCharacters(in: .whitespaces),
                                                     password: password, in: req.writeContext(actor: viewer.auditActor))
            req.flash("已创建用户 \(user.name)。")
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
            }, error: error)
        let response = try await req.view.render("Directory/units", page).encodeResponse(for: req).get()
        response.status = status
        return response
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
            merged = try await UnitActions.merge(from, into: into, in: req.writeContext(actor: viewer.auditActor))
        } catch is UnitActions.MergeRefusal {
            return try await renderUnits(req, error: "请选择两个不同的单位。", status: .unprocessableEntity)
        }
        req.flash("已将“\(fromUnit.name)”并入“\(merged.name)”。")
        return req.redirect(to: SitePath.adminUnits(), redirectType: .normal)
    }
}
