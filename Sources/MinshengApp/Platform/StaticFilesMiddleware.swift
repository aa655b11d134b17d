import Foundation
import Vapor

/// Serves `Public/` (styles and scripts) through Vapor's `FileMiddleware`, but only for paths
/// under one of its top-level entries (`/css/…`, `/js/…`), listed once at start.
///
/// Every other request (the API, pages, `/healthz`) passes straight on: no file-system lookup
/// and no hop onto the concurrency pool, which `FileMiddleware` costs on every request.
struct StaticFilesMiddleware: Middleware {
    private let files: FileMiddleware
    private let topLevel: Set<String>

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
        topLevel = Set((try? FileManager.default.contentsOfDirectory(atPath: publicDirectory)) ?? [])
    }

    func respond(to request: Vapor.Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let first = Self.firstComponent(request.url.path), topLevel.contains(first) else {
            return next.respond(to: request)
        }
        return files.respond(to: request, chainingTo: next)
    }

    /// `css` for `/css/minsheng.css`; nil for `/`.
    static func firstComponent(_ path: String) -> String? {
        let trimmed = path.drop { $0 == "/" }
        guard let name = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true).first else {
            return nil
        }
        return String(name)
    }
}
