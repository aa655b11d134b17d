import Fluent
import Foundation
import MinshengCore
import PolicyParser
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Serialises the app tests: on PostgreSQL they share one database (`DATABASE_URL`). On SQLite
/// each has its own in-memory database, but SQLiteKit keeps it in a shared temporary file, and
/// with many apps at once two connections of one app were seen spinning forever in SQLite's
/// write-lock wait (about one combined run in four; `gdb` showed both in `sqlite3PagerSharedLock`).
actor DatabaseGate {
    static let shared = DatabaseGate()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

/// The default test day: 10 July 2026, so June's report is due and the annual curve expects ~62%.
let testToday = CivilDate(2026, 7, 10)

/// Runs `body` with a configured app on a fresh database (in-memory SQLite, or PostgreSQL when
/// `DATABASE_URL` is set, its schema dropped and migrated again) and the clock fixed at `today`.
func withTestApp(today: CivilDate = testToday, config: AppConfig = .testing(), _ body: (Application) async throws -> Void) async throws {
    let shared = { if case .postgres = config.storage { return true } else { return false } }()
    await DatabaseGate.shared.enter()
    _ = QueryCounter.install
    let app = try await Application.make(.testing)
    app.clock = .fixed(today)
    do {
        try await configure(app, config: config)
        if shared, let sql = app.db as? any SQLDatabase {
            // A clean schema rather than reverting: a run cut off half-way (or a migration whose
            // revert fails) cannot leave the next run a half-migrated database.
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
            try await app.autoMigrate()
        }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        await DatabaseGate.shared.leave()
        throw error
    }
    try await app.asyncShutdown()
    await DatabaseGate.shared.leave()
}

/// The body of `POST /commitments/{id}/reports`.
struct ReportBody: Content {
    var period: String
    var percent: Double?
    var targets: [ReportForm.TargetActualForm]?
    var narrative: String?
    var decreaseReason: String?

    /// A month's report; every report says what was done, so the narrative has a default.
    init(period: String, percent: Double? = nil, targets: [ReportForm.TargetActualForm]? = nil,
         narrative: String? = "本月按计划推进", decreaseReason: String? = nil) {
        self.period = period
        self.percent = percent
        self.targets = targets
        self.narrative = narrative
        self.decreaseReason = decreaseReason
    }
}

/// Sends API requests as a given token.
struct APIClient {
    let app: Application

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: (any Encodable & Sendable)? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        var body: ByteBuffer? = nil
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONEncoder().encode(json))
        }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }
}

extension TestingHTTPResponse {
    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }

    /// The `{"error": {"code", "message", "fields"}}` body.
    var apiError: ErrorBody.Inner? { try? decode(ErrorBody.self).error }
}

/// Creates a user (and a unit for clerks) and returns a bearer token.
func makeToken(_ app: Application, _ name: String, _ role: Role, unit: String? = nil) async throws -> String {
    let user = try await UserAccounts.create(name: name, role: role, unitName: unit, password: nil, in: app.writeContext(actor: .system))
    return try await UserAccounts.createToken(for: user, in: app.writeContext(actor: .system))
}

/// A small annual plan, built directly (not parsed) so app tests do not depend on the parser.
enum TestPlan {
    static func parsed(year: Int = 2026) -> ParsedPlan {
        ParsedPlan(source: "test-plan.txt", title: "\(year)年测试市民生实事项目", documentNumber: "测政发〔\(year)〕1号",
                   period: YearSpan(from: year, to: year), items: [
            ParsedItem(kind: .task, number: "1", section: "城市管理", title: "新建城市公厕",
                       text: "新建城市公厕60座。", leaders: ["王明"], leadUnits: ["市城管局"], supportUnits: ["各区政府"],
                       targets: [ParsedTarget(metric: "新建城市公厕", value: 60, unit: "座", op: .equal, by: "\(year)")],
                       lines: LineRange(from: 3, to: 3)),
            ParsedItem(kind: .task, number: "2", section: "养老服务", title: "新增养老床位",
                       text: "新增养老床位200张以上。", leaders: ["李华"], leadUnits: ["市民政局"],
                       supportUnits: ["市住房和城乡建设局"],
                       targets: [ParsedTarget(metric: "新增养老床位", value: 200, unit: "张", op: .atLeast, by: "\(year)")],
                       lines: LineRange(from: 4, to: 4)),
            ParsedItem(kind: .task, number: "3", section: "城市管理", title: "改造老旧小区",
                       text: "完成老旧小区改造。", leaders: ["王明"], leadUnits: ["市住房城乡建设局"], supportUnits: [],
                       targets: [], lines: LineRange(from: 5, to: 5)),
        ])
    }

    /// Stores the plan (published unless told otherwise) and returns its id.
    static func store(_ app: Application, publish: Bool = true, year: Int = 2026) async throws -> UUID {
        let outcome = try await PlanImporter().store(parsed(year: year), text: "测试计划\n", in: app.writeContext(actor: .system))
        if publish {
            try await PlanActions.publish(planID: PlanID(outcome.planID), in: app.writeContext(actor: .system))
        }
        return outcome.planID
    }

    static func commitments(_ app: Application, _ planID: UUID, token: String? = nil) async throws -> [CommitmentStatusDTO] {
        let res = try await APIClient(app: app).send(.GET, "/api/v1/plans/\(planID)/commitments", token: token)
        return try res.decode([CommitmentStatusDTO].self)
    }
}

/// The package root (…/Tests/MinshengAppTests/Support/TestApp.swift → …).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
