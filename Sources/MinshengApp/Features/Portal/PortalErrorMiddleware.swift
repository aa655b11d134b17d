import Foundation
import Vapor

/// Errors on the portal's read pages as a page in the portal's own layout and language (the
/// staff error page needs a session, which these pages do not open).
struct PortalErrorMiddleware: Middleware {
    struct Page: Encodable {
        var shell: PortalShell
        var message: String
    }

    // Future-based: a page that succeeds passes on the event loop; only an error takes a task.
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).flatMapError { error in
            req.eventLoop.makeFutureWithTask { try await page(for: error, req: req) }
        }
    }

    func page(for error: any Error, req: Request) async throws -> Response {
        let status: HTTPResponseStatus
        switch error {
        case let web as WebError: status = web.status
        case let abort as any AbortError: status = abort.status
        default: status = ErrorMapping.coreError(error)?.status ?? .internalServerError
        }
        if status.code >= 500 { req.logger.report(error: error) }
        let lang = PortalLanguage.of(req)
        let message: String = switch (status.code, lang) {
        case (404, .en): "This page does not exist, or is not public."
        case (404, _): "页面不存在，或尚未公开。"
        case (_, .en) where status.code < 500: "The request could not be handled."
        case (_, .en): "Something went wrong on our side. Please try again later."
        case (_, _) where status.code < 500: "请求无法处理。"
        default: "服务器内部错误，请稍后重试。"
        }
        let page = Page(shell: PortalShell.make(lang, title: message, path: req.url.path), message: message)
        return try await lang.page(req, "Portal/error", page, status: status)
    }
}
