import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import MinshengApp
import MinshengStore

/// The backup archive in-process (Scripts/backup-restore.sh runs the commands against a busy
/// server): what it holds, that a restore gives the same rows and a verifying audit chain, and
/// that the manifest catches a changed, a missing and an extra file.
@Suite struct BackupTests {
    static let onSQLite: Bool = { if case .postgres = AppConfig.testing().storage { false } else { true } }()
    static let hasTar = FileManager.default.isExecutableFile(atPath: "/bin/tar") || FileManager.default.isExecutableFile(atPath: "/usr/bin/tar")

    static func temporary(_ name: String) -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("minsheng-\(name)-\(UUID().uuidString)")
    }

    @Test(.enabled(if: onSQLite && hasTar, "SQLite and tar (the PostgreSQL path needs pg_dump and a second database: see the README)"))
    func aBackupRestoresToTheSameRowsAndAVerifyingChain() async throws {
        try await withTestApp { app in
            // setup: some writes, and an upload
            try await AuditChainTests.writeEntries(app, days: 2, perDay: 3)
            let uploads = (app.minshengConfig.dataDirectory as NSString).appendingPathComponent("attachments")
            try FileManager.default.createDirectory(atPath: uploads, withIntermediateDirectories: true)
            try Data("%PDF-1.4 test".utf8).write(to: URL(fileURLWithPath: (uploads as NSString).appendingPathComponent("a.pdf")))
            let archive = Self.temporary("backup") + ".tar.gz"
            let target = Self.temporary("restored")
            defer { try? FileManager.default.removeItem(atPath: archive); try? FileManager.default.removeItem(atPath: target) }
            // MUT
            let written = try await Backup.create(app: app, to: archive)
            let restored = try Backup.restore(archive: archive, into: target, force: false, databaseURL: nil)
            // validate: the files, then the database through an app of its own on the restored file
            #expect(written.storage == "sqlite" && restored.files == written.files)
            #expect(FileManager.default.contents(atPath: (target as NSString).appendingPathComponent("attachments/a.pdf"))
                == Data("%PDF-1.4 test".utf8))
            var config = AppConfig(dataDirectory: target)
            config.auditKey = .text("minsheng-test-audit-key")
            config.autoMigrate = false
            let copy = try await Application.make(.testing)
            copy.clock = .fixed(testToday)
            do {
                try await configure(copy, config: config)
                let users = try await UserRecord.query(on: copy.db).count()
                let entries = try await AuditEntryRecord.query(on: copy.db).count()
                #expect(users == (try await UserRecord.query(on: app.db).count()))
                #expect(entries == (try await AuditEntryRecord.query(on: app.db).count()))
                let verified = try await AuditChain.verify(on: copy.db, key: copy.auditKey)
                #expect(verified.isIntact && verified.entries == 6 && verified.days == 2)
            } catch {
                try? await copy.asyncShutdown()
                throw error
            }
            try await copy.asyncShutdown()
            // a second restore into the now non-empty directory needs --force
            #expect(throws: BackupError.self) { try Backup.restore(archive: archive, into: target, force: false, databaseURL: nil) }
            _ = try Backup.restore(archive: archive, into: target, force: true, databaseURL: nil)
        }
    }

    @Test func theManifestCatchesAChangedAMissingAndAnExtraFile() throws {
        let root = Self.temporary("manifest")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: (root as NSString).appendingPathComponent("files/photos"), withIntermediateDirectories: true)
        func put(_ path: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: (root as NSString).appendingPathComponent(path)))
        }
        try put("minsheng.sqlite", "database")
        try put("files/photos/p.jpg", "photo")
        try Backup.manifest(of: root).write(toFile: (root as NSString).appendingPathComponent(Backup.manifestName), atomically: true, encoding: .utf8)
        try Backup.checkManifest(in: root)   // as written: fine

        try put("files/photos/p.jpg", "Photo")
        #expect(throws: BackupError.self) { try Backup.checkManifest(in: root) }
        try put("files/photos/p.jpg", "photo")
        try put("files/photos/extra.jpg", "extra")
        #expect(throws: BackupError.self) { try Backup.checkManifest(in: root) }
        try fm.removeItem(atPath: (root as NSString).appendingPathComponent("files/photos/extra.jpg"))
        try fm.removeItem(atPath: (root as NSString).appendingPathComponent("files/photos/p.jpg"))
        #expect(throws: BackupError.self) { try Backup.checkManifest(in: root) }
    }
}
