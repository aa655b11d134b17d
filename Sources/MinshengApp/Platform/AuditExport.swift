import Fluent
import MinshengCore
import Foundation
import SQLKit
import Vapor
import MinshengStore

/// The audit trail for the auditors (审计记录导出): the chained entries of a range of days as JSON
/// Lines, one object a line, so they can be checked outside Minsheng (`Scripts/verify-audit-export.py`
/// does it with Python's standard library alone):
///
/// - line 1, `"type": "export"`: the range, the entry count, the chain's encoding version;
/// - `"type": "entry"`, in chain order: every field the hash covers (`seq`, `day`, `id`, `atMillis`,
///   `userID`, `actor`, `action`, `subjectType`, `subjectID`, `before`, `after`), the readable time
///   `at`, `prevHash` and `entryHash`. SHA-256 of the canonical encoding (``AuditChain/canonical``:
///   `minsheng-audit-v1`, then `\nname=LENGTH:VALUE` per field in that order, `-` for an absent
///   one, upper-case UUIDs, `\nprev=64:…`) gives `entryHash`; each `prevHash` is the entry before's;
/// - `"type": "head"`: each day's signed head (its HMAC needs the audit key, which auditors are given
///   apart, or compare with the heads kept outside: `GET /api/v1/audit/heads`).
///
/// An export only reads; the command and the download record that it was made (`audit.export`).
enum AuditExport {
    /// Days are the chain's (Beijing time), `YYYY-MM-DD`, both included.
    struct DayRange: Sendable, Equatable {
        var from: String
        var to: String

        /// Checks both days and their order; throws 422 with the field at fault.
        init(from: String, to: String) throws {
            guard let start = CivilDate(from) else { throw APIError.invalid(["from": "日期格式应为 YYYY-MM-DD"]) }
            guard let end = CivilDate(to) else { throw APIError.invalid(["to": "日期格式应为 YYYY-MM-DD"]) }
            guard start <= end else { throw APIError.invalid(["to": "结束日期不能早于开始日期"]) }
            self.from = start.description
            self.to = end.description
        }
    }

    struct Summary: Sendable, Equatable {
        var entries: Int
        var heads: Int
    }

    /// Writes the range's export through `write` (a line at a time, each ending in `\n`), reading
    /// `pageSize` entries at a time.
    static func write(_ range: DayRange, on db: any Database, pageSize: Int = 2000,
                      _ write: (String) throws -> Void) async throws -> Summary {
        guard let sql = db as? any SQLDatabase else { throw AuditChainError.noSQL }
        // The heads first, and no entry after the newest of them: writes going on meanwhile must
        // not leave entries past the head that names a day's last (one consistent cut).
        let heads = try await sql.raw("""
            SELECT day, seq, hash, entries, signature FROM audit_chain_heads \
            WHERE day >= \(bind: range.from) AND day <= \(bind: range.to) ORDER BY seq
            """).all()
        let upTo = try heads.last?.decode(column: "seq", as: Int64.self) ?? 0
        let count = try await sql.raw("""
            SELECT COUNT(*) AS n FROM audit_entries WHERE chain_seq IS NOT NULL AND chain_seq <= \(bind: upTo) \
            AND chain_day >= \(bind: range.from) AND chain_day <= \(bind: range.to)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        try write(line(["type": "export", "version": AuditChain.version, "from": range.from, "to": range.to,
                        "entries": count, "timeZone": "Asia/Shanghai"]))
        var after: Int64 = 0
        var written = 0
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        while true {
            let rows = try await sql.raw("""
                SELECT id, at, user_id, actor, action, subject_type, subject_id, "before", "after", chain_seq, chain_day, \
                prev_hash, entry_hash FROM audit_entries WHERE chain_seq > \(bind: after) AND chain_seq <= \(bind: upTo) \
                AND chain_day >= \(bind: range.from) AND chain_day <= \(bind: range.to) ORDER BY chain_seq LIMIT \(literal: pageSize)
                """).all()
            if rows.isEmpty { break }
            for row in rows {
                let seq = try row.decode(column: "chain_seq", as: Int64.self)
                let at = try row.decode(column: "at", as: Date.self)
                let object: [String: Any] = [
                    "type": "entry", "seq": Int(seq),
                    "day": try row.decode(column: "chain_day", as: String?.self) ?? "",
                    "id": try row.decode(column: "id", as: UUID.self).uuidString,
                    "atMillis": Int(AuditChain.millis(at)), "at": iso.string(from: at),
                    "userID": try row.decode(column: "user_id", as: UUID?.self)?.uuidString ?? NSNull(),
                    "actor": try row.decode(column: "actor", as: String.self),
                    "action": try row.decode(column: "action", as: String.self),
                    "subjectType": try row.decode(column: "subject_type", as: String.self),
                    "subjectID": try row.decode(column: "subject_id", as: UUID?.self)?.uuidString ?? NSNull(),
                    "before": try row.decode(column: "before", as: String?.self) ?? NSNull(),
                    "after": try row.decode(column: "after", as: String?.self) ?? NSNull(),
                    "prevHash": try row.decode(column: "prev_hash", as: String?.self) ?? "",
                    "entryHash": try row.decode(column: "entry_hash", as: String?.self) ?? "",
                ]
                try write(line(object))
                after = seq
                written += 1
            }
        }
        for row in heads {
            try write(line(["type": "head", "day": try row.decode(column: "day", as: String.self),
                            "seq": try row.decode(column: "seq", as: Int.self), "hash": try row.decode(column: "hash", as: String.self),
                            "entries": try row.decode(column: "entries", as: Int.self),
                            "signature": try row.decode(column: "signature", as: String.self)]))
        }
        return Summary(entries: written, heads: heads.count)
    }

    /// One JSON object and a newline; keys sorted, slashes and non-ASCII as they are.
    static func line(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Records that an export was made (who, which days, how many entries).
    static func record(_ range: DayRange, _ summary: Summary, destination: String, in ctx: WriteContext) async throws {
        try await ctx.commit { tx in
            try await tx.audit(.auditExport, .auditTrail, nil, after: ["from": range.from, "to": range.to,
                                                                     "entries": String(summary.entries), "to_file": destination])
        }
    }
}
