import Fluent
import Foundation
import MinshengCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// The audit trail's hash chain: `audit verify` passes on a clean log (also after concurrent
/// writes) and names the first broken entry when the table is edited behind the app's back with
/// raw SQL: an entry edited, deleted, moved, or the chain recomputed without the key.
@Suite struct AuditChainTests {
    /// Writes `perDay` entries (users created) on each of `days` consecutive days from the test day.
    static func writeEntries(_ app: Application, days: Int = 2, perDay: Int = 4) async throws {
        for d in 0..<days {
            for i in 0..<perDay {
                var ctx = app.writeContext()
                ctx.now = ctx.now.addingTimeInterval(Double(d) * 86_400 + Double(i))
                _ = try await UserAccounts.create(name: "u\(d)-\(i)", role: .deputy, unitName: nil, password: nil, in: ctx)
            }
        }
    }

    static func sql(_ app: Application) -> any SQLDatabase { app.db as! any SQLDatabase }

    static func entry(_ app: Application, seq: Int) async throws -> (id: UUID, at: Date) {
        let row = try #require(try await sql(app).raw("SELECT id, at FROM audit_entries WHERE chain_seq = \(bind: seq)").first())
        return (try row.decode(column: "id", as: UUID.self), try row.decode(column: "at", as: Date.self))
    }

    static func verify(_ app: Application) async throws -> AuditChain.Verification {
        try await AuditChain.verify(on: app.db, key: app.auditKey)
    }

    @Test func aCleanLogVerifiesDayByDay() async throws {
        try await withTestApp { app in
            // setup + MUT
            try await Self.writeEntries(app, days: 3, perDay: 3)
            let result = try await Self.verify(app)
            // validate
            #expect(result.isIntact, "\(String(describing: result.problem))")
            #expect(result.entries == 9)
            #expect(result.days == 3)
            #expect(result.firstDay == "2026-07-10")
            #expect(result.lastDay == "2026-07-12")
            #expect(result.unchained == 0)
            let heads = try await Self.sql(app).raw("SELECT day, seq, entries FROM audit_chain_heads ORDER BY seq").all()
            #expect(try heads.map { try $0.decode(column: "seq", as: Int.self) } == [3, 6, 9])
            #expect(try heads.map { try $0.decode(column: "entries", as: Int.self) } == [3, 3, 3])
        }
    }

    @Test func anEditedEntryIsNamed() async throws {
        try await withTestApp { app in
            try await Self.writeEntries(app)
            let target = try await Self.entry(app, seq: 3)
            // MUT: someone with database access changes what an entry says
            try await Self.sql(app).raw("""
                UPDATE audit_entries SET "after" = '{"name":"someone-else"}' WHERE chain_seq = 3
                """).run()
            let result = try await Self.verify(app)
            // validate
            let problem = try #require(result.problem)
            #expect(problem.seq == 3)
            #expect(problem.id == target.id)
            #expect(problem.at.map(AuditChain.millis) == AuditChain.millis(target.at))
            #expect(problem.what.contains("edited"))
            #expect(result.entries == 2)
        }
    }

    @Test(arguments: [3, 8]) // one in the middle of the first day; the last of the chain
    func aDeletedEntryIsNamed(seq: Int) async throws {
        try await withTestApp { app in
            try await Self.writeEntries(app)
            let before = try await Self.entry(app, seq: seq - 1)
            // MUT
            try await Self.sql(app).raw("DELETE FROM audit_entries WHERE chain_seq = \(bind: seq)").run()
            let result = try await Self.verify(app)
            // validate
            let problem = try #require(result.problem)
            if seq == 8 {
                // Nothing follows the last entry: the day's signed head still names it.
                #expect(problem.seq == 7)
                #expect(problem.id == before.id)
                #expect(problem.what.contains("signed head names seq 8"))
            } else {
                #expect(problem.seq == Int64(seq + 1))
                #expect(problem.what.contains("seq \(seq)…\(seq) before this one are missing"))
            }
        }
    }

    @Test func reorderedEntriesAreNamed() async throws {
        try await withTestApp { app in
            try await Self.writeEntries(app)
            let third = try await Self.entry(app, seq: 3), fourth = try await Self.entry(app, seq: 4)
            // MUT: entries 3 and 4 swap places (through a free number: the place is unique)
            let sql = Self.sql(app)
            try await sql.raw("UPDATE audit_entries SET chain_seq = -1 WHERE chain_seq = 3").run()
            try await sql.raw("UPDATE audit_entries SET chain_seq = 3 WHERE chain_seq = 4").run()
            try await sql.raw("UPDATE audit_entries SET chain_seq = 4 WHERE chain_seq = -1").run()
            let result = try await Self.verify(app)
            // validate: the one now third does not follow the second
            let problem = try #require(result.problem)
            #expect(problem.seq == 3)
            #expect(problem.id == fourth.id)
            #expect(problem.id != third.id)
            #expect(problem.what.contains("does not follow the entry before it"))
        }
    }

