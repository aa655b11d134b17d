import Fluent
import Foundation
import MinshengCore
import PolicyParser
import SQLKit
import Vapor
import MinshengStore

/// `/api/v1/plans…`: lists, a plan, its commitments with status, roll-ups, draft edits, publishing.
struct PlansController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let plans = routes.grouped("plans")
        plans.get(use: list)
        plans.group(":planID") { plan in
            plan.get(use: show)
            plan.patch(use: update)
            plan.post("publish", use: publish)
            plan.get("commitments", use: commitments)
            plan.get("rollup", use: rollup)
        }
    }

    /// Published plans for everyone; staff also see drafts and archived plans.
    /// Only the summary columns are read: a plan row also holds its whole source text.
    @Sendable func list(req: Vapor.Request) async throws -> [PlanSummaryDTO] {
        guard let sql = req.db as? any SQLDatabase else { throw APIError(.internalServerError, "internal", "需要 SQL 数据库") }
        var query = sql.select().columns(PlanSummaryDTO.Row.columns.map { SQLColumn($0) }).from("plans")
        if !Access.maySeeDrafts(req.auth.get(UserRecord.self)) {
            query = query.where("status", .equal, PlanStatus.published.rawValue)
        }
        return try await query.orderBy("created_at", .descending)
            .all(decoding: PlanSummaryDTO.Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map(PlanSummaryDTO.init)
    }

    /// A plan with its rules and sections. The encoded body is kept per plan revision (one small
    /// query confirms it), so a popular plan is not reassembled from five queries per request.
    @Sendable func show(req: Vapor.Request) async throws -> Response {
        let planID = try req.pathID("planID", "计划")
        guard let revision = try await PlanRevision.current(planID, on: req.db) else { throw APIError.notFound("计划") }
        let cache = req.application.planReadCache
        let detail: PlanReadCache.Detail
        if let kept = cache.detail(planID, revision: revision) {
            detail = kept
        } else {
            detail = try await Self.encodedDetail(planID, on: req.db, into: cache)
        }
        guard Access.mayRead(req.auth.get(UserRecord.self), status: detail.status) else { throw APIError.notFound("计划") }
        return Self.json(detail.body)
    }

    /// The plan's `GET /plans/{id}` body, encoded and kept under the revision it was read at.
    static func encodedDetail(_ planID: UUID, on db: any Database, into cache: PlanReadCache) async throws -> PlanReadCache.Detail {
        let plan = try await PlanQueries.plan(planID, on: db)
        var body = ByteBufferAllocator().buffer(capacity: 4_096)
        try body.writeJSONEncodable(try await planDTO(plan, on: db), encoder: encoder)
        let detail = PlanReadCache.Detail(revision: plan.revision, status: plan.planStatus, body: body)
        cache.storeDetail(planID, detail)
        return detail
    }

    static func planDTO(_ plan: PlanRecord, on db: any Database) async throws -> PlanDTO {
        let planID = try plan.requireID()
        let nodes = try await ScheduleNodeRecord.query(on: db).filter(\.$plan.$id == planID)
            .filter(\.$commitment.$id == nil).sort(\.$date).all()
        let sections = try await SectionRecord.query(on: db).filter(\.$plan.$id == planID).sort(\.$position).all()
        let commitments = try await CommitmentRecord.query(on: db).filter(\.$plan.$id == planID).count()
        let targets = try await TargetRecord.query(on: db)
            .join(CommitmentRecord.self, on: \TargetRecord.$commitment.$id == \CommitmentRecord.$id)
            .filter(CommitmentRecord.self, \.$plan.$id == planID).count()
        let rules = PlanQueries.rules(for: plan, nodes: nodes)
        return PlanDTO(id: planID, title: plan.title, documentNumber: plan.documentNumber, issuer: plan.issuer,
                       level: plan.level, period: PlanSummaryDTO(plan).period, status: plan.status,
                       version: plan.version, isDemo: plan.isDemo, sourceName: plan.sourceName, bands: rules.bands,
                       reportDueOffset: plan.reportDueOffset,
                       schedule: rules.schedule.nodes.map { ScheduleNodeDTO(date: $0.date.description, percent: $0.percent) },
                       sections: sections.map { .init(id: $0.id!, title: $0.title) },
                       commitments: commitments, targets: targets)
    }

    /// The plan's commitments with expected and actual percent and colour.
    ///
    /// The encoded rows are cached per (plan revision, day): writes bump the revision
    /// (``PlanRevision``), so a cached listing is never older than the data (see ``PlanReadCache``).
    /// `?limit=&offset=` pages through the rows (`X-Total-Count` gives the total); filters
    /// (`?health=` …) are computed afresh.
    ///
    /// A recently confirmed cached listing is answered on the event loop, without a task; only
    /// a revision check or a rebuild goes to the database.
    @Sendable func commitments(req: Vapor.Request) throws -> EventLoopFuture<Response> {
        let planID = try req.pathID("planID", "计划")
        // Most requests carry no query: skip the form decoder for them.
        let hasQuery = !(req.url.query ?? "").isEmpty
        let filter = hasQuery ? try req.query.decode(CommitmentFilter.self) : CommitmentFilter()
        let page = hasQuery ? try req.query.decode(PageQuery.self) : PageQuery()
        if let limit = page.limit, limit < 1 { throw APIError.invalid(["limit": "应为正整数"]) }
        if let offset = page.offset, offset < 0 { throw APIError.invalid(["offset": "不能为负数"]) }
        // An unknown colour would match nothing and answer an empty list: refuse it, as the document says.
        if let health = filter.health, !["done", "green", "yellow", "red"].contains(health) {
            throw APIError.invalid(["health": "应为 done、green、yellow 或 red"])
        }
        let now = req.clock.now()
        if filter.isEmpty, let entry = req.application.planReadCache.fresh(planID, day: req.today, now: now),
           entry.isPublic || Access.maySeeDrafts(req.auth.get(UserRecord.self)) {
            return req.eventLoop.makeSucceededFuture(Self.listing(entry, page: page, request: req))
        }
        return req.eventLoop.makeFutureWithTask {
            try await Self.commitments(planID: planID, filter: filter, page: page, now: now, req: req)
        }
    }

    /// The listing when the cache cannot answer alone: confirm its revision, or build it.
    static func commitments(planID: UUID, filter: CommitmentFilter, page: PageQuery, now: Date,
                            req: Vapor.Request) async throws -> Response {
        let cache = req.application.planReadCache
        let today = req.today
        let user = req.auth.get(UserRecord.self)
        guard let revision = try await PlanRevision.current(planID, on: req.db) else { throw APIError.notFound("计划") }
        let entry: PlanReadCache.Entry
        if let kept = cache.entry(planID, revision: revision, day: today) {
            cache.confirm(planID, now: now)
            entry = kept
        } else {
            entry = try await PlanReadModel.build(planID, on: req.db, cache: cache, today: today, now: now)
        }
        guard entry.isPublic || Access.maySeeDrafts(user) else { throw APIError.notFound("计划") }
        guard !filter.isEmpty else { return Self.listing(entry, page: page, request: req) }
        let rows = try entry.view.apiRows.filter(filter.matches).map(Self.encodeRow)
        let filtered = PlanReadCache.Entry(view: entry.view, rows: rows, checkedAt: now, isPublic: entry.isPublic)
        return Self.listing(filtered, page: page, request: req)
    }

    /// `?limit=&offset=` on listings.
    struct PageQuery: Content {
        var limit: Int?
        var offset: Int?
    }

    static func encodeRow(_ row: CommitmentStatusDTO) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 900)
        try buffer.writeJSONEncodable(row, encoder: encoder)
        return buffer
    }

    static func acceptsGzip(_ request: Vapor.Request) -> Bool {
        request.headers[.acceptEncoding].contains { Gzip.isAccepted(by: $0) }
    }

    /// The whole listing (kept assembled in the entry) or a page of it, with its validator.
    static func listing(_ entry: PlanReadCache.Entry, page: PageQuery, request: Vapor.Request) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: "X-Total-Count", value: String(entry.rows.count))
        headers.replaceOrAdd(name: .eTag, value: entry.etag)
        if request.headers.first(name: .ifNoneMatch) == entry.etag {
            return Response(status: .notModified, headers: headers)
        }
        guard page.limit != nil || page.offset != nil else {
            headers.replaceOrAdd(name: .vary, value: "Accept-Encoding")
            if let gzipped = entry.gzipped, acceptsGzip(request) {
                headers.replaceOrAdd(name: .contentEncoding, value: "gzip")
                return Response(status: .ok, headers: headers, body: .init(buffer: gzipped))
            }
            return Response(status: .ok, headers: headers, body: .init(buffer: entry.body))
        }
        let start = min(page.offset ?? 0, entry.rows.count)
        let end = min(start + (page.limit ?? entry.rows.count), entry.rows.count)
        return Response(status: .ok, headers: headers, body: .init(buffer: PlanReadCache.Entry.join(entry.rows[start..<end])))
    }

    /// Keys sorted: the same data gives the same bytes (stable caches, readable diffs), and a
    /// listing whose rows share one key order gzips a fifth smaller.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ body: ByteBuffer) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }

    /// `?by=section|unit|leader|district` (default section): counts per colour, mean actual vs
    /// expected, late reports, per group.
    @Sendable func rollup(req: Vapor.Request) async throws -> RollupDTO {
        let plan = try await readablePlan(req)
        let by = (try? req.query.get(String.self, at: "by")) ?? "section"
        guard let dimension = RollupDimension(apiName: by) else {
            throw APIError.invalid(["by": "取值应为 section、unit、leader、district 或 plan"])
        }
        let facts = try await PlanQueries.facts(planID: try plan.requireID(), on: req.db)
        return RollupBuilder.rollup(facts, by: dimension, apiName: by, today: req.today)
    }

    /// Edits a plan's title, number, bands, due day or schedule; names the version it read.
    @Sendable func update(req: Vapor.Request) async throws -> Response {
        let planID = try req.pathID("planID", "计划")
        let plan = try await PlanQueries.plan(planID, on: req.db)
        let user = try Access.require(req, .editPlan, on: .plan(status: plan.planStatus))
        let form = try req.content.decode(PlanPatchForm.self)
        try await PlanActions.update(planID: PlanID(planID), form: form, in: req.writeContext(actor: .init(user)))
        return try await show(req: req)
    }

    @Sendable func publish(req: Vapor.Request) async throws -> Response {
        let planID = try req.pathID("planID", "计划")
        let plan = try await PlanQueries.plan(planID, on: req.db)
        let user = try Access.require(req, .publishPlan, on: .plan(status: plan.planStatus))
        try await PlanActions.publish(planID: PlanID(planID), in: req.writeContext(actor: .init(user)))
        return try await show(req: req)
    }

    /// The plan if the caller may read it: published and archived plans are public; drafts are for staff.
    private func readablePlan(_ req: Vapor.Request) async throws -> PlanRecord {
        let planID = try req.pathID("planID", "计划")
        let plan = try await PlanQueries.plan(planID, on: req.db)
        guard Access.mayRead(req.auth.get(UserRecord.self), status: plan.planStatus) else {
            throw APIError.notFound("计划")
        }
        return plan
    }
}

/// Optional filters on a plan's commitments: `?health=red&unit=市教育局&leader=…&section=…&district=…`.
struct CommitmentFilter: Content {
    var health: String?
    var unit: String?
    var leader: String?
    var section: String?
    var district: String?

    var isEmpty: Bool { health == nil && unit == nil && leader == nil && section == nil && district == nil }

    func matches(_ row: CommitmentStatusDTO) -> Bool {
        if let health, row.health != health { return false }
        if let unit, !row.leadUnits.contains(unit) && !row.supportUnits.contains(unit) { return false }
        if let leader, !row.leaders.contains(leader) { return false }
        if let section, row.section != section { return false }
        if let district, !row.districts.contains(district) { return false }
        return true
    }
}
