import Crypto
import FluentKit
import Foundation
import MinshengCore
import FluentSQL
import SQLKit

/// The audit trail's hash chain (防篡改审计, 等保2.0 三级 "审计记录应受到保护"): every entry carries
/// the SHA-256 of a canonical encoding of its own fields and the hash of the entry before it; the
/// last entry of each day (in the city's time zone) is named by that day's head row in
/// `audit_chain_heads`, signed with HMAC-SHA256 under the audit key (``AuditKey``).
///
/// Editing an entry breaks its hash; removing or moving one breaks the link of the entry after it;
/// recomputing the hashes after an edit (SHA-256 needs no key) leaves the day's head, which only the
/// key can sign, naming a hash that no longer exists. Days are linked too: a day's first entry
/// carries the hash of the previous day's last. Entries written before migration
/// `0050_ChainAuditEntries` have no place in the chain; `minsheng audit verify` says how many.
package enum AuditChain {
    /// The hash the first chained entry follows.
    package static let genesis = String(repeating: "0", count: 64)

    /// Tells apart the encodings of future versions of the chain.
    package static let version = "minsheng-audit-v1"

    /// The fields of an entry the hash covers, as they are stored.
    package struct Fields: Sendable, Equatable {
        package var seq: Int64
        package var day: String
        package var id: UUID
        package var at: Date
        package var userID: UUID?
        package var actor: String
        package var action: String
        package var subjectType: String
        package var subjectID: UUID?
        package var before: String?
        package var after: String?

        package init(seq: Int64, day: String, id: UUID, at: Date, userID: UUID?, actor: String, action: String,
                     subjectType: String, subjectID: UUID?, before: String?, after: String?) {
            self.seq = seq
            self.day = day
            self.id = id
            self.at = at
            self.userID = userID
            self.actor = actor
            self.action = action
            self.subjectType = subjectType
            self.subjectID = subjectID
            self.before = before
            self.after = after
        }
    }

    /// Milliseconds since 1970: what the hash covers of a time. Entries are stored with their time
    /// rounded to the millisecond (``rounded(_:)``), which SQLite's doubles and PostgreSQL's
    /// microseconds both keep exactly.
    package static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    package static func rounded(_ date: Date) -> Date { Date(timeIntervalSince1970: Double(millis(date)) / 1000) }

    /// The chain day of a time: its date in the city (`2026-07-10`).
    package static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = WriteContext.cityTimeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The canonical encoding: the version, then every field as `name=length:value` (UTF-8 bytes)
    /// or `name=-` when absent, one per line, then the previous hash. Lengths make it unambiguous
    /// whatever a value contains; UUIDs are upper-case, times are milliseconds.
    package static func canonical(_ f: Fields, previous: String) -> Data {
        var out = Data(version.utf8)
        func field(_ name: String, _ value: String?) {
            out.append(contentsOf: Array("\n\(name)=".utf8))
            guard let value else { out.append(UInt8(ascii: "-")); return }
            let bytes = Array(value.utf8)
            out.append(contentsOf: Array("\(bytes.count):".utf8))
            out.append(contentsOf: bytes)
        }
        field("seq", String(f.seq))
        field("day", f.day)
        field("id", f.id.uuidString)
        field("at", String(millis(f.at)))
        field("user", f.userID?.uuidString)
        field("actor", f.actor)
        field("action", f.action)
        field("subjectType", f.subjectType)
        field("subjectID", f.subjectID?.uuidString)
        field("before", f.before)
        field("after", f.after)
        field("prev", previous)
        return out
    }

    /// Hex SHA-256 of the entry's canonical encoding after `previous`.
    package static func hash(_ f: Fields, previous: String) -> String {
        hex(SHA256.hash(data: canonical(f, previous: previous)))
    }

    /// What a day's head signs: the day, its last entry's place and hash, and how many entries it has.
    package static func headMessage(day: String, seq: Int64, hash: String, entries: Int64) -> Data {
        Data("\(version)-head\nday=\(day)\nseq=\(seq)\nhash=\(hash)\nentries=\(entries)".utf8)
    }

    package static func sign(day: String, seq: Int64, hash: String, entries: Int64, key: AuditKey) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: headMessage(day: day, seq: seq, hash: hash, entries: entries), using: key.key))
    }

    package static func isValid(signature: String, day: String, seq: Int64, hash: String, entries: Int64, key: AuditKey) -> Bool {
        guard let mac = Data(hexString: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: headMessage(day: day, seq: seq, hash: hash, entries: entries),
                                                      using: key.key)
    }

    package static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        Hex.string(bytes)
    }

    /// On PostgreSQL, where instances append at once: the transaction-scoped lock every append
    /// takes before it reads the chain's head (held until commit, so the next writer reads this one's
    /// entries). The number is arbitrary, fixed ("民生" in GB2312: C3F1 C9FA).
    package static let postgresLock: Int64 = 0xC3F1_C9FA

    /// Whether the newest day head verifies under `key`; nil while the chain is empty. `serve`
    /// asks at start: an instance with another key than its peers would append heads that fail.
    package static func newestHeadVerifies(on db: any Database, key: AuditKey) async throws -> Bool? {
        guard let sql = db as? any SQLDatabase,
              let row = try await sql.raw("SELECT day, seq, hash, entries, signature FROM audit_chain_heads ORDER BY seq DESC LIMIT 1").first()
        else { return nil }
        return isValid(signature: try row.decode(column: "signature", as: String.self), day: try row.decode(column: "day", as: String.self),
                       seq: try row.decode(column: "seq", as: Int64.self), hash: try row.decode(column: "hash", as: String.self),
                       entries: try row.decode(column: "entries", as: Int64.self), key: key)
    }

    // MARK: - Verification

    /// What `minsheng audit verify` found.
    package struct Verification: Sendable {
        /// Entries in the chain, and days with a signed head.
        package var entries = 0
        package var days = 0
        package var firstDay: String?
        package var lastDay: String?
        /// Entries written before the chain began (migration `0050_ChainAuditEntries`).
        package var unchained = 0
        /// The first break, if any.
        package var problem: Problem?

        package var isIntact: Bool { problem == nil }
    }

    /// The first entry (or day head) at which the chain breaks, and what is wrong there.
    package struct Problem: Sendable, CustomStringConvertible {
        package var seq: Int64?
        package var id: UUID?
        package var at: Date?
        package var what: String

        package var description: String {
            var place: [String] = []
            if let id { place.append("id \(id.uuidString.lowercased())") }
            if let seq { place.append("seq \(seq)") }
            if let at { place.append("time \(ISO8601DateFormatter().string(from: at))") }
            return (place.isEmpty ? "" : "entry " + place.joined(separator: ", ") + ": ") + what
        }
    }

    /// A day's head: the day's last entry (place and hash), how many entries the day has, and the
    /// HMAC that signs them.
    package struct Head: Codable, Sendable {
        package var day: String
        package var seq: Int64
        package var hash: String
        package var entries: Int64
        package var signature: String
    }

    /// The newest `limit` day heads, newest first.
    package static func heads(on db: any Database, limit: Int) async throws -> [Head] {
        guard let sql = db as? any SQLDatabase else { throw AuditChainError.noSQL }
        return try await sql.raw("""
            SELECT day, seq, hash, entries, signature FROM audit_chain_heads ORDER BY seq DESC LIMIT \(literal: limit)
            """).all().map(head)
    }

    private static func head(_ row: any SQLRow) throws -> Head {
        Head(day: try row.decode(column: "day", as: String.self), seq: try row.decode(column: "seq", as: Int64.self),
             hash: try row.decode(column: "hash", as: String.self), entries: try row.decode(column: "entries", as: Int64.self),
             signature: try row.decode(column: "signature", as: String.self))
    }

    /// Walks the chain in order, entry by entry, and stops at the first break: a gap in the
    /// sequence (entries deleted), an entry that does not follow the one before (moved, or one before
    /// it replaced), an entry whose content no longer gives its hash (edited), or a day whose signed
    /// head does not name its last entry or whose signature fails (entries cut off, hashes
    /// recomputed, or another key).
    package static func verify(on db: any Database, key: AuditKey, pageSize: Int = 5000) async throws -> Verification {
        guard let sql = db as? any SQLDatabase else { throw AuditChainError.noSQL }
        var result = Verification()
        result.unchained = try await sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE chain_seq IS NULL")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        var heads: [String: Head] = [:]
        for row in try await sql.raw("SELECT day, seq, hash, entries, signature FROM audit_chain_heads").all() {
            let head = try Self.head(row)
            heads[head.day] = head
        }

        var expected: Int64 = 1
        var previous = genesis
        var day: String?
        var dayCount: Int64 = 0
        var last: Fields?
        var seenDays: Set<String> = []

        func fail(_ f: Fields?, _ what: String) -> Verification {
            var r = result
            r.problem = Problem(seq: f?.seq, id: f?.id, at: f?.at, what: what)
            return r
        }
        /// Checks the head of the day that ends with `last`.
        func closeDay() -> String? {
            guard let day, let last else { return nil }
            guard let head = heads[day] else {
                return "第 \(day) 天没有签名的链头 (day \(day) has no signed head: it was removed)"
            }
            guard isValid(signature: head.signature, day: head.day, seq: head.seq, hash: head.hash, entries: head.entries, key: key) else {
                return "第 \(day) 天的链头签名无效 (day \(day): the head's signature is invalid — the head was edited, or the audit key is not the one that signed it)"
            }
            guard head.seq == last.seq, head.hash == previous, head.entries == dayCount else {
                return "第 \(day) 天的签名链头指向第 \(head.seq) 条(共 \(head.entries) 条)，而链上当天最后一条是第 \(last.seq) 条(共 \(dayCount) 条) "
                    + "(day \(day): the signed head names seq \(head.seq) of \(head.entries) entries, but the day's chain ends at this entry, "
                    + "seq \(last.seq), after \(dayCount): entries were removed or added at the end of the day, or hashes recomputed)"
            }
            return nil
        }

        while true {
            let rows = try await sql.raw("""
                SELECT id, at, user_id, actor, action, subject_type, subject_id, "before", "after", chain_seq, chain_day, \
                prev_hash, entry_hash FROM audit_entries WHERE chain_seq >= \(bind: expected) ORDER BY chain_seq LIMIT \(literal: pageSize)
                """).all()
            if rows.isEmpty { break }
            for row in rows {
                let f = Fields(seq: try row.decode(column: "chain_seq", as: Int64.self),
                               day: try row.decode(column: "chain_day", as: String?.self) ?? "",
                               id: try row.decode(column: "id", as: UUID.self),
                               at: try row.decode(column: "at", as: Date.self),
                               userID: try row.decode(column: "user_id", as: UUID?.self),
                               actor: try row.decode(column: "actor", as: String.self),
                               action: try row.decode(column: "action", as: String.self),
                               subjectType: try row.decode(column: "subject_type", as: String.self),
                               subjectID: try row.decode(column: "subject_id", as: UUID?.self),
                               before: try row.decode(column: "before", as: String?.self),
                               after: try row.decode(column: "after", as: String?.self))
                let prevHash = try row.decode(column: "prev_hash", as: String?.self) ?? ""
                let storedHash = try row.decode(column: "entry_hash", as: String?.self) ?? ""
                if f.seq != expected {
                    let gap = f.seq - 1 == expected ? "第 \(expected) 条" : "第 \(expected)–\(f.seq - 1) 条"
                    return fail(f, "此前的\(gap)缺失 (entries seq \(expected)…\(f.seq - 1) before this one are missing: deleted)")
                }
                if let current = day, f.day != current {
                    if f.day < current {
                        return fail(f, "日期 \(f.day) 早于前一条的 \(current) (its chain day \(f.day) comes after \(current): entries were reordered)")
                    }
                    if let problem = closeDay() { return fail(last, problem) }
                }
                if f.day != day {
                    if seenDays.contains(f.day) {
                        return fail(f, "第 \(f.day) 天的条目不连续 (day \(f.day) resumes after another day: entries were reordered)")
                    }
                    seenDays.insert(f.day)
                    day = f.day
                    dayCount = 0
                    result.days += 1
                    if result.firstDay == nil { result.firstDay = f.day }
                    result.lastDay = f.day
                }
                if prevHash != previous {
                    return fail(f, "不接续前一条 (it does not follow the entry before it: its previous hash differs — entries were reordered, "
                                + "or the one before it was replaced)")
                }
                if hash(f, previous: prevHash) != storedHash {
                    return fail(f, "内容与哈希不符 (its content does not match its hash: it was edited after it was written)")
                }
                previous = storedHash
                dayCount += 1
                result.entries += 1
                last = f
                expected += 1
            }
        }
        if let problem = closeDay() { return fail(last, problem) }
        // A day with a signed head but no entries: the whole day was deleted, or the chain's tail.
        let lastSeq = last?.seq ?? 0
        if let orphan = heads.values.filter({ !seenDays.contains($0.day) }).min(by: { $0.seq < $1.seq }) {
            return fail(nil, "第 \(orphan.day) 天有签名的链头(第 \(orphan.seq) 条)，但链上没有当天的条目 (day \(orphan.day) has a signed head "
                        + "naming seq \(orphan.seq), but the chain has no entry of that day\(orphan.seq > lastSeq ? " — the end of the chain was deleted" : "")")
        }
        return result
    }
}

package enum AuditChainError: Error, CustomStringConvertible {
    case noSQL
    package var description: String { "audit chain needs an SQL database" }
}

extension Data {
    /// Bytes from lower- or upper-case hex; nil when the text is not hex of whole bytes.
    package init?(hexString: String) {
        let chars = Array(hexString.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        self.init(bytes)
    }
}
