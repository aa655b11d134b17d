import Foundation
import Vapor

/// `minsheng demo [--reset] [--synthetic N]`: loads the labelled demo data (when the database is
/// empty), rebuilds it (`--reset`), or adds a generated plan of N commitments with a year of
/// reports (`--synthetic N`, for benchmarks).
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "reset", help: "Remove the demo plans and users and load them again")
        var reset: Bool
        @Option(name: "synthetic", help: "Add a generated plan with N commitments and 12 months of reports")
        var synthetic: Int?
    }

    var help: String { "Loads demo data: --reset rebuilds it; --synthetic N adds a generated N-commitment plan" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let loader = DemoLoader(app: context.application)
        if signature.reset {
            try await loader.reset()
            context.console.print("演示数据已重建")
        }
        if let n = signature.synthetic {
            guard n > 0 && n <= 100_000 else { throw CommandFailure("--synthetic 应为 1 到 100000") }
            let planID = try await loader.loadSynthetic(count: n)
            context.console.print("合成计划已生成: /api/v1/plans/\(planID)/commitments")
            context.console.print(planID.uuidString)
        }
        if !signature.reset && signature.synthetic == nil {
            try await loader.loadIfEmpty()
            context.console.print("演示数据已就绪")
        }
    }
}
