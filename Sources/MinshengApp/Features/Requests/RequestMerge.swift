import Fluent
import Foundation

/// What a unit merge (``UnitActions/merge``) moves of the citizens' requests: lead and suggested
/// units, co-units (a request that had both keeps one), routing rules, history and notifications.
enum RequestMerge {
    static func moveUnit(from fromID: UUID, into intoID: UUID, on db: any Database) async throws {
        try await CitizenRequestRecord.query(on: db).filter(\.$leadUnit.$id == fromID).set(\.$leadUnit.$id, to: intoID).update()
        try await CitizenRequestRecord.query(on: db).filter(\.$suggestedUnit.$id == fromID)
            .set(\.$suggestedUnit.$id, to: intoID).update()
        let both = try await RequestCoUnitRecord.query(on: db).filter(\.$unit.$id == intoID).all().map { $0.$request.id }
        for co in try await RequestCoUnitRecord.query(on: db).filter(\.$unit.$id == fromID).all() {
            if both.contains(co.$request.id) { try await co.delete(on: db) } else {
                co.$unit.id = intoID
                try await co.save(on: db)
            }
        }
        try await RoutingRuleRecord.query(on: db).filter(\.$leadUnit.$id == fromID).set(\.$leadUnit.$id, to: intoID).update()
        for rule in try await RoutingRuleRecord.query(on: db).filter(\.$coUnitIDs ~~ fromID.uuidString).all() {
            rule.coUnitIDs = rule.coUnitIDs.replacingOccurrences(of: fromID.uuidString, with: intoID.uuidString)
            try await rule.save(on: db)
        }
        try await RequestEventRecord.query(on: db).filter(\.$unit.$id == fromID).set(\.$unit.$id, to: intoID).update()
        try await NotificationRecord.query(on: db).filter(\.$unit.$id == fromID).set(\.$unit.$id, to: intoID).update()
    }
}
