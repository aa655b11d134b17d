import Foundation

/// The stored form of a personal field encrypted at rest (个人信息加密存储, 等保2.0 三级 数据保密性):
/// `ms1.<key id>.<base64 of nonce ‖ ciphertext ‖ tag>`, e.g. `ms1.3fa2c01b.q83vEjRWeJ…`.
///
/// Only the format lives here (pure); the AES-GCM sealing is the App's (`DataKeyring`). The key id
/// travels with each value so that a key rotation can re-encrypt row by row and a value under a
/// key nobody configured is named, not mistaken for garbage.
public struct SealedText: Sendable, Equatable {
    /// The format's tag; a later format gets `ms2.`.
    public static let prefix = "ms1."
    /// Key ids are 8 lowercase hex digits (the first 4 bytes of a digest of the key).
    public static let keyIDLength = 8
    /// `ms1.` + key id + `.`: the leading characters that name the key (SQL `substr(col, 1, 13)`).
    public static let headerLength = prefix.count + keyIDLength + 1

    public var keyID: String
    /// Base64 of nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
    public var payload: String

    public init(keyID: String, payload: String) {
        self.keyID = keyID
        self.payload = payload
    }

    /// The stored text.
    public var text: String { Self.prefix + keyID + "." + payload }

    /// Reads a stored value; nil when it is not in this format (a plain value from before
    /// encryption, or text that is not a sealed value at all).
    public init?(parsing text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let rest = text.dropFirst(Self.prefix.count)
        guard let dot = rest.firstIndex(of: "."), rest.distance(from: rest.startIndex, to: dot) == Self.keyIDLength else { return nil }
        let id = String(rest[..<dot])
        guard Self.isKeyID(id) else { return nil }
        let payload = String(rest[rest.index(after: dot)...])
        guard !payload.isEmpty, payload.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }) else { return nil }
        self.init(keyID: id, payload: payload)
    }

    /// Whether `id` is 8 lowercase hex digits.
    public static func isKeyID(_ id: String) -> Bool {
        id.count == keyIDLength && id.allSatisfy { "0123456789abcdef".contains($0) }
    }

    /// The key id a stored value names, or nil for a plain one.
    public static func keyID(of text: String) -> String? { SealedText(parsing: text)?.keyID }
}

/// A phone number reduced to the digits that identify it, for the blind index (手机号盲索引):
/// `138 1234-5678`, `+86 13812345678`, `008613812345678` and `１３８１２３４５６７８` are one number,
/// `13812345678`. Landlines keep their area code: `0571-8888 8888` → `057188888888`.
public enum PhoneNumber {
    /// ASCII digits only (full-width digits too), a leading `86` / `0086` country code dropped from
    /// an 11-digit mobile number. Text without any digit becomes "".
    public static func normalised(_ text: String) -> String {
        var digits = ""
        for ch in text {
            if let d = ch.wholeNumberValue, d < 10, ch.isNumber { digits.append(Character(String(d))) }
        }
        for prefix in ["0086", "86"] where digits.hasPrefix(prefix) {
            let rest = digits.dropFirst(prefix.count)
            if rest.count == 11 && rest.hasPrefix("1") { return String(rest) }
        }
        return digits
    }
}
