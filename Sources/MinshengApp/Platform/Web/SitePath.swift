import Foundation
import Vapor

/// One page or form of the staff site, by its pattern (`/commitments/:id/report`). The same value
/// registers the route (``WebRouter/on(_:_:_:body:use:)``) and prints links to it, so a link can
/// only name a route that exists; `SiteMapTests` pins both directions.
struct SitePath: Sendable, Hashable, CustomStringConvertible {
    let pattern: String

    init(_ pattern: String) { self.pattern = pattern }

    var description: String { pattern }

    /// The route's path components for Vapor's router.
    var components: [PathComponent] {
        pattern.split(separator: "/").map { segment in
            segment.hasPrefix(":") ? .parameter(String(segment.dropFirst())) : .constant(String(segment))
        }
    }

    /// The path with its parameters filled in order, and a query of the non-empty pairs
    /// (percent-encoded: a raw UTF-8 URL makes Vapor drop the connection, see MACHINE-NOTES).
    func callAsFunction(_ values: any CustomStringConvertible..., query: [(String, String?)] = []) -> String {
        var remaining = values[...]
        let path = pattern.split(separator: "/").map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            guard let value = remaining.popFirst() else {
                preconditionFailure("\(pattern) needs a value for \(segment)")
            }
            return WebLink.encode(String(describing: value))
        }
        precondition(remaining.isEmpty, "\(pattern) takes \(values.count - remaining.count) values")
        return "/" + path.joined(separator: "/") + WebLink.query(query)
    }
}

extension SitePath {
    // Directory
    static let home = SitePath("/")
    static let login = SitePath("/login")
    static let logout = SitePath("/logout")
    static let adminUsers = SitePath("/admin/users")
    static let adminUser = SitePath("/admin/users/:id")
    static let adminUserDisable = SitePath("/admin/users/:id/disable")
    static let adminUserPassword = SitePath("/admin/users/:id/password")
    static let adminUnits = SitePath("/admin/units")
    static let adminUnitsMerge = SitePath("/admin/units/merge")
    static let accountPassword = SitePath("/account/password")
    static let adminUnitAliases = SitePath("/admin/units/aliases")
    static let loginTotp = SitePath("/login/totp")
    static let accountSecurity = SitePath("/account/security")
    static let accountSessionEnd = SitePath("/account/sessions/:id/end")
    static let accountSignOutEverywhere = SitePath("/account/sessions/end-all")
    static let accountTokenRevoke = SitePath("/account/tokens/:id/revoke")
    static let accountTotp = SitePath("/account/totp")
    static let accountTotpConfirm = SitePath("/account/totp/confirm")
    static let accountTotpDisable = SitePath("/account/totp/disable")
    // Overview
    static let dashboard = SitePath("/dashboard")
    static let commitments = SitePath("/commitments")
    static let bulletins = SitePath("/bulletins")
    static let bulletin = SitePath("/bulletins/:month")
    static let bulletinXlsx = SitePath("/bulletins/:month/xlsx")
    static let bulletinDocx = SitePath("/bulletins/:month/docx")
    static let bulletinIssue = SitePath("/bulletins/:month/issue")
    static let progressXlsx = SitePath("/plans/:id/progress.xlsx")
    static let progressCSV = SitePath("/plans/:id/progress.csv")
    // Commitments
    static let commitment = SitePath("/commitments/:id")
    static let instructions = SitePath("/commitments/:id/instructions")
    static let comments = SitePath("/commitments/:id/comments")
    static let attachments = SitePath("/commitments/:id/attachments")
    static let attachment = SitePath("/attachments/:id")
    static let attachmentDelete = SitePath("/attachments/:id/delete")
    static let attachmentPublic = SitePath("/attachments/:id/public")
    static let reopen = SitePath("/commitments/:id/reports/:period/reopen")
    // Tracking
    static let clerkHome = SitePath("/clerk")
    static let report = SitePath("/commitments/:id/report")
    // Supervision
    static let notices = SitePath("/supervision")
    static let newNotice = SitePath("/supervision/new")
    static let noticeBulk = SitePath("/supervision/bulk")
    static let notice = SitePath("/supervision/:id")
    static let noticeReply = SitePath("/supervision/:id/reply")
    static let noticeSignOff = SitePath("/supervision/:id/signoff")
    static let noticeReturn = SitePath("/supervision/:id/return")
    static let noticeDocx = SitePath("/supervision/:id/docx")
    // Plans
    static let imports = SitePath("/imports")
    static let importReview = SitePath("/imports/:id")
    static let importPublish = SitePath("/imports/:id/publish")
    static let importRows = SitePath("/imports/:id/rows")
    static let importDelete = SitePath("/imports/:id/delete")
    // Requests (接诉即办)
    static let hotline = SitePath("/hotline")
    static let newRequest = SitePath("/requests/new")
    static let requests = SitePath("/requests")
    static let request = SitePath("/requests/:id")
    static let requestIdentity = SitePath("/requests/:id/identity")
    static let requestStep = SitePath("/requests/:id/steps/:step")
    static let requestPhotos = SitePath("/requests/:id/photos")
    static let requestPhoto = SitePath("/request-photos/:id")
    static let requestInbox = SitePath("/inbox")
    static let requestInboxRead = SitePath("/inbox/read")
    static let hotlineRead = SitePath("/hotline/read")
    static let requestImport = SitePath("/requests/import")
    static let requestRankings = SitePath("/requests/rankings")
    static let requestRankingsXlsx = SitePath("/requests/rankings/xlsx")
    static let requestUnitScore = SitePath("/requests/rankings/units/:id")
    static let requestClusters = SitePath("/requests/clusters")
    static let candidates = SitePath("/requests/candidates")
    static let requestSettings = SitePath("/admin/requests")
    static let requestLimits = SitePath("/admin/requests/limits")
    static let requestRules = SitePath("/admin/requests/rules")
    static let requestRuleDelete = SitePath("/admin/requests/rules/:id/delete")
    static let requestCategories = SitePath("/admin/requests/categories")
    // Portal (公众): read pages, kept whole and served without a session
    static let portal = SitePath("/public")
    static let portalPlan = SitePath("/public/plans/:id")
    static let portalCommitment = SitePath("/public/commitments/:id")
    static let portalProgress = SitePath("/public/progress")
    static let portalRankings = SitePath("/public/rankings")
    static let portalData = SitePath("/public/data")
    static let portalDataFile = SitePath("/public/data/:file")
    static let portalPhoto = SitePath("/public/photos/:id")
    // Portal forms (a session for the CSRF token)
    static let portalNewRequest = SitePath("/public/requests/new")
    static let portalRequests = SitePath("/public/requests")
    static let portalLookup = SitePath("/public/lookup")
    static let portalRate = SitePath("/public/lookup/rate")
    static let portalRedo = SitePath("/public/lookup/redo")
    static let portalObjection = SitePath("/public/commitments/:id/objections/:month")
    // Open311
    static let apiClients = SitePath("/admin/api-clients")
    static let apiClientRevoke = SitePath("/admin/api-clients/:id/revoke")

