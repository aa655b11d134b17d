import Foundation
import CLibFuzzer
import PolicyParser

/// The fuzzers' entry points: one input in, through the public reader and parser exactly as the
/// app calls them (`DocumentReader.readDocument` then `PlanParser.parse`), with the checks that
/// must hold for any input. A thrown `DocumentReadError` is a correct answer (bad input refused);
/// a trap, a hang or a failed check is a finding.
public enum FuzzEntry {
    /// An `.xlsx` upload: the plan reader, and the requests import's row reader.
    public static func xlsx(_ data: Data) {
        document(data, filename: "fuzz.xlsx")
        if let rows = try? SpreadsheetRows.xlsx(data) {
            check(rows.allSatisfy { $0.allSatisfy { !$0.hasPrefix(" ") } }, "xlsx rows are trimmed")
        }
    }

    /// A `.docx` upload.
    public static func docx(_ data: Data) {
        document(data, filename: "fuzz.docx")
    }

    /// A saved web page.
    public static func html(_ data: Data) {
        document(data, filename: "fuzz.html")
    }

    /// Any bytes named `.txt`: content sniffing (ZIP, RTF, HTML, binary), text decoding (UTF-8,
    /// UTF-16, GB18030), then the parser; and the same bytes as a CSV for the requests import.
    public static func bytes(_ data: Data) {
        document(data, filename: "fuzz.txt")
        _ = try? SpreadsheetRows.csv(data)
    }

    /// Text pasted into the form: the parser alone.
    public static func text(_ data: Data) {
        parse(String(decoding: data, as: UTF8.self), source: "fuzz")
    }

    static func document(_ data: Data, filename: String) {
        let document: ReadDocument
        do {
            document = try DocumentReader.readDocument(data: data, filename: filename)
        } catch {
            check(!error.chineseMessage.isEmpty, "every read error has a message")
            return
        }
        check(!document.text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }, "a read document has text")
        check(!document.text.contains("\r"), "line ends are \\n")
        checkPlan(PlanParser().parse(document, source: filename), source: filename)
    }

    static func parse(_ text: String, source: String) {
        checkPlan(PlanParser().parse(text: text, source: source), source: source)
    }

    /// What must hold for any plan: sane line ranges, numbered items, finite targets.
    static func checkPlan(_ plan: ParsedPlan, source: String) {
        check(plan.source == source, "source kept")
        for item in plan.items {
            check(item.lines.from >= 1 && item.lines.from <= item.lines.to, "item \(item.number) lines \(item.lines)")
            check(!item.number.isEmpty, "an item without a number")
            for target in item.targets {
                check(target.value.isFinite, "item \(item.number) target \(target.value)")
            }
        }
        for diagnostic in plan.diagnostics {
            check(diagnostic.line >= 0, "diagnostic line \(diagnostic.line)")
        }
    }

    /// A failed check stops the process, so the fuzzer records the input as a crash.
    static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() {
            FileHandle.standardError.write(Data("fuzz check failed: \(message())\n".utf8))
            abort()
        }
    }
}

/// Starts libFuzzer's loop on one of ``FuzzEntry``'s targets. SwiftPM links every executable with
/// `main` set to `<Module>_main`; each fuzzer defines that function and calls this.
public enum FuzzDriver {
    nonisolated(unsafe) static var target: (Data) -> Void = { _ in }

    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                           target: @escaping (Data) -> Void) -> CInt {
        Self.target = target
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
            let data = start.map { Data(bytes: $0, count: count) } ?? Data()
            FuzzDriver.target(data)
            return 0
        }
    }
}
