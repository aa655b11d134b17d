import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Vapor
import MinshengStore

/// `minsheng import FILE [--publish]`: parses a plan document (txt/GB18030, html, docx) into a
/// draft plan, optionally publishing it, and prints the counts and diagnostics.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Plan document (.txt, .html, .docx)")
        var file: String
        @Flag(name: "publish", help: "Publish the plan after importing it")
        var publish: Bool
    }

    var help: String { "Imports a plan document as a draft plan (--publish to publish it)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let url = URL(fileURLWithPath: signature.file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CommandFailure("\(signature.file): 无法读取文件 (cannot read file)")
        }
        let text: String
        do {
            text = try DocumentReader.read(data: data, filename: url.lastPathComponent)
        } catch {
            throw CommandFailure("\(signature.file): \(error.chineseMessage)")
        }
        let outcome: PlanImporter.Outcome
        do {
            outcome = try await PlanImporter().importText(text, filename: url.lastPathComponent, in: app.writeContext(actor: .system))
            if signature.publish {
                try await PlanActions.publish(planID: PlanID(outcome.planID), in: app.writeContext(actor: .system))
            }
        } catch {
            // A refusal (an untitled row, a plan that is no draft) prints as the API words it.
            guard let refusal = ErrorMapping.refusal(error) else { throw error }
            throw CommandFailure("\(signature.file): \(refusal.description)")
        }
        for diagnostic in outcome.diagnostics {
            context.console.print("  第\(diagnostic.line)行 [\(diagnostic.code.rawValue)] \(diagnostic.reason): \(diagnostic.excerpt)")
        }
        context.console.print("导入 \(outcome.title): \(outcome.commitments) 项任务, \(outcome.targets) 项指标, \(outcome.diagnostics.count) 条诊断\(signature.publish ? ", 已发布" : ", 草稿")")
        context.console.print(outcome.planID.uuidString)
    }
}