    /// The portal's read pages (no session, no sign-in), for the privacy walk.
    static let portalReads: [SitePath] = [portal, portalPlan, portalCommitment, portalProgress, portalRankings, portalData, portalDataFile, portalPhoto]

    /// Every page and form, for the site map's tests.
    static let all: [SitePath] = [
        home, login, logout, adminUsers, adminUser, adminUserDisable, adminUserPassword, adminUnits, adminUnitsMerge, accountPassword, adminUnitAliases,
        loginTotp, accountSecurity, accountSessionEnd, accountSignOutEverywhere, accountTokenRevoke,
        accountTotp, accountTotpConfirm, accountTotpDisable,
        dashboard, commitments, bulletins, bulletin, bulletinXlsx, bulletinDocx, bulletinIssue, progressXlsx, progressCSV,
        commitment, instructions, comments, attachments, attachment, attachmentDelete, attachmentPublic, reopen,
        clerkHome, report,
        notices, newNotice, noticeBulk, notice, noticeReply, noticeSignOff, noticeReturn, noticeDocx,
        imports, importReview, importPublish, importRows, importDelete,
        hotline, newRequest, requests, request, requestIdentity, requestStep, requestPhotos, requestPhoto, requestInbox, requestInboxRead, hotlineRead, requestImport,
        requestRankings, requestRankingsXlsx, requestUnitScore, requestClusters, candidates,
        requestSettings, requestLimits, requestRules, requestRuleDelete, requestCategories,
        apiClients, apiClientRevoke,
        portalNewRequest, portalRequests, portalLookup, portalRate, portalRedo, portalObjection,
    ]
}
