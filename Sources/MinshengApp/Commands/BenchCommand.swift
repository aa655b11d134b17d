import Foundation
import PolicyParser
import Vapor

/// `minsheng bench parse [--iterations N] [--no-scaling] [DIR | FILE...]`: times the plan parser in process.
///
/// Reads the documents once (default: the five seeds in `../shared/corpus/seeds`), then parses
/// all of them together N times and prints mean / min / p50 / max per pass in milliseconds (the
/// issue's goal: ≤ 20 ms for the five seeds with a release build). It then parses synthetic
/// documents of 100 KB, 1 MB and 10 MB, made by repeating the largest document with its figures
/// varied, and prints the time per MB to show that time grows linearly with size.
struct BenchCommand: AnyAsyncCommand {
    var help: String {
        "Benchmarks the parser: bench parse [--iterations N] [--no-scaling] [DIR | FILE...] (解析器基准测试)"
    }

    static let defaultSeeds = "../shared/corpus/seeds"
    /// Synthetic sizes projected to take longer than this (60 s) are skipped with a note.
    static let scalingBudgetMilliseconds = 60_000.0

    /// The command line, parsed.
    struct Options: Equatable {
        var iterations = 50
        var paths: [String] = []
        var scaling = true
        var help = false

        static func parse(_ arguments: [String]) throws -> Options {
            var options = Options()
            var rest = arguments
            guard let what = rest.first, !what.hasPrefix("-") else {
                if arguments.contains("--help") || arguments.contains("-h") { options.help = true; return options }
                throw ParserCommandFailure("用法: minsheng bench parse [--iterations N] [DIR | FILE...] (usage)")
            }
            guard what == "parse" else {
                throw ParserCommandFailure("未知的基准 \(what),目前只有 parse (unknown benchmark)")
            }
            rest.removeFirst()
            var index = 0
            while index < rest.count {
                let argument = rest[index]
                switch argument {
                case "--iterations", "-n":
                    guard index + 1 < rest.count, let count = Int(rest[index + 1]), count > 0 else {
                        throw ParserCommandFailure("--iterations 需要一个正整数 (--iterations needs a positive integer)")
                    }
                    options.iterations = count
                    index += 1
                case "--no-scaling":
                    options.scaling = false
                case "--help", "-h":
                    options.help = true
                default:
                    if argument.hasPrefix("--iterations="), let count = Int(argument.dropFirst("--iterations=".count)), count > 0 {
                        options.iterations = count
                    } else if argument.hasPrefix("-") {
                        throw ParserCommandFailure("未知选项 \(argument) (unknown option)")
                    } else {
                        options.paths.append(argument)
                    }
                }
                index += 1
            }
            return options
        }
    }

    func outputHelp(using context: inout CommandContext) throws {
        context.console.print("""
        Usage: minsheng bench parse [--iterations N] [--no-scaling] [DIR | FILE...]

          DIR | FILE...   documents to parse (default \(Self.defaultSeeds))
          --iterations N  timed passes over all documents (default 50)
          --no-scaling    skip the 100 KB / 1 MB / 10 MB synthetic inputs
        """)
    }

    func run(using context: inout CommandContext) async throws {
        let options = try Options.parse(context.input.arguments)
        if options.help {
            try outputHelp(using: &context)
            return
        }
        let documents = try Self.loadDocuments(options.paths.isEmpty ? [Self.defaultSeeds] : options.paths)
        let totalBytes = documents.reduce(0) { $0 + $1.text.utf8.count }
        let parser = PlanParser()

        #if DEBUG
        print("注意: debug build; measure with `swift run -c release minsheng bench parse` (numbers below are not representative)")
        #endif

        // Warm-up pass: first-use costs (regex compilation, tables) are not what is measured.
        var itemCount = 0
        for document in documents {
            itemCount += parser.parse(text: document.text, source: document.name).items.count
        }

        var passes: [Double] = []
        passes.reserveCapacity(options.iterations)
        let clock = ContinuousClock()
        for _ in 0..<options.iterations {
            let elapsed = clock.measure {
                for document in documents {
                    blackHole(parser.parse(text: document.text, source: document.name))
                }
            }
            passes.append(Self.milliseconds(elapsed))
        }
        let stats = Statistics(passes)
        print("parse: \(documents.count) documents, \(Self.formatBytes(totalBytes)), \(itemCount) items; \(options.iterations) passes")
        print(String(format: "  per pass of all %d: mean %.2f ms  min %.2f ms  p50 %.2f ms  max %.2f ms  (goal ≤ 20 ms for the five seeds)",
                     documents.count, stats.mean, stats.min, stats.median, stats.max))

        try benchSpreadsheet(rows: 1_000, runs: options.iterations >= 3 ? 3 : 1)

        guard options.scaling, let largest = documents.max(by: { $0.text.utf8.count < $1.text.utf8.count }) else { return }
        print("scaling: \(largest.name) repeated with varied figures")
        var previousRate: Double?
        for (label, size) in [("100 KB", 100 * 1024), ("1 MB", 1024 * 1024), ("10 MB", 10 * 1024 * 1024)] {
            let text = Self.synthetic(from: largest.text, bytes: size)
            let megabytes = Double(text.utf8.count) / 1_048_576
            // A parser that grows faster than linearly would take minutes on 10 MB: say so instead.
            if let rate = previousRate, rate * megabytes > Self.scalingBudgetMilliseconds {
                let padded = label.padding(toLength: 7, withPad: " ", startingAt: 0)
                print("  " + padded + String(format: " skipped: would take more than %.0f s at the previous size's %.1f ms/MB",
                                             rate * megabytes / 1000, rate))
                continue
            }
            let runs = size >= 10 * 1024 * 1024 ? 1 : 3
            var times: [Double] = []
            var items = 0
            for _ in 0..<runs {
                var plan: ParsedPlan?
                let elapsed = clock.measure { plan = parser.parse(text: text, source: "synthetic-\(label)") }
                items = plan?.items.count ?? 0
                times.append(Self.milliseconds(elapsed))
            }
            let best = times.min() ?? 0
            previousRate = best / megabytes
            let padded = label.padding(toLength: 7, withPad: " ", startingAt: 0)
            print("  " + padded + String(format: " %10.1f ms  %8.1f ms/MB  (%d items, best of %d)",
                                         best, best / megabytes, items, runs))
        }
    }

