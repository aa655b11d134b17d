import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// Open311 GeoReport v2 (<http://wiki.open311.org/GeoReport_v2>) at `/open311/v2/`, with
/// discovery at `/open311/discovery.{json,xml}`: existing Open311 clients list our categories
/// as services, read requests as the public may see them and post new ones with an API key. A
/// post is one more adapter over ``RequestActions/take(_:in:)``, like the hotline's form.
///
/// Our extensions follow the GeoReport v2 extensions proposal: `extensions=true` adds an
/// `extended_attributes` object (the lead unit, the due date, the citizen's satisfaction, the
/// channel and our state in Chinese); a post may say `coordinate_system=gcj02` when its point
/// comes from a Chinese map app, and we convert it to WGS84.
struct GeoReportController: RouteCollection {
    let jurisdiction: String

    /// Discovery in JSON, linked from the portal's footer (an API address, outside ``SitePath``;
    /// `SiteMapTests` fetches it).
    static let discoveryLink = "/open311/discovery.json"

    func boot(routes: any RoutesBuilder) throws {
        let open311 = routes.grouped("open311")
        open311.get(":file", use: discovery)
        let v2 = open311.grouped("v2")
        v2.get(":file", use: collection)
        v2.on(.POST, ":file", body: .collect(maxSize: "256kb"), use: post)
        v2.get("services", ":file", use: definition)
        v2.get("requests", ":file", use: one)
        v2.get("tokens", ":file", use: token)
    }

    // MARK: reading

    @Sendable func discovery(req: Request) async throws -> Response {
        let (name, format) = try file(req)
        guard name == "discovery" else { throw GeoReportError(.notFound, "没有这个地址：\(name)") }
        let base = Self.baseURL(req)
        return GeoReportNode.object([
            ("changeset", .text(Self.changeset)),
            ("contact", .text("民生实事与接诉即办平台（Minsheng）：\(base)/")),
            ("key_service", .text("API 密钥由平台管理员签发（系统管理 → Open311 密钥）。")),
            ("endpoints", .list(item: "endpoint", [.object([
                ("specification", .text("http://wiki.open311.org/GeoReport_v2")),
                ("url", .text("\(base)/open311/v2")),
                ("changeset", .text(Self.changeset)),
                ("type", .text("production")),
                ("formats", .list(item: "format", [.text("application/json"), .text("text/xml")])),
            ])])),
        ]).response(format, root: "discovery")
    }

    /// `services.{fmt}` and `requests.{fmt}`.
    @Sendable func collection(req: Request) async throws -> Response {
        let (name, format) = try file(req)
        try checkJurisdiction(req)
        switch name {
        case "services":
            return try await kept(req, format, root: "services") {
            let services = try await GeoReportQueries.services(on: req.db)
            return GeoReportNode.list(item: "service", services.map { s in
                .object([
                    ("service_code", .text(s.code)), ("service_name", .text(s.name)), ("description", .text(s.name)),
                    ("metadata", .bool(!s.attributes.isEmpty)), ("type", .text("realtime")), ("keywords", .text(s.group)),
                    ("group", .text(s.group)),
                ])
            })
            }
        case "requests":
            let filter = try listFilter(req)
            return try await kept(req, format, root: "service_requests") {
                let rows = try await GeoReportQueries.requests(filter, keys: req.application.dataKeys, on: req.db)
                let extensions = (try? req.query.get(String.self, at: "extensions")) == "true"
                return GeoReportNode.list(item: "request", rows.map { Self.node($0, extensions: extensions) })
            }
        default:
            throw GeoReportError(.notFound, "没有这个地址：\(name)")
        }
    }

