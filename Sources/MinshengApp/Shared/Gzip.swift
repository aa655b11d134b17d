import CNIOExtrasZlib
import NIOCore

/// gzip of a whole buffer, through the zlib copy in swift-nio-extras that Vapor already links.
/// Used to compress a cached listing once, not per response.
enum Gzip {
    static func compress(_ input: ByteBuffer) -> ByteBuffer? {
        var stream = cnioextras_z_stream()
        // windowBits 16 + 15: a gzip wrapper rather than raw zlib.
        guard CNIOExtrasZlib_deflateInit2(&stream, CNIOEXTRAS_Z_DEFAULT_COMPRESSION, CNIOEXTRAS_Z_DEFLATED, 16 + 15, 8,
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
