import FluentKit
import Foundation
import MinshengCore
import FluentSQL
import SQLKit

/// Open311 GeoReport v2 and the public side: the client apps allowed to post (API keys, stored
/// as hashes), the tokens a post answers with, the questions a category asks beyond text and
/// place (service attributes, seeded from Core's `RequestCatalogue.standardAttributes`), and a
/// request's answers to them.
package struct CreateOpen311: AsyncMigration {
    package init() {}

    package var name: String { "0032_CreateOpen311" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("api_clients")
            .id()
            .field("name", .string, .required)
            .field("key_hash", .string, .required)
            .field("key_hint", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("revoked_at", .datetime)
            .unique(on: "key_hash")
            .create()
        try await database.schema("open311_tokens")
            .id()
            .field("token", .string, .required)
            .field("request_id", .uuid, .required, .references("citizen_requests", "id"))
            .field("client_id", .uuid, .required, .references("api_clients", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "token")
            .create()
        try await database.schema("request_category_attributes")
            .id()
            .field("category_code", .string, .required)
            .field("code", .string, .required)
            .field("datatype", .string, .required)
            .field("required", .bool, .required)
            .field("description", .string, .required)
            .field("ord", .int, .required)
            .field("values_json", .string, .required)
            .unique(on: "category_code", "code")
            .create()
        try await database.schema("request_attribute_values")
            .id()
            .field("request_id", .uuid, .required, .references("citizen_requests", "id"))
            .field("code", .string, .required)
            .field("value", .string, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "request_attribute_values_request").on("request_attribute_values").column("request_id").run()
            // Open311's `GET requests` reads by time window, newest first.
            try await sql.create(index: "citizen_requests_received").on("citizen_requests").column("received_at").run()
        }
        for (category, attributes) in RequestCatalogue.standardAttributes.sorted(by: { $0.key < $1.key }) {
            for attribute in attributes {
                try await RequestAttributeRecord(category: category, attribute).create(on: database)
            }
        }
    }

    package func revert(on database: any Database) async throws {
        for table in ["request_attribute_values", "request_category_attributes", "open311_tokens", "api_clients"] {
            try await database.schema(table).delete()
        }
    }
}
