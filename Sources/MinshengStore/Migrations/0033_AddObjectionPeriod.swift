import FluentKit
import FluentSQL
import SQLKit

/// An objection to a month's published progress (公示异议) is a citizen's request about the
/// commitment (`commitment_id`) and that month: `objection_period` (`YYYY-MM`), in its own
/// category of the catalogue, 1104 进展公示异议.
package struct AddObjectionPeriod: AsyncMigration {
    package init() {}

    package var name: String { "0033_AddObjectionPeriod" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("citizen_requests").field("objection_period", .string).update()
        try await RequestCategoryRecord(code: "1104", name: "进展公示异议").create(on: database)
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "citizen_requests_commitment").on("citizen_requests").column("commitment_id").run()
            // The public reads' version: the latest change to any request (see GeoReportQueries.version).
            try await sql.create(index: "citizen_requests_updated").on("citizen_requests").column("updated_at").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await RequestCategoryRecord.query(on: database).filter(\.$code == "1104").delete()
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "citizen_requests_commitment").run()
            try await sql.drop(index: "citizen_requests_updated").run()
        }
        try await database.schema("citizen_requests").deleteField("objection_period").update()
    }
}
