import Fluent

/// The day's last serial of request tracking numbers, one row per day: taking the next number
/// locks the row until the intake commits, so concurrent intakes (on every instance) never draw
/// the same number.
struct CreateRequestCounters: AsyncMigration {
    var name: String { "0030_CreateRequestCounters" }

    func prepare(on database: any Database) async throws {
        try await database.schema("request_counters")
            .field("day", .string, .identifier(auto: false))
            .field("last", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("request_counters").delete()
    }
}
