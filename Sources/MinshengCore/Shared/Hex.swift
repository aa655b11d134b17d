/// Lowercase hexadecimal text of bytes (digests, keys, tokens): two characters a byte, written
/// straight into one buffer (`String(format: "%02x")` per byte costs a formatted string each,
/// which showed as the largest single cost of an intake under load).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
