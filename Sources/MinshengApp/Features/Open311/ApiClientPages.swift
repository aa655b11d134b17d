import Foundation
import MinshengCore
import Vapor

/// 系统管理 → Open311 密钥: the client apps allowed to post requests, issue and revoke. A new key
/// is shown once, on the page that issued it.
struct ApiClientPages {
    struct Page: Encodable {
        struct Row: Encodable {
            var id: String
            var name: String
            var hint: String
            var created: String
            var createdBy: String
            var revoked: String?
            var revokeAction: String
        }
        var shell: WebShell
        var clients: [Row]
        var issuedKey: String?
        var issuedName: String?
        var error: String?
        var createHref = SitePath.apiClients()
        var endpoint: String
    }

    func index(req: Request) async throws -> Response {
        try await render(req, issued: nil, error: nil, status: .ok)
    }

    func create(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let name = (try? req.content.get(String.self, at: "name")) ?? ""
        do {
            let issued = try await ApiClients.issue(name: name, in: req.writeContext(actor: viewer.auditActor))
            return try await render(req, issued: issued, error: nil, status: .ok)
        } catch let error as APIError {
            return try await render(req, issued: nil, error: error.fields.values.sorted().first ?? error.message, status: error.status)
        }
    }

    func revoke(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        try await ApiClients.revoke(id, in: req.writeContext(actor: viewer.auditActor))
        req.flash("密钥已停用，使用它的应用将无法再提交诉求。")
        return req.redirect(to: SitePath.apiClients(), redirectType: .normal)
    }

    private func render(_ req: Request, issued: ApiClients.Issued?, error: String?, status: HTTPStatus) async throws -> Response {
        let viewer = try await req.webViewer()
        try viewer.require(.manageUsers)
        let clients = try await ApiClients.all(on: req.db)
        let page = Page(
            shell: WebShell.make(req, title: "Open311 密钥"),
            clients: clients.map {
                .init(id: $0.id!.uuidString, name: $0.name, hint: "…" + $0.keyHint, created: WebFormat.timestamp($0.createdAt),
                      createdBy: $0.createdBy, revoked: $0.revokedAt.map(WebFormat.timestamp),
                      revokeAction: SitePath.apiClientRevoke($0.id!.uuidString))
            },
            issuedKey: issued?.key, issuedName: issued?.client.name, error: error,
            endpoint: GeoReportController.baseURL(req) + "/open311/v2")
        let response = try await req.view.render("Open311/api-clients", page).encodeResponse(for: req).get()
        response.status = status
        // A page that shows a key once must not be kept by a browser or proxy.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
