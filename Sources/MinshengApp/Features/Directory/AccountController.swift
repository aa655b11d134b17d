import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// `/account/password`: every signed-in user changes their own password.
struct AccountController {
    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?
    }

    struct PasswordPage: Encodable {
        var shell: WebShell
        var error: String?
        var fields: [String: String]
        var minimumLength: Int
        var links = Links()

        struct Links: Encodable { var password = SitePath.accountPassword() }
    }

    func passwordForm(req: Request) async throws -> Response {
        _ = try req.requireWebUser()
        return try await render(req, error: nil, fields: [:], status: .ok)
    }

    func changePassword(req: Request) async throws -> Response {
        let user = try req.requireWebUser()
        let form = try req.content.decode(PasswordForm.self)
        let current = form.currentPassword ?? "", new = form.newPassword ?? ""
        guard !current.isEmpty, !new.isEmpty else {
            return try await render(req, error: "请填写当前密码和新密码。", fields: [:], status: .unprocessableEntity)
        }
        guard new == form.confirmPassword else {
            return try await render(req, error: nil, fields: ["confirmPassword": "两次输入的新密码不一致。"], status: .unprocessableEntity)
        }
        do {
            try await AccountActions.changeOwnPassword(of: user, current: current, new: new, address: ClientAddress.of(req),
                                                       keepingSession: req.session.id?.string, in: req.writeContext(actor: .init(user)))
            // This instance may trust a session it confirmed a moment ago (SQLite): forget them all.
            (req.application.sessions.driver as? SessionStore)?.forgetAll()
        } catch {
            guard let error = ErrorMapping.coreError(error) else { throw error }
            let response = try await render(req, error: error.fields.isEmpty ? error.message : nil, fields: error.fields, status: error.status)
            return response
        }
        req.flash("密码已修改。")
        return req.redirect(to: LoginController.home(for: user.role), redirectType: .normal)
    }

    func render(_ req: Request, error: String?, fields: [String: String], status: HTTPStatus) async throws -> Response {
        let page = PasswordPage(shell: WebShell.make(req, title: "修改密码"), error: error, fields: fields,
                                minimumLength: PasswordPolicy.standard.minimumLength)
        let response = try await req.view.render("Directory/password", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }
}
