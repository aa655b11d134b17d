import Fluent
import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import MinshengStore

/// The overview and the filtered commitment list.
struct DashboardController {
    /// The overview. Its body is kept per (published plans' revisions, day, whether the viewer may
    /// issue notices, notice writes so far): three small statements confirm it, and only the
    /// layout's user, token and flash are made per request.
    func dashboard(req: Request) throws -> EventLoopFuture<Response> {
        guard let viewer = try req.keptWebViewer() else {
            return req.eventLoop.makeFutureWithTask { try await self.dashboard(req, validators: nil) }
        }
        let cards = req.application.dashboardCards
        let now = req.clock.now()
        if let validators = cards.confirmedValidators(now: now, within: req.application.planReadCache.recheckInterval) {
            let key = Self.key(validators, today: req.today, canIssue: Self.variant(viewer))
            if let body = cards.body(key), let response = KeptPage.keptResponse(req, title: "总览", body: body) {
                return req.eventLoop.makeSucceededFuture(response)
            }
        }
        return Self.validators(on: req.db).flatMap { validators in
            cards.confirm(validators, now: now)
            let key = Self.key(validators, today: req.today, canIssue: Self.variant(viewer))
            if let body = req.application.dashboardCards.body(key),
               let response = KeptPage.keptResponse(req, title: "总览", body: body) {
                return req.eventLoop.makeSucceededFuture(response)
            }
            return req.eventLoop.makeFutureWithTask { try await self.dashboard(req, validators: validators) }
        }
    }

    /// What differs between viewers' bodies: may issue notices, may open the notice list.
    static func variant(_ viewer: WebViewer) -> String {
        "\(viewer.may(.issueNotice))-\(SupervisionController.readers.contains(viewer.role))"
    }

    static func key(_ v: (revisions: [(id: UUID, revision: Int)], noticeWrites: Int), today: CivilDate, canIssue: String) -> String {
        v.revisions.map { "\($0.id)-\($0.revision)" }.joined(separator: ",") + "|\(today)|\(canIssue)|\(v.noticeWrites)"
    }

    /// The overview when its body is not kept yet (or its layout): built, kept, answered.
    func dashboard(_ req: Request, validators known: (revisions: [(id: UUID, revision: Int)], noticeWrites: Int)?) async throws -> Response {
        let viewer = try await req.webViewer()
        let today = req.today
        var validators = known
        if validators == nil { validators = try await Self.validators(on: req.db).get() }
        let (revisions, noticeWrites) = validators!
        let canIssue = viewer.may(.issueNotice)
        let key = Self.key((revisions, noticeWrites), today: today, canIssue: Self.variant(viewer))
        let kept = req.application.dashboardCards
        if let body = kept.body(key) {
            return try await KeptPage.response(req, title: "总览", body: body)
        }
        var snapshots: [WebPlanSnapshot] = []
        for (id, revision) in revisions {
            snapshots.append(try await PlanReadModel.entry(id, revision: revision, req: req).view)
        }
        let notices = try await NoticeQueries.summary(on: req.db, today: today)
        var page = DashboardPage.make(shell: WebShell.bare(title: "总览"), snapshots: snapshots, today: today,
                                      canIssueNotices: canIssue, openNotices: notices.open, overdueNotices: notices.overdue)
        page.canReadNotices = SupervisionController.readers.contains(viewer.role)
        // A card shows no user- or request-specific data beyond what the key names, so it is
        // built and rendered only when the plan changes (revision), the day turns, or the notices change.
        let noticed = notices.commitments.map(\.uuidString).sorted().joined(separator: ",")
        for snapshot in snapshots {
            let cardKey = "\(snapshot.planID)|\(snapshot.revision)|\(snapshot.day)|\(canIssue)|\(noticed)"
            if let html = kept.get(cardKey) {
                page.cardsHTML.append(html)
            } else {
                let card = DashboardPage.card(snapshot, today: today, canIssue: canIssue, noticed: notices.commitments)
                let view = try await req.view.render("Overview/card", ["plan": card]).get()
                let html = String(buffer: view.data)
                kept.put(cardKey, html)
                page.cardsHTML.append(html)
            }
        }
        let view = try await req.view.render("Overview/dashboard-body", page).get()
        let body = KeptPage.Segments(String(buffer: view.data))
        kept.putBody(key, body)
        return try await KeptPage.response(req, title: "总览", body: body)
    }

