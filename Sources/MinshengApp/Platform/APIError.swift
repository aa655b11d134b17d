import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// An error the API answers with `{"error": {"code", "message", "fields"}}` and a 4xx status.
///
/// The Chinese wording comes from ``Wording``, shared with the pages (STYLE rule 4).
struct APIError: AbortError, Sendable, CustomStringConvertible {
    var status: HTTPResponseStatus
    /// A stable machine code, e.g. `stale_version`, `period_taken`.
    var code: String
    /// A Chinese sentence for people.
    var message: String
    /// Field name → Chinese message, for 422s.
    var fields: [String: String]
    /// Seconds before a retry may succeed (429: a locked sign-in), sent as `Retry-After`.
    var retryAfter: Int?

    var reason: String { message }

    /// How commands print it: the message, then each field's problem.
    var description: String {
        ([message] + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }).joined(separator: "; ")
    }

    init(_ status: HTTPResponseStatus, _ code: String, _ message: String, fields: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, "not_found", Wording.notFound(what))
    }
    static let unauthorized = APIError(.unauthorized, "unauthorized", Wording.unauthorized)
    static let forbidden = APIError(.forbidden, "forbidden", Wording.forbidden)
    static func staleVersion(current: Int) -> APIError {
        APIError(.conflict, "stale_version", Wording.staleVersion(current: current))
    }
    static func invalid(_ fields: [String: String], message: String = Wording.invalid) -> APIError {
        APIError(.unprocessableEntity, "invalid", message, fields: fields)
    }
}

/// The body of every error answer.
struct ErrorBody: Content {
    struct Inner: Content {
        var code: String
        var message: String
        var fields: [String: String]
    }
    var error: Inner
}

/// Turns any error thrown by a handler into the API's error shape.
///
/// Database unique violations become 409 (two clients racing for the same month or name);
/// decoding errors become 422 naming the field.
///
/// A plain (future-based) middleware: it has nothing to await, and an `AsyncMiddleware` would
/// move every request onto the concurrency pool and back.
struct APIErrorMiddleware: Middleware {
    func respond(to request: Vapor.Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapErrorThrowing { error in
            // Pages have their own error rendering; only the API answers in this shape.
            guard request.url.path.hasPrefix("/api/") else { throw error }
            return try Self.response(for: error, request: request)
        }
    }

    static func response(for error: any Error, request: Vapor.Request) throws -> Response {
        let api = ErrorMapping.apiError(for: error)
        if api.status.code >= 500 {
            request.logger.report(error: error)
        }
        let response = Response(status: api.status)
        try response.content.encode(ErrorBody(error: .init(code: api.code, message: api.message, fields: api.fields)))
        if api.status == .unauthorized {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
        }
        if let retryAfter = api.retryAfter {
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
        }
        return response
    }
}

/// Maps errors from Vapor, Fluent, and Core to ``APIError``.
enum ErrorMapping {
    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let api as APIError:
            return api
        case let decoding as DecodingError:
            return decodingError(decoding)
        case let db as any DatabaseError where db.isConstraintFailure:
            return APIError(.conflict, "conflict", "与已有数据冲突(重复提交或名称重复)")
        case let abort as any AbortError:
            return APIError(abort.status, codeName(abort.status), chineseMessage(abort.status, abort.reason))
        default:
            if let mapped = coreError(error) { return mapped }
            // A multipart body that does not parse (no part, a broken boundary) is the client's
            // mistake, not the server's: 422 naming the body, as a JSON body that does not decode.
            if String(reflecting: type(of: error)).hasPrefix("MultipartKit.") {
                return .invalid(["body": "格式不正确"])
            }
            return APIError(.internalServerError, "internal", "服务器内部错误")
        }
    }

    static func decodingError(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String {
            var keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            if let extra { keys.append(extra.stringValue) }
            return keys.isEmpty ? "body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid([path(context, key): "必填"])
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalid([path(context): "格式不正确"])
        case .dataCorrupted(let context):
            return .invalid([path(context): "格式不正确"])
        @unknown default:
            return .invalid(["body": "格式不正确"])
        }
    }

    static func codeName(_ status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: return "bad_request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 409: return "conflict"
        case 413: return "too_large"
        case 415: return "unsupported_media_type"
        case 422: return "invalid"
        case 429: return "too_many_requests"
        default: return status.code >= 500 ? "internal" : "error"
        }
    }

    static func chineseMessage(_ status: HTTPResponseStatus, _ reason: String) -> String {
        switch status.code {
        case 400: return "请求格式不正确"
        case 401: return "需要登录或有效的访问令牌"
        case 403: return "当前角色无权执行此操作"
        case 404: return "请求的资源不存在"
        case 405: return "不支持该请求方法"
        case 409: return "与已有数据冲突"
        case 413: return "上传内容过大"
        case 415: return "不支持的内容类型"
        case 422: return "提交的内容有误"
        case 429: return "请求过于频繁,请稍后再试"
        default: return status.code >= 500 ? "服务器内部错误" : reason
        }
    }
}

extension Vapor.Request {
    /// The integer query parameter `name`: `fallback` when absent, 422 naming it when it is not a
    /// whole number in `range` (the OpenAPI document states the same bounds; a value outside them
    /// is refused rather than quietly clamped, so a client learns its mistake).
    func queryInt(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let raw = query[String.self, at: name] else { return fallback }
        guard let value = Int(raw), range.contains(value) else {
            throw APIError.invalid([name: "应为 \(range.lowerBound) 到 \(range.upperBound) 的整数"])
        }
        return value
    }

    /// The query parameter `name` when it is one of `allowed`; nil when absent; 422 naming it otherwise.
    func queryChoice(_ name: String, _ allowed: [String]) throws -> String? {
        guard let raw = query[String.self, at: name] else { return nil }
        guard allowed.contains(raw) else { throw APIError.invalid([name: "应为 \(allowed.joined(separator: "、"))"]) }
        return raw
    }

    /// The id in path parameter `name`. A malformed id names nothing, so it is a 404 like an
    /// unknown one (`thing` says what: 计划, 任务, 指标), not a validation error.
    func pathID(_ name: String, _ thing: String) throws -> UUID {
        guard let id = parameters.get(name, as: UUID.self) else { throw APIError.notFound(thing) }
        return id
    }
}
