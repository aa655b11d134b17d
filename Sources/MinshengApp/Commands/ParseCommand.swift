import Foundation
import PolicyParser
import Vapor

/// Registers the parser's commands: `minsheng parse …` and `minsheng bench parse …`.
///
/// Called from `registerCommands(_:)` / `configure`.
func registerParserCommands(_ app: Application) {
    app.asyncCommands.use(ParseCommand(), as: "parse")
    app.asyncCommands.use(BenchCommand(), as: "bench")
}

/// A parser command failed in a way the user can fix; `main` prints it without a backtrace and exits 1.
struct ParserCommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// `minsheng parse FILE... [--out DIR] [--diagnostics]`: reads plan documents (txt in UTF-8 or
/// GB18030, html, docx, rtf) and writes their structure as JSON (`corpus/SCHEMA.md`).
///
/// With `--out DIR` each input `NAME.ext` becomes `DIR/NAME.json`; without it a single input is
/// printed to standard output (several inputs as a JSON array). `--diagnostics` prints what the
/// parser could not place, one `file:line: reason: excerpt` per line, to standard error. Unreadable
/// files are named with the reason (e.g. `a.docx: Word 文件(.docx)已损坏:…`); the others are still
/// written, and the command then exits non-zero.
///
/// Options are read by hand (`AnyAsyncCommand`) because ConsoleKit has no variadic arguments.
struct ParseCommand: AnyAsyncCommand {
    var help: String {
        "Parses plan documents to JSON: parse FILE... [--out DIR] [--diagnostics] (解析民生实事计划文件)"
    }

    /// The command line, parsed.
    struct Options: Equatable {
        var files: [String] = []
        var outDirectory: String?
        var diagnostics = false
        var help = false

        /// Reads `arguments` (after the command name).
        static func parse(_ arguments: [String]) throws -> Options {
            var options = Options()
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                switch argument {
                case "--out", "-o":
                    guard index + 1 < arguments.count else { throw ParserCommandFailure("--out 需要一个目录 (--out needs a directory)") }
                    options.outDirectory = arguments[index + 1]
                    index += 1
                case "--diagnostics", "-d":
                    options.diagnostics = true
                case "--help", "-h":
                    options.help = true
                default:
                    if argument.hasPrefix("--out=") {
                        options.outDirectory = String(argument.dropFirst("--out=".count))
                    } else if argument.hasPrefix("-") && argument != "-" {
                        throw ParserCommandFailure("未知选项 \(argument) (unknown option)")
                    } else {
                        options.files.append(argument)
                    }
                }
                index += 1
            }
            return options
        }
    }

    func outputHelp(using context: inout CommandContext) throws {
        context.console.print("""
        Usage: minsheng parse FILE... [--out DIR] [--diagnostics]

          FILE            plan document: .txt (UTF-8, UTF-16, GB18030/GBK), .html/.htm, .docx, .rtf;
                          - reads standard input
          --out DIR       write DIR/<base name>.json for each FILE (created if missing)
          --diagnostics   print what could not be placed (file:line: reason: excerpt) to stderr

        Without --out, one FILE is printed as JSON to stdout.
        """)
    }

    func run(using context: inout CommandContext) async throws {
        let options = try Options.parse(context.input.arguments)
        if options.help {
            try outputHelp(using: &context)
            return
        }
        guard !options.files.isEmpty else {
            try outputHelp(using: &context)
            throw ParserCommandFailure("请指定要解析的文件 (no input file given)")
        }
        if let directory = options.outDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        var failures: [String] = []
        var printed: [ParsedPlan] = []
        var written: [String: String] = [:]
        for path in options.files {
            let name = path == "-" ? "stdin" : (path as NSString).lastPathComponent
            let base = (name as NSString).deletingPathExtension
            // a.txt and a.html would both become a.json: refuse the second rather than overwrite.
            if options.outDirectory != nil, let earlier = written[base] {
                failures.append("\(path): 与 \(earlier) 的输出文件 \(base).json 重名,未写入")
                continue
            }
            written[base] = path
            let plan: ParsedPlan
            do {
                plan = try Self.parseFile(atPath: path)
            } catch {
                // Reported once, all together, by the error thrown at the end (printed by `main`).
                failures.append("\(path): \(error.chineseMessage)")
                continue
            }
            if options.diagnostics {
                FileHandle.standardError.write(Data(Self.diagnosticsReport(plan, file: path).utf8))
            }
            if let directory = options.outDirectory {
                let target = URL(fileURLWithPath: directory).appendingPathComponent(base + ".json")
                try Self.encode(plan).write(to: target, options: .atomic)
            } else {
                printed.append(plan)
            }
        }
        if options.outDirectory == nil, !printed.isEmpty {
            let json = printed.count == 1 ? try Self.encode(printed[0]) : try Self.encode(printed)
            FileHandle.standardOutput.write(json)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        if !failures.isEmpty {
            throw ParserCommandFailure(failures.count == 1 ? failures[0] : "\(failures.count) 个文件无法读取:\n" + failures.joined(separator: "\n"))
        }
    }

    /// Why a file could not be parsed.
    enum FileError: Error {
        case unreadable(String)
        case read(DocumentReadError)

        var chineseMessage: String {
            switch self {
            case let .unreadable(reason): return reason
            case let .read(error): return error.chineseMessage
            }
        }
    }

    /// Reads and parses one file; the plan's `source` is the file's name.
    static func parseFile(atPath path: String) throws(FileError) -> ParsedPlan {
        if path == "-" {
            // Standard input: the format is found from the content alone.
            let data = FileHandle.standardInput.readDataToEndOfFile()
            do {
                return PlanParser().parse(text: try DocumentReader.read(data: data, filename: "stdin"), source: "stdin")
            } catch {
                throw .read(error)
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable("文件不存在")
        }
        guard !isDirectory.boolValue else { throw .unreadable("这是一个目录,不是文件") }
        // Refuse oversized files before loading them into memory.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber,
           size.intValue > DocumentReader.defaultSizeLimit {
            throw .read(.tooLarge(bytes: size.intValue, limit: DocumentReader.defaultSizeLimit))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable("无法读取文件(权限不足或读取失败)")
        }
        let name = (path as NSString).lastPathComponent
        do {
            let text = try DocumentReader.read(data: data, filename: name)
            return PlanParser().parse(text: text, source: name)
        } catch {
            throw .read(error)
        }
    }

    /// Pretty JSON with sorted keys (stable diffs); slashes and Chinese written as they are, not escaped.
    static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        return try encoder.encode(value)
    }

    /// `file:line: reason: excerpt` per diagnostic.
    static func diagnosticsReport(_ plan: ParsedPlan, file: String) -> String {
        plan.diagnostics.map { "\(file):\($0.line): \($0.reason): \($0.excerpt)\n" }.joined()
    }
}
