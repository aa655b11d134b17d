import Fluent
import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
@testable import MinshengApp
import MinshengStore

/// Personal data at rest (issue 12, part 3): requesters' names and phones and SMS recipients are
/// stored AES-GCM-sealed under the configured data key, found by phone through a blind index, and
/// re-encrypted by `minsheng keys rotate`.
@Suite(.serialized) struct PersonalDataAtRestTests {
    static func keyring(_ base64: String = DataKeyring.Key.generate()) throws -> DataKeyring {
        DataKeyring(keys: [try DataKeyring.Key(base64: base64, origin: "test")], origin: "test", file: nil)
    }

    static func intake(name: String? = "张三", phone: String? = "13812341234", text: String = "和平路东段路灯连续一周不亮。") -> RequestActions.Intake {
        var i = RequestActions.Intake()
        i.requesterName = name
        i.requesterPhone = phone
        i.kind = "complaint"
        i.categoryCode = "0103"
        i.text = text
        return i
    }

    static func temporaryDirectory() -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("minsheng-pii-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// An app on a SQLite file in `data` with the given key source (not the shared test database).
    static func withFileApp(_ data: String, keys: AppConfig.DataKeySource, _ body: (Application) async throws -> Void) async throws {
        var config = AppConfig(dataDirectory: data, workingDirectory: AppConfig.guessWorkingDirectory())
        config.auditKey = .text("minsheng-test-audit-key")
        config.dataKeys = keys
        let app = try await Application.make(.testing)
        app.clock = .fixed(testToday)
        do {
            try await configure(app, config: config)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    // MARK: the envelope

    @Test func sealsAndOpensBoundToFieldAndRow() throws {
        let keys = try Self.keyring()
        let row = UUID()
        let sealed = try #require(keys.seal("13812341234", .requesterPhone, row: row))
        #expect(SealedText(parsing: sealed)?.keyID == keys.current.id)
        #expect(!sealed.contains("13812341234"))
        #expect(try keys.open(sealed, .requesterPhone, row: row) == "13812341234")
        // Fresh nonce each time: the same phone twice is two different ciphertexts.
        #expect(keys.seal("13812341234", .requesterPhone, row: row) != sealed)
        // Moved to another row or column, it does not open.
        #expect(throws: DataKeyError.self) { try keys.open(sealed, .requesterPhone, row: UUID()) }
        #expect(throws: DataKeyError.self) { try keys.open(sealed, .requesterName, row: row) }
        #expect(keys.seal(nil, .requesterName, row: row) == nil && keys.seal("", .requesterName, row: row) == nil)
        // A value from before encryption reads as it is (until SealPersonalData has run).
        #expect(try keys.open("李四", .requesterName, row: row) == "李四")
    }

    @Test func aWrongKeyIsRefusedWithAClearError() throws {
        let a = try Self.keyring(), b = try Self.keyring()
        let row = UUID()
        let sealed = try #require(a.seal("张三", .requesterName, row: row))
        do {
            _ = try b.open(sealed, .requesterName, row: row)
            Issue.record("opened under another key")
        } catch let error as DataKeyError {
            guard case .unknownKey(let id, _) = error else { Issue.record("\(error)"); return }
            #expect(id == a.current.id)
            #expect(error.description.contains("个人数据无法解密") && error.description.contains(a.current.id)
                    && error.description.contains("MINSHENG_DATA_KEY"))
        }
        // A key that is not 32 bytes of base64 is refused when configured.
        #expect(throws: DataKeyError.self) { try DataKeyring.Key(base64: "c2hvcnQ=", origin: "test") }
        #expect(throws: DataKeyError.self) { try DataKeyring.Key(base64: "not base64 at all", origin: "test") }
    }

    @Test func theGeneratedKeyFileIsMadeOnceOwnerOnlyAndNotByReadOnlyCommands() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent(DataKeyring.generatedFileName)
        let throwaway = try DataKeyring.resolve(.generatedInDataDirectory, dataDirectory: dir, create: false)
        #expect(!FileManager.default.fileExists(atPath: path) && throwaway.file == nil)
        let first = try DataKeyring.resolve(.generatedInDataDirectory, dataDirectory: dir, create: true)
        let second = try DataKeyring.resolve(.generatedInDataDirectory, dataDirectory: dir, create: true)
        #expect(first.current.id == second.current.id && first.file == path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let env = try DataKeyring.resolve(.text(current: DataKeyring.Key.generate(), previous: [first.current.base64]),
                                          dataDirectory: dir, create: true)
        #expect(env.keys.count == 2 && env.keys[1].id == first.current.id && env.file == nil)
    }

