import Foundation

/// A state that cannot happen unless the platform or stored data is broken (a sealed secret that
/// does not open, a stored day that does not parse). Actions throw it instead of a transport
/// error; ``ErrorMapping`` answers 500 with its code, and the message comes from ``Wording``.
enum InternalFailure: Error, Sendable, Hashable {
    /// Sealing a second-factor secret failed.
    case sealFailed
    /// A stored second-factor secret does not open with the configured key.
    case secretUnreadable
    /// A stored report's days do not parse.
    case storedDayUnreadable
}
