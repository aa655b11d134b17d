import Foundation
import Vapor

/// Why a page request was refused; `WebErrorMiddleware` turns each into a status and a Chinese
/// page (or a redirect to sign-in).
enum WebError: Error, Equatable {
    /// No signed-in user: redirect to `/login?next=…`.
    case signInRequired
    /// Signed in, but the role may not do this (403).
    case forbidden
    /// The form's CSRF token is missing or wrong (403).
    case csrf
    /// Nothing at this address (404).
    case notFound
    /// Too many failed sign-ins: the account or address is locked for this long (429).
    case throttled(seconds: Int)
    /// Too many public writes from one address (429): the portal's limit.
    case tooFrequent
    /// A request that cannot be understood (400), e.g. an unknown month.
    case badRequest(String)
    /// An uploaded file that is too large or not of an allowed type (413 / 415).
    case upload(HTTPStatus, String)

    var status: HTTPStatus {
        switch self {
        case .signInRequired: .unauthorized
        case .forbidden, .csrf: .forbidden
        case .notFound: .notFound
        case .throttled, .tooFrequent: .tooManyRequests
        case .badRequest: .badRequest
        case .upload(let s, _): s
        }
    }

    var message: String {
        switch self {
        case .signInRequired: Wording.signInRequired
        case .forbidden: Wording.forbidden
        case .csrf: "表单已过期或来源不明（缺少安全令牌），请返回刷新页面后重试。"
        case .notFound: "未找到该页面或记录。"
        case .throttled(let s): Wording.signInLocked(seconds: s)
        case .tooFrequent: "提交过于频繁，请稍后再试。"
        case .badRequest(let m): m
        case .upload(_, let m): m
        }
    }
}

/// Turns errors raised by page handlers into Chinese HTML pages; anonymous visitors to a
/// protected page are sent to sign in and brought back afterwards.
struct WebErrorMiddleware: Middleware {
    // Future-based: a page that succeeds passes on the event loop; only an error takes a task.
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).flatMapError { error in
            req.eventLoop.makeFutureWithTask { try await self.page(for: error, req: req) }
        }
    }

    /// The error page (or the sign-in redirect) for an error a page threw.
    func page(for error: any Error, req: Request) async throws -> Response {
        do {
            throw error
        } catch let error as WebError {
            if error == .signInRequired {
                let target = req.url.path + (req.url.query.map { "?" + $0 } ?? "")
                return req.redirect(to: SitePath.login(query: [("next", target)]), redirectType: .normal)
            }
            return try await render(status: error.status, message: error.message, req: req)
        } catch let abort as any AbortError {
            let message: String
            switch abort.status {
            case .notFound: message = WebError.notFound.message
            case .forbidden: message = WebError.forbidden.message
            case .payloadTooLarge: message = "上传内容过大。"
            case .badRequest, .unprocessableEntity: message = "请求无法处理：\(abort.reason)"
            case .conflict: message = "记录已被他人修改或已存在，请刷新后重试。"
            default: message = abort.status.code >= 500 ? "服务器内部错误，请稍后重试。" : abort.reason
            }
            return try await render(status: abort.status, message: message, req: req)
        } catch let error as DecodingError {
            req.logger.debug("web form decoding: \(error)")
            return try await render(status: .badRequest, message: "表单内容不完整或格式有误。", req: req)
        } catch {
            // Core's rejections (what actions throw) read as the API states them: 404, 409, 422 …
            if let api = ErrorMapping.coreError(error) { return try await page(for: api, req: req) }
            req.logger.error("web page failed: \(String(reflecting: error))")
            return try await render(status: .internalServerError, message: "服务器内部错误，请稍后重试。", req: req)
        }
    }

    func render(status: HTTPStatus, message: String, req: Request) async throws -> Response {
        try await Self.render(status: status, message: message, shell: WebShell.make(req, title: ErrorPage.title(status)), req: req)
    }

    static func render(status: HTTPStatus, message: String, shell: WebShell, req: Request) async throws -> Response {
        let page = ErrorPage(shell: shell, status: Int(status.code), message: message)
        let response = try await req.view.render("Platform/error", page).encodeResponse(for: req).get()
        response.status = status
        return response
    }
}

/// The error page's context.
struct ErrorPage: Encodable {
    var shell: WebShell
    var status: Int
    var message: String

    /// The page's title in Chinese, with the status for whoever reports it: `页面不存在（404）`.
    static func title(_ status: HTTPStatus) -> String {
        let name = switch status.code {
        case 400: "请求有误"
        case 401: "请先登录"
        case 403: "无权访问"
        case 404: "页面不存在"
        case 405: "不支持的操作"
        case 409: "数据冲突"
        case 413: "内容过大"
        case 415: "不支持的文件类型"
        case 422: "内容有误"
        case 429: "操作过于频繁"
        default: status.code >= 500 ? "服务器错误" : "出错了"
        }
        return "\(name)（\(status.code)）"
    }
}

/// What reaches no page at all (an unknown address, a method no route takes) answers in Chinese
/// too: a browser — a client that accepts HTML, outside `/api/` — gets the error page, any other
/// client the API's error shape. Pages' own errors never get here (``WebErrorMiddleware`` answers
/// them inside their route group, with the session); this sits outside every group, so there is
/// no session, and the page is shown without the signed-in menu.
struct UnroutedErrorMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).flatMapError { error in
            guard !req.url.path.hasPrefix("/api/") else { return req.eventLoop.makeFailedFuture(error) }
            return req.eventLoop.makeFutureWithTask {
                let api = ErrorMapping.apiError(for: error)
                guard Self.wantsHTML(req) else { return try APIErrorMiddleware.response(for: error, request: req) }
                if api.status.code >= 500 { req.logger.report(error: error) }
                let message = api.status == .notFound ? WebError.notFound.message
                    : api.status.code >= 500 ? "服务器内部错误，请稍后重试。" : api.message + "。"
                let shell = WebShell(title: ErrorPage.title(api.status), userName: nil, roleLabel: nil, unitName: nil, nav: [],
                                     csrfToken: "", flash: nil, isDemo: false)
                return try await WebErrorMiddleware.render(status: api.status, message: message, shell: shell, req: req)
            }
        }
    }

    /// A browser asks for `text/html` (or anything, `*/*`, with HTML first as browsers do); a
    /// script asking for JSON, or naming nothing, gets JSON.
    static func wantsHTML(_ req: Request) -> Bool {
        let accept = req.headers[.accept].joined(separator: ",").lowercased()
        return accept.contains("text/html") || accept.contains("application/xhtml+xml")
    }
}
