import Crypto
import Foundation

/// The key that signs each day's head of the audit chain (``AuditChain``), resolved once from the
/// configuration (``AppConfig/auditKey``): the text of `MINSHENG_AUDIT_KEY`, the contents of the
/// file `MINSHENG_AUDIT_KEY_FILE` names, or, when neither is set (development, the demo), a random
/// key generated once into `audit.key` in the data directory. The key is never logged; only where
/// it came from is (``origin``).
///
/// Instances that share a database must share the key: entries appended under another key leave
/// heads that `minsheng audit verify` rejects.
package struct AuditKey: Sendable {
    package let key: SymmetricKey
    /// Where the key came from, for the log and `audit verify` (never the key itself).
    package let origin: String

    /// Keys shorter than this are refused: a guessable key would let anyone re-sign an edited log.
    package static let minimumLength = 16

    package init(key: SymmetricKey, origin: String) {
        self.key = key
        self.origin = origin
    }

    /// A key from its text (tests, `MINSHENG_AUDIT_KEY`).
    package init(text: String, origin: String) throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count >= Self.minimumLength else { throw AuditKeyError.tooShort(origin) }
        self.init(key: SymmetricKey(data: Data(text.utf8)), origin: origin)
    }

    /// The name of the generated key file inside the data directory.
    package static let generatedFileName = "audit.key"

    /// Writes 32 random bytes (hex) to `path`, readable by the owner only, unless the file exists.
    /// Written whole to a temporary file and then linked into place (`link` fails if the name
    /// exists): of two processes starting at once on one data directory, one key wins and both
    /// read it, never a half-written file.
    package static func createIfMissing(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) { return }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = AuditChain.hex(bytes) + "\n"
        let temporary = path + ".\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw AuditKeyError.unwritable(path)
        }
        defer { unlink(temporary) }
        if link(temporary, path) != 0 && errno != EEXIST { throw AuditKeyError.unwritable(path) }
    }
}

package enum AuditKeyError: Error, CustomStringConvertible {
    case tooShort(String)
    case unreadable(String)
    case unwritable(String)

    package var description: String {
        switch self {
        case .tooShort(let origin): "审计密钥过短 (audit key from \(origin) is shorter than \(AuditKey.minimumLength) bytes)"
        case .unreadable(let path): "无法读取审计密钥文件 (cannot read the audit key file \(path))"
        case .unwritable(let path): "无法写入审计密钥文件 (cannot write the audit key file \(path))"
        }
    }
}