    // MARK: stored sealed

    @Test func intakeStoresCiphertextAndTheBlindIndexFindsThePhone() async throws {
        try await withTestApp { app in
            let keys = app.dataKeys
            let a = try await RequestActions.take(Self.intake(phone: "13812341234"), in: app.writeContext()).request
            _ = try await RequestActions.take(Self.intake(name: "李四", phone: "138 1234 1234"), in: app.writeContext())
            _ = try await RequestActions.take(Self.intake(name: "王五", phone: "13900009999"), in: app.writeContext())
            let sql = try #require(app.db as? any SQLDatabase)
            let stored = try #require(try await sql.raw("SELECT requester_name, requester_phone, requester_phone_index FROM citizen_requests WHERE id = \(bind: a.id!)").first())
            let name = try stored.decode(column: "requester_name", as: String.self)
            let phone = try stored.decode(column: "requester_phone", as: String.self)
            #expect(name.hasPrefix("ms1.\(keys.current.id).") && phone.hasPrefix("ms1.\(keys.current.id).") && !phone.contains("1234"))
            #expect(try stored.decode(column: "requester_phone_index", as: String.self).count == 64)
            let reread = try #require(try await CitizenRequestRecord.find(a.id!, on: app.db))
            #expect(try reread.requesterName(keys) == "张三" && (try reread.requesterPhone(keys)) == "13812341234")

            // The same number however typed: one index (the portal's lookup and the spam guard use it).
            let found = try await CitizenRequestRecord.query(on: app.db).filter(\.$phoneIndex ~~ keys.phoneIndexes("+86 138-1234-1234")).count()
            #expect(found == 2)
            #expect(try await CitizenRequestRecord.query(on: app.db).filter(\.$phoneIndex ~~ keys.phoneIndexes("13900001111")).count() == 0)

            // The SMS outbox holds the phone sealed too, and hands the sender the plain number.
            let recipients = try await sql.raw("SELECT recipient FROM outbox_messages").all().map { try $0.decode(column: "recipient", as: String.self) }
            #expect(recipients.count == 3 && recipients.allSatisfy { $0.hasPrefix("ms1.") && !$0.contains("1234") })
            let sender = RecordingSender()
            #expect(try await Outbox.drain(on: app.db, keys: app.dataKeys, clock: app.clock, logger: app.logger, using: sender) == 3)
            #expect(Set(sender.sent.withLockedValue { $0 }) == ["13812341234", "13812341234", "13900009999"])
        }
    }

