import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), as every authenticator app
/// makes them: HMAC-SHA1, 6 digits, 30-second steps counted from the Unix epoch. Pure: the time and
/// the secret are given; the last step a user's code was accepted at is given too, so a code used
/// once is refused the second time (replay).
public struct Totp: Sendable, Equatable {
    public var digits: Int
    public var period: TimeInterval
    /// Steps either side of now still accepted (clock drift between phone and server).
    public var window: Int

    public init(digits: Int = 6, period: TimeInterval = 30, window: Int = 1) {
        self.digits = digits
        self.period = period
        self.window = window
    }

    /// The standard the authenticator apps assume (6 digits, 30 s, ±1 step).
    public static let standard = Totp()

    /// The step `date` falls in: seconds since 1970 ÷ period, rounded down.
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / period).rounded(.down))
    }

    /// HOTP (RFC 4226 §5.3) of `counter`: the code shown for that step, zero-padded.
    public func code(secret: [UInt8], counter: Int64) -> String {
        var big = UInt64(bitPattern: counter).bigEndian
        let message = withUnsafeBytes(of: &big) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: max(0, digits - value.count)) + value
    }

    /// The code shown at `date`.
    public func code(secret: [UInt8], at date: Date) -> String {
        code(secret: secret, counter: step(at: date))
    }

    /// The step whose code `typed` is (spaces ignored), within ``window`` steps of `date`, and
    /// later than `lastUsedStep` (a code, or an older one, already used is refused); nil otherwise.
    /// Compared in constant time per step.
    public func verify(_ typed: String, secret: [UInt8], at date: Date, lastUsedStep: Int64?) -> Int64? {
        let code = typed.filter { !$0.isWhitespace }
        guard code.count == digits, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let now = step(at: date)
        var found: Int64?
        for candidate in (now - Int64(window))...(now + Int64(window)) {
            if let lastUsedStep, candidate <= lastUsedStep { continue }
            if Self.equal(self.code(secret: secret, counter: candidate), code) { found = candidate }
        }
        return found
    }

    private static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// The `otpauth://` URI an authenticator app reads (from a QR code or typed): issuer and
    /// account name percent-encoded, the secret in base32 without padding.
    public func uri(secret: [UInt8], account: String, issuer: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s }
        return "otpauth://totp/\(encode(issuer)):\(encode(account))?secret=\(Base32.encode(secret))"
            + "&issuer=\(encode(issuer))&algorithm=SHA1&digits=\(digits)&period=\(Int(period))"
    }
}

/// RFC 4648 base32 (A–Z, 2–7), as TOTP secrets are shown and typed.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Without `=` padding, as authenticator apps expect.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Any case, spaces, hyphens and padding ignored; nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for char in text.uppercased().utf8 {
            if char == UInt8(ascii: " ") || char == UInt8(ascii: "-") || char == UInt8(ascii: "=") { continue }
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return out
    }
}
