import Foundation

/// The password policy (口令复杂度, 等保2.0 三级 身份鉴别): at least ``minimumLength`` characters, not
/// containing the user name (any case), and not one of the well-known weak passwords shipped in
/// `Security/CommonPasswords.txt` (any case).
///
/// Example: `PasswordPolicy.standard.refusals(for: "admin-2026!", userName: "admin")` →
/// `[.containsUserName]`.
public struct PasswordPolicy: Sendable {
    /// Why a password is refused (wording in the App).
    public enum Refusal: Sendable, Equatable, Hashable {
        case tooShort(minimum: Int)
        case containsUserName
        case common
    }

    public var minimumLength: Int
    /// Lower-cased weak passwords.
    public var common: Set<String>

    public init(minimumLength: Int = 10, common: Set<String>) {
        self.minimumLength = minimumLength
        self.common = Set(common.map { $0.lowercased() })
    }

    /// The policy with the bundled list of common passwords.
    public static let standard = PasswordPolicy(common: bundledCommonPasswords())

    /// Every rule the password breaks, in the order above; empty when it is acceptable.
    public func refusals(for password: String, userName: String) -> [Refusal] {
        var refusals: [Refusal] = []
        if password.count < minimumLength { refusals.append(.tooShort(minimum: minimumLength)) }
        let name = userName.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if !name.isEmpty && password.lowercased().contains(name) { refusals.append(.containsUserName) }
        if common.contains(password.lowercased()) { refusals.append(.common) }
        return refusals
    }

    /// The bundled list: one password a line; blank lines and `#` comments skipped.
    public static func bundledCommonPasswords() -> Set<String> {
        guard let url = Bundle.module.url(forResource: "CommonPasswords", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { String($0) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}