    /// SHA-256 needs no key: an editor can recompute every hash after an edit. The day's head,
    /// signed with the key, then names a hash that no longer exists; re-pointing the head without
    /// the key breaks its signature.
    @Test func aChainRecomputedWithoutTheKeyIsCaughtByTheSignedHead() async throws {
        try await withTestApp { app in
            try await Self.writeEntries(app, days: 1, perDay: 5)
            let sql = Self.sql(app)
            // MUT: edit entry 2 and recompute the hashes of 2…5 as an attacker would
            try await sql.raw("""
                UPDATE audit_entries SET "after" = '{"name":"forged"}' WHERE chain_seq = 2
                """).run()
            var previous = try #require(try await sql.raw("SELECT entry_hash FROM audit_entries WHERE chain_seq = 1").first())
                .decode(column: "entry_hash", as: String.self)
            for seq in 2...5 {
                let row = try #require(try await sql.raw("""
                    SELECT id, at, user_id, actor, action, subject_type, subject_id, "before", "after", chain_day FROM audit_entries \
                    WHERE chain_seq = \(bind: seq)
                    """).first())
                let fields = AuditChain.Fields(seq: Int64(seq), day: try row.decode(column: "chain_day", as: String.self),
                                               id: try row.decode(column: "id", as: UUID.self), at: try row.decode(column: "at", as: Date.self),
                                               userID: try row.decode(column: "user_id", as: UUID?.self),
                                               actor: try row.decode(column: "actor", as: String.self),
                                               action: try row.decode(column: "action", as: String.self),
                                               subjectType: try row.decode(column: "subject_type", as: String.self),
                                               subjectID: try row.decode(column: "subject_id", as: UUID?.self),
                                               before: try row.decode(column: "before", as: String?.self),
                                               after: try row.decode(column: "after", as: String?.self))
                let hash = AuditChain.hash(fields, previous: previous)
                try await sql.raw("UPDATE audit_entries SET prev_hash = \(bind: previous), entry_hash = \(bind: hash) WHERE chain_seq = \(bind: seq)").run()
                previous = hash
            }
            let recomputed = try await Self.verify(app)
            // validate: every entry links; the head does not
            let problem = try #require(recomputed.problem)
            #expect(problem.seq == 5)
            #expect(problem.what.contains("hashes recomputed"))

            // MUT: the head re-pointed too, without the key
            try await sql.raw("UPDATE audit_chain_heads SET hash = \(bind: previous)").run()
            let repointed = try #require(try await Self.verify(app).problem)
            #expect(repointed.what.contains("signature is invalid"))
        }
    }

    /// The heads, to be kept outside the database, and each entry's place and hash, through the API.
    @Test func theAPIShowsTheSignedHeadsAndEachEntrysPlace() async throws {
        try await withTestApp { app in
            try await Self.writeEntries(app, days: 2, perDay: 2)
            // two more entries (user, token), stamped with the test day but appended after day two's
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let api = APIClient(app: app)
            let heads = try await api.send(.GET, "/api/v1/audit/heads", token: coordinator).decode([AuditChain.Head].self)
            struct Entry: Decodable { var seq: Int64?; var entryHash: String? }
            let entries = try await api.send(.GET, "/api/v1/audit", token: coordinator).decode([Entry].self)
            #expect(heads.map(\.day) == ["2026-07-11", "2026-07-10"])
            #expect(heads.allSatisfy { AuditChain.isValid(signature: $0.signature, day: $0.day, seq: $0.seq, hash: $0.hash,
                                                          entries: $0.entries, key: app.auditKey) })
            #expect(heads.first?.seq == 6 && heads.first?.entries == 4)   // they join day two: days never go back along the chain
            #expect(Set(entries.compactMap(\.seq)) == Set(1...6))
            #expect(entries.first { $0.seq == heads.first?.seq }?.entryHash == heads.first?.hash)
        }
    }

    @Test func anotherKeyDoesNotVerify() async throws {
        try await withTestApp { app in
            try await Self.writeEntries(app, days: 1, perDay: 2)
            let other = try AuditKey(text: "another-key-of-some-length", origin: "test")
            #expect(try await AuditChain.verify(on: app.db, key: app.auditKey).isIntact)
            let problem = try #require(try await AuditChain.verify(on: app.db, key: other).problem)
            #expect(problem.what.contains("signature is invalid"))
        }
    }

    /// Entries written before migration 0050 have no chain columns; the chain starts after them.
    @Test func entriesFromBeforeTheChainAreCountedNotChecked() async throws {
        try await withTestApp { app in
            try await Self.sql(app).raw("""
                INSERT INTO audit_entries (id, at, actor, action, subject_type) \
                VALUES (\(bind: UUID()), \(bind: Date(timeIntervalSince1970: 1_700_000_000)), 'system', 'plan.import', 'plan')
                """).run()
            try await Self.writeEntries(app, days: 1, perDay: 2)
            let result = try await Self.verify(app)
            #expect(result.isIntact)
            #expect(result.unchained == 1)
            #expect(result.entries == 2)
            #expect(AuditCommand.report(result, keyOrigin: "k").joined().contains("1 earlier entries were written before the chain began"))
        }
    }

    /// Many writes at once (report submissions through the API, users created directly): each
    /// entry lands once, in one unbroken chain.
    @Test func concurrentWritesKeepOneUnbrokenChain() async throws {
        try await withTestApp { app in
            // setup
            let planID = try await TestPlan.store(app)
            let clerk = try await makeToken(app, "clerk", .clerk, unit: "市城管局")
            let toilets = try #require(try await TestPlan.commitments(app, planID).first { $0.number == "1" })
            let api = APIClient(app: app)
            let entriesBefore = try await AuditEntryRecord.query(on: app.db).count()
            // MUT
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for month in 1...6 {
                    group.addTask {
                        try await api.send(.POST, "/api/v1/commitments/\(toilets.id)/reports", token: clerk,
                                           json: ReportBody(period: String(format: "2026-%02d", month), percent: Double(month * 10))).status.code
                    }
                }
                for i in 0..<20 {
                    group.addTask {
                        _ = try await UserAccounts.create(name: "concurrent-\(i)", role: .deputy, unitName: nil, password: nil,
                                                          in: app.writeContext())
                        return 201
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // validate
            #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
            let entries = try await AuditEntryRecord.query(on: app.db).count()
            #expect(entries == entriesBefore + 26)
            let result = try await Self.verify(app)
            #expect(result.isIntact, "\(String(describing: result.problem))")
            #expect(result.entries == entries)
        }
    }

    /// The command prints the verdict and fails (exit status 1 from `main`) naming the entry.
    @Test func theCommandFailsNamingTheBrokenEntry() async throws {
        try await withTestApp { app in
            try await Self.writeEntries(app, days: 1, perDay: 3)
            try await Self.command(app)   // clean: no error
            let target = try await Self.entry(app, seq: 2)
            try await Self.sql(app).raw("UPDATE audit_entries SET actor = 'nobody' WHERE chain_seq = 2").run()
            do {
                try await Self.command(app)
                Issue.record("audit verify passed an edited log")
            } catch let failure as CommandFailure {
                #expect(failure.description.contains(target.id.uuidString.lowercased()))
                #expect(failure.description.contains("seq 2"))
                #expect(failure.description.contains("edited"))
            }
        }
    }

    static func command(_ app: Application) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["minsheng", "verify"]))
        context.application = app
        try await AuditCommand().run(using: &context)
    }

    /// The app appends audit entries and never changes one: no source but AuditLog names the
    /// table in a write, and none updates or deletes it (by SQL or through the Fluent model).
    @Test func noSourceUpdatesOrDeletesAnAuditEntry() throws {
        let sources = packageRoot.appendingPathComponent("Sources/MinshengApp")
        let walker = try #require(FileManager.default.enumerator(atPath: sources.path))
        var offenders: [String] = []
        var files = 0
        while let path = walker.nextObject() as? String {
            guard path.hasSuffix(".swift"), !path.hasPrefix("Migrations/") else { continue }
            files += 1
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            let writes = ["UPDATE audit_entries", "DELETE FROM audit_entries", "INTO audit_entries"].filter { text.contains($0) }
            let model = text.contains("AuditEntryRecord") && [".delete(", ".update(", ".save(", ".create("].contains { text.contains($0) }
                && !path.hasSuffix("AuditEntryRecord.swift") && !path.hasSuffix("AuditController.swift")
            if (!writes.isEmpty && path != "Platform/AuditLog.swift") || writes.contains(where: { $0 != "INTO audit_entries" }) || model {
                offenders.append(path)
            }
        }
        #expect(files > 50)
        #expect(offenders.isEmpty, "\(offenders)")
    }

    @Test func theCanonicalEncodingSeparatesFieldsUnambiguously() {
        let base = AuditChain.Fields(seq: 1, day: "2026-07-10", id: UUID(), at: Date(timeIntervalSince1970: 1),
                                     userID: nil, actor: "a", action: "b", subjectType: "c", subjectID: nil, before: nil, after: "")
        var shifted = base
        shifted.actor = "ab"; shifted.action = ""
        var absent = base
        absent.after = nil
        let hashes = Set([base, shifted, absent].map { AuditChain.hash($0, previous: AuditChain.genesis) })
        #expect(hashes.count == 3)
        #expect(AuditChain.hash(base, previous: AuditChain.genesis) != AuditChain.hash(base, previous: String(repeating: "1", count: 64)))
    }

    @Test func aShortKeyIsRefusedAndAGeneratedOneIsKeptInTheDataDirectory() throws {
        #expect(throws: AuditKeyError.self) { try AuditKey(text: "short", origin: "test") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minsheng-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try AuditKey.resolve(.generatedInDataDirectory, dataDirectory: dir)
        let again = try AuditKey.resolve(.generatedInDataDirectory, dataDirectory: dir)
        let path = (dir as NSString).appendingPathComponent(AuditKey.generatedFileName)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(first.key == again.key)
        #expect(!first.origin.contains(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("minsheng-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try AuditKey.resolve(.generatedInDataDirectory, dataDirectory: other).key != first.key)
    }
}
