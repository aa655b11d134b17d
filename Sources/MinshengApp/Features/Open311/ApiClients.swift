import Crypto
import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

/// The client apps allowed to post requests through Open311 (its `api_key`). Admins issue a key
/// per app (page and `minsheng apikey create NAME`); it is shown once, stored as a SHA-256 and
/// can be revoked. Issuing and revoking are audited.
enum ApiClients {
    /// A key as issued: `ms311_` and 40 hex digits (160 random bits).
    struct Issued: Sendable {
        var client: ApiClientRecord
        var key: String
    }

    static func issue(name: String, in ctx: WriteContext) async throws -> Issued {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw APIError.invalid(["name": "应用名称：必填。"]) }
        guard name.count <= 100 else { throw APIError.invalid(["name": "应用名称：过长（不超过100字）。"]) }
        var generator = SystemRandomNumberGenerator()
        let key = "ms311_" + Hex.string((0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let client = ApiClientRecord()
        client.id = UUID()
        client.name = name
        client.keyHash = hash(key)
        client.keyHint = String(key.suffix(4))
        client.createdAt = ctx.now
        client.createdBy = ctx.actor.name
        try await ctx.commit { tx in
            try await client.create(on: tx.db)
            try await tx.audit(.apiClientCreate, .apiClient, client.id, after: ["name": name, "keyHint": client.keyHint])
        }
        return Issued(client: client, key: key)
    }

    static func revoke(_ id: UUID, in ctx: WriteContext) async throws {
        guard let client = try await ApiClientRecord.find(id, on: ctx.db) else { throw APIError.notFound("API 密钥") }
        guard client.revokedAt == nil else { return }
        try await ctx.commit { tx in
            client.revokedAt = tx.now
            try await client.save(on: tx.db)
            try await tx.audit(.apiClientRevoke, .apiClient, client.id, after: ["name": client.name])
        }
    }

    /// The app a key belongs to, if the key is valid and not revoked.
    static func client(forKey key: String, on db: any Database) async throws -> ApiClientRecord? {
        guard !key.isEmpty, key.count <= 100 else { return nil }
        return try await ApiClientRecord.query(on: db).filter(\.$keyHash == hash(key)).filter(\.$revokedAt == nil).first()
    }

    static func all(on db: any Database) async throws -> [ApiClientRecord] {
        try await ApiClientRecord.query(on: db).sort(\.$createdAt, .descending).all()
    }

    static func hash(_ key: String) -> String {
        Hex.string(SHA256.hash(data: Data(key.utf8)))
    }
}
