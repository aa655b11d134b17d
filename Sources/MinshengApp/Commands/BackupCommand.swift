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
/// restores it into the data directory, refusing a non-empty one unless `--force`.
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
    }
}
