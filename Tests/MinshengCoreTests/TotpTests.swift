import Foundation
import Testing
@testable import MinshengCore

@Suite struct TotpTests {
    static let rfcSecret = Array("12345678901234567890".utf8)

    /// RFC 6238 Appendix B, the SHA-1 column (8 digits).
    @Test(arguments: [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ] as [(Int64, String)])
    func rfc6238AppendixB(time: Int64, expected: String) {
        let totp = Totp(digits: 8)
        #expect(totp.code(secret: Self.rfcSecret, at: Date(timeIntervalSince1970: TimeInterval(time))) == expected)
    }

    /// Six digits are the last six of the eight (the same truncation, a smaller modulus).
    @Test func sixDigitsAreTheLastSix() {
        let at = Date(timeIntervalSince1970: 59)
        #expect(Totp.standard.code(secret: Self.rfcSecret, at: at) == "287082")
    }

    @Test func acceptsOneStepEitherSideAndNoMore() {
        let totp = Totp.standard
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let step = totp.step(at: now)
        for offset in Int64(-1)...1 {
            let code = totp.code(secret: Self.rfcSecret, counter: step + offset)
            #expect(totp.verify(code, secret: Self.rfcSecret, at: now, lastUsedStep: nil) == step + offset)
        }
        for offset in [Int64(-2), 2] {
            let code = totp.code(secret: Self.rfcSecret, counter: step + offset)
            #expect(totp.verify(code, secret: Self.rfcSecret, at: now, lastUsedStep: nil) == nil)
        }
    }

    @Test func aCodeUsedOnceIsRefusedTheSecondTime() {
        let totp = Totp.standard
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let code = totp.code(secret: Self.rfcSecret, at: now)
        let used = try! #require(totp.verify(code, secret: Self.rfcSecret, at: now, lastUsedStep: nil))
        #expect(totp.verify(code, secret: Self.rfcSecret, at: now, lastUsedStep: used) == nil)
        // An older code (the step before) is refused after a newer one was used.
        let older = totp.code(secret: Self.rfcSecret, counter: used - 1)
        #expect(totp.verify(older, secret: Self.rfcSecret, at: now, lastUsedStep: used) == nil)
        // The next step's code is still good.
        let later = now.addingTimeInterval(30)
        #expect(totp.verify(totp.code(secret: Self.rfcSecret, at: later), secret: Self.rfcSecret, at: later, lastUsedStep: used) == used + 1)
    }

    @Test(arguments: ["", "12345", "1234567", "abcdef", "１２３４５６"])
    func malformedCodesAreRefused(code: String) {
        #expect(Totp.standard.verify(code, secret: Self.rfcSecret, at: Date(), lastUsedStep: nil) == nil)
    }

    @Test func spacesInATypedCodeAreIgnored() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let code = Totp.standard.code(secret: Self.rfcSecret, at: now)
        let spaced = String(code.prefix(3)) + " " + String(code.suffix(3))
        #expect(Totp.standard.verify(spaced, secret: Self.rfcSecret, at: now, lastUsedStep: nil) != nil)
    }

    /// RFC 4648 §10 test vectors (without padding), and back.
    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
                      ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")])
    func base32(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.lowercased() + "==") == Array(plain.utf8))
    }

    @Test func base32RefusesOtherCharacters() {
        #expect(Base32.decode("MZ1W") == nil)
    }

    @Test func otpauthURI() {
        let uri = Totp.standard.uri(secret: Array("foobar".utf8), account: "coord wang", issuer: "民生")
        #expect(uri.hasPrefix("otpauth://totp/%E6%B0%91%E7%94%9F:coord%20wang?secret=MZXW6YTBOI&issuer=%E6%B0%91%E7%94%9F"))
        #expect(uri.hasSuffix("&algorithm=SHA1&digits=6&period=30"))
    }
}