    /// `services/{code}.{fmt}`: the service definition (its attributes).
    @Sendable func definition(req: Request) async throws -> Response {
        let (code, format) = try file(req)
        try checkJurisdiction(req)
        return try await kept(req, format, root: "service_definition") {
        guard let service = try await GeoReportQueries.services(on: req.db).first(where: { $0.code == code }) else {
            throw GeoReportError(.notFound, "没有这个服务（service_code）：\(code)")
        }
        return GeoReportNode.object([
            ("service_code", .text(service.code)),
            ("attributes", .list(item: "attribute", service.attributes.map { a in
                var fields: [(String, GeoReportNode)] = [
                    ("variable", .bool(true)), ("code", .text(a.code)), ("datatype", .text(a.datatype.rawValue)),
                    ("required", .bool(a.required)), ("datatype_description", .text(Self.datatypeDescription(a))),
                    ("order", .number(Double(a.order))), ("description", .text(a.description)),
                ]
                if !a.values.isEmpty {
                    fields.append(("values", .list(item: "value", a.values.map { .object([("key", .text($0.key)), ("name", .text($0.name))]) })))
                }
                return .object(fields)
            })),
        ])
        }
    }

    /// `requests/{id}.{fmt}`: a list of one, as the spec says.
    @Sendable func one(req: Request) async throws -> Response {
        let (id, format) = try file(req)
        try checkJurisdiction(req)
        return try await kept(req, format, root: "service_requests") {
            let rows = try await GeoReportQueries.requests(.init(ids: [id], window: Date.distantPast...Date.distantFuture, limit: 1), keys: req.application.dataKeys, on: req.db)
            guard !rows.isEmpty else { throw GeoReportError(.notFound, "没有这个工单：\(id)") }
            let extensions = (try? req.query.get(String.self, at: "extensions")) == "true"
            return GeoReportNode.list(item: "request", rows.map { Self.node($0, extensions: extensions) })
        }
    }

    /// `tokens/{token}.{fmt}`: the request a post's token became.
    @Sendable func token(req: Request) async throws -> Response {
        let (token, format) = try file(req)
        try checkJurisdiction(req)
        guard let number = try await GeoReportQueries.trackingNumber(token: token, on: req.db) else {
            throw GeoReportError(.notFound, "没有这个 token：\(token)")
        }
        return GeoReportNode.list(item: "request", [.object([("service_request_id", .text(number)), ("token", .text(token))])])
            .response(format, root: "service_requests")
    }

    // MARK: posting

