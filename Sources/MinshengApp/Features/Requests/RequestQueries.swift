import Fluent
import Foundation
import MinshengCore
import SQLKit
import MinshengStore

/// The read side of 接诉即办: numbering, routing suggestions, the hotline's queue, a unit's inbox,
/// a request's page, similar requests, clusters and the monthly scores.
enum RequestQueries {
    /// Tracking numbers `YYYYMMDD#####` for new requests taken on `days` (one each, in order), from
    /// the day's counter row: one upsert per distinct day claims all of that day's numbers at once.
    static func nextTrackingNumbers(days: [CivilDate], on db: any Database) async throws -> [String] {
        guard let sql = db as? any SQLDatabase else { throw SQLDatabaseRequired() }
        let prefixes = days.map { String(format: "%04d%02d%02d", $0.year, $0.month, $0.day) }
        var next: [String: Int] = [:]
        for (prefix, count) in Dictionary(prefixes.map { ($0, 1) }, uniquingKeysWith: +).sorted(by: { $0.key < $1.key }) {
            let row = try await sql.raw("""
                INSERT INTO request_counters (day, last) VALUES (\(bind: prefix), \(bind: count))
                ON CONFLICT (day) DO UPDATE SET last = request_counters.last + \(bind: count) RETURNING last
                """).first()
            let last = try row?.decode(column: "last", as: Int.self) ?? count
            next[prefix] = last - count + 1
        }
        return prefixes.map { prefix in
            let serial = next[prefix]!
            next[prefix] = serial + 1
            return prefix + String(format: "%05d", serial)
        }
    }

    /// The routing rules' choice for a category and place: lead unit id and co-unit ids.
    static func route(category: String, district: String?, street: String?, on db: any Database) async throws
        -> (lead: UUID, coUnits: [UUID])? {
        try await intakeRules(on: db).route(category: category, district: district, street: street)
    }

    /// Whether `code` is an active category of the catalogue.
    static func isActiveCategory(_ code: String, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        return try await sql.raw("SELECT code FROM request_categories WHERE code = \(bind: code) AND active = \(bind: true)").first() != nil
    }

    /// What intake checks a request against: the active category codes and the routing rules.
    struct IntakeRules: Sendable {
        var activeCategories: Set<String>
        var rules: [RoutingRule]

        /// The routing rules' choice for a category and place: lead unit id and co-unit ids.
        func route(category: String, district: String?, street: String?) -> (lead: UUID, coUnits: [UUID])? {
            guard let rule = RoutingRule.route(category: category, district: district, street: street, rules: rules),
                  let lead = UUID(uuidString: rule.leadUnit) else { return nil }
            return (lead, rule.coUnits.compactMap(UUID.init(uuidString:)))
        }
    }

    /// The catalogue's active codes and the routing rules, as stored now.
    static func intakeRules(on db: any Database) async throws -> IntakeRules {
        guard let sql = db as? any SQLDatabase else { return IntakeRules(activeCategories: [], rules: []) }
        struct Row: Decodable { var category_prefix, district, street: String; var lead_unit_id: UUID; var co_unit_ids: String }
        let rules = try await sql.raw("SELECT category_prefix, district, street, lead_unit_id, co_unit_ids FROM request_routing_rules")
            .all(decoding: Row.self).map {
                RoutingRule(categoryPrefix: $0.category_prefix, district: $0.district, street: $0.street,
                            leadUnit: $0.lead_unit_id.uuidString, coUnits: $0.co_unit_ids.split(separator: ",").map(String.init))
            }
        let codes = try await sql.raw("SELECT code FROM request_categories WHERE active = \(bind: true)").all()
            .map { try $0.decode(column: "code", as: String.self) }
        return IntakeRules(activeCategories: Set(codes), rules: rules)
    }

    /// The questions a category asks (Open311 service attributes), in their order.
    static func attributes(category: String, on db: any Database) async throws -> [ServiceAttribute] {
        try await RequestAttributeRecord.query(on: db).filter(\.$categoryCode == category).sort(\.$order).all().map(\.attribute)
    }

