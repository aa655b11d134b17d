import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

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

    /// Merges `from` into `into` (``UnitActions/merge(_:into:in:)``): everything that points at
    /// `from` moves; `from` is deleted.
    @Sendable func merge(req: Vapor.Request) async throws -> UnitDTO {
        let user = try Access.require(req, .manageUsers)
        let form = try req.content.decode(MergeForm.self)
        // Refusals (the same unit twice: 422 naming `from`; an unknown unit: 404) are Core's, mapped once.
        try await UnitActions.merge(UnitID(form.from), into: UnitID(form.into), in: req.writeContext(actor: .init(user)))
        guard let unit = try await UnitRecord.query(on: req.db).filter(\.$id == form.into).with(\.$aliases).first() else {
            throw APIError.notFound("单位")
        }
        return UnitDTO(id: unit.id!, name: unit.name, aliases: unit.aliases.map(\.alias).sorted())
    }
}
