import Foundation

/// Rich Text Format (`.rtf`, and the many government "`.doc`" downloads that are RTF inside) → text.
///
/// Reads the body's characters: `\'hh` bytes in the document's code page (`\ansicpg936` →
/// GB18030, `950` → Big5), `\uN` Unicode escapes with their `\ucN` fallbacks skipped, `\par` and
/// `\line` as line breaks, and table rows (`\cell` … `\row`) as one line with cells joined by ` | `.
/// Font, colour and style tables, pictures, headers, footers, field instructions and every `\*`
/// destination are skipped. Linear in the input; group nesting is capped.
enum RTFReader {
    /// Groups nested deeper than this are read as if they were flat.
    static let maximumDepth = 500

    /// Destinations whose text is not part of the document body.
    static let skippedDestinations: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "headerl", "headerr",
        "headerf", "footerl", "footerr", "footerf", "footnote", "fldinst", "themedata", "colorschememapping",
        "latentstyles", "datastore", "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator",
        "mmathPr", "filetbl", "revtbl", "pgdsctbl", "annotation", "atnid", "atnauthor", "bkmkstart", "bkmkend",
        "nonshppict", "shppict", "blipuid", "template", "userprops", "docvar", "xe", "tc", "wgrffmtfilter",
        "listtext", "pntext", "pntxta", "pntxtb",
    ]

    struct GroupState {
        var skipping = false
        var unicodeSkip = 1
    }

    static func text(from data: Data) throws(DocumentReadError) -> String {
        let bytes = [UInt8](data)
        guard bytes.starts(with: Array("{\\rtf".utf8)) else { throw .notText }
        var reader = Reader(bytes: bytes)
        reader.run()
        let lines = reader.output.split(separator: "\n", omittingEmptySubsequences: false)
            .map { HTMLReader.trim(String($0)) }
            .filter { !$0.isEmpty }
        return lines.joined(separator: "\n")
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0
        var output = ""
        /// Bytes of the current run in the document's code page, decoded when the run ends.
        var pending: [UInt8] = []
        var codePage = 1252
        var stack: [GroupState] = []
        var state = GroupState()
        /// Characters still to skip after a `\uN` (its ANSI fallback).
        var fallbackToSkip = 0
        var depthOverflow = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func emit(_ text: String) {
            flush()
            if !state.skipping { output += text }
        }

        mutating func emitByte(_ byte: UInt8) {
            if fallbackToSkip > 0 {
                fallbackToSkip -= 1
                return
            }
            if !state.skipping { pending.append(byte) }
        }

        /// Decodes the pending code-page bytes.
        mutating func flush() {
            guard !pending.isEmpty else { return }
            defer { pending.removeAll(keepingCapacity: true) }
            switch codePage {
            case 936, 54936, 20936:
                output += TextDecoding.gb18030(pending) ?? String(decoding: pending, as: UTF8.self)
            case 950:
                output += TextDecoding.iconvConvert(pending, from: "BIG5-HKSCS")?.0 ?? String(decoding: pending, as: UTF8.self)
            case 65001:
                output += String(decoding: pending, as: UTF8.self)
            default:
                // Windows-1252 / Latin-1 for the ASCII range and Western punctuation.
                output += String(String.UnicodeScalarView(pending.map { Unicode.Scalar($0) }))
            }
        }

        func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        mutating func run() {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "{"):
                    flush()
                    if stack.count < RTFReader.maximumDepth {
                        stack.append(state)
                    } else {
                        depthOverflow += 1
                    }
                    index += 1
                case UInt8(ascii: "}"):
                    flush()
                    if depthOverflow > 0 {
                        depthOverflow -= 1
                    } else if let previous = stack.popLast() {
                        state = previous
                    }
                    fallbackToSkip = 0
                    index += 1
                case UInt8(ascii: "\\"):
                    controlSequence()
                case 0x0A, 0x0D:
                    index += 1
                default:
                    emitByte(byte)
                    index += 1
                }
            }
            flush()
        }

        mutating func controlSequence() {
            index += 1
            guard index < bytes.count else { return }
            let next = bytes[index]
            if isLetter(next) {
                let start = index
                while index < bytes.count, isLetter(bytes[index]), index - start < 32 { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                var parameter: Int?
                var negative = false
                if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                    negative = true
                    index += 1
                }
                let digitsStart = index
                while index < bytes.count, isDigit(bytes[index]), index - digitsStart < 10 { index += 1 }
                if index > digitsStart {
                    parameter = Int(String(decoding: bytes[digitsStart..<index], as: UTF8.self)).map { negative ? -$0 : $0 }
                }
                if index < bytes.count, bytes[index] == 0x20 { index += 1 }
                controlWord(word, parameter)
                return
            }
            index += 1
            switch next {
            case UInt8(ascii: "'"):
                guard index + 1 < bytes.count,
                      let value = UInt8(String(decoding: bytes[index...(index + 1)], as: UTF8.self), radix: 16) else { return }
                index += 2
                emitByte(value)
            case UInt8(ascii: "*"):
                state.skipping = true
            case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                emitByte(next)
            case UInt8(ascii: "~"):
                emit(" ")
            case UInt8(ascii: "_"):
                emit("-")
            case 0x0A, 0x0D:
                emit("\n")
            default:
                break
            }
        }

        mutating func controlWord(_ word: String, _ parameter: Int?) {
            if RTFReader.skippedDestinations.contains(word) {
                flush()
                state.skipping = true
                return
            }
            switch word {
            case "ansicpg":
                if let parameter { codePage = parameter }
            case "par", "line", "sect", "page":
                emit("\n")
            case "tab":
                emit(" ")
            case "cell":
                emit(" | ")
            case "nestcell", "nestrow":
                emit(" ")
            case "row":
                flush()
                if !state.skipping {
                    while output.hasSuffix(" | ") || output.hasSuffix(" ") { output.removeLast(output.hasSuffix(" | ") ? 3 : 1) }
                    output += "\n"
                }
            case "uc":
                state.unicodeSkip = max(0, parameter ?? 1)
            case "u":
                guard let parameter else { return }
                let value = parameter < 0 ? parameter + 65536 : parameter
                if let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: value)) {
                    emit(String(Character(scalar)))
                }
                fallbackToSkip = state.unicodeSkip
            case "emdash": emit("—")
            case "endash": emit("–")
            case "lquote": emit("‘")
            case "rquote": emit("’")
            case "ldblquote": emit("“")
            case "rdblquote": emit("”")
            case "bullet": emit("•")
            default:
                break
            }
        }
    }
}
