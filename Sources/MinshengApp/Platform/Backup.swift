import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor
import MinshengStore

/// Backups (数据备份与恢复, 等保2.0 三级): one `.tar.gz` holding a consistent copy of the database,
/// every upload folder of the data directory, and `MANIFEST.sha256` (SHA-256 of every other file,
/// in `sha256sum` format, so `sha256sum -c` checks it too). Taken while the server writes:
///
/// - SQLite: `VACUUM INTO` a new file, a transaction-consistent copy made through SQLite itself
///   (the WAL included), never a copy of the live file's bytes;
/// - PostgreSQL: `pg_dump --format=custom` (one snapshot), when `pg_dump` is on the PATH.
///
/// The archive holds the generated audit key (`audit.key`) only when the key was generated into
/// the data directory (development, the demo), so that a restored demo verifies; a configured key
/// (`MINSHENG_AUDIT_KEY`, `MINSHENG_AUDIT_KEY_FILE`) is never written into a backup.
enum Backup {
    static let manifestName = "MANIFEST.sha256"
    static let infoName = "backup.json"
    static let sqliteName = "minsheng.sqlite"
    static let pgDumpName = "minsheng.pgdump"

    /// What `backup.json` says.
    struct Info: Codable, Sendable {
        var format = 1
        var createdAt: Date
        /// `sqlite` or `postgres`.
        var storage: String
        var files: Int
        var bytes: Int64
    }

    struct Summary: Sendable {
        var files: Int
        var bytes: Int64
        var storage: String
    }

    // MARK: - backup

    /// Writes the archive to `file`.
    static func create(app: Application, to file: String) async throws -> Summary {
        let config = app.minshengConfig
        let fm = FileManager.default
        let staging = try temporaryDirectory(near: file)
        defer { try? fm.removeItem(atPath: staging) }
        let storage: String
        switch config.storage {
        case .sqliteFile, .sqliteMemory:
            storage = "sqlite"
            guard let sql = app.db as? any SQLDatabase else { throw BackupError.noSQL }
            let target = (staging as NSString).appendingPathComponent(sqliteName)
            try await sql.raw("VACUUM INTO \(bind: target)").run()
        case .postgres(let url):
            storage = "postgres"
            guard let pgDump = executable("pg_dump") else { throw BackupError.missingTool("pg_dump") }
            let target = (staging as NSString).appendingPathComponent(pgDumpName)
            try run(pgDump, ["--format=custom", "--no-owner", "--file", target, "--dbname", libpqURL(url)])
        }
        // Every folder of the data directory is uploads (attachments, request photos …).
        let data = config.dataDirectory
        for name in (try? fm.contentsOfDirectory(atPath: data)) ?? [] where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let path = (data as NSString).appendingPathComponent(name)
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            try copyTree(path, to: (staging as NSString).appendingPathComponent("files/\(name)"))
        }
        if case .generatedInDataDirectory = config.auditKey {
            let key = (data as NSString).appendingPathComponent(AuditKey.generatedFileName)
            if fm.fileExists(atPath: key) {
                try fm.copyItem(atPath: key, toPath: (staging as NSString).appendingPathComponent(AuditKey.generatedFileName))
            }
        }
        let listed = try regularFiles(under: staging)
        let bytes = try listed.reduce(Int64(0)) { $0 + (try fileSize((staging as NSString).appendingPathComponent($1))) }
        let info = Info(createdAt: app.clock.now(), storage: storage, files: listed.count, bytes: bytes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(info).write(to: URL(fileURLWithPath: (staging as NSString).appendingPathComponent(infoName)))
        try manifest(of: staging).write(toFile: (staging as NSString).appendingPathComponent(manifestName), atomically: true, encoding: .utf8)
        // Written beside the target and renamed into place: a half-written archive never has its name.
        let partial = file + ".partial"
        try? fm.removeItem(atPath: partial)
        try run(try tar(), ["-czf", partial, "-C", staging, "."])
        if fm.fileExists(atPath: file) { try fm.removeItem(atPath: file) }
        try fm.moveItem(atPath: partial, toPath: file)
        return Summary(files: listed.count, bytes: bytes, storage: storage)
    }

