import Foundation
import Vapor

/// `minsheng export plan ID --xlsx [--out FILE]`: writes a plan's 项目汇总表 (one row per project,
/// the header row the parser reads tables by), so that importing the file gives the plan back.
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "What to export: plan")
        var what: String
        @Argument(name: "id", help: "The plan's id")
        var id: String
        @Flag(name: "xlsx", help: "As an Excel workbook (the only format so far)")
        var xlsx: Bool
        @Option(name: "out", help: "File to write (default: <id>.xlsx in the working directory)")
        var out: String?
    }

    var help: String { "Exports a plan as its 项目汇总表 workbook (export plan ID --xlsx)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.what == "plan" else { throw CommandFailure("只能导出计划：export plan ID --xlsx (only plans can be exported)") }
        guard signature.xlsx else { throw CommandFailure("请指定格式 --xlsx (say --xlsx)") }
        guard let id = UUID(uuidString: signature.id) else { throw CommandFailure("\(signature.id): 不是计划编号 (not a plan id)") }
        let facts: PlanFacts
        do {
            facts = try await PlanQueries.facts(planID: id, on: context.application.db)
        } catch {
            throw CommandFailure("\(signature.id): 计划不存在 (no such plan)")
        }
        let path = signature.out ?? "\(id.uuidString).xlsx"
        try PlanWorkbook.data(facts).write(to: URL(fileURLWithPath: path))
        context.console.print("已导出 \(facts.plan.title)：\(facts.commitments.count) 项 → \(path)")
    }
}
