import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes of a plain-text file → `String`: UTF-8 (with or without BOM), UTF-16 (BOM or
/// evident from NUL patterns), and GB18030 — the superset of GB2312 and GBK in which many
/// government files (政府公文) are still saved.
enum TextDecoding {
    /// Share of invalid sequences (as replacement characters) tolerated before a file counts as
    /// undecodable: a few damaged bytes should not keep a plan out, a file in another encoding should.
    static let toleratedErrorRatio = 0.01
    /// Invalid sequences always tolerated, however short the file.
    static let toleratedErrors = 8.0

    static func decode(_ data: Data) throws(DocumentReadError) -> String {
        let bytes = [UInt8](data)
        return normaliseLineEnds(try decodeBytes(bytes))
    }

    static func decodeBytes(_ bytes: [UInt8]) throws(DocumentReadError) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes.dropFirst(3))
            try rejectBinary(body)
            if let text = try utf8(body) { return text }
            return try lossyUTF8(body)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return try utf16(Array(bytes.dropFirst(2)), littleEndian: true)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return try utf16(Array(bytes.dropFirst(2)), littleEndian: false)
        }
        if let littleEndian = utf16WithoutBOM(bytes) {
            return try utf16(bytes, littleEndian: littleEndian)
        }
        try rejectBinary(bytes)
        if let text = try utf8(bytes) { return text }
        if let text = gb18030(bytes) { return text }
        return try lossyUTF8(bytes)
    }

    /// NUL bytes, or more than 1% C0 control characters other than tab, line feed, form feed and
    /// carriage return, mean the file is binary. Neither UTF-8 nor GB18030 uses bytes below 0x20
    /// inside multi-byte characters, so the check is valid before decoding.
    static func rejectBinary(_ bytes: [UInt8]) throws(DocumentReadError) {
        var controls = 0
        for byte in bytes where byte < 0x20 || byte == 0x7F {
            switch byte {
            case 0x00:
                throw .notText
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1A:
                continue
            default:
                controls += 1
            }
        }
        if controls > 8 && Double(controls) > Double(bytes.count) * 0.01 {
            throw .notText
        }
    }

    /// Strict UTF-8. A multi-byte character cut off at the very end (a truncated download) is dropped.
    static func utf8(_ bytes: [UInt8]) throws(DocumentReadError) -> String? {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let trimmed = dropIncompleteUTF8Tail(bytes)
        if trimmed.count != bytes.count, let text = String(validating: trimmed, as: UTF8.self) {
            return text
        }
        return nil
    }

    /// UTF-8 with a few bad bytes replaced by U+FFFD; too many bad bytes → `.undecodable`.
    static func lossyUTF8(_ bytes: [UInt8]) throws(DocumentReadError) -> String {
        let text = String(decoding: dropIncompleteUTF8Tail(bytes), as: UTF8.self)
        var replaced = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            if scalar == "\u{FFFD}" { replaced += 1 }
        }
        guard total > 0, Double(replaced) <= max(toleratedErrors, Double(total) * toleratedErrorRatio) else {
            throw .undecodable
        }
        return text
    }

    static func dropIncompleteUTF8Tail(_ bytes: [UInt8]) -> [UInt8] {
        // Walk back over at most three continuation bytes to the lead byte of the last character.
        var index = bytes.count - 1
        var continuation = 0
        while index >= 0, continuation < 4, bytes[index] & 0xC0 == 0x80 {
            index -= 1
            continuation += 1
        }
        guard index >= 0 else { return bytes }
        let lead = bytes[index]
        let needed: Int
        switch lead {
        case 0xC0...0xDF: needed = 1
        case 0xE0...0xEF: needed = 2
        case 0xF0...0xF7: needed = 3
        default: return bytes
        }
        return continuation < needed ? Array(bytes[..<index]) : bytes
    }

    /// UTF-16 without a BOM shows itself by NUL high bytes on ASCII characters (line ends, digits).
    /// Returns `true` for little-endian, `false` for big-endian, nil when the bytes do not look like UTF-16.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> Bool? {
        let sample = bytes.prefix(4096)
        guard sample.count >= 8, sample.count % 2 == 0 || bytes.count > 4096 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for (offset, byte) in sample.enumerated() where byte == 0 {
            if offset % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let pairs = sample.count / 2
        if oddZeros * 5 >= pairs && evenZeros * 20 < pairs { return true }
        if evenZeros * 5 >= pairs && oddZeros * 20 < pairs { return false }
        return nil
    }

    static func utf16(_ bytes: [UInt8], littleEndian: Bool) throws(DocumentReadError) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let low = UInt16(bytes[index]), high = UInt16(bytes[index + 1])
            units.append(littleEndian ? (high << 8 | low) : (low << 8 | high))
            index += 2
        }
        let text = String(decoding: units, as: UTF16.self)
        var replaced = 0
        var controls = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            if scalar == "\u{FFFD}" { replaced += 1 }
            if scalar.value == 0 { throw .notText }
            if scalar.value < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains(scalar.value) { controls += 1 }
        }
        guard total > 0 else { throw .empty }
        if controls > 8 && Double(controls) > Double(total) * 0.01 { throw .notText }
        guard Double(replaced) <= max(toleratedErrors, Double(total) * toleratedErrorRatio) else { throw .undecodable }
        return text
    }

    /// GB18030 through the C library's `iconv` (glibc on Linux, libiconv on macOS).
    /// A double-byte character cut off at the end is dropped; a few invalid bytes become U+FFFD;
    /// more than ``toleratedErrorRatio`` of them → nil.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        guard let converted = iconvConvert(bytes, from: "GB18030") else { return nil }
        let (text, errors) = converted
        var total = 0
        for _ in text.unicodeScalars { total += 1 }
        guard Double(errors) <= max(toleratedErrors, Double(total) * toleratedErrorRatio) else { return nil }
        return text
    }

    /// Converts `bytes` from `encoding` to UTF-8 with iconv; returns the text and the number of
    /// invalid sequences replaced, or nil when iconv does not know the encoding.
    static func iconvConvert(_ bytes: [UInt8], from encoding: String) -> (String, Int)? {
        let descriptor = iconv_open("UTF-8", encoding)
        guard let descriptor, descriptor != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }

        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2 + 16)
        var errors = 0
        let chunk = 64 * 1024
        var buffer = [CChar](repeating: 0, count: chunk)
        var input = bytes.map { CChar(bitPattern: $0) }
        let inputCount = input.count
        var consumed = 0

        input.withUnsafeMutableBufferPointer { inBuffer in
            buffer.withUnsafeMutableBufferPointer { outBuffer in
                guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { return }
                while consumed < inputCount {
                    var inPointer: UnsafeMutablePointer<CChar>? = inBase + consumed
                    var inLeft = inputCount - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = outBase
                    var outLeft = chunk
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let failure = result == -1 ? errno : 0
                    let produced = chunk - outLeft
                    output.append(contentsOf: UnsafeRawBufferPointer(start: outBase, count: produced))
                    consumed = inputCount - inLeft
                    if result != -1 { break }
                    switch failure {
                    case E2BIG:
                        continue
                    case EINVAL:
                        // An incomplete character at the end: drop it.
                        consumed = inputCount
                    default:
                        // EILSEQ: skip one byte, mark the gap.
                        errors += 1
                        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        consumed += 1
                    }
                }
            }
        }
        return (String(decoding: output, as: UTF8.self), errors)
    }

    /// `\r\n` and lone `\r` → `\n`.
    static func normaliseLineEnds(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        // Byte-wise: Foundation's replacingOccurrences is slow on multi-megabyte strings on Linux.
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0D {
                output.append(0x0A)
                previousWasCR = true
                continue
            }
            if !(byte == 0x0A && previousWasCR) { output.append(byte) }
            previousWasCR = false
        }
        return String(decoding: output, as: UTF8.self)
    }
}