    // MARK: - restore

    /// Restores `archive` into the data directory `data`: refuses a non-empty directory unless
    /// `force`, and an archive whose files do not match its manifest (nothing is written then).
    /// On PostgreSQL (`databaseURL`), the dump is restored into that database with `pg_restore`.
    static func restore(archive: String, into data: String, force: Bool, databaseURL: String?) throws -> Summary {
        let fm = FileManager.default
        guard fm.fileExists(atPath: archive) else { throw BackupError.notFound(archive) }
        let existing = ((try? fm.contentsOfDirectory(atPath: data)) ?? []).filter { $0 != ".DS_Store" }
        if !existing.isEmpty && !force { throw BackupError.notEmpty(data) }
        try fm.createDirectory(atPath: data, withIntermediateDirectories: true)
        let staging = try temporaryDirectory(near: (data as NSString).appendingPathComponent("restore"))
        defer { try? fm.removeItem(atPath: staging) }
        try run(try tar(), ["-xzf", archive, "-C", staging, "--no-same-owner", "--no-same-permissions"])
        // Only regular files and folders: a link in an archive could point anywhere.
        try rejectLinks(under: staging)
        try checkManifest(in: staging)
        let info = try JSONDecoder.iso8601.decode(Info.self, from: Data(contentsOf: URL(fileURLWithPath: (staging as NSString).appendingPathComponent(infoName))))

        // Checked: now replace what is there.
        switch info.storage {
        case "sqlite":
            for suffix in ["", "-wal", "-shm", "-journal"] {
                // A WAL left from the old database would be replayed into the restored one.
                try? fm.removeItem(atPath: (data as NSString).appendingPathComponent(sqliteName + suffix))
            }
            try fm.moveItem(atPath: (staging as NSString).appendingPathComponent(sqliteName),
                            toPath: (data as NSString).appendingPathComponent(sqliteName))
        case "postgres":
            guard let databaseURL else { throw BackupError.needsDatabaseURL }
            guard let pgRestore = executable("pg_restore") else { throw BackupError.missingTool("pg_restore") }
            var arguments = ["--no-owner", "--exit-on-error", "--dbname", libpqURL(databaseURL)]
            if force { arguments += ["--clean", "--if-exists"] }
            try run(pgRestore, arguments + [(staging as NSString).appendingPathComponent(pgDumpName)])
        default:
            throw BackupError.unknownStorage(info.storage)
        }
        let files = (staging as NSString).appendingPathComponent("files")
        for name in (try? fm.contentsOfDirectory(atPath: files)) ?? [] {
            let target = (data as NSString).appendingPathComponent(name)
            try? fm.removeItem(atPath: target)
            try fm.moveItem(atPath: (files as NSString).appendingPathComponent(name), toPath: target)
        }
        let key = (staging as NSString).appendingPathComponent(AuditKey.generatedFileName)
        if fm.fileExists(atPath: key) {
            let target = (data as NSString).appendingPathComponent(AuditKey.generatedFileName)
            try? fm.removeItem(atPath: target)
            try fm.moveItem(atPath: key, toPath: target)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        }
        return Summary(files: info.files, bytes: info.bytes, storage: info.storage)
    }

    // MARK: - manifest

    /// `sha256sum` lines (`<hex>  <path>`) for every regular file under `root` but the manifest,
    /// sorted by path.
    static func manifest(of root: String) throws -> String {
        try regularFiles(under: root).filter { $0 != manifestName }.map { path in
            "\(try sha256(ofFile: (root as NSString).appendingPathComponent(path)))  \(path)\n"
        }.joined()
    }