    @Test func theSQLiteFileHoldsNoPhoneOrNameInPlainText() async throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var number = ""
        try await Self.withFileApp(dir, keys: .text(current: DataKeyring.Key.generate(), previous: [])) { app in
            for i in 0..<5 {
                let r = try await RequestActions.take(Self.intake(name: "欧阳娜娜", phone: "1391234567\(i)",
                                                                 text: "明文对照：幸福路路灯不亮第\(i)次"), in: app.writeContext()).request
                number = r.trackingNumber
            }
            // Through the app, whole again.
            let r = try #require(try await CitizenRequestRecord.query(on: app.db).filter(\.$trackingNumber == number).first())
            #expect(try r.requesterPhone(app.dataKeys) == "13912345674")
        }
        // Every byte the database left on disk: the file, its WAL and anything beside it.
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasPrefix("minsheng.sqlite") {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(name))))
        }
        // The control: plain columns are found, so a missing phone is not a grep that cannot match.
        #expect(bytes.range(of: Data("明文对照".utf8)) != nil && bytes.range(of: Data(number.utf8)) != nil)
        for i in 0..<5 { #expect(bytes.range(of: Data("1391234567\(i)".utf8)) == nil) }
        #expect(bytes.range(of: Data("欧阳娜娜".utf8)) == nil)
    }

    @Test func plainRowsFromBeforeAreSealedInAuditedBatches() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let taken = try await RequestActions.take(Self.intake(), in: app.writeContext()).request
            // Rows as migration 0027 left them: plain name and phone, no index; a plain SMS recipient.
            let old = UUID(), sms = UUID()
            try await sql.raw("""
                INSERT INTO citizen_requests (id, tracking_number, channel, received_at, requester_name, requester_phone, confidential, \
                kind, category_code, text, urgency, state, return_count, return_upheld, redo_count, unreasonable, created_at, updated_at) \
                VALUES (\(bind: old), '2026070100001', 'hotline', \(bind: Date()), '李四', '13900001111', \(bind: false), 'help', '0103', \
                '旧工单', 'normal', 'received', 0, \(bind: false), 0, \(bind: false), \(bind: Date()), \(bind: Date()))
                """).run()
            try await sql.raw("INSERT INTO outbox_messages (id, channel, recipient, text, created_at) VALUES (\(bind: sms), 'sms', '13900001111', '旧短信', \(bind: Date()))").run()
            #expect(try await PersonalDataSealing.counts(on: app.db)[.requesterPhone]?["plain"] == 1)

            let outcome = try await PersonalDataSealing.sealAll(in: app.writeContext(), batchSize: 1)
            #expect(outcome == .init(rows: 2, batches: 2))   // the old request, the old SMS; the new row was sealed already
            let counts = try await PersonalDataSealing.counts(on: app.db)
            #expect(counts[.requesterPhone] == [app.dataKeys.current.id: 2] && counts[.outboxRecipient] == [app.dataKeys.current.id: 2])
            let r = try #require(try await CitizenRequestRecord.find(old, on: app.db))
            #expect(try r.requesterName(app.dataKeys) == "李四" && r.phoneIndex == app.dataKeys.phoneIndex("13900001111"))
            #expect(try await CitizenRequestRecord.find(taken.id!, on: app.db)?.sealedPhone == taken.sealedPhone) // untouched
            // Audited through the one write path, and the chain still verifies.
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "dataKey.reseal").count() == 2)
            #expect(try await AuditChain.verify(on: app.db, key: app.auditKey).isIntact)
            // A second run finds nothing: restartable and idempotent.
            #expect(try await PersonalDataSealing.sealAll(in: app.writeContext()) == .init())
            // The migration that does this for existing installations ran.
            #expect(try await sql.raw("SELECT name FROM _fluent_migrations WHERE name = '0071_SealPersonalData'").first() != nil)
        }
    }

    // MARK: rotation

    @Test func rotationReencryptsEveryRowResumesAndLetsTheOldKeyGo() async throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = (dir as NSString).appendingPathComponent("keys.txt")
        try DataKeyring.write([DataKeyring.Key.generate()], to: file)
        try await Self.withFileApp(dir, keys: .file(file)) { app in
            let old = app.dataKeys.current
            var ids: [UUID] = []
            for i in 0..<7 { ids.append(try await RequestActions.take(Self.intake(phone: "1380000000\(i)"), in: app.writeContext()).request.id!) }
            let before = try #require(try await CitizenRequestRecord.find(ids[0], on: app.db)).sealedPhone

            // The current key cannot be retired.
            await #expect(throws: CommandFailure.self) { try await DataKeyRotation.retire(old.id, app: app) }

            // A rotation cut off after writing its key: the new key is current, no row re-encrypted yet.
            let fresh = try DataKeyring.Key(base64: DataKeyring.Key.generate(), origin: "test")
            try DataKeyring.write([fresh.base64, old.base64], to: file)
            app.dataKeys = try DataKeyring.read(file, origin: "test")
            // Still readable through the older key, and found by phone; the old key cannot go yet.
            #expect(try await CitizenRequestRecord.find(ids[3], on: app.db)?.requesterPhone(app.dataKeys) == "13800000003")
            #expect(try await CitizenRequestRecord.query(on: app.db).filter(\.$phoneIndex ~~ app.dataKeys.phoneIndexes("13800000003")).count() == 1)
            await #expect(throws: CommandFailure.self) { try await DataKeyRotation.retire(old.id, app: app) }

            // Run again: it resumes (no third key) and finishes.
            let resumed = try await DataKeyRotation.rotate(app)
            #expect(resumed.resumed && resumed.addedKey == nil && resumed.outcome.rows == 14) // 7 requests + 7 SMS
            #expect(app.dataKeys.ids == [fresh.id, old.id])
            let counts = try await PersonalDataSealing.counts(on: app.db)
            #expect(counts.values.allSatisfy { $0.keys.sorted() == [fresh.id] })

            // The old key goes; every row still opens; a value sealed under it no longer does.
            try await DataKeyRotation.retire(old.id, app: app)
            #expect(app.dataKeys.ids == [fresh.id])
            #expect(try DataKeyring.read(file, origin: "test").ids == [fresh.id])
            for (i, id) in ids.enumerated() {
                #expect(try await CitizenRequestRecord.find(id, on: app.db)?.requesterPhone(app.dataKeys) == "1380000000\(i)")
            }
            #expect(throws: DataKeyError.self) { try app.dataKeys.open(before, .requesterPhone, row: ids[0]) }

            // A new rotation with nothing pending adds a key, and re-encrypts everything under it.
            let next = try await DataKeyRotation.rotate(app)
            let added = try #require(next.addedKey)
            #expect(!next.resumed && next.outcome.rows == 14 && app.dataKeys.ids == [added, fresh.id])
            #expect(try await CitizenRequestRecord.find(ids[6], on: app.db)?.requesterPhone(app.dataKeys) == "13800000006")
            #expect(try await DataKeyRotation.status(app).contains { $0.contains("citizen_requests.requester_phone: \(added): 7") })
            #expect(try await AuditChain.verify(on: app.db, key: app.auditKey).isIntact)
        }
    }

    @Test func dataUnderAnUnconfiguredKeyIsNamed() async throws {
        try await withTestApp { app in
            _ = try await RequestActions.take(Self.intake(), in: app.writeContext())
            #expect(try await PersonalDataSealing.missingKeys(on: app.db, keys: app.dataKeys).isEmpty)
            let other = try Self.keyring()
            let missing = try await PersonalDataSealing.missingKeys(on: app.db, keys: other)
            #expect(missing == [app.dataKeys.current.id])
            let message = PersonalDataSealing.MissingKeys(ids: missing, origin: other.origin).description
            #expect(message.contains(app.dataKeys.current.id) && message.contains("MINSHENG_DATA_KEY"))
            // Rotating under the wrong keys refuses before writing anything.
            app.dataKeys = other
            await #expect(throws: PersonalDataSealing.MissingKeys.self) { try await DataKeyRotation.rotate(app) }
        }
    }
}

/// Records what the outbox hands over.
final class RecordingSender: SMSSender {
    let sent = NIOLockedValueBox<[String]>([])
    func send(to recipient: String, text: String) async throws { sent.withLockedValue { $0.append(recipient) } }
}
