import Foundation
import Vapor
import MinshengStore

/// `minsheng audit verify | export`.
struct AuditCommand: AsyncCommandGroup {
    var help: String { "The audit trail: audit verify | audit export --from DAY --to DAY FILE" }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand(), "export": AuditExportCommand()] }

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

/// `minsheng audit verify`: walks the audit chain (``AuditChain/verify(on:key:pageSize:)``) and
/// exits non-zero naming the first broken entry (id, time, what is wrong); then says whether the
/// entries reach back over the retention period (``AuditRetention``).
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks the audit trail's hash chain and signed day heads" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let result = try await AuditChain.verify(on: app.db, key: app.auditKey)
        for line in AuditCommand.report(result, keyOrigin: app.auditKey.origin) { context.console.print(line) }
        let days = app.minshengConfig.auditRetentionDays
        context.console.print("保存期限 (retention): \(days) 天 (days); entries are never deleted by Minsheng; oldest chained day: \(result.firstDay ?? "—")")
        if let problem = result.problem {
            throw CommandFailure("审计链断裂 (audit chain broken) at \(problem)")
        }
    }
}

/// `minsheng audit export [--from DAY] [--to DAY] FILE`: the chained entries of those days (Beijing
/// time, both included; by default the retention period up to today) as JSON Lines for the
/// auditors (``AuditExport``); `-` writes to standard output. The export is itself audited.
struct AuditExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "First day, YYYY-MM-DD (default: today minus the retention period)")
        var from: String?
        @Option(name: "to", help: "Last day, YYYY-MM-DD (default: today)")
        var to: String?
        @Argument(name: "file", help: "Where to write the JSON Lines (- for standard output)")
        var file: String
    }

    var help: String { "Exports the audit trail of a range of days as JSON Lines with each entry's hashes" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let today = app.clock.today
        let from = signature.from ?? today.adding(days: -app.minshengConfig.auditRetentionDays).description
        let range: AuditExport.DayRange
        do {
            range = try AuditExport.DayRange(from: from, to: signature.to ?? today.description)
        } catch let error as APIError {
            throw CommandFailure(error.fields.map { "--\($0.key): \($0.value)" }.sorted().joined(separator: "; "))
        }
        let summary: AuditExport.Summary
        if signature.file == "-" {
            summary = try await AuditExport.write(range, on: app.db) { line in
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        } else {
            guard FileManager.default.createFile(atPath: signature.file, contents: nil),
                  let handle = FileHandle(forWritingAtPath: signature.file) else {
                throw CommandFailure("无法写入 \(signature.file) (cannot write the file)")
            }
            defer { try? handle.close() }
            summary = try await AuditExport.write(range, on: app.db) { line in try handle.write(contentsOf: Data(line.utf8)) }
        }
        try await AuditExport.record(range, summary, destination: signature.file, in: app.writeContext())
        if signature.file != "-" {
            context.console.print("已导出 \(summary.entries) 条审计记录、\(summary.heads) 个签名链头 (\(range.from) – \(range.to)) 到 \(signature.file)")
        }
    }
}