    @Sendable func post(req: Request) async throws -> Response {
        let (name, format) = try file(req)
        guard name == "requests" else { throw GeoReportError(.notFound, "没有这个地址：\(name)") }
        let form = Self.formFields(req)
        func value(_ key: String) -> String? {
            let v = form.first(where: { $0.0 == key })?.1.trimmingCharacters(in: .whitespacesAndNewlines)
            return v?.isEmpty == false ? v : nil
        }
        if let given = value("jurisdiction_id") ?? (try? req.query.get(String.self, at: "jurisdiction_id")), given != jurisdiction {
            throw GeoReportError(.notFound, "jurisdiction_id 不正确：\(given)（本平台为 \(jurisdiction)）")
        }
        guard let key = value("api_key") ?? (try? req.query.get(String.self, at: "api_key")) else {
            throw GeoReportError(.forbidden, "缺少 api_key。")
        }
        guard let client = try await ApiClients.client(forKey: key, on: req.db) else {
            throw GeoReportError(.forbidden, "api_key 无效或已停用。")
        }
        guard req.application.publicWriteLimit.allow(req.clientAddress, now: req.clock.now()) else {
            throw GeoReportError(.tooManyRequests, "提交过于频繁，请稍后再试。")
        }
        guard let serviceCode = value("service_code") else {
            throw GeoReportError(.badRequest, "service_code：必填。")
        }
        let services = try await GeoReportQueries.services(on: req.db)
        guard let service = services.first(where: { $0.code == serviceCode }) else {
            throw GeoReportError(.badRequest, "service_code：没有这个服务（\(serviceCode)）。")
        }
        var answers: [String: [String]] = [:]
        for (k, v) in form where k.hasPrefix("attribute[") {
            var code = String(k.dropFirst("attribute[".count))
            if code.hasSuffix("][]") { code.removeLast(3) } else if code.hasSuffix("]") { code.removeLast() } else { continue }
            answers[code, default: []].append(v)
        }
        var lat = value("lat").flatMap(Double.init), long = value("long").flatMap(Double.init)
        var problems: [String] = []
        if (value("lat") != nil && lat == nil) || (value("long") != nil && long == nil) {
            problems.append("lat/long：应为数字（WGS84 十进制度）。")
        }
        let address = value("address_string")
        if lat == nil || long == nil, address == nil {
            problems.append(value("address_id") != nil
                ? "address_id：本平台没有地址库，请提供 lat 和 long，或 address_string。"
                : "位置：lat 和 long，或 address_string，至少填写一项。")
        }
        if let la = lat, let lo = long, value("coordinate_system")?.lowercased() == "gcj02" {
            (lat, long) = ChinaCoordinates.wgs84(fromGCJ02: la, lo)
        } else if let system = value("coordinate_system"), !["wgs84", "gcj02"].contains(system.lowercased()) {
            problems.append("coordinate_system：应为 wgs84 或 gcj02（\(system)）。")
        }
        let requester = [value("last_name"), value("first_name")].compactMap { $0 }.joined()
        var text = value("description") ?? ""
        if text.isEmpty {
            // A client may send the service and its answers only: the text says what they said.
            let said = service.attributes.compactMap { a in answers[a.code].map { "\(a.description)：\($0.joined(separator: "、"))" } }
            text = ([service.name] + said).joined(separator: "；")
        }
        var intake = RequestActions.Intake()
        intake.channel = .open311
        intake.requesterName = requester.isEmpty ? nil : requester
        intake.requesterPhone = value("phone")
        intake.categoryCode = serviceCode
        intake.text = text
        intake.address = address
        intake.lat = lat
        intake.long = long
        intake.attributes = answers
        if !problems.isEmpty { throw GeoReportError(.badRequest, problems) }
        let token = UUID().uuidString.lowercased()
        let ctx = req.writeContext(actor: .init(userID: nil, name: "open311:\(client.name)"))
        let taken: RequestActions.Taken
        do {
            taken = try await RequestActions.take(intake, in: ctx, batcher: req.application.intakeBatcher)
        } catch let refusal as RequestRefusal {
            throw GeoReportError(.badRequest, Self.describe(refusal, service: service))
        }
        try await GeoReportQueries.insertToken(token, request: CitizenRequestID(taken.request.id!), client: client.id!, at: ctx.now, on: req.db)
        return GeoReportNode.list(item: "request", [.object([
            ("service_request_id", .text(taken.request.trackingNumber)),
            ("token", .text(token)),
            ("service_notice", .text("已受理，工单号 \(taken.request.trackingNumber)。派单后按工作日计算办理时限。")),
            ("account_id", .text(nil)),
        ])]).response(format, root: "service_requests")
    }

    // MARK: parts

    /// A read kept whole (``PublicCache``) per path and query, until a request, a category or
    /// anything else changes: 1,000 requests are read and written out once, not per client.
    /// The window of a `requests` read without dates moves with the day, which the version holds.
    private func kept(_ req: Request, _ format: GeoReportNode.Format, root: String,
                      build: () async throws -> GeoReportNode) async throws -> Response {
        let key = "open311 \(req.url.path)?\(req.url.query ?? "")"
        let cache = req.application.publicCache
        let now = req.clock.now()
        let page: PublicCache.Page
        if let fresh = cache.fresh(key, now: now) {
            page = fresh
        } else {
            let version = "\(try await GeoReportQueries.version(on: req.db)),\(req.today)"
            if let kept = cache.confirmed(key, version: version, now: now) {
                page = kept
            } else {
                page = cache.keep(key, body: try await build().render(format, root: root), type: format.mediaType, version: version, now: now)
            }
        }
        let response = page.response(for: req)
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        return response
    }

