import CompressNIO
import NIOCore

/// gzip of a whole buffer, through compress-nio (zlib). Used to compress a cached listing once,
/// not per response, so at zlib's best level.
enum Gzip {
    static func compress(_ input: ByteBuffer) -> ByteBuffer? {
        var input = input
        return try? input.compress(with: .gzip, configuration: ZlibConfiguration(compressionLevel: .bestCompression))
    }
}

extension Gzip {
    /// Whether one `Accept-Encoding` value (`gzip, deflate, br`, `gzip;q=0.8`, `*`) admits gzip.
    /// A coding with `q=0` is refused (RFC 9110 §12.5.3). Read byte by byte: this runs on every
    /// cached listing.
    static func isAccepted(by header: String) -> Bool {
        for coding in header.utf8.split(separator: UInt8(ascii: ",")) {
            let parts = coding.split(separator: UInt8(ascii: ";"))
            guard let name = parts.first.map(trimmed) else { continue }
            guard equalsIgnoringCase(name, "gzip") || equalsIgnoringCase(name, "x-gzip") || equalsIgnoringCase(name, "*") else {
                continue
            }
            let refused = parts.dropFirst().contains { parameter in
                let p = trimmed(parameter)
                return equalsIgnoringCase(p, "q=0") || equalsIgnoringCase(p, "q=0.0")
                    || equalsIgnoringCase(p, "q=0.00") || equalsIgnoringCase(p, "q=0.000")
            }
            if !refused { return true }
        }
        return false
    }

    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) }) else { return bytes[bytes.endIndex...] }
        return bytes[first...last]
    }

    private static func equalsIgnoringCase(_ bytes: Substring.UTF8View.SubSequence, _ ascii: StaticString) -> Bool {
        guard bytes.count == ascii.utf8CodeUnitCount else { return false }
        return zip(bytes, UnsafeBufferPointer(start: ascii.utf8Start, count: ascii.utf8CodeUnitCount)).allSatisfy { a, b in
            lowercased(a) == lowercased(b)
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