    /// Times reading and parsing a 项目汇总表 workbook of `rows` projects, written by the App's
    /// own xlsx writer in the shape cities publish (序号 | 项目名称 | 建设内容 | 牵头领导 | 牵头单位 |
    /// 配合单位 | 完成时限 | 年度投资(万元)); the goal is under 1 s for 1,000 rows.
    func benchSpreadsheet(rows: Int, runs: Int) throws {
        let units = ["市教育局", "市民政局", "市卫生健康委", "市住房城乡建设局", "市交通运输局"]
        var sheet: [[XlsxCell]] = [["序号", "项目名称", "建设内容", "牵头领导", "牵头单位", "配合单位", "完成时限", "年度投资(万元)"]]
        for i in 1...rows {
            sheet.append([.number(Double(i)), .text("第\(i)号民生项目建设工程"),
                          .text("新建改造设施\(10 + i % 90)处，服务群众\(1000 + i)人以上"), .text("副市长王明"),
                          .text(units[i % units.count]), .text(units[(i + 1) % units.count] + "、各区政府"),
                          .text("2026年\(1 + i % 12)月"), .number(Double(100 + i))])
        }
        let data = try XlsxWriter.data(sheets: [XlsxSheet(name: "项目汇总表", rows: sheet)])
        var times: [Double] = []
        var items = 0
        for _ in 0..<runs {
            var plan: ParsedPlan?
            let elapsed = try ContinuousClock().measure {
                let document = try DocumentReader.readDocument(data: data, filename: "bench.xlsx")
                plan = PlanParser().parse(document, source: "bench.xlsx")
            }
            items = plan?.items.count ?? 0
            times.append(Self.milliseconds(elapsed))
        }
        print(String(format: "xlsx: %d rows (%@), read and parsed in %.1f ms (best of %d), %d items (goal < 1 s)",
                     rows, Self.formatBytes(data.count), times.min() ?? 0, runs, items))
    }

    /// A document to time.
    struct Document {
        var name: String
        var text: String
    }

    /// Reads every readable document under the given directories and files, sorted by name.
    static func loadDocuments(_ paths: [String]) throws -> [Document] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ParserCommandFailure("\(path): 文件或目录不存在 (not found)")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { ["txt", "html", "htm", "docx", "rtf", "doc"].contains(($0 as NSString).pathExtension.lowercased()) }
                    .sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else { throw ParserCommandFailure("没有可解析的文件 (no documents found)") }
        return try files.map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ParserCommandFailure("\(path): 无法读取文件 (cannot read)")
            }
            let name = (path as NSString).lastPathComponent
            do throws(DocumentReadError) {
                return Document(name: name, text: try DocumentReader.read(data: data, filename: name))
            } catch {
                throw ParserCommandFailure("\(path): \(error.chineseMessage)")
            }
        }
    }

    /// About `bytes` of text made from copies of `seed`; in copy *k* every ASCII digit *d* becomes
    /// *(d + k) mod 10*, so figures and years vary while the outline stays the genre's. Cut at a line end.
    static func synthetic(from seed: String, bytes: Int) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes + seed.utf8.count)
        var copy = 0
        while output.count < bytes {
            for byte in seed.utf8 {
                if byte >= 0x30 && byte <= 0x39 {
                    output.append(0x30 + (byte - 0x30 + UInt8(copy % 10)) % 10)
                } else {
                    output.append(byte)
                }
            }
            output.append(0x0A)
            copy += 1
        }
        var end = min(bytes, output.count)
        while end > 0 && output[end - 1] != 0x0A { end -= 1 }
        return String(decoding: output[..<end], as: UTF8.self)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    static func formatBytes(_ count: Int) -> String {
        count >= 1024 * 1024 ? String(format: "%.1f MB", Double(count) / 1_048_576) : String(format: "%.1f KB", Double(count) / 1024)
    }

    /// Mean, min, median and max of a non-empty sample.
    struct Statistics {
        var mean: Double, min: Double, median: Double, max: Double

        init(_ sample: [Double]) {
            let sorted = sample.sorted()
            mean = sorted.reduce(0, +) / Double(Swift.max(1, sorted.count))
            min = sorted.first ?? 0
            max = sorted.last ?? 0
            median = sorted.isEmpty ? 0 : (sorted.count % 2 == 1
                ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        }
    }
}

/// Keeps the optimiser from discarding a result that is only timed.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
