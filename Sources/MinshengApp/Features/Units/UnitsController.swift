import Fluent
import Foundation
import MinshengCore
import Vapor

/// `/api/v1/units`: the unit directory, and merging two records of one unit.
struct UnitsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("units", use: list)
        routes.post("units", "merge", use: merge)
    }

    struct UnitDTO: Content {
        var id: UUID
        var name: String
        var aliases: [String]
    }

    @Sendable func list(req: Vapor.Request) async throws -> [UnitDTO] {
        try await UnitRecord.query(on: req.db).with(\.$aliases).sort(\.$name).all().map {
            UnitDTO(id: $0.id!, name: $0.name, aliases: $0.aliases.map(\.alias).sorted())
        }
    }

    struct MergeForm: Content {
        /// The unit that stays.
        var into: UUID
        /// The unit whose links and aliases move to `into`, then disappears.
        var from: UUID
    }

    /// Merges `from` into `into`: aliases, commitment links and users move; `from` is deleted.
    @Sendable func merge(req: Vapor.Request) async throws -> UnitDTO {
        let user = try Access.require(req, .manageUsers)
        let form = try req.content.decode(MergeForm.self)
        guard form.into != form.from else { throw APIError.invalid(["from": "不能与目标单位相同"]) }
        let now = req.clock.now()
        let cache = req.application.planReadCache
        try await req.db.transaction { db in
            guard let into = try await UnitRecord.find(form.into, on: db) else { throw APIError.notFound("单位") }
            guard let from = try await UnitRecord.find(form.from, on: db) else { throw APIError.notFound("单位") }
            try await UnitAliasRecord.query(on: db).filter(\.$unit.$id == form.from).set(\.$unit.$id, to: form.into).update()
            // A commitment linked to both keeps one link: the stronger role (lead) wins.
            let intoLinks = try await CommitmentUnitRecord.query(on: db).filter(\.$unit.$id == form.into).all()
            let fromLinks = try await CommitmentUnitRecord.query(on: db).filter(\.$unit.$id == form.from).all()
            let byCommitment = Dictionary(intoLinks.map { ($0.$commitment.id, $0) }, uniquingKeysWith: { a, _ in a })
            for link in fromLinks {
                if let existing = byCommitment[link.$commitment.id] {
                    if link.role == UnitRole.lead.rawValue && existing.role != UnitRole.lead.rawValue {
                        existing.role = UnitRole.lead.rawValue
                        try await existing.save(on: db)
                    }
                    try await link.delete(on: db)
                } else {
                    link.$unit.id = form.into
                    try await link.save(on: db)
                }
            }
            try await UserRecord.query(on: db).filter(\.$unit.$id == form.from).set(\.$unit.$id, to: form.into).update()
            try await ReportContributionRecord.query(on: db).filter(\.$unit.$id == form.from).set(\.$unit.$id, to: form.into).update()
            try await from.delete(on: db)
            try await PlanRevision.bumpAll(on: db, cache: cache)
            try await AuditLog.record(on: db, at: now, actor: .init(user), action: "unit.merge", subjectType: "unit",
                                      subjectID: form.into, before: ["into": into.name, "from": from.name],
                                      after: ["into": into.name])
        }
        cache.invalidateAll()
        guard let unit = try await UnitRecord.query(on: req.db).filter(\.$id == form.into).with(\.$aliases).first() else {
            throw APIError.notFound("单位")
        }
        return UnitDTO(id: unit.id!, name: unit.name, aliases: unit.aliases.map(\.alias).sorted())
    }
}
