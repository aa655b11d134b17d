import Fluent
import MinshengCore
import Vapor
import MinshengStore

/// The site map: every route Minsheng answers, API and pages, by feature. Each web route names
/// who may use it (``WebAccess``); handlers check again with the subject (a clerk's unit against
/// the commitment's, a notice's addressee).
func routes(_ app: Application) throws {
    app.get("healthz") { _ in "ok" }
    // For the load balancer and orchestration: live = the process answers; ready = it can reach its
    // database (503 when it cannot, so no request is sent to an instance that would fail it).
    app.get("health", "live") { _ in "ok" }
    app.get("health", "ready", use: HealthCheck.ready)
    // Prometheus scrapes here: loopback only, or with MINSHENG_METRICS_TOKEN (see MetricsEndpoint).
    app.get("metrics", use: MetricsEndpoint.metrics)

    // --- JSON API, /api/v1 (described at /api/v1/openapi.json) ---------------------------------
    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    try api.register(collection: OpenAPIController())
    try api.register(collection: PlansController())
    try api.register(collection: CommitmentsController())
    try api.register(collection: ImportsController())
    try api.register(collection: ReportsController())
    try api.register(collection: NoticesController())
    try api.register(collection: RequestsController())
    try api.register(collection: UnitsController())
    try api.register(collection: UsersController())
    try api.register(collection: AuditController())
    // A method a resource lacks: 405 with `Allow` (OPTIONS: 204 with `Allow`), not the router's 404.
    // Built from the routes just registered; global, since group middleware runs only on a match.
    app.middleware.use(APIMethodGuard(prefix: ["api", "v1"], routes: app.routes.all))

    // --- Open311 GeoReport v2, /open311 (public reads; posts need an API key) --------------------
    app.publicWriteLimit = PublicWriteLimit()
    try app.grouped(GeoReportErrorMiddleware()).register(collection: GeoReportController(jurisdiction: app.jurisdictionID))

    // --- Portal (公众), /public: read pages without a session (kept whole, see PublicCache) -------
    do {
        let portal = PortalController()
        let reads = app.grouped(WebSecurityHeaders(), PortalErrorMiddleware())
        reads.get(SitePath.portal.components, use: portal.home)
        reads.get(SitePath.portalPlan.components, use: portal.plan)
        reads.get(SitePath.portalCommitment.components, use: portal.commitment)
        reads.get(SitePath.portalProgress.components, use: portal.progress)
        reads.get(SitePath.portalRankings.components, use: portal.rankings)
        let data = OpenDataController()
        reads.get(SitePath.portalData.components, use: data.index)
        reads.get(SitePath.portalDataFile.components, use: data.file)
        reads.get(SitePath.portalPhoto.components, use: portal.photo)
    }

    // --- Staff pages ----------------------------------------------------------------------------
    // Sessions live in the database, read on every request where instances share PostgreSQL, so
    // a sign-out on one instance ends the session on all of them at once (see SessionStore).
    let recheck = app.planReadCache.recheckInterval
    // One store for the process (Vapor calls the factory at every `sessions.driver`): a password
    // change tells it to forget what it confirmed (``SessionStore/forgetAll()``).
    let sessionStore = SessionStore(base: app.fluent.sessions.driver(), recheckInterval: recheck)
    app.sessions.use { _ in sessionStore }
    let limits = SessionLimits(idle: app.minshengConfig.sessionIdleLimit, absolute: app.minshengConfig.sessionAbsoluteLimit)
    // `Secure` in production (``Application/secureCookies``): the cookie travels over HTTPS only,
    // which the reverse proxy terminates (README, "TLS through nginx").
    let secure = app.secureCookies
    app.sessions.configuration = SessionsConfiguration(cookieName: "minsheng_session") { id in
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: Int(limits.absolute), path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    let web = app.grouped(WebSecurityHeaders(), app.sessions.middleware, UserSessionAuthenticator(), limits,
                          WebErrorMiddleware(), CSRFMiddleware(), AccountGate(totpRequired: app.minshengConfig.totpRequired))
    let r = WebRouter(app: app, base: web)
    // 人大代表 read the overview and the monthly bulletins too (issue 13): what the government
    // reports to them, read-only; drafts stay behind `readDraft` in the handlers.
    let overviewReaders: WebAccess = .roles(DashboardPage.readers)

    do { // Directory: sign-in, users, units
        let login = LoginController()
        r.on(.GET, .home, .signedIn, use: login.home)
        r.on(.GET, .login, .anyone, use: login.show)
        r.on(.POST, .login, .anyone, use: login.login)
        r.on(.POST, .logout, .anyone, use: login.logout)
        r.on(.GET, .loginTotp, .anyone, use: login.totpForm)
        r.on(.POST, .loginTotp, .anyone, use: login.totpSubmit)

        let account = AccountController()
        r.on(.GET, .accountPassword, .signedIn, use: account.passwordForm)
        r.on(.POST, .accountPassword, .signedIn, use: account.changePassword)

        let security = SecurityController()
        r.on(.GET, .accountSecurity, .signedIn, use: security.show)
        r.on(.POST, .accountSessionEnd, .signedIn, use: security.endSession)
        r.on(.POST, .accountSignOutEverywhere, .signedIn, use: security.signOutEverywhere)
        r.on(.POST, .accountTokenRevoke, .signedIn, use: security.revokeToken)
        r.on(.GET, .accountTotp, .signedIn, use: security.totp)
        r.on(.POST, .accountTotp, .signedIn, use: security.begin)
        r.on(.POST, .accountTotpConfirm, .signedIn, use: security.confirm)
        r.on(.POST, .accountTotpDisable, .signedIn, use: security.disable)

        let admin = AdminController()
        r.on(.GET, .adminUsers, .action(.manageUsers), use: admin.users)
        r.on(.POST, .adminUsers, .action(.manageUsers), use: admin.createUser)
        r.on(.POST, .adminUser, .action(.manageUsers), use: admin.updateUser)
        r.on(.POST, .adminUserDisable, .action(.manageUsers), use: admin.disableUser)
        r.on(.POST, .adminUserPassword, .action(.manageUsers), use: admin.resetPassword)
        r.on(.GET, .adminUnits, .action(.manageUsers), use: admin.units)
        r.on(.POST, .adminUnitsMerge, .action(.manageUsers), use: admin.merge)
        r.on(.POST, .adminUnitAliases, .action(.manageUsers), use: admin.addAlias)
    }

    do { // Overview: dashboard, lists, bulletins, exports
        let dashboard = DashboardController()
        r.on(.GET, .dashboard, overviewReaders, onEventLoop: dashboard.dashboard)
        r.on(.GET, .commitments, .signedIn, use: dashboard.list)

        let bulletin = BulletinController()
        r.on(.GET, .bulletins, overviewReaders, use: bulletin.index)
        r.on(.GET, .bulletin, overviewReaders, use: bulletin.show)
        r.on(.GET, .bulletinXlsx, overviewReaders, use: bulletin.xlsx)
        r.on(.GET, .bulletinDocx, overviewReaders, use: bulletin.docx)
        r.on(.POST, .bulletinIssue, .action(.issueNotice), use: bulletin.saveIssue)
        r.on(.GET, .progressXlsx, overviewReaders, use: bulletin.progressXlsx)
        r.on(.GET, .progressCSV, overviewReaders, use: bulletin.progressCSV)
    }

    do { // Commitments: one commitment's page, notes, attachments
        let commitment = CommitmentController()
        r.on(.GET, .commitment, .signedIn, onEventLoop: commitment.show)
        r.on(.POST, .instructions, .action(.writeInstruction), use: commitment.instruct)
        r.on(.POST, .comments, .action(.comment), use: commitment.comment)
        r.on(.POST, .attachments, .roles([.clerk, .coordinator, .admin]),
             body: .collect(maxSize: ByteCount(value: AttachmentCheck.maxBytes + (1 << 20))), use: commitment.upload)
        r.on(.GET, .attachment, .signedIn, use: commitment.download)
        r.on(.POST, .attachmentDelete, .roles([.clerk, .coordinator, .admin]), use: commitment.deleteAttachment)
        r.on(.POST, .attachmentPublic, .roles([.coordinator, .admin]), use: commitment.togglePublic)
        r.on(.POST, .reopen, .action(.reopenReport), use: commitment.reopen)
    }

    do { // Tracking: the monthly report form
        let clerk = ClerkController()
        r.on(.GET, .clerkHome, .roles([.clerk]), use: clerk.home)
        r.on(.GET, .report, .action(.submitReport), use: clerk.form)
        r.on(.POST, .report, .action(.submitReport), use: clerk.submit)
    }

    do { // Supervision: notices (督办)
        let supervision = SupervisionController()
        r.on(.GET, .notices, .roles(SupervisionController.readers), use: supervision.list)
        r.on(.GET, .newNotice, .action(.issueNotice), use: supervision.newForm)
        r.on(.POST, .notices, .action(.issueNotice), use: supervision.create)
        r.on(.POST, .noticeBulk, .action(.issueNotice), use: supervision.bulk)
        r.on(.GET, .notice, .roles(SupervisionController.readers), use: supervision.show)
        r.on(.POST, .noticeReply, .action(.replyNotice), use: supervision.reply)
        r.on(.POST, .noticeSignOff, .action(.signOffNotice), use: supervision.signOff)
        r.on(.POST, .noticeReturn, .action(.signOffNotice), use: supervision.giveBack)
        r.on(.GET, .noticeDocx, .roles(SupervisionController.readers), use: supervision.docx)
    }

    do { // Plans: import and review
        let imports = ImportReviewController()
        r.on(.GET, .imports, .action(.importPlan), use: imports.start)
        r.on(.POST, .imports, .action(.importPlan), body: .collect(maxSize: "20mb"), use: imports.create)
        r.on(.GET, .importReview, .action(.importPlan), use: imports.review)
        r.on(.POST, .importReview, .action(.editPlan), use: imports.save)
        r.on(.POST, .importPublish, .action(.publishPlan), use: imports.publish)
        r.on(.POST, .importRows, .action(.editPlan), use: imports.rows)
        r.on(.POST, .importDelete, .action(.importPlan), use: imports.deleteDraft)
    }

    do { // Requests (接诉即办): the hotline, the units, the rankings, the clusters, the settings
        let pages = RequestPagesController()
        let staff: WebAccess = .roles([.hotline, .clerk, .unitLeader, .coordinator, .leader, .admin])
        r.on(.GET, .hotline, .action(.routeRequest), use: pages.queue)
        r.on(.GET, .newRequest, .action(.takeRequest), use: pages.newForm)
        r.on(.POST, .requests, .action(.takeRequest), use: pages.create)
        r.on(.GET, .request, staff, use: pages.show)
        r.on(.GET, .requestIdentity, staff, use: pages.identity)
        r.on(.POST, .requestStep, .roles([.hotline, .clerk, .unitLeader]), use: pages.step)
        r.on(.POST, .requestPhotos, .roles([.hotline, .clerk]),
             body: .collect(maxSize: ByteCount(value: AttachmentCheck.maxBytes + (1 << 20))), use: pages.addPhoto)
        r.on(.GET, .requestPhoto, staff, use: pages.photo)
        r.on(.GET, .requestInbox, .roles([.clerk, .unitLeader]), use: pages.inbox)
        r.on(.POST, .requestInboxRead, .roles([.clerk, .unitLeader]), use: pages.markRead)
        r.on(.POST, .hotlineRead, .roles([.hotline]), use: pages.markRead)

        let oversight = RequestOversightController()
        r.on(.GET, .requestRankings, .action(.readRequestScores), use: oversight.rankings)
        r.on(.GET, .requestRankingsXlsx, .action(.readRequestScores), use: oversight.rankingsXlsx)
        r.on(.GET, .requestUnitScore, staff, use: oversight.unitScore)
        r.on(.GET, .requestClusters, .roles([.hotline, .coordinator, .admin]), use: oversight.clusters)
        r.on(.POST, .candidates, .roles([.hotline, .coordinator, .admin]), use: oversight.propose)
        r.on(.GET, .candidates, .roles([.hotline, .coordinator, .admin]), use: oversight.candidatePool)
        r.on(.GET, .requestImport, .action(.takeRequest), use: oversight.importForm)
        r.on(.POST, .requestImport, .action(.takeRequest), body: .collect(maxSize: "20mb"), use: oversight.importUpload)
        r.on(.GET, .requestSettings, .action(.manageRequestSettings), use: oversight.settings)
        r.on(.POST, .requestLimits, .action(.manageRequestSettings), use: oversight.saveLimits)
        r.on(.POST, .requestRules, .action(.manageRequestSettings), use: oversight.addRule)
        r.on(.POST, .requestRuleDelete, .action(.manageRequestSettings), use: oversight.deleteRule)
        r.on(.POST, .requestCategories, .action(.manageRequestSettings), use: oversight.saveCategory)
    }

    do { // Portal forms (公众): the citizens' request form, the lookup, objections; CSRF in a session
        app.publicLookupLimit = PublicWriteLimit(limit: 30, window: 600)
        let citizen = PortalRequestPages()
        r.on(.GET, .portalNewRequest, .anyone, use: citizen.newForm)
        r.on(.POST, .portalRequests, .anyone, body: .collect(maxSize: ByteCount(value: 3 * AttachmentCheck.maxBytes + (1 << 20))),
             use: citizen.create)
        r.on(.GET, .portalLookup, .anyone, use: citizen.lookupForm)
        r.on(.POST, .portalLookup, .anyone, use: citizen.lookup)
        r.on(.POST, .portalRate, .anyone, use: citizen.rate)
        r.on(.POST, .portalRedo, .anyone, use: citizen.redo)
        let objections = PortalObjections()
        r.on(.GET, .portalObjection, .anyone, use: objections.form)
        r.on(.POST, .portalObjection, .anyone, use: objections.submit)
    }

    do { // Open311: the client apps' API keys
        let keys = ApiClientPages()
        r.on(.GET, .apiClients, .action(.manageUsers), use: keys.index)
        r.on(.POST, .apiClients, .action(.manageUsers), use: keys.create)
        r.on(.POST, .apiClientRevoke, .action(.manageUsers), use: keys.revoke)
    }
}
