import Foundation
import MinshengCore
import MinshengStore
import Vapor

// The store's write path (``WriteContext``, the audit chain, the keys, the working-day calendar)
// as the application holds it: one of each per process, made from the configuration in `configure`.

extension Application {
    private struct PlanCachesKey: StorageKey { typealias Value = [any PlanCache] }

    private struct SerialWritesKey: StorageKey { typealias Value = AsyncMutex }

    /// On SQLite, the turn every write of this process takes (set in `configure`); nil on PostgreSQL.
    var serialWrites: AsyncMutex? {
        get { storage[SerialWritesKey.self] }
        set { storage[SerialWritesKey.self] = newValue }
    }

    /// The plan caches writes must tell (set in `configure`).
    var planCaches: [any PlanCache] {
        get { storage[PlanCachesKey.self] ?? [] }
        set { storage[PlanCachesKey.self] = newValue }
    }

    /// A write context for commands and loaders: the system as actor.
    func writeContext(actor: AuditLog.Actor = .system) -> WriteContext {
        WriteContext(db: db, now: clock.now(), today: clock.today, actor: actor, caches: planCaches, workCalendar: workCalendar,
                     serialWrites: serialWrites, auditKey: auditKey, dataKeys: dataKeys)
    }
}

extension Request {
    /// A write context for this request, by `actor` (the signed-in user, usually).
    func writeContext(actor: AuditLog.Actor) -> WriteContext {
        WriteContext(db: db, now: clock.now(), today: today, actor: actor, caches: application.planCaches,
                     workCalendar: application.workCalendar, serialWrites: application.serialWrites,
                     auditKey: application.auditKey, dataKeys: application.dataKeys)
    }
}

extension Application {
    private struct AuditKeyStorageKey: StorageKey { typealias Value = AuditKey }

    /// The audit chain's signing key (set in `configure`).
    var auditKey: AuditKey {
        get { configured(AuditKeyStorageKey.self, "auditKey") }
        set { storage[AuditKeyStorageKey.self] = newValue }
    }
}

extension Application {
    private struct WorkCalendarKey: StorageKey { typealias Value = WorkCalendarStore }

    var workCalendar: WorkCalendarStore {
        get {
            if let store = storage[WorkCalendarKey.self] { return store }
            let store = WorkCalendarStore()
            storage[WorkCalendarKey.self] = store
            return store
        }
        set { storage[WorkCalendarKey.self] = newValue }
    }
}

extension Application {
    private struct DataKeyringStorageKey: StorageKey { typealias Value = DataKeyring }

    /// The personal data keys (set in `configure`).
    var dataKeys: DataKeyring {
        get { configured(DataKeyringStorageKey.self, "dataKeys") }
        set { storage[DataKeyringStorageKey.self] = newValue }
    }

    /// A value `configure` sets: reading it before is a programming error, and says which value.
    private func configured<Key: StorageKey>(_ key: Key.Type, _ name: String) -> Key.Value {
        guard let value = storage[key] else { fatalError("\(name) is read before configure") }
        return value
    }
}

extension AuditKey {
    static func resolve(_ source: AppConfig.AuditKeySource, dataDirectory: String) throws -> AuditKey {
        switch source {
        case .text(let text):
            return try AuditKey(text: text, origin: "MINSHENG_AUDIT_KEY")
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { throw AuditKeyError.unreadable(path) }
            return try AuditKey(text: String(decoding: data, as: UTF8.self), origin: "key file \(path)")
        case .generatedInDataDirectory:
            let path = (dataDirectory as NSString).appendingPathComponent(generatedFileName)
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            try createIfMissing(path)
            guard let data = FileManager.default.contents(atPath: path) else { throw AuditKeyError.unreadable(path) }
            return try AuditKey(text: String(decoding: data, as: UTF8.self), origin: "generated key file \(path)")
        }
    }
}

extension DataKeyring {
    static func resolve(_ source: AppConfig.DataKeySource, dataDirectory: String, create: Bool) throws -> DataKeyring {
        switch source {
        case .text(let current, let previous):
            let origin = "MINSHENG_DATA_KEY"
            var keys = [try Key(base64: current, origin: origin)]
            for (i, text) in previous.enumerated() { keys.append(try Key(base64: text, origin: "MINSHENG_DATA_KEYS_PREVIOUS[\(i)]")) }
            return DataKeyring(keys: keys, origin: origin, file: nil)
        case .file(let path):
            return try read(path, origin: "key file \(path)")
        case .generatedInDataDirectory:
            let path = (dataDirectory as NSString).appendingPathComponent(generatedFileName)
            if !FileManager.default.fileExists(atPath: path) {
                guard create else {
                    return DataKeyring(keys: [try Key(base64: Key.generate(), origin: "throwaway")],
                                       origin: "none (no MINSHENG_DATA_KEY, MINSHENG_DATA_KEY_FILE or \(path))", file: nil)
                }
                try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
                try createIfMissing(path)
            }
            return try read(path, origin: "generated key file \(path)")
        }
    }
}

/// A key problem reaches a page or the API as a 500 that says which key is missing.
extension DataKeyError: AbortError {
    package var status: HTTPResponseStatus { .internalServerError }
    package var reason: String { description }
}

/// The audit chain's day heads are served as they are (`GET /api/v1/audit/heads`).
extension AuditChain.Head: Content {}
