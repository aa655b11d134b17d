import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// The people around a citizen's request, each with a bearer token: the hotline, the lead unit's
/// clerk and responsible leader (市城管局), a co-unit's clerk and leader (市住房和城乡建设局), a third
/// unit's clerk and leader (市民政局), and the roles that only read (or not even that).
struct RequestCast {
    var hotline: String
    var clerk: String
    var unitLeader: String
    var coClerk: String
    var coLeader: String
    var otherClerk: String
    var otherLeader: String
    var coordinator: String
    var admin: String
    var leader: String
    var deputy: String
    /// 市城管局, 市住房和城乡建设局, 市民政局.
    var lead: UUID
    var co: UUID
    var other: UUID

    static let leadName = "市城管局"
    static let coName = "市住房和城乡建设局"
    static let otherName = "市民政局"

    static func make(_ app: Application) async throws -> RequestCast {
        let hotline = try await makeToken(app, "hotline", .hotline)
        let clerk = try await makeToken(app, "cg-clerk", .clerk, unit: leadName)
        let unitLeader = try await makeToken(app, "cg-leader", .unitLeader, unit: leadName)
        let coClerk = try await makeToken(app, "zj-clerk", .clerk, unit: coName)
        let coLeader = try await makeToken(app, "zj-leader", .unitLeader, unit: coName)
        let otherClerk = try await makeToken(app, "mz-clerk", .clerk, unit: otherName)
        let otherLeader = try await makeToken(app, "mz-leader", .unitLeader, unit: otherName)
        let coordinator = try await makeToken(app, "coord", .coordinator)
        let admin = try await makeToken(app, "root", .admin)
        let leader = try await makeToken(app, "mayor", .leader)
        let deputy = try await makeToken(app, "deputy", .deputy)
        return RequestCast(hotline: hotline, clerk: clerk, unitLeader: unitLeader, coClerk: coClerk, coLeader: coLeader,
                           otherClerk: otherClerk, otherLeader: otherLeader, coordinator: coordinator, admin: admin,
                           leader: leader, deputy: deputy,
                           lead: try await unitID(app, leadName), co: try await unitID(app, coName),
                           other: try await unitID(app, otherName))
    }

    static func unitID(_ app: Application, _ name: String) async throws -> UUID {
        try #require(try await UnitRecord.query(on: app.db).filter(\.$name == name).first()?.id)
    }

    /// The user a token belongs to.
    static func user(_ app: Application, _ name: String) async throws -> UUID {
        try #require(try await UserRecord.query(on: app.db).filter(\.$name == name).first()?.id)
    }
}

/// The body of `POST /api/v1/requests` (every field optional, so a test can leave any out).
struct IntakeBody: Content {
    var channel: String?
    var requesterName: String? = "张三"
    var requesterPhone: String? = "13812341234"
    var confidential: Bool?
    var kind: String? = "complaint"
    var categoryCode: String? = "0103"
    var text: String? = "和平路东段路灯连续一周不亮，夜间行人摔倒。"
    var address: String? = "和平路 12 号"
    var lat: Double?
    var long: Double?
    var district: String?
    var street: String? = "东城街道"
    var urgency: String?
}

/// The citizens' requests' API as a test calls it.
struct RequestsAPI {
    let app: Application

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, token: String?, json: (any Encodable & Sendable)? = nil,
              headers extra: HTTPHeaders = [:], body raw: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        var headers = extra
        if let token { headers.bearerAuthorization = .init(token: token) }
        var body = raw
        if let json {
            headers.contentType = .json
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            body = ByteBuffer(data: try encoder.encode(json))
        }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }

    /// `POST /api/v1/requests`, with an `Idempotency-Key` when given.
    func intake(_ body: IntakeBody = IntakeBody(), token: String, key: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let key { headers.replaceOrAdd(name: "Idempotency-Key", value: key) }
        return try await send(.POST, "/api/v1/requests", token: token, json: body, headers: headers)
    }

    /// Takes a request in and returns it (expects 201).
    func take(_ body: IntakeBody = IntakeBody(), token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> RequestsController.RequestDTO {
        let res = try await intake(body, token: token)
        #expect(res.status == .created, "intake: \(res.status) \(res.body.string)", sourceLocation: sourceLocation)
        return try res.decode(RequestsController.RequestDTO.self)
    }

    /// `POST /api/v1/requests/{id}/{step}`.
    @discardableResult
    func step(_ id: UUID, _ name: String, token: String?, _ input: RequestStepInput = RequestStepInput()) async throws -> TestingHTTPResponse {
        try await send(.POST, "/api/v1/requests/\(id)/\(name)", token: token, json: input)
    }

    func show(_ id: UUID, token: String?) async throws -> TestingHTTPResponse {
        try await send(.GET, "/api/v1/requests/\(id)", token: token)
    }

    /// `POST /api/v1/requests/import` with the file as the body.
    func upload(_ data: Data, token: String, contentType: String, takeValidRows: Bool = false) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return try await send(.POST, "/api/v1/requests/import" + (takeValidRows ? "?takeValidRows=true" : ""), token: token,
                              headers: headers, body: ByteBuffer(data: data))
    }
}

extension RequestStepInput {
    /// 派单 to `unit` with co-units.
    static func dispatch(_ unit: UUID, co: [UUID] = []) -> RequestStepInput {
        RequestStepInput(unitID: unit.uuidString, coUnitIDs: co.isEmpty ? nil : co.map(\.uuidString))
    }
}

/// Requests written straight into the database in a given state, for the tests that need many
/// (the step table, the scores, the unit merge). Limits are counted from `day` on the bundled calendar.
enum RequestRows {
    static func make(_ app: Application, state: RequestState, lead: UUID?, coUnits: [UUID] = [], kind: RequestKind = .complaint,
                     day: CivilDate = testToday, _ adjust: (CitizenRequestRecord) -> Void = { _ in }) async throws -> CitizenRequestRecord {
        let calendar = WorkCalendar.bundled
        let r = CitizenRequestRecord()
        r.id = UUID()
        r.trackingNumber = "T" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)
        r.channel = RequestChannel.hotline.rawValue
        r.receivedAt = day.startOfDay(in: AppClock.cityTimeZone).addingTimeInterval(9 * 3600)
        r.setRequester(name: "李四", phone: "13900001111", keys: app.dataKeys)
        r.confidential = false
        r.kind = kind.rawValue
        r.categoryCode = "0103"
        r.text = "路灯不亮（\(state.rawValue)）"
        r.urgency = RequestUrgency.normal.rawValue
        r.state = state.rawValue
        r.returnCount = 0
        r.returnUpheld = false
        r.redoCount = 0
        r.unreasonable = false
        r.createdAt = Date()
        r.updatedAt = Date()
        if state != .received, let lead {
            r.$leadUnit.id = lead
            r.dispatchedOn = day.description
            r.month = day.yearMonth.description
            r.signForDue = calendar.due(after: day, workdays: 1).description
            r.handlingDue = calendar.due(after: day, workdays: RequestLimits.standard.handling(kind)).description
        }
        adjust(r)
        try await r.create(on: app.db)
        for unit in coUnits { try await RequestCoUnitRecord(requestID: r.id!, unitID: unit).create(on: app.db) }
        return r
    }
}

/// What an audit entry's `after` says (the JSON object as strings).
func auditAfter(_ entry: AuditEntryRecord) -> [String: String] {
    guard let text = entry.after, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
    return object.mapValues { "\($0)" }
}
