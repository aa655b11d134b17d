import Foundation
import Vapor
import MinshengStore

/// `minsheng keys status | rotate | retire --id ID | generate`: the personal data keys (``DataKeyring``).
///
/// - `status`: the configured keys (ids only) and how many stored values each key holds;
/// - `rotate`: a new key becomes current (written first into the key file; the old keys stay)
///   and every row is re-encrypted under it in audited batches. Restartable and idempotent: while
///   any value is not under the current key, `rotate` finishes that instead of adding a key. With
///   keys from the environment it cannot write a key: it re-encrypts under `MINSHENG_DATA_KEY`
///   (set the new key there and the old one in `MINSHENG_DATA_KEYS_PREVIOUS` first);
/// - `retire --id ID`: removes an older key from the key file once no value needs it;
/// - `generate`: prints a new random key (base64 of 32 bytes) for `MINSHENG_DATA_KEY`.
struct KeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "status | rotate | retire | generate")
        var action: String
        @Option(name: "id", help: "the key id to retire (keys retire --id ID)")
        var id: String?
    }

    var help: String { "Personal data keys: keys status | keys rotate | keys retire --id ID | keys generate" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "generate":
            context.console.print(DataKeyring.Key.generate())
        case "status":
            for line in try await DataKeyRotation.status(app) { context.console.print(line) }
        case "rotate":
            let report = try await DataKeyRotation.rotate(app) { outcome in
                context.console.print("  re-encrypted \(outcome.rows) rows (\(outcome.batches) batches)")
            }
            for line in report.lines { context.console.print(line) }
        case "retire":
            guard let id = signature.id else { throw CommandFailure("用法: keys retire --id ID（密钥编号见 keys status）") }
            try await DataKeyRotation.retire(id, app: app)
            context.console.print("已移除密钥 \(id) (key \(id) removed from \(app.dataKeys.file ?? ""))")
        default:
            throw CommandFailure("未知操作 \(signature.action);用法: keys status | rotate | retire --id ID | generate")
        }
    }
}

/// The steps of `minsheng keys`, apart from the console so that tests run them.
enum DataKeyRotation {
    struct Report: Sendable {
        var addedKey: String?
        var resumed: Bool
        var outcome: PersonalDataSealing.Outcome
        var lines: [String]
    }

    static func status(_ app: Application) async throws -> [String] {
        let keys = app.dataKeys
        var lines = ["密钥来源 (keys from): \(keys.origin)",
                     "当前密钥 (current): \(keys.current.id)" + (keys.keys.count > 1 ? "; 旧密钥 (older): \(keys.ids.dropFirst().joined(separator: ", "))" : "")]
        let counts = try await PersonalDataSealing.counts(on: app.db)
        for field in SealedField.allCases {
            let byKey = counts[field] ?? [:]
            let parts = byKey.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            lines.append("\(field.rawValue): " + (parts.isEmpty ? "0" : parts.joined(separator: ", ")))
        }
        let missing = try await PersonalDataSealing.missingKeys(on: app.db, keys: keys)
        if !missing.isEmpty { lines.append("缺少密钥 (missing keys): \(missing.joined(separator: ", "))") }
        return lines
    }

    /// Values not under the current key (plain ones included).
    static func stale(_ app: Application) async throws -> Int {
        let current = app.dataKeys.current.id
        return try await PersonalDataSealing.counts(on: app.db).values.reduce(0) { sum, byKey in
            sum + byKey.filter { $0.key != current }.values.reduce(0, +)
        }
    }

    static func rotate(_ app: Application, progress: (@Sendable (PersonalDataSealing.Outcome) -> Void)? = nil) async throws -> Report {
        let missing = try await PersonalDataSealing.missingKeys(on: app.db, keys: app.dataKeys)
        if !missing.isEmpty { throw PersonalDataSealing.MissingKeys(ids: missing, origin: app.dataKeys.origin) }
        var lines: [String] = []
        var added: String?
        let resumed = try await stale(app) > 0
        if resumed {
            lines.append("继续轮换 (resuming): values not under the current key \(app.dataKeys.current.id) are re-encrypted; no new key added")
        } else if let file = app.dataKeys.file {
            let fresh = try DataKeyring.Key(base64: DataKeyring.Key.generate(), origin: "new key")
            try DataKeyring.write([fresh.base64] + app.dataKeys.keys.map(\.base64), to: file)
            app.dataKeys = try DataKeyring.read(file, origin: app.dataKeys.origin)
            added = fresh.id
            lines.append("新密钥 (new current key) \(fresh.id) written first into \(file); older keys kept: \(app.dataKeys.ids.dropFirst().joined(separator: ", "))")
        } else {
            return Report(addedKey: nil, resumed: false, outcome: .init(), lines: [
                "所有个人数据已在当前密钥 \(app.dataKeys.current.id) 下 (every value is under the current key).",
                "密钥来自环境变量，本命令无法写入新密钥 (keys come from the environment): make one with `minsheng keys generate`, set it as MINSHENG_DATA_KEY, put the old one in MINSHENG_DATA_KEYS_PREVIOUS, restart, and run `minsheng keys rotate` again."])
        }
        let outcome = try await PersonalDataSealing.sealAll(in: app.writeContext(), progress: progress)
        lines.append("完成 (done): \(outcome.rows) rows re-encrypted in \(outcome.batches) batches under key \(app.dataKeys.current.id)")
        lines.append("Restart the servers so that they seal new values under the new key; keep the old key with the backups made before today, then `minsheng keys retire --id ID` removes it from the key file.")
        return Report(addedKey: added, resumed: resumed, outcome: outcome, lines: lines)
    }

    static func retire(_ id: String, app: Application) async throws {
        let keys = app.dataKeys
        guard keys.key(id) != nil else { throw CommandFailure("没有密钥 \(id) (no configured key has id \(id); see keys status)") }
        guard id != keys.current.id else { throw CommandFailure("不能移除当前密钥 \(id) (the current key cannot be retired; rotate first)") }
        let rows = try await PersonalDataSealing.rows(under: id, on: app.db)
        guard rows == 0 else {
            throw CommandFailure("仍有 \(rows) 条数据使用密钥 \(id)，请先运行 keys rotate (\(rows) values still need key \(id))")
        }
        guard let file = keys.file else {
            throw CommandFailure("密钥来自环境变量：请从 MINSHENG_DATA_KEYS_PREVIOUS 中删去该密钥 (remove it from MINSHENG_DATA_KEYS_PREVIOUS)")
        }
        try DataKeyring.write(keys.keys.filter { $0.id != id }.map(\.base64), to: file)
        app.dataKeys = try DataKeyring.read(file, origin: keys.origin)
    }
}
