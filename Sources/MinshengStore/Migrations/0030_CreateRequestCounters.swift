import FluentKit

/// The day's last serial of request tracking numbers, one row per day: taking the next number
/// locks the row until the intake commits, so concurrent intakes (on every instance) never draw
/// the same number.
package struct CreateRequestCounters: AsyncMigration {
    package init() {}

    package var name: String { "0030_CreateRequestCounters" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("request_counters")
            .field("day", .string, .identifier(auto: false))
            .field("last", .int, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("request_counters").delete()
    }
}