    /// Every file present is listed, every listed file is present, and each has its listed hash.
    static func checkManifest(in root: String) throws {
        let path = (root as NSString).appendingPathComponent(manifestName)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw BackupError.badManifest("no \(manifestName)") }
        var listed: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[1].hasPrefix(" ") else { throw BackupError.badManifest("unreadable line: \(line)") }
            listed[String(parts[1].dropFirst())] = String(parts[0])
        }
        let present = Set(try regularFiles(under: root).filter { $0 != manifestName })
        if let extra = present.subtracting(listed.keys).sorted().first { throw BackupError.badManifest("\(extra) is not in the manifest") }
        if let missing = Set(listed.keys).subtracting(present).sorted().first { throw BackupError.badManifest("\(missing) is missing") }
        for (file, hash) in listed.sorted(by: { $0.key < $1.key }) {
            guard try sha256(ofFile: (root as NSString).appendingPathComponent(file)) == hash else {
                throw BackupError.badManifest("\(file): SHA-256 differs from the manifest")
            }
        }
    }

    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupError.notFound(path) }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return AuditChain.hex(hasher.finalize())
    }

    // MARK: - files and tools

    /// Paths (relative, sorted) of the regular files under `root`.
    static func regularFiles(under root: String) throws -> [String] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            let attributes = try fm.attributesOfItem(atPath: (root as NSString).appendingPathComponent(path))
            if attributes[.type] as? FileAttributeType == .typeRegular { files.append(path) }
        }
        return files.sorted()
    }

    static func rejectLinks(under root: String) throws {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root) else { return }
        while let path = walker.nextObject() as? String {
            let type = try fm.attributesOfItem(atPath: (root as NSString).appendingPathComponent(path))[.type] as? FileAttributeType
            guard type == .typeRegular || type == .typeDirectory else { throw BackupError.badManifest("\(path) is not a regular file") }
        }
    }

    static func copyTree(_ source: String, to target: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: target, withIntermediateDirectories: true)
        for path in try regularFiles(under: source) {
            let destination = (target as NSString).appendingPathComponent(path)
            try fm.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.copyItem(atPath: (source as NSString).appendingPathComponent(path), toPath: destination)
        }
    }

    static func fileSize(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// A new private folder beside `path` (same file system, so files move by renaming).
    static func temporaryDirectory(near path: String) throws -> String {
        let parent = (path as NSString).deletingLastPathComponent
        let dir = ((parent.isEmpty ? "." : parent) as NSString).appendingPathComponent(".minsheng-backup-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return dir
    }

    static func tar() throws -> String {
        guard let tar = ["/bin/tar", "/usr/bin/tar"].first(where: FileManager.default.isExecutableFile(atPath:)) ?? executable("tar") else {
            throw BackupError.missingTool("tar")
        }
        return tar
    }

    /// The full path of `name` on the PATH, or nil.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { ($0 as NSString).appendingPathComponent(name) }
            .first(where: FileManager.default.isExecutableFile(atPath:))
    }

    /// libpq spells the app's `tlsmode=disable` as `sslmode=disable`.
    static func libpqURL(_ url: String) -> String {
        url.replacingOccurrences(of: "tlsmode=", with: "sslmode=")
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BackupError.toolFailed((executable as NSString).lastPathComponent, process.terminationStatus,
                                         String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

enum BackupError: Error, CustomStringConvertible {
    case noSQL, needsDatabaseURL
    case missingTool(String)
    case toolFailed(String, Int32, String)
    case notFound(String)
    case notEmpty(String)
    case badManifest(String)
    case unknownStorage(String)

    var description: String {
        switch self {
        case .noSQL: "数据库不支持 SQL"
        case .needsDatabaseURL: "该备份是 PostgreSQL 的，恢复需要设置 DATABASE_URL (a PostgreSQL backup restores into DATABASE_URL)"
        case .missingTool(let tool): "找不到 \(tool) (not on the PATH)"
        case .toolFailed(let tool, let status, let message): "\(tool) 失败 (exit \(status)): \(message)"
        case .notFound(let path): "文件不存在: \(path)"
        case .notEmpty(let dir): "目标数据目录不为空: \(dir)（确认覆盖请加 --force）(the data directory is not empty; --force replaces it)"
        case .badManifest(let what): "备份文件校验失败，未做任何恢复 (the archive does not match its manifest; nothing was restored): \(what)"
        case .unknownStorage(let s): "未知的备份数据库类型: \(s)"
        }
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