    /// The published plans' revisions and the count of notice writes, in one statement.
    static func validators(on db: any Database) -> EventLoopFuture<(revisions: [(id: UUID, revision: Int)], noticeWrites: Int)> {
        guard let sql = db as? any SQLDatabase else { return db.eventLoop.makeSucceededFuture(([], 0)) }
        struct Row: Decodable { var id: UUID?; var revision: Int?; var notices: Int }
        // The count is the left side, so it comes back even when no plan is published.
        return sql.raw("""
            SELECT p.id AS id, p.revision AS revision, n.c AS notices \
            FROM (SELECT COUNT(*) AS c FROM audit_entries WHERE subject_type = \(bind: AuditSubject.notice.rawValue)) n \
            LEFT JOIN plans p ON p.status = \(bind: PlanStatus.published.rawValue) ORDER BY p.created_at
            """).all(decoding: Row.self).map { rows in
            (rows.compactMap { row in row.id.flatMap { id in row.revision.map { (id, $0) } } }, rows.first?.notices ?? 0)
        }
    }

    func list(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let filter = Self.filter(from: req)
        var snapshots = try await WebQueries.publishedSnapshots(req: req)
        if let plan = filter.plan, !snapshots.contains(where: { $0.planID == plan }) {
            // A draft named explicitly: only for roles that may read drafts.
            try viewer.require(.readDraft)
            snapshots = [try await WebQueries.snapshot(plan, req: req)]
        }
        let page = CommitmentListPage.make(shell: WebShell.make(req, title: "任务清单"), snapshots: snapshots, filter: filter,
                                           canIssue: viewer.may(.issueNotice),
                                           defaultDeadline: Supervision.defaultDeadline(issuedOn: req.today).description)
        return try await req.view.render("Overview/commitments", page).encodeResponse(for: req).get()
    }

    static func filter(from req: Request) -> CommitmentListPage.Filter {
        func text(_ key: String) -> String? {
            guard let v = req.query[String.self, at: key]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        return CommitmentListPage.Filter(
            plan: text("plan").flatMap(UUID.init(uuidString:)), health: text("health").flatMap(Health.init(rawValue:)),
            unit: text("unit"), leader: text("leader"), section: text("section"), district: text("district"),
            late: text("late") == "1", text: text("q"))
    }
}

/// Rendered dashboard cards by key (plan, revision, day, viewer's rights, noticed commitments)
/// and whole bodies by key (every plan's revision, day, rights, notice writes): each key names
/// everything its HTML shows, so an entry never goes stale, it only stops being asked for.
final class DashboardCards: PlanCache {
    private let cards = NIOLockedValueBox<[String: String]>([:])
    private let bodies = NIOLockedValueBox<[String: KeptPage.Segments]>([:])
    typealias Validators = (revisions: [(id: UUID, revision: Int)], noticeWrites: Int)
    /// The validators as the database last gave them, and when (trusted for the plan read
    /// cache's recheck interval only where one process owns the database; any write here forgets them).
    private let validators = NIOLockedValueBox<(Validators, Date)?>(nil)

    func confirmedValidators(now: Date, within interval: TimeInterval) -> Validators? {
        guard interval > 0 else { return nil }
        return validators.withLockedValue { kept in
            kept.flatMap { now.timeIntervalSince($0.1) < interval ? $0.0 : nil }
        }
    }

    func confirm(_ v: Validators, now: Date) { validators.withLockedValue { $0 = (v, now) } }

    func didWrite() { validators.withLockedValue { $0 = nil } }
    func invalidate(_ planID: UUID) {}
    func invalidateAll() { validators.withLockedValue { $0 = nil } }

    func body(_ key: String) -> KeptPage.Segments? { bodies.withLockedValue { $0[key] } }

    func putBody(_ key: String, _ body: KeptPage.Segments) {
        bodies.withLockedValue { all in
            if all.count >= 64 { all.removeAll() }
            all[key] = body
        }
    }

    func get(_ key: String) -> String? { cards.withLockedValue { $0[key] } }

    func put(_ key: String, _ html: String) {
        cards.withLockedValue { all in
            if all.count >= 256 { all.removeAll() }
            all[key] = html
        }
    }
}

extension Application {
    private struct DashboardCardsKey: StorageKey { typealias Value = DashboardCards }

    /// Set once in `routes`.
    var dashboardCards: DashboardCards {
        get { storage[DashboardCardsKey.self] ?? DashboardCards() }
        set { storage[DashboardCardsKey.self] = newValue }
    }
}
