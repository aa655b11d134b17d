import FluentKit
import MinshengCore

/// The default category catalogue (Core's `RequestCatalogue.standard`), written once; admins edit
/// it afterwards.
package struct SeedRequestCatalogue: AsyncMigration {
    package init() {}

    package var name: String { "0028_SeedRequestCatalogue" }

    package func prepare(on database: any Database) async throws {
        for category in RequestCatalogue.standard {
            try await RequestCategoryRecord(code: category.code, name: category.name).create(on: database)
        }
    }

    package func revert(on database: any Database) async throws {
        try await RequestCategoryRecord.query(on: database).delete()
    }
}
