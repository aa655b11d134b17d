import Foundation
import NIOConcurrencyHelpers
import Vapor
import MinshengStore

/// Finished public responses, kept whole: the portal's pages and Open311's reads have nothing
/// per visitor, so each is built once per (path and query, language, version of the data it
/// shows) and served as bytes, gzipped once when large, with an ETag. A write in this process forgets everything (``PlanCache/didWrite()``); another
/// instance's writes are seen when a kept page's version is confirmed, at most every
/// `recheckInterval` (the plan read model's).
final class PublicCache: PlanCache, Sendable {
    struct Page: Sendable {
        var body: ByteBuffer
        /// The body gzipped (at zlib's best level, once), when it is worth it.
        var gzipped: ByteBuffer?
        var contentType: HTTPMediaType
        var etag: String
        var version: String
        var checkedAt: Date
    }

    let recheckInterval: TimeInterval
    private let pages = NIOLockedValueBox<[String: Page]>([:])

    init(recheckInterval: TimeInterval) { self.recheckInterval = recheckInterval }

    func invalidate(_ planID: UUID) { clear() }
    func invalidateAll() { clear() }
    func didWrite() { clear() }

    func clear() { pages.withLockedValue { $0.removeAll() } }

    /// A kept page still inside its recheck interval.
    func fresh(_ key: String, now: Date) -> Page? {
        pages.withLockedValue { $0[key] }.flatMap { now.timeIntervalSince($0.checkedAt) < recheckInterval ? $0 : nil }
    }

    /// A kept page of `version` (just read from the database), marked as confirmed now.
    func confirmed(_ key: String, version: String, now: Date) -> Page? {
        pages.withLockedValue { pages in
            guard var page = pages[key], page.version == version else { return nil }
            page.checkedAt = now
            pages[key] = page
            return page
        }
    }

    func keep(_ key: String, body text: String, type: HTTPMediaType = .html, version: String, now: Date) -> Page {
        var hasher = Hasher()
        hasher.combine(text)
        let body = ByteBuffer(string: text)
        let page = Page(body: body, gzipped: body.readableBytes > 4_096 ? Gzip.compress(body) : nil, contentType: type,
                        etag: "\"p\(String(UInt(bitPattern: hasher.finalize()), radix: 36))\"", version: version, checkedAt: now)
        pages.withLockedValue { pages in
            if pages.count > 2_000 { pages.removeAll() } // bounded: query strings are the visitor's
            pages[key] = page
        }
        return page
    }
}

extension Application {
    private struct PublicCacheKey: StorageKey { typealias Value = PublicCache }

    var publicCache: PublicCache {
        get { storage[PublicCacheKey.self]! }
        set { storage[PublicCacheKey.self] = newValue }
    }
}

extension PublicCache.Page {
    /// The kept response: 304 on a matching ETag, gzip where the client accepts it.
    func response(for req: Request) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        headers.replaceOrAdd(name: .vary, value: "Accept-Encoding, Cookie")
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified, headers: headers) }
        headers.contentType = contentType
        if let gzipped, req.headers[.acceptEncoding].contains { Gzip.isAccepted(by: $0) } {
            headers.replaceOrAdd(name: .contentEncoding, value: "gzip")
            return Response(status: .ok, headers: headers, body: .init(buffer: gzipped))
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }
}
