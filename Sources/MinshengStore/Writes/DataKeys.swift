import Crypto
import Foundation
import MinshengCore

/// A personal field encrypted at rest, by where it is stored. The name is bound into each value
/// (AES-GCM's authenticated data, with the row's id), so a ciphertext copied into another column
/// or row does not open.
package enum SealedField: String, Sendable, CaseIterable {
    case requesterName = "citizen_requests.requester_name"
    case requesterPhone = "citizen_requests.requester_phone"
    case outboxRecipient = "outbox_messages.recipient"

    package var table: String { String(rawValue.split(separator: ".")[0]) }
    package var column: String { String(rawValue.split(separator: ".")[1]) }
}

/// The keys that encrypt personal data at rest (个人信息加密存储): AES-256-GCM (swift-crypto) under
/// keys from the configuration (``AppConfig/dataKeys``), the first of them current. Every stored
/// value names its key (``SealedText``), so a rotation (`minsheng keys rotate`) re-encrypts row by
/// row while older keys still open what has not been re-encrypted yet.
///
/// Each configured key (32 random bytes, base64) is a master key; two keys are derived from it
/// with HKDF-SHA256: one seals, the other computes the phone's blind index (HMAC-SHA256 of the
/// normalised number, ``PhoneNumber``), so a lookup by phone needs no decryption and the index
/// reveals nothing without the key. Keys never reach the log: only their ids and where they came
/// from (``origin``).
package struct DataKeyring: Sendable {
    package struct Key: Sendable {
        /// 8 hex digits: the first 4 bytes of SHA-256 over a label and the master key.
        package let id: String
        package let sealing: SymmetricKey
        package let indexing: SymmetricKey
        /// The master key as configured (base64), for rewriting the key file on rotation.
        package let base64: String

        package init(base64 text: String, origin: String) throws {
            let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let master = Data(base64Encoded: text), master.count == 32 else { throw DataKeyError.badKey(origin) }
            base64 = text
            let label = Data("minsheng personal data key id v1".utf8)
            id = AuditChain.hex(SHA256.hash(data: label + master)).prefix(SealedText.keyIDLength).lowercased()
            let ikm = SymmetricKey(data: master)
            sealing = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: Data("minsheng".utf8),
                                             info: Data("personal data aes-256-gcm v1".utf8), outputByteCount: 32)
            indexing = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: Data("minsheng".utf8),
                                              info: Data("phone blind index hmac-sha256 v1".utf8), outputByteCount: 32)
        }

        /// A new random master key (base64).
        package static func generate() -> String {
            SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        }
    }

    /// Current first, then older keys still needed to open values not yet re-encrypted.
    package let keys: [Key]
    /// Where the keys came from (for the log and error messages; never the keys).
    package let origin: String
    /// The file that holds them, when there is one (`keys rotate` writes a new key into it).
    package let file: String?

    package init(keys: [Key], origin: String, file: String?) {
        precondition(!keys.isEmpty, "a keyring has a current key")
        self.keys = keys
        self.origin = origin
        self.file = file
    }

    package var current: Key { keys[0] }
    package var ids: [String] { keys.map(\.id) }

    package func key(_ id: String) -> Key? { keys.first { $0.id == id } }

    // MARK: sealing

    private static func aad(_ field: SealedField, _ row: UUID) -> Data { Data("\(field.rawValue)\n\(row.uuidString)".utf8) }

    /// `plain` sealed under the current key; nil and "" stay nil.
    package func seal(_ plain: String?, _ field: SealedField, row: UUID) -> String? {
        guard let plain, !plain.isEmpty else { return nil }
        // AES-GCM with a fresh random 96-bit nonce cannot fail for a well-formed key.
        let box = try! AES.GCM.seal(Data(plain.utf8), using: current.sealing, authenticating: Self.aad(field, row))
        return SealedText(keyID: current.id, payload: box.combined!.base64EncodedString()).text
    }

    /// The plain text of a stored value. A value from before encryption (no `ms1.` header) is
    /// returned as it is, so that reads work while `SealPersonalData` has not yet run over a row.
    /// Throws ``DataKeyError/unknownKey(_:_:)`` when its key is not configured, and
    /// ``DataKeyError/corrupt(_:)`` when it does not open (changed, or moved from another row).
    package func open(_ stored: String?, _ field: SealedField, row: UUID) throws -> String? {
        guard let stored else { return nil }
        guard let sealed = SealedText(parsing: stored) else { return stored }
        guard let key = key(sealed.keyID) else { throw DataKeyError.unknownKey(sealed.keyID, origin) }
        guard let data = Data(base64Encoded: sealed.payload),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key.sealing, authenticating: Self.aad(field, row)) else {
            throw DataKeyError.corrupt(field.rawValue)
        }
        return String(decoding: plain, as: UTF8.self)
    }

    /// Whether a stored value is under the current key (nil counts as done).
    package func isCurrent(_ stored: String?) -> Bool {
        guard let stored else { return true }
        return SealedText.keyID(of: stored) == current.id
    }

    // MARK: blind index

    /// The blind index of a phone under `key`: HMAC-SHA256 (hex) of its normalised digits; nil for
    /// a phone without digits.
    package static func phoneIndex(_ phone: String?, key: Key) -> String? {
        guard let phone else { return nil }
        let digits = PhoneNumber.normalised(phone)
        guard !digits.isEmpty else { return nil }
        return AuditChain.hex(HMAC<SHA256>.authenticationCode(for: Data(digits.utf8), using: key.indexing))
    }

    /// The index stored with a new value (current key).
    package func phoneIndex(_ phone: String?) -> String? { Self.phoneIndex(phone, key: current) }

    /// Every index the phone may be stored under (one per configured key): a lookup finds rows
    /// not yet re-encrypted during a rotation too.
    package func phoneIndexes(_ phone: String) -> [String] { keys.compactMap { Self.phoneIndex(phone, key: $0) } }

    // MARK: configuration

    /// The name of the key file generated into the data directory when no key is configured.
    package static let generatedFileName = "data.keys"

    /// The keyring the configuration names. With no key configured, the keys live in `data.keys`
    /// in the data directory, generated there (when `create`) with a warning: fine for
    /// development and the demo, not for production, where the key must be kept apart from the
    /// data and its backups. A command that writes nothing (`restore`) and finds no key gets a
    /// throwaway one, so that it can still tell which keys the data needs.
    /// The keys of a key file: one base64 key a line, the current one first; `#` starts a comment.
    package static func read(_ path: String, origin: String) throws -> DataKeyring {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataKeyError.unreadable(path) }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else { throw DataKeyError.badKey(origin) }
        return DataKeyring(keys: try lines.map { try Key(base64: $0, origin: origin) }, origin: origin, file: path)
    }

    /// Writes `keys` (current first) to `path` whole: a temporary file renamed into place, owner-only.
    package static func write(_ keys: [String], to path: String) throws {
        let text = "# Minsheng personal data keys (base64, 32 bytes each). The first is current; the others\n"
            + "# open values not yet re-encrypted and older backups. Keep a copy apart from the backups.\n"
            + keys.map { $0 + "\n" }.joined()
        let temporary = path + ".\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DataKeyError.unwritable(path)
        }
        guard rename(temporary, path) == 0 else { unlink(temporary); throw DataKeyError.unwritable(path) }
    }

    /// Creates the key file with one new key unless it exists (two processes starting at once on
    /// one data directory: one file wins and both read it, see ``AuditKey/createIfMissing(_:)``).
    package static func createIfMissing(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) { return }
        let temporary = path + ".\(UUID().uuidString).new"
        try write([Key.generate()], to: temporary)
        defer { unlink(temporary) }
        if link(temporary, path) != 0 && errno != EEXIST { throw DataKeyError.unwritable(path) }
    }
}

