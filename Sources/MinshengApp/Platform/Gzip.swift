import CNIOExtrasZlib
import NIOCore

/// gzip of a whole buffer, through the zlib copy in swift-nio-extras that Vapor already links.
/// Used to compress a cached listing once, not per response, so at zlib's best level.
enum Gzip {
    static func compress(_ input: ByteBuffer) -> ByteBuffer? {
        var stream = cnioextras_z_stream()
        // windowBits 16 + 15: a gzip wrapper rather than raw zlib.
        guard CNIOExtrasZlib_deflateInit2(&stream, CNIOEXTRAS_Z_BEST_COMPRESSION, CNIOEXTRAS_Z_DEFLATED, 16 + 15, 8,
                                          CNIOEXTRAS_Z_DEFAULT_STRATEGY) == CNIOEXTRAS_Z_OK else { return nil }
        defer { cnioextras_z_deflateEnd(&stream) }
        let bound = Int(cnioextras_z_deflateBound(&stream, UInt(input.readableBytes))) + 32
        var output = ByteBufferAllocator().buffer(capacity: bound)
        var finished = false
        input.withUnsafeReadableBytes { inBytes in
            _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { outBytes in
                stream.next_in = UnsafeMutablePointer(mutating: inBytes.bindMemory(to: UInt8.self).baseAddress)
                stream.avail_in = UInt32(inBytes.count)
                stream.next_out = outBytes.bindMemory(to: UInt8.self).baseAddress
                stream.avail_out = UInt32(outBytes.count)
                finished = cnioextras_z_deflate(&stream, CNIOEXTRAS_Z_FINISH) == CNIOEXTRAS_Z_STREAM_END
                return finished ? outBytes.count - Int(stream.avail_out) : 0
            }
        }
        return finished ? output : nil
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
