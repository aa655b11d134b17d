import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// What the requests' rules are configured with besides the calendar (``WorkCalendarStore``): the
/// limits and the score weights, which admins set.
enum RequestSettings {
    static let limitsKey = "limits"
    static func weightsKey(_ year: Int) -> String { "weights.\(year)" }

    static func limits(on db: any Database) async throws -> RequestLimits {
        try await value(limitsKey, on: db) ?? .standard
    }

    static func weights(year: Int, on db: any Database) async throws -> ScoreWeights {
        try await value(weightsKey(year), on: db) ?? .standard
    }

    static func value<T: Decodable>(_ key: String, on db: any Database) async throws -> T? {
        guard let row = try await RequestSettingRecord.query(on: db).filter(\.$key == key).first() else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(row.value.utf8))
    }

    static func store<T: Encodable>(_ key: String, _ value: T, in tx: WriteTransaction) async throws {
        let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let row = try await RequestSettingRecord.query(on: tx.db).filter(\.$key == key).first() ?? RequestSettingRecord()
        let before = row.id == nil ? nil : row.value
        row.key = key
        row.value = json
        row.updatedAt = tx.now
        try await row.save(on: tx.db)
        try await tx.audit(.requestSettings, .requestSetting, row.id, before: before.map { ["value": $0] }, after: ["key": key, "value": json])
    }

    /// Deletes a routing rule (audited with what it said).
    static func deleteRule(_ id: UUID, in ctx: WriteContext) async throws {
        guard let rule = try await RoutingRuleRecord.find(id, on: ctx.db) else { throw WebError.notFound }
        try await ctx.commit { tx in
            try await rule.delete(on: tx.db)
            try await tx.audit(.requestRoutingRule, .routingRule, id,
                               before: ["category": rule.categoryPrefix, "district": rule.district, "street": rule.street,
                                        "lead": rule.$leadUnit.id.uuidString, "coUnits": rule.coUnitIDs])
        }
    }
}