    /// The questions of every category that has some, by category code.
    static func allAttributes(on db: any Database) async throws -> [String: [ServiceAttribute]] {
        let records = try await RequestAttributeRecord.query(on: db).sort(\.$order).all()
        return Dictionary(grouping: records, by: \.categoryCode).mapValues { $0.map(\.attribute) }
    }

    /// Writes a request's answers to its category's questions, one row per value.
    static func insertAnswers(_ answers: [String: [String]], request: CitizenRequestID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for (code, values) in answers.sorted(by: { $0.key < $1.key }) {
            for value in values {
                let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !value.isEmpty else { continue }
                try await sql.raw("""
                    INSERT INTO request_attribute_values (id, request_id, code, value) \
                    VALUES (\(bind: UUID()), \(bind: request.rawValue), \(bind: code), \(bind: value))
                    """).run()
            }
        }
    }

    /// A request's answers as (code, value) rows.
    static func answers(request: CitizenRequestID, on db: any Database) async throws -> [(code: String, value: String)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw("SELECT code, value FROM request_attribute_values WHERE request_id = \(bind: request.rawValue) ORDER BY code")
            .all().map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "value", as: String.self)) }
    }

    /// Inserts requests taken in, naming their columns, many rows to a statement (Fluent's `create`
    /// reads the model's fifty fields by reflection, the costliest step of an intake). The records
    /// then exist for Fluent.
    static func insertNew(_ records: [CitizenRequestRecord], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else {
            for r in records { try await r.create(on: db) }
            return
        }
        // 29 values a row: 200 rows stay below every driver's limit of bound values.
        for chunk in records.chunked(200) {
            let rows: [SQLQueryString] = chunk.map { r in
                """
                (\(bind: r.id!), \(bind: r.trackingNumber), \(bind: r.idempotencyKey), \(bind: r.sourceRef), \(bind: r.channel), \
                \(bind: r.receivedAt), \(bind: r.sealedName), \(bind: r.sealedPhone), \(bind: r.phoneIndex), \(bind: r.confidential), \
                \(bind: r.kind), \(bind: r.categoryCode), \(bind: r.text), \(bind: r.address), \(bind: r.lat), \(bind: r.long), \
                \(bind: r.district), \(bind: r.street), \(bind: r.urgency), \(bind: r.state), \(bind: r.$suggestedUnit.id), \
                \(bind: r.$commitment.id), \(bind: r.returnCount), \(bind: r.returnUpheld), \(bind: r.redoCount), \
                \(bind: r.unreasonable), \(bind: r.objectionPeriod), \(bind: r.createdAt), \(bind: r.updatedAt))
                """
            }
            try await sql.raw("""
                INSERT INTO citizen_requests (id, tracking_number, idempotency_key, source_ref, channel, received_at, \
                requester_name, requester_phone, requester_phone_index, confidential, kind, category_code, text, address, lat, "long", district, \
                street, urgency, state, suggested_unit_id, commitment_id, return_count, return_upheld, redo_count, \
                unreasonable, objection_period, created_at, updated_at) VALUES \(rows.joined(separator: ", "))
                """).run()
        }
        for r in records { r.$id.exists = true }
    }

    /// A history entry to write.
    struct NewEvent: Sendable {
        var request: UUID
        var step: String
        var note: String
        var unitID: UUID?
        var userID: UUID?
        var at: Date
    }

    /// One history entry, as a plain statement (see ``insertNew(_:on:)``).
    static func insertEvent(request: CitizenRequestID, step: String, note: String, unitID: UnitID?, userID: UserID?, at: Date,
                            on db: any Database) async throws {
        try await insertEvents([NewEvent(request: request.rawValue, step: step, note: note, unitID: unitID?.rawValue,
                                         userID: userID?.rawValue, at: at)], on: db)
    }

    /// History entries, many rows to a statement.
    static func insertEvents(_ events: [NewEvent], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else {
            for e in events {
                try await RequestEventRecord(requestID: e.request, step: e.step, note: e.note, unitID: e.unitID, userID: e.userID, at: e.at)
                    .create(on: db)
            }
            return
        }
        for chunk in events.chunked(500) {
            let rows: [SQLQueryString] = chunk.map { e in
                "(\(bind: UUID()), \(bind: e.request), \(bind: e.step), \(bind: e.note), \(bind: e.unitID), \(bind: e.userID), \(bind: e.at))"
            }
            try await sql.raw("""
                INSERT INTO request_events (id, request_id, step, note, unit_id, user_id, at) VALUES \(rows.joined(separator: ", "))
                """).run()
        }
    }

    /// A page of requests and how many there are in all.
    struct Page: Sendable {
        var rows: [CitizenRequestRecord]
        var total: Int
    }

    /// A unit's open requests as lead unit (awaiting its sign-for, handling, approval), due soonest first.
    static func inbox(unitID: UnitID, page: Int, per: Int, on db: any Database) async throws -> Page {
        let unitID = unitID.rawValue
        let open = [RequestState.dispatched, .handling, .awaitingApproval].map(\.rawValue)
        let base = CitizenRequestRecord.query(on: db).filter(\.$leadUnit.$id == unitID).filter(\.$state ~~ open)
        let total = try await base.copy().count()
        guard let sql = db as? any SQLDatabase else { return Page(rows: [], total: total) }
        // Due soonest: the sign-for limit while awaiting it, else the handling limit.
        let ids = try await sql.select().column("id").from(CitizenRequestRecord.schema)
            .where("lead_unit_id", .equal, unitID).where("state", .in, open)
            .orderBy(SQLRaw("CASE WHEN state = 'dispatched' THEN sign_for_due ELSE handling_due END"))
            .orderBy("received_at").limit(per).offset((page - 1) * per)
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        let rows = ids.isEmpty ? [] : try await CitizenRequestRecord.query(on: db).filter(\.$id ~~ ids).all()
        let order = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        return Page(rows: rows.sorted { order[$0.id!]! < order[$1.id!]! }, total: total)
    }

    /// Open requests where the unit is a co-unit (协办).
    static func assisting(unitID: UnitID, on db: any Database) async throws -> [CitizenRequestRecord] {
        let ids = try await RequestCoUnitRecord.query(on: db).filter(\.$unit.$id == unitID.rawValue).all().map { $0.$request.id }
        guard !ids.isEmpty else { return [] }
        return try await CitizenRequestRecord.query(on: db).filter(\.$id ~~ ids)
            .filter(\.$state !~ [RequestState.closed.rawValue, RequestState.merged.rawValue]).sort(\.$receivedAt).all()
    }

    /// The hotline's queue: requests whose next step is the hotline's, oldest first.
    static func hotlineQueue(state: RequestState?, page: Int, per: Int, on db: any Database) async throws -> Page {
        let states = state.map { [$0.rawValue] } ?? RequestState.allCases.filter(\.awaitsHotline).map(\.rawValue)
        let base = CitizenRequestRecord.query(on: db).filter(\.$state ~~ states)
        let total = try await base.copy().count()
        let rows = try await base.sort(\.$receivedAt).range(((page - 1) * per)..<(page * per)).all()
        return Page(rows: rows, total: total)
    }

    /// Counts per state (the queue's tabs).
    static func stateCounts(on db: any Database) async throws -> [String: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select().column("state").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(CitizenRequestRecord.schema).groupBy("state").all()
        var out: [String: Int] = [:]
        for row in rows { out[try row.decode(column: "state", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        return out
    }

    /// Unit names by id (for lists).
    static func unitNames(_ ids: some Sequence<UUID>, on db: any Database) async throws -> [UUID: String] {
        let set = Array(Set(ids))
        guard !set.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await UnitRecord.query(on: db).filter(\.$id ~~ set).all().map { ($0.id!, $0.name) })
    }

    /// Category names by code.
    static func categoryNames(on db: any Database) async throws -> [String: String] {
        Dictionary(try await RequestCategoryRecord.query(on: db).all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// Open requests like `r` (same category, alike in text or near in place), from the last 90 days.
    static func similar(to r: CitizenRequestRecord, on db: any Database) async throws -> [(CitizenRequestRecord, RequestSimilarity.Match)] {
        let since = r.receivedAt.addingTimeInterval(-90 * 86_400)
        let candidates = try await CitizenRequestRecord.query(on: db).filter(\.$categoryCode == r.categoryCode)
            .filter(\.$receivedAt >= since).filter(\.$state !~ [RequestState.closed.rawValue, RequestState.merged.rawValue])
            .filter(\.$id != r.id!).sort(\.$receivedAt, .descending).limit(500).all()
        let byID = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id!, $0) })
        return RequestSimilarity.duplicates(of: item(r), among: candidates.map(item)).compactMap { m in byID[m.id].map { ($0, m) } }
    }

    static func item(_ r: CitizenRequestRecord) -> RequestSimilarity.Item {
        RequestSimilarity.Item(id: r.id!, category: r.categoryCode, text: r.text, street: r.street ?? r.district,
                               lat: r.lat, long: r.long, received: CivilDate(r.receivedAt, in: AppClock.cityTimeZone))
    }

    /// Clusters of alike requests received in `months` months up to today (at most 20,000 read).
    static func clusters(months: Int, today: CivilDate, minimum: Int, on db: any Database) async throws
        -> [(cluster: RequestSimilarity.Cluster, candidateID: UUID?)] {
        let from = today.yearMonth.adding(months: -(months - 1)).firstDay
        let since = from.startOfDay(in: AppClock.cityTimeZone)
        let rows = try await CitizenRequestRecord.query(on: db).filter(\.$receivedAt >= since)
            .filter(\.$state != RequestState.merged.rawValue).sort(\.$receivedAt, .descending).limit(20_000).all()
        let candidates = Dictionary(rows.map { ($0.id!, $0.candidateID) }, uniquingKeysWith: { a, _ in a })
        return RequestSimilarity.clusters(rows.map(item), minimum: minimum).map { c in
            (c, c.members.lazy.compactMap { candidates[$0] ?? nil }.first)
        }
    }

    /// Every unit's figures for a month, summed by the database; Core's weights give the sums'
    /// terms, so the rates are the ones ``RequestScoring/scores(_:)`` computes from the facts.
    static func monthScores(_ month: YearMonth, on db: any Database) async throws -> [UnitScore] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let counted = "NOT unreasonable"
        let solved = "CASE resolution " + Resolution.allCases.map { "WHEN '\($0.rawValue)' THEN \($0.weight)" }.joined(separator: " ")
            + " ELSE 0 END"
        let satisfied = "CASE satisfaction " + Satisfaction.allCases.map { "WHEN \($0.rawValue) THEN \($0.weight)" }.joined(separator: " ")
            + " ELSE 0 END"
        let calledBack = "(resolution IS NOT NULL OR satisfaction IS NOT NULL)"
        // Cast, since PostgreSQL sums integers as `bigint` or `numeric` and decimals as `numeric`,
        // which decodes neither as an Int nor as a Double.
        func sum(_ when: String, _ then: String = "1", as type: String = "BIGINT") -> String {
            "CAST(SUM(CASE WHEN \(when) THEN \(then) ELSE 0 END) AS \(type))"
        }
        let query = """
            SELECT lead_unit_id,
              \(sum(counted)) AS dispatched, \(sum("unreasonable")) AS unreasonable,
              \(sum("\(counted) AND signed_in_time IS NOT NULL")) AS sign_counted,
              \(sum("\(counted) AND signed_in_time = TRUE")) AS signed_in_time,
              \(sum("\(counted) AND replied_in_time IS NOT NULL")) AS reply_counted,
              \(sum("\(counted) AND replied_in_time = TRUE")) AS replied_in_time,
              \(sum(counted, "return_count")) AS given_back,
              \(sum("\(counted) AND \(calledBack)")) AS called_back,
              \(sum(counted, solved, as: "DOUBLE PRECISION")) AS solved,
              \(sum(counted, satisfied, as: "DOUBLE PRECISION")) AS satisfied,
              \(sum("\(counted) AND \(calledBack) AND redo_count > 0")) AS redone
            FROM citizen_requests WHERE month = 
            """
        let rows = try await sql.raw("\(unsafeRaw: query)\(bind: month.description) AND lead_unit_id IS NOT NULL GROUP BY lead_unit_id").all()
        let names = try await unitNames(rows.map { try $0.decode(column: "lead_unit_id", as: UUID.self) }, on: db)
        return try rows.map { row in
            func int(_ c: String) throws -> Int { try row.decode(column: c, as: Int?.self) ?? 0 }
            func dbl(_ c: String) throws -> Double { try row.decode(column: c, as: Double?.self) ?? 0 }
            return UnitScore(unit: names[try row.decode(column: "lead_unit_id", as: UUID.self)] ?? "",
                             dispatched: try int("dispatched"), signedInTime: try int("signed_in_time"),
                             signForCounted: try int("sign_counted"), repliedInTime: try int("replied_in_time"),
                             replyCounted: try int("reply_counted"), calledBack: try int("called_back"),
                             solvedWeight: try dbl("solved"), satisfiedWeight: try dbl("satisfied"),
                             givenBack: try int("given_back"), redone: try int("redone"), unreasonable: try int("unreasonable"))
        }.filter { $0.dispatched > 0 }.sorted { $0.unit < $1.unit }
    }

    /// The facts of one unit's requests in a month (the unit's page: where it loses points).
    static func monthRequests(_ month: YearMonth, unitID: UnitID, on db: any Database) async throws -> [CitizenRequestRecord] {
        try await CitizenRequestRecord.query(on: db).filter(\.$month == month.description).filter(\.$leadUnit.$id == unitID.rawValue)
            .sort(\.$receivedAt).all()
    }

    /// Core's facts for a stored request (tests compare the database's sums with Core's scores).
    static func facts(_ r: CitizenRequestRecord, unit: String) -> RequestFacts {
        RequestFacts(unit: unit, unreasonable: r.unreasonable, signedInTime: r.signedInTime, repliedInTime: r.repliedInTime,
                     givenBack: r.returnCount, resolution: r.coreResolution, satisfaction: r.coreSatisfaction, redone: r.redoCount > 0)
    }
}