package enum DataKeyError: Error, CustomStringConvertible {
    case badKey(String)
    case unreadable(String)
    case unwritable(String)
    /// A stored value names a key the configuration does not hold.
    case unknownKey(String, String)
    /// A value that does not open under its key: changed, or copied from another row or column.
    case corrupt(String)

    package var description: String {
        switch self {
        case .badKey(let origin):
            "个人数据密钥无效：应为 base64 编码的 32 字节 (the personal data key from \(origin) is not 32 bytes in base64; make one with `minsheng keys generate`)"
        case .unreadable(let path): "无法读取个人数据密钥文件 (cannot read the personal data key file \(path))"
        case .unwritable(let path): "无法写入个人数据密钥文件 (cannot write the personal data key file \(path))"
        case .unknownKey(let id, let origin):
            "个人数据无法解密：数据由密钥 \(id) 加密，当前配置（\(origin)）中没有该密钥。请配置备份时使用的密钥（MINSHENG_DATA_KEY / MINSHENG_DATA_KEYS_PREVIOUS / MINSHENG_DATA_KEY_FILE）(personal data is encrypted under key \(id), which the configured keys do not include)"
        case .corrupt(let field):
            "个人数据校验失败，无法解密 (a value of \(field) does not open: changed, or moved from another row)"
        }
    }
}

/// The requester's name and phone of a request, through the keys (the record stores only ciphertext).
extension CitizenRequestRecord {
    /// The requester's name in plain text; throws when its key is not configured.
    package func requesterName(_ keys: DataKeyring) throws -> String? { try keys.open(sealedName, .requesterName, row: id!) }
    /// The requester's phone in plain text; throws when its key is not configured.
    package func requesterPhone(_ keys: DataKeyring) throws -> String? { try keys.open(sealedPhone, .requesterPhone, row: id!) }

    /// Seals and stores the requester's name and phone, with the phone's blind index (the id must be set first).
    package func setRequester(name: String?, phone: String?, keys: DataKeyring) {
        sealedName = keys.seal(name, .requesterName, row: id!)
        sealedPhone = keys.seal(phone, .requesterPhone, row: id!)
        phoneIndex = keys.phoneIndex(phone)
    }
}
