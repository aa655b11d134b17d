import Foundation
import Vapor

/// `minsheng audit verify`: walks the audit chain (``AuditChain/verify(on:key:pageSize:)``) and
/// exits non-zero naming the first broken entry (id, time, what is wrong).
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Checks the audit trail's hash chain and signed day heads: audit verify" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw CommandFailure("未知操作 \(signature.action);用法: audit verify") }
        let app = context.application
        let result = try await AuditChain.verify(on: app.db, key: app.auditKey)
        for line in Self.report(result, keyOrigin: app.auditKey.origin) { context.console.print(line) }
        if let problem = result.problem {
            throw CommandFailure("审计链断裂 (audit chain broken) at \(problem)")
        }
    }

    /// What the command prints (a failure's cause is printed by the error).
    static func report(_ r: AuditChain.Verification, keyOrigin: String) -> [String] {
        var lines: [String] = []
        let span = r.firstDay.map { first in first == r.lastDay ? first : "\(first) – \(r.lastDay ?? first)" } ?? "—"
        if r.isIntact {
            lines.append("审计链完整 (audit chain intact): \(r.entries) entries in \(r.days) days (\(span)); "
                         + "every day's head signature valid (key: \(keyOrigin))")
        } else {
            lines.append("checked \(r.entries) entries in \(r.days) days (\(span)) before the break (key: \(keyOrigin))")
        }
        if r.unchained > 0 {
            lines.append("\(r.unchained) earlier entries were written before the chain began (migration 0050_ChainAuditEntries) "
                         + "and are not covered by it (链前旧条目)")
        } else {
            lines.append("the chain began at migration 0050_ChainAuditEntries; no entry predates it")
        }
        return lines
    }
}
