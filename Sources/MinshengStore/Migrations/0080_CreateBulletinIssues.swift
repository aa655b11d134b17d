import FluentKit

/// The 公文 fields of a month's bulletin (通报): 期号, 印发单位, 印发日期, 主要问题 and 下步工作要求,
/// as the coordinator set them, one row per month (`YYYY-MM`, unique).
package struct CreateBulletinIssues: AsyncMigration {
    package init() {}

    package var name: String { "0080_CreateBulletinIssues" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("bulletin_issues")
            .id()
            .field("month", .string, .required)
            .field("number", .int, .required)
            .field("issuer", .string, .required)
            .field("issued_on", .string, .required)
            .field("problems", .string, .required)
            .field("requirements", .string, .required)
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .unique(on: "month")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("bulletin_issues").delete()
    }
}
