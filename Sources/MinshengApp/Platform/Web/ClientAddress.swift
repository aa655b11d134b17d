import Foundation
import Vapor

/// The address a request comes from, as sign-in protection counts it: the connection's peer, or,
/// when the peer is a proxy we trust (loopback — nginx on the same machine — or an address in
/// `MINSHENG_TRUSTED_PROXIES`), the right-most `X-Forwarded-For` address that is not itself a
/// trusted proxy (nginx's `$proxy_add_x_forwarded_for` appends the peer it saw). Behind a proxy
/// every connection comes from the proxy: counting the peer would lock the whole city out at once.
enum ClientAddress {
    static func of(_ req: Request) -> String {
        let trusted = req.application.minshengConfig.trustedProxies
        let peer = req.remoteAddress?.ipAddress
        // No peer only in in-memory tests (no socket): they play the proxy's part.
        guard peer == nil || isTrusted(peer!, extra: trusted) else { return peer! }
        let forwarded = req.headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for address in forwarded.reversed() where !isTrusted(address, extra: trusted) {
            return address
        }
        return forwarded.first ?? peer ?? "unknown"
    }

    static func isTrusted(_ address: String, extra: [String]) -> Bool {
        address == "127.0.0.1" || address == "::1" || address.hasPrefix("127.") || address == "::ffff:127.0.0.1"
            || extra.contains(address)
    }
}
