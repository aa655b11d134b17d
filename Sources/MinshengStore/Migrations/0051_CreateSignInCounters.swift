import FluentKit

/// Failed sign-ins per account and per client address (``SignInProtection``), kept in the database
/// so that every instance, and a restarted one, honours a lockout. Replaces the in-memory throttle.
package struct CreateSignInCounters: AsyncMigration {
    package init() {}

    package var name: String { "0051_CreateSignInCounters" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("sign_in_counters")
            .field("scope", .string, .required)
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("lockouts", .int, .required)
            .field("locked_until", .datetime)
            .field("last_failure_at", .datetime)
            .unique(on: "scope", "key")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("sign_in_counters").delete()
    }
}
