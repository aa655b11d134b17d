import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// The portal's read pages (公开): no sign-in, phone first, kept whole per language and data
/// version (``PublicCache``), answered with an ETag so a phone's reload costs a 304.
struct PortalController {
    func home(req: Request) async throws -> Response {
        try await kept(req, requests: false) { lang in
            let shell = PortalShell.make(lang, title: lang.words.site, path: SitePath.portal.pattern)
            let page = PortalHomePage.make(shell: shell, snapshots: try await WebQueries.publishedSnapshots(req: req))
            return try await render(req, "Portal/home", page)
        }
    }

    func plan(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        return try await kept(req, requests: false) { lang in
            let snapshot = try await PortalQueries.publishedSnapshot(PlanID(id), on: req.db, cache: req.application.planReadCache,
                                                               today: req.today, now: req.clock.now())
            let shell = PortalShell.make(lang, title: snapshot.title, path: SitePath.portalPlan(id))
            return try await render(req, "Portal/plan", PortalPlanPage.make(shell: shell, snapshot: snapshot, today: req.today))
        }
    }

    func commitment(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw WebError.notFound }
        return try await kept(req, requests: true) { lang in
            let (facts, item) = try await PortalQueries.publishedCommitment(CommitmentID(id), on: req.db)
            let shell = PortalShell.make(lang, title: item.commitment.title, path: SitePath.portalCommitment(id))
            let page = PortalCommitmentPage.make(
                shell: shell, facts: item, planTitle: facts.plan.title, rules: facts.rules, today: req.today,
                published: try await PortalQueries.publishedMonths(commitment: id, on: req.db),
                photos: try await PortalQueries.publicPhotos(commitment: id, on: req.db).map { ($0.id!, $0.filename) },
                objections: try await RequestQueries.objections(commitment: CommitmentID(id), keys: req.application.dataKeys, on: req.db),
                requests: try await PortalQueries.requestCounts(commitment: id, on: req.db))
            return try await render(req, "Portal/commitment", page)
        }
    }

    func progress(req: Request) async throws -> Response {
        let asked = (try? req.query.get(String.self, at: "month")).flatMap(YearMonth.init)
        if let month = asked, month > req.today.yearMonth || month.year < 2000 { throw WebError.notFound }
        return try await kept(req, requests: false) { lang in
            let snapshots = try await WebQueries.publishedSnapshots(req: req)
            // Without a month: the latest month anything was reported for (this month early on is empty).
            let latest = snapshots.flatMap { $0.tasks.flatMap { $0.reports.map(\.period) } }.filter { $0 <= req.today.yearMonth }.max()
            let month = asked ?? latest ?? req.today.yearMonth
            let shell = PortalShell.make(lang, title: lang.words.progress, path: SitePath.portalProgress.pattern)
            return try await render(req, "Portal/progress", PortalProgressPage.make(shell: shell, snapshots: snapshots, month: month, today: req.today))
        }
    }

    func rankings(req: Request) async throws -> Response {
        let asked = (try? req.query.get(String.self, at: "month")).flatMap(YearMonth.init)
        if let month = asked, month > req.today.yearMonth || month.year < 2000 { throw WebError.notFound }
        return try await kept(req, requests: true) { lang in
            let ranking = try await RequestRanking.month(asked ?? req.today.yearMonth, on: req.db, cache: req.application.requestRankingCache)
            let shell = PortalShell.make(lang, title: lang.words.rankings, path: SitePath.portalRankings.pattern)
            return try await render(req, "Portal/rankings", PortalRankingsPage.make(shell: shell, ranking: ranking))
        }
    }

    /// A published photo, without its metadata (EXIF and the place it was taken are the
    /// uploader's, not the public's).
    func photo(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self), let a = try await AttachmentRecord.find(id, on: req.db),
              a.isPublic, a.contentType.hasPrefix("image/") else { throw WebError.notFound }
        _ = try await PortalQueries.publishedCommitment(CommitmentID(a.$commitment.id), on: req.db)
        let file = StoredFiles.directory("attachments", req.application).appendingPathComponent(a.storedName)
        guard let data = FileManager.default.contents(atPath: file.path) else { throw WebError.notFound }
        let cleaned = PhotoMetadata.strip(Array(data)).bytes
        var headers = HTTPHeaders()
        let parts = a.contentType.split(separator: "/").map(String.init)
        headers.contentType = HTTPMediaType(type: parts[0], subType: parts.count > 1 ? parts[1] : "octet-stream")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(data: Data(cleaned)))
    }

    // MARK: parts

    /// The kept page for this path, query and language, or `build`'s, kept.
    func kept(_ req: Request, requests: Bool, build: (PortalLanguage) async throws -> String) async throws -> Response {
        let lang = PortalLanguage.of(req)
        let key = "\(lang.rawValue) \(req.url.path)?\(req.url.query ?? "")"
        let cache = req.application.publicCache
        let now = req.clock.now()
        if let page = cache.fresh(key, now: now) { return respond(req, page) }
        let version = try await PortalQueries.version(on: req.db, today: req.today, requests: requests)
        if let page = cache.confirmed(key, version: version, now: now) { return respond(req, page) }
        let html = lang.finish(try await build(lang))
        return respond(req, cache.keep(key, body: html, version: version, now: now))
    }

    func respond(_ req: Request, _ page: PublicCache.Page) -> Response {
        let response = page.response(for: req)
        PortalLanguage.remember(req, on: response)
        return response
    }

    func render(_ req: Request, _ template: String, _ page: some Encodable & Sendable) async throws -> String {
        let view = try await req.view.render(template, page).get()
        return String(buffer: view.data)
    }
}
