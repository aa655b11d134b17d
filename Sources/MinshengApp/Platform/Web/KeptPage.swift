import Foundation
import NIOConcurrencyHelpers
import Vapor
import MinshengStore

/// A page assembled from parts rendered once and kept: the layout (`Platform/base`) rendered per
/// (title, role, path, demo, flash or not) with markers where each request's own parts go, and a
/// body kept by its feature (a commitment page per plan revision, the dashboard per revisions and
/// notices). Each request only joins the parts with its user's name, its CSRF token and its flash:
/// no template is rendered and no string is searched on the hot path.
enum KeptPage {
    /// Where the request's own parts go in kept HTML. Plain letters, which HTML escaping leaves alone.
    enum Slot: String, CaseIterable, Sendable {
        case userName = "mslot-user-7c1"
        case csrfToken = "mslot-csrf-7c1"
        case flash = "mslot-flash-7c1"
        case body = "mslot-body-7c1"
    }

    /// Kept HTML cut at its slots: `parts.count == slots.count + 1`.
    struct Segments: Sendable {
        var parts: [ByteBuffer]
        var slots: [Slot]

        /// Cuts `html` at every slot marker, in order.
        init(_ html: String) {
            var parts: [ByteBuffer] = []
            var slots: [Slot] = []
            var rest = Substring(html)
            while let (range, slot) = Slot.allCases.compactMap({ s in rest.range(of: s.rawValue).map { ($0, s) } })
                .min(by: { $0.0.lowerBound < $1.0.lowerBound }) {
                parts.append(ByteBuffer(string: String(rest[..<range.lowerBound])))
                slots.append(slot)
                rest = rest[range.upperBound...]
            }
            parts.append(ByteBuffer(string: String(rest)))
            self.parts = parts
            self.slots = slots
        }

        var byteCount: Int { parts.reduce(0) { $0 + $1.readableBytes } }

        /// Writes the parts with each slot's value (`body` for the body slot, written as is; the
        /// others HTML-escaped).
        func write(into out: inout ByteBuffer, _ values: [Slot: String], body: Segments? = nil) {
            for (i, part) in parts.enumerated() {
                out.writeImmutableBuffer(part)
                guard i < slots.count else { break }
                if slots[i] == .body, let body {
                    body.write(into: &out, values)
                } else {
                    out.writeString(Self.escape(values[slots[i]] ?? ""))
                }
            }
        }

        /// HTML text escaping, as Leaf's `#(…)` does.
        static func escape(_ s: String) -> String {
            guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
            var out = ""
            out.reserveCapacity(s.utf8.count + 16)
            for c in s.unicodeScalars {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.unicodeScalars.append(c)
                }
            }
            return out
        }
    }

    /// The layout for this request's user, page and title, rendered once per kind and kept.
    static func layout(_ req: Request, title: String, hasFlash: Bool) async throws -> Segments {
        let user = req.auth.get(UserRecord.self)
        let key = layoutKey(req, user: user, title: title, hasFlash: hasFlash)
        let cache = req.application.keptLayouts
        if let kept = cache.get(key) { return kept }
        var shell = WebShell.make(req, title: title, takingFlash: false)
        shell.userName = user == nil ? nil : Slot.userName.rawValue
        shell.csrfToken = Slot.csrfToken.rawValue
        shell.flash = hasFlash ? Slot.flash.rawValue : nil
        let view = try await req.view.render("Platform/layout", ["shell": shell]).get()
        let segments = Segments(String(buffer: view.data))
        cache.put(key, segments)
        return segments
    }

    /// The page: the kept layout around a kept body, with this request's parts.
    static func response(_ req: Request, title: String, body: Segments, status: HTTPStatus = .ok) async throws -> Response {
        let layout = try await layout(req, title: title, hasFlash: req.session.data["flash"] != nil)
        return response(req, layout: layout, body: body, status: status)
    }

    /// The page when its layout is kept already, without leaving the event loop (nil: not kept yet).
    static func keptResponse(_ req: Request, title: String, body: Segments) -> Response? {
        let user = req.auth.get(UserRecord.self)
        let key = layoutKey(req, user: user, title: title, hasFlash: req.session.data["flash"] != nil)
        guard let layout = req.application.keptLayouts.get(key) else { return nil }
        return response(req, layout: layout, body: body, status: .ok)
    }

    private static func layoutKey(_ req: Request, user: UserRecord?, title: String, hasFlash: Bool) -> String {
        "\(user?.role ?? "")|\(user?.isDemo == true)|\(hasFlash)|\(req.url.path)|\(title)"
    }

    private static func response(_ req: Request, layout: Segments, body: Segments, status: HTTPStatus) -> Response {
        let flash = req.session.data["flash"]
        if flash != nil { req.session.data["flash"] = nil }
        let user = req.auth.get(UserRecord.self)
        let values: [Slot: String] = [
            .userName: user.map { $0.displayName ?? $0.name } ?? "",
            .csrfToken: CSRF.token(for: req),
            .flash: flash ?? "",
        ]
        var out = ByteBufferAllocator().buffer(capacity: layout.byteCount + body.byteCount + 256)
        layout.write(into: &out, values, body: body)
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(buffer: out))
    }
}

/// Kept layouts by kind (role, demo, flash, path, title); bounded.
final class KeptLayouts: Sendable {
    private let entries = NIOLockedValueBox<[String: KeptPage.Segments]>([:])

    func get(_ key: String) -> KeptPage.Segments? { entries.withLockedValue { $0[key] } }

    func put(_ key: String, _ segments: KeptPage.Segments) {
        entries.withLockedValue { all in
            if all.count >= 4_096 { all.removeAll(keepingCapacity: true) }
            all[key] = segments
        }
    }
}

extension Application {
    private struct KeptLayoutsKey: StorageKey { typealias Value = KeptLayouts }

    /// Set once in `configure`.
    var keptLayouts: KeptLayouts {
        get { storage[KeptLayoutsKey.self] ?? KeptLayouts() }
        set { storage[KeptLayoutsKey.self] = newValue }
    }
}
