import Foundation
import Vapor
import MinshengStore

/// What every page's layout needs: title, who is signed in, the navigation that role sees,
/// the CSRF token for forms, and a one-time notice (flash) from the previous request.
struct WebShell: Encodable {
    struct NavItem: Encodable, Equatable {
        var label: String
        var href: String
        var current: Bool
    }

    var title: String
    var userName: String?
    var roleLabel: String?
    var unitName: String?
    var nav: [NavItem]
    var csrfToken: String
    var flash: String?
    var isDemo: Bool
    var links = Links()

    /// The layout's own links (brand, account, sign-out), the same on every page.
    struct Links: Encodable, Equatable {
        var home = SitePath.home()
        var accountSecurity = SitePath.accountSecurity()
        var accountPassword = SitePath.accountPassword()
        var logout = SitePath.logout()
    }

    /// A shell with a title only, for parts of pages rendered once and kept (no user, no flash).
    static func bare(title: String) -> WebShell {
        WebShell(title: title, userName: nil, roleLabel: nil, unitName: nil, nav: [], csrfToken: "", flash: nil, isDemo: false)
    }

    /// Builds the shell for a request. Takes and clears the session's flash message (unless
    /// `takingFlash` is false).
    static func make(_ req: Request, title: String, takingFlash: Bool = true) -> WebShell {
        let user = req.auth.get(UserRecord.self)
        let flash = takingFlash ? req.session.data["flash"] : nil
        if flash != nil { req.session.data["flash"] = nil }
        return WebShell(
            title: title,
            userName: user.map { $0.displayName ?? $0.name },
            roleLabel: user.map { WebFormat.roleLabel($0.role) },
            unitName: req.storage[WebUnitNameKey.self],
            nav: navigation(role: user?.role, path: req.url.path),
            csrfToken: CSRF.token(for: req),
            flash: flash,
            isDemo: user?.isDemo ?? false)
    }

    /// The menu each role sees; it mirrors ``WebAccess`` so no link leads to a 403.
    static func navigation(role: String?, path: String) -> [NavItem] {
        guard let role else { return [] }
        var items: [(String, String)] = []
        switch role {
        case "coordinator":
            items = [("总览", SitePath.dashboard.pattern), ("任务清单", SitePath.commitments.pattern), ("计划导入", SitePath.imports.pattern),
                     ("督办", SitePath.notices.pattern), ("月度通报", SitePath.bulletins.pattern),
                     ("诉求聚类", SitePath.requestClusters.pattern), ("三率排名", SitePath.requestRankings.pattern)]
        case "leader":
            items = [("总览", SitePath.dashboard.pattern), ("任务清单", SitePath.commitments.pattern), ("督办", SitePath.notices.pattern), ("月度通报", SitePath.bulletins.pattern)]
        case "clerk":
            items = [("我的任务", SitePath.clerkHome.pattern), ("诉求办理", SitePath.requestInbox.pattern),
                     ("任务清单", SitePath.commitments.pattern), ("督办", SitePath.notices.pattern)]
        case "hotline":
            items = [("工单队列", SitePath.hotline.pattern), ("登记诉求", SitePath.newRequest.pattern),
                     ("诉求聚类", SitePath.requestClusters.pattern), ("候选项目", SitePath.candidates.pattern),
                     ("三率排名", SitePath.requestRankings.pattern)]
        case "unitLeader":
            items = [("诉求办理", SitePath.requestInbox.pattern), ("三率排名", SitePath.requestRankings.pattern)]
        case "deputy":
            items = [("总览", SitePath.dashboard.pattern), ("任务清单", SitePath.commitments.pattern), ("月度通报", SitePath.bulletins.pattern)]
        case "admin":
            items = [("任务清单", SitePath.commitments.pattern), ("用户管理", SitePath.adminUsers.pattern), ("单位管理", SitePath.adminUnits.pattern),
                     ("Open311 密钥", SitePath.apiClients.pattern)]
        default:
            items = []
        }
        return items.map { NavItem(label: $0.0, href: $0.1, current: path == $0.1 || path.hasPrefix($0.1 + "/")) }
    }
}

/// The signed-in user's unit name, put in request storage by handlers that load it anyway.
struct WebUnitNameKey: StorageKey { typealias Value = String }

extension Request {
    /// The signed-in user, or `WebError.signInRequired` (which redirects to /login).
    func requireWebUser() throws -> UserRecord {
        guard let user = auth.get(UserRecord.self) else { throw WebError.signInRequired }
        return user
    }

    /// Leaves a one-line notice for the next page this session renders.
    func flash(_ message: String) {
        session.data["flash"] = message
    }
}