/// 公示异议: objections to a commitment's published months, as the public and the staff see them.
extension RequestQueries {
    struct ObjectionRow: Sendable {
        var trackingNumber: String
        var period: String
        var text: String
        /// The unit's answer once it has gone out (approved by its leader).
        var answer: String?
        var state: RequestState
    }

    static let objectionAnsweredStates: Set<RequestState> = [.replied, .awaitingCallback, .calledBack, .closed]

    static func objections(commitment: CommitmentID, keys: DataKeyring, on db: any Database) async throws -> [ObjectionRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw("""
            SELECT id, tracking_number, objection_period, text, reply_text, requester_name, state FROM citizen_requests \
            WHERE commitment_id = \(bind: commitment.rawValue) AND objection_period IS NOT NULL AND confidential = \(bind: false) \
            ORDER BY received_at
            """).all().map { row in
            let names = try keys.open(try row.decode(column: "requester_name", as: String?.self), .requesterName,
                                      row: try row.decode(column: "id", as: UUID.self)).map { [$0] } ?? []
            let state = RequestState(rawValue: try row.decode(column: "state", as: String.self)) ?? .received
            return ObjectionRow(
                trackingNumber: try row.decode(column: "tracking_number", as: String.self),
                period: try row.decode(column: "objection_period", as: String.self),
                text: PersonalData.redactText(try row.decode(column: "text", as: String.self), names: names),
                answer: objectionAnsweredStates.contains(state)
                    ? try row.decode(column: "reply_text", as: String?.self).map { PersonalData.redactText($0, names: names) } : nil,
                state: state)
        }
    }

}