    /// `requests.json` → ("requests", .json); an unknown format is a 404 in JSON.
    private func file(_ req: Request) throws -> (String, GeoReportNode.Format) {
        let raw = req.parameters.get("file") ?? ""
        guard let split = GeoReportNode.Format.split(raw) else {
            throw GeoReportError(.notFound, "地址应以 .json 或 .xml 结尾：\(raw)")
        }
        req.storage[GeoReportFormatKey.self] = split.format
        return split
    }

    private func checkJurisdiction(_ req: Request) throws {
        if let given = try? req.query.get(String.self, at: "jurisdiction_id"), !given.isEmpty, given != jurisdiction {
            throw GeoReportError(.notFound, "jurisdiction_id 不正确：\(given)（本平台为 \(jurisdiction)）")
        }
    }

    private func listFilter(_ req: Request) throws -> GeoReportQueries.Filter {
        func list(_ key: String) -> [String] {
            ((try? req.query.get(String.self, at: key)) ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var problems: [String] = []
        func date(_ key: String) -> Date? {
            guard let text = try? req.query.get(String.self, at: key), !text.isEmpty else { return nil }
            guard let d = Self.parseDate(text) else { problems.append("\(key)：应为 W3C 日期时间，如 2026-01-01T00:00:00Z（\(text)）。"); return nil }
            return d
        }
        let start = date("start_date"), end = date("end_date")
        let statuses = Set(list("status").map { $0.lowercased() })
        if let wrong = statuses.first(where: { $0 != "open" && $0 != "closed" }) { problems.append("status：应为 open 或 closed（\(wrong)）。") }
        guard problems.isEmpty else { throw GeoReportError(.badRequest, problems) }
        guard let window = GeoReport.window(start: start, end: end, now: req.clock.now()) else {
            throw GeoReportError(.badRequest, "start_date 与 end_date：起止须先后有序，且相隔不超过 \(GeoReport.defaultWindowDays) 天。")
        }
        return .init(ids: Array(list("service_request_id").prefix(GeoReport.maxRequests)), serviceCodes: list("service_code"),
                     window: window, statuses: statuses)
    }

    static func node(_ r: GeoReportQueries.PublicRequest, extensions: Bool) -> GeoReportNode {
        var fields: [(String, GeoReportNode)] = [
            ("service_request_id", .text(r.trackingNumber)),
            ("status", .text(GeoReport.status(of: r.state))),
            ("status_notes", .text(r.state == .closed ? (r.reply ?? r.state.label) : r.state.label)),
            ("service_name", .text(r.serviceName)),
            ("service_code", .text(r.serviceCode)),
            ("description", .text(r.description)),
            ("agency_responsible", .text(r.unit)),
            ("service_notice", .text(nil)),
            ("requested_datetime", .text(W3CDate.string(r.requestedAt))),
            ("updated_datetime", .text(W3CDate.string(r.updatedAt))),
            ("expected_datetime", .text(r.due.flatMap(CivilDate.init).map(W3CDate.endOfDay))),
            ("address", .text(r.address)),
            ("address_id", .text(nil)),
            ("zipcode", .text(nil)),
            ("lat", .number(r.lat)),
            ("long", .number(r.long)),
            ("media_url", .text(nil)),
        ]
        if extensions {
            fields.append(("extended_attributes", .object([
                ("agency_responsible_unit", .text(r.unit)),
                ("due_date", .text(r.due)),
                ("satisfaction", .number(r.satisfaction.map(Double.init))),
                ("channel", .text(RequestChannel(rawValue: r.channel)?.label ?? r.channel)),
                ("state", .text(r.state.rawValue)),
                ("state_label", .text(r.state.label)),
            ])))
        }
        return .object(fields)
    }

    /// Each refused field as GeoReport names it (`attribute[period]`, `description` …).
    static func describe(_ refusal: RequestRefusal, service: GeoReportQueries.Service) -> [String] {
        let names = ["text": "description", "requesterName": "first_name/last_name", "requesterPhone": "phone",
                     "address": "address_string", "lat": "lat/long", "categoryCode": "service_code"]
        var out = refusal.fields.sorted(by: { $0.key < $1.key }).map { field, problem -> String in
            if field.hasPrefix("attribute["), let a = service.attributes.first(where: { "attribute[\($0.code)]" == field }) {
                let reason = Wording.request(problem, field: field).components(separatedBy: "：").dropFirst().joined(separator: "：")
                return "\(field)（\(a.description)）：\(reason)"
            }
            let message = Wording.request(problem, field: field)
            return names[field].map { "\($0)：" + message.components(separatedBy: "：").dropFirst().joined(separator: "：") } ?? message
        }
        if let flow = refusal.flow { out.append(Wording.requestFlow(flow)) }
        return out
    }

    static func datatypeDescription(_ a: ServiceAttribute) -> String? {
        switch a.datatype {
        case .singlevaluelist: "从下列选项中选择一项"
        case .multivaluelist: "从下列选项中选择一项或多项"
        case .number: "数字"
        case .datetime: "日期时间（W3C 格式）"
        case .string, .text: nil
        }
    }

    /// The form of a post (`application/x-www-form-urlencoded`), in order, repeats kept
    /// (`attribute[kind][]` may come several times).
    static func formFields(_ req: Request) -> [(String, String)] {
        guard let buffer = req.body.data, let body = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else { return [] }
        return body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring?) -> String {
                guard let s else { return "" }
                return String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return (decode(parts.first), decode(parts.count > 1 ? parts[1] : nil))
        }
    }

    static func parseDate(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let d = full.date(from: text) { return d }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = full.date(from: text) { return d }
        if let day = CivilDate(text) { return W3CDate.startOfDay(day) }
        return nil
    }

    static func baseURL(_ req: Request) -> String {
        let host = req.headers.first(name: .host) ?? "127.0.0.1:8080"
        let scheme = req.headers.first(name: "X-Forwarded-Proto") == "https" ? "https" : "http"
        return "\(scheme)://\(host)"
    }

    /// The version of our GeoReport interface: changes when what it serves changes shape.
    static let changeset = "2026-11-29T00:00:00+08:00"
}

/// The format a GeoReport path asked for, so that an error answers in it.
struct GeoReportFormatKey: StorageKey { typealias Value = GeoReportNode.Format }

/// Turns a ``GeoReportError`` (and anything else thrown under `/open311`) into GeoReport's error
/// shape, in the format the path asked for.
struct GeoReportErrorMiddleware: Middleware {
    // Future-based: an answer that succeeds passes on the event loop.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapErrorThrowing { error in
            let format = request.storage[GeoReportFormatKey.self] ?? (request.url.path.hasSuffix(".xml") ? .xml : .json)
            if let error = error as? GeoReportError { return error.response(format) }
            let api = ErrorMapping.apiError(for: error)
            if api.status.code >= 500 { request.logger.report(error: error) }
            return GeoReportError(api.status, api.message).response(format)
        }
    }
}

/// Dates as GeoReport wants them (W3C / ISO 8601 with the offset): the city's time, `+08:00`
/// (China has kept one offset without daylight saving since 1991).
enum W3CDate {
    static func string(_ date: Date) -> String {
        let seconds = Int(floor(date.timeIntervalSince1970)) + 8 * 3600
        let days = Int(floor(Double(seconds) / 86_400))
        let rest = seconds - days * 86_400
        let day = CivilDate(dayNumber: days)
        return "\(day.description)T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))+08:00"
    }

    static func endOfDay(_ day: CivilDate) -> String { "\(day.description)T23:59:59+08:00" }

    static func startOfDay(_ day: CivilDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 - 8 * 3600))
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

extension Application {
    private struct JurisdictionKey: StorageKey { typealias Value = String }

    /// The Open311 `jurisdiction_id` (from ``AppConfig/jurisdictionID``).
    var jurisdictionID: String {
        get { storage[JurisdictionKey.self] ?? "minsheng" }
        set { storage[JurisdictionKey.self] = newValue }
    }
}
