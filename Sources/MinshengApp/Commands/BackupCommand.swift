import Foundation
import Vapor

/// `minsheng backup FILE`: a consistent copy of the database, the upload folders and a SHA-256
/// manifest in one `.tar.gz` (``Backup``), taken while the server may be writing.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The archive to write (.tar.gz)")
        var file: String
    }

    var help: String { "Backs up the database and uploads into one archive: backup FILE" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let started = Date()
        let summary = try await Backup.create(app: context.application, to: signature.file)
        context.console.print("备份完成 (backup written): \(signature.file) — \(summary.storage), \(summary.files) files, "
                              + "\(summary.bytes) bytes, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

/// `minsheng restore FILE --data DIR [--force]`: checks the archive against its manifest, then
/// restores it into the data directory, refusing a non-empty one unless `--force`. The archive never
/// holds the personal data keys: a restored copy whose values name a key this configuration lacks
/// is reported (exit status 1) with the key ids it needs.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The archive written by `minsheng backup`")
        var file: String
        @Flag(name: "force", help: "Replace what the data directory holds")
        var force: Bool
    }

    var help: String { "Restores a backup into the data directory: restore FILE --data DIR [--force]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let config = context.application.minshengConfig
        var databaseURL: String?
        if case .postgres(let url) = config.storage { databaseURL = url }
        let summary = try Backup.restore(archive: signature.file, into: config.dataDirectory, force: signature.force,
                                         databaseURL: databaseURL)
        context.console.print("恢复完成 (restored) into \(config.dataDirectory): \(summary.storage), \(summary.files) files checked "
                              + "against the manifest; run `minsheng audit verify --data \(config.dataDirectory)` to check the audit chain")
        // The personal data keys are never in the archive: say at once whether this configuration holds them.
        let app = context.application
        let missing = try await PersonalDataSealing.missingKeys(on: app.db, keys: app.dataKeys)
        guard missing.isEmpty else {
            throw CommandFailure("恢复的数据无法完全读取 (restored, but the personal data cannot be read): "
                                 + PersonalDataSealing.MissingKeys(ids: missing, origin: app.dataKeys.origin).description)
        }
        context.console.print("个人数据密钥齐全 (personal data keys present; current \(app.dataKeys.current.id), from \(app.dataKeys.origin))")
    }
}
