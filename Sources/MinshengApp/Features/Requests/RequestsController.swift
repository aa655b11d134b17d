import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// `/api/v1/requests`: citizens' requests over the same actions as the pages. Intake takes an
/// `Idempotency-Key` header: a retry with the same key answers with the first request (200 and
/// `Idempotent-Replayed: true`) instead of taking it twice.
struct RequestsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("request-categories", use: categories)
        routes.get("request-scores", use: scores)
        let requests = routes.grouped("requests")
        requests.get(use: list)
        requests.post(use: take)
        requests.on(.POST, "import", body: .collect(maxSize: "20mb"), use: importRows)
        requests.group(":requestID") { r in
            r.get(use: show)
            r.get("similar", use: similar)
            r.on(.POST, "photos", body: .collect(maxSize: ByteCount(value: AttachmentCheck.maxBytes + (1 << 20))), use: addPhoto)
            r.post(":step", use: step)
        }
    }

    /// A request as the API shows it; name and phone masked unless the caller may see them.
    struct RequestDTO: Content {
        var id: UUID
        var trackingNumber: String
        var channel: String
        var receivedAt: Date
        var requesterName: String?
        var requesterPhone: String?
        var confidential: Bool
        var kind: String
        var categoryCode: String
        var text: String
        var address: String?
        var lat: Double?
        var long: Double?
        var district: String?
        var street: String?
        var urgency: String
        /// Core's `RequestState`.
        var state: String
        var stateLabel: String
        var leadUnitID: UUID?
        var leadUnit: String?
        var suggestedUnitID: UUID?
        var coUnits: [String]
        var signForDue: String?
        var handlingDue: String?
        /// `onTime`, `dueSoon`, `overdue`, `escalate` against the current limit; nil when none runs.
        var limitStage: String?
        var reply: String?
        var resolution: String?
        var satisfaction: Int?
        var unreasonable: Bool
        var mergedInto: UUID?
        var commitmentID: UUID?
        var extensionState: String?
        var extensionDue: String?
        var sourceRef: String?

        init(_ r: CitizenRequestRecord, units: [UUID: String], coUnits: [String], identity: Bool, stage: LimitStage?,
             keys: DataKeyring) throws {
            id = r.id!
            trackingNumber = r.trackingNumber
            channel = r.channel
            receivedAt = r.receivedAt
            requesterName = try r.requesterName(keys).map { identity ? $0 : PersonalData.maskName($0) }
            requesterPhone = try r.requesterPhone(keys).map { identity ? $0 : PersonalData.maskPhone($0) }
            confidential = r.confidential
            kind = r.kind
            categoryCode = r.categoryCode
            text = r.text
            address = r.address
            lat = r.lat
            long = r.long
            district = r.district
            street = r.street
            urgency = r.urgency
            state = r.state
            stateLabel = r.coreState.label
            leadUnitID = r.$leadUnit.id
            leadUnit = r.$leadUnit.id.flatMap { units[$0] }
            suggestedUnitID = r.$suggestedUnit.id
            self.coUnits = coUnits
            signForDue = r.signForDue
            handlingDue = r.handlingDue
            limitStage = stage?.rawValue
            reply = r.replyText
            resolution = r.resolution
            satisfaction = r.satisfaction
            unreasonable = r.unreasonable
            mergedInto = r.mergedInto
            commitmentID = r.$commitment.id
            extensionState = r.extensionState
            extensionDue = r.extensionDue
            sourceRef = r.sourceRef
        }
    }

    struct IntakeForm: Content {
        var channel: String?
        var receivedAt: Date?
        var requesterName: String?
        var requesterPhone: String?
        var confidential: Bool?
        var kind: String?
        var categoryCode: String?
        var text: String?
        var address: String?
        var lat: Double?
        var long: Double?
        var district: String?
        var street: String?
        var urgency: String?
        var commitmentID: UUID?
    }

    struct ListDTO: Content {
        var items: [RequestDTO]
        var total: Int
        var page: Int
        var per: Int
    }

    @Sendable func take(req: Vapor.Request) async throws -> Response {
        let user = try Access.require(req, .takeRequest)
        let form = try req.content.decode(IntakeForm.self)
        var intake = RequestActions.Intake()
        if let channel = form.channel {
            guard let c = RequestChannel(rawValue: channel) else {
                throw APIError.invalid(["channel": Wording.request(.unknown(channel), field: "channel")])
            }
            intake.channel = c
        }
        intake.receivedAt = form.receivedAt
        intake.requesterName = form.requesterName
        intake.requesterPhone = form.requesterPhone
        intake.confidential = form.confidential ?? false
        intake.kind = form.kind ?? ""
        intake.categoryCode = form.categoryCode ?? ""
        intake.text = form.text ?? ""
        intake.address = form.address
        intake.lat = form.lat
        intake.long = form.long
        intake.district = form.district
        intake.street = form.street
        intake.urgency = form.urgency
        intake.commitmentID = form.commitmentID
        // A key is the caller's own: the same key from another user is another request (and never
        // answers with someone else's).
        if let key = blankToNil(req.headers.first(name: "Idempotency-Key")) {
            guard key.count <= 200 else {
                throw APIError.invalid(["idempotencyKey": Wording.request(.tooLong(max: 200), field: "idempotencyKey")])
            }
            intake.idempotencyKey = "api:\(user.id?.uuidString ?? ""):\(key)"
        }
        let taken = try await RequestActions.take(intake, in: req.writeContext(actor: .init(user)), batcher: req.application.intakeBatcher)
        // The caller typed the requester in: a new request answers with it whole, confidential or not.
        let dto = try await Self.dto(taken.request, for: user, on: req, reveal: !taken.replayed)
        let response = Response(status: taken.replayed ? .ok : .created)
        if taken.replayed { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/requests/\(dto.id)")
        try response.content.encode(dto)
        return response
    }

    @Sendable func list(req: Vapor.Request) async throws -> Response {
        let user = try req.requireUser()
        guard let role = user.coreRole, Access.may(user, .readRequest, on: .request(leadUnit: WebAccess.probeUnit, coUnits: [])) || role.isBoundToUnit
        else { throw APIError.forbidden }
        let page = try req.queryInt("page", in: 1...Int(Int32.max), default: 1)
        let per = try req.queryInt("per", in: 1...200, default: 25)
        if role.isBoundToUnit {
            // A unit's list: kept encoded while the unit's revision stands (what every staff
            // member of the lead unit sees is the same).
            guard let unitID = user.$unit.id else { throw APIError.forbidden }
            let key = RequestInboxCache.Key(unit: unitID, page: page, per: per, day: req.today)
            let revision = try await RequestInboxCache.revision(of: unitID, on: req.db)
            let cache = req.application.requestInboxCache
            let body: ByteBuffer
            if let kept = cache.body(key, revision: revision) {
                body = kept
            } else {
                let result = try await RequestQueries.inbox(unitID: UnitID(unitID), page: page, per: per, on: req.db)
                let list = ListDTO(items: try await Self.dtos(result.rows, for: user, on: req), total: result.total, page: page, per: per)
                var buffer = ByteBuffer()
                var headers = HTTPHeaders()
                try ContentConfiguration.global.requireEncoder(for: .json).encode(list, to: &buffer, headers: &headers)
                cache.keep(buffer, for: key, revision: revision)
                body = buffer
            }
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(buffer: body))
        }
        let result: RequestQueries.Page
        do {
            var state: RequestState?
            if let s = req.query[String.self, at: "state"] {
                guard let parsed = RequestState(rawValue: s) else { throw APIError.invalid(["state": "未知状态 \(s)"]) }
                state = parsed
            }
            result = try await RequestQueries.hotlineQueue(state: state, page: page, per: per, on: req.db)
        }
        let items = try await Self.dtos(result.rows, for: user, on: req)
        return try await ListDTO(items: items, total: result.total, page: page, per: per).encodeResponse(for: req)
    }

    /// A request the caller may read (404 otherwise, so ids of other units' requests say nothing).
    static func load(_ req: Vapor.Request) async throws -> (CitizenRequestRecord, Subject, UserRecord) {
        let user = try req.requireUser()
        let id = try req.pathID("requestID", "诉求")
        guard let r = try await CitizenRequestRecord.find(id, on: req.db) else { throw APIError.notFound("诉求") }
        let subject = try await RequestQueries.subject(r, on: req.db)
        guard Access.may(user, .readRequest, on: subject) else { throw APIError.notFound("诉求") }
        return (r, subject, user)
    }

    @Sendable func show(req: Vapor.Request) async throws -> RequestDTO {
        let (r, subject, user) = try await Self.load(req)
        let dto = try await Self.dto(r, for: user, on: req, reveal: true)
        // A 保密 request's identity shown whole is a view to record.
        let shown = Access.may(user, .readRequesterIdentity, on: subject) && r.hasRequester
        if r.confidential && shown {
            try await RequestPrivacy.recordView(r, by: user, in: req.writeContext(actor: .init(user)))
        }
        return dto
    }

    @Sendable func similar(req: Vapor.Request) async throws -> [RequestDTO] {
        let (r, _, user) = try await Self.load(req)
        let rows = try await RequestQueries.similar(to: r, on: req.db).map(\.0)
        return try await Self.dtos(rows, for: user, on: req)
    }

    @Sendable func step(req: Vapor.Request) async throws -> RequestDTO {
        let (r, subject, user) = try await Self.load(req)
        let raw = req.parameters.get("step") ?? ""
        guard let name = RequestStepName(rawValue: raw) else { throw APIError.notFound("操作 \(raw)") }
        guard Access.may(user, name.action, on: subject) else { throw APIError.forbidden }
        let input = req.body.data == nil ? RequestStepInput() : try req.content.decode(RequestStepInput.self)
        try await RequestActions.run(name, on: r, input: input, in: req.writeContext(actor: .init(user)))
        return try await Self.dto(r, for: user, on: req)
    }

    /// A photo as the request body (its bytes decide what it is; `?filename=` names it).
    @Sendable func addPhoto(req: Vapor.Request) async throws -> Response {
        let (r, subject, user) = try await Self.load(req)
        guard Access.may(user, .routeRequest, on: subject) || Access.may(user, .handleRequest, on: subject) else {
            throw APIError.forbidden
        }
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        do {
            let photo = try await RequestPhotos.add(bytes, filename: req.query[String.self, at: "filename"], to: r, by: user,
                                                    app: req.application, in: req.writeContext(actor: .init(user)))
            let response = Response(status: .created)
            try response.content.encode(["id": photo.id!.uuidString, "filename": photo.filename, "contentType": photo.contentType,
                                         "sha256": photo.sha256])
            return response
        } catch let refusal as RequestPhotos.Refusal {
            let status: HTTPResponseStatus = refusal == .file(.tooLarge) ? .payloadTooLarge : (refusal == .tooMany ? .conflict : .unsupportedMediaType)
            throw APIError(status, ErrorMapping.codeName(status), RequestPhotos.message(refusal), fields: ["file": RequestPhotos.message(refusal)])
        }
    }

    @Sendable func importRows(req: Vapor.Request) async throws -> Response {
        let user = try Access.require(req, .takeRequest)
        guard let body = req.body.data, body.readableBytes > 0 else { throw APIError.invalid(["file": "请上传 CSV 或 xlsx 文件。"]) }
        let takeValid = req.query[Bool.self, at: "takeValidRows"] ?? false
        do {
            let report = try await RequestImport.run(Data(buffer: body), takeValidRows: takeValid,
                                                     in: req.writeContext(actor: .init(user)))
            let response = Response(status: report.refused > 0 && report.nothingTaken ? .unprocessableEntity : .ok)
            try response.content.encode(report)
            return response
        } catch let error as RequestImport.ImportError {
            throw APIError.invalid(["file": RequestImportWording.message(error)])
        }
    }

    struct CategoryDTO: Content { var code: String; var name: String; var parentCode: String? }

    @Sendable func categories(req: Vapor.Request) async throws -> [CategoryDTO] {
        _ = try req.requireUser()
        return try await RequestCategoryRecord.query(on: req.db).filter(\.$active == true).sort(\.$code).all()
            .map { CategoryDTO(code: $0.code, name: $0.name, parentCode: RequestCategory(code: $0.code, name: $0.name).parentCode) }
    }

    struct ScoreDTO: Content {
        var place: Int
        var unit: String
        var score: Double
        var dispatched: Int
        var responseRate: Double?
        var resolutionRate: Double?
        var satisfactionRate: Double?
        var onTimeRate: Double?
        var returnRate: Double?
        var redoRate: Double?
        var unreasonable: Int
    }

    @Sendable func scores(req: Vapor.Request) async throws -> [ScoreDTO] {
        try Access.require(req, .readRequestScores)
        let text = req.query[String.self, at: "month"] ?? req.today.yearMonth.description
        guard let month = YearMonth(text) else { throw APIError.invalid(["month": "月份格式应为 YYYY-MM"]) }
        let ranking = try await RequestRanking.month(month, on: req.db, cache: req.application.requestRankingCache)
        return ranking.lines.map {
            ScoreDTO(place: $0.place, unit: $0.unit.unit, score: $0.score, dispatched: $0.unit.dispatched,
                     responseRate: $0.unit.responseRate, resolutionRate: $0.unit.resolutionRate,
                     satisfactionRate: $0.unit.satisfactionRate, onTimeRate: $0.unit.onTimeRate,
                     returnRate: $0.unit.returnRate, redoRate: $0.unit.redoRate, unreasonable: $0.unit.unreasonable)
        }
    }

    // MARK: DTOs

    static func dto(_ r: CitizenRequestRecord, for user: UserRecord, on req: Vapor.Request, reveal: Bool = false) async throws -> RequestDTO {
        try await dtos([r], for: user, on: req, reveal: reveal)[0]
    }

    /// DTOs for rows with their units' names read at once; identity shown per the caller's rights.
    /// A confidential (保密) request's requester is shown whole only with `reveal`, where the caller
    /// records the view (``show(req:)``); lists and step answers mask it even for those who may see it.
    static func dtos(_ rows: [CitizenRequestRecord], for user: UserRecord, on req: Vapor.Request,
                     reveal: Bool = false) async throws -> [RequestDTO] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.compactMap(\.id)
        // Units come with routing: requests not routed yet (a new intake) need no query.
        let routed = rows.contains { $0.$leadUnit.id != nil }
        let co = routed ? try await RequestCoUnitRecord.query(on: req.db).filter(\.$request.$id ~~ ids).all() : []
        let names = try await RequestQueries.unitNames(rows.compactMap { $0.$leadUnit.id } + co.map { $0.$unit.id }, on: req.db)
        var coByRequest: [UUID: [String]] = [:]
        for c in co { coByRequest[c.$request.id, default: []].append(names[c.$unit.id] ?? "") }
        let needsCalendar = rows.contains { $0.currentDue != nil }
        let calendar = needsCalendar ? try await req.application.workCalendar.calendar(on: req.db, now: req.clock.now()) : nil
        let limits = needsCalendar ? try await RequestSettings.limits(on: req.db) : .standard
        return try rows.map { r in
            let coUnits = coByRequest[r.id!] ?? []
            let subject = Subject.request(leadUnit: r.$leadUnit.id.map { UnitID($0) },
                                          coUnits: co.filter { $0.$request.id == r.id }.map { UnitID($0.$unit.id) })
            let stage = r.currentDue.flatMap { due in calendar.map { LimitStage.of(due: due, today: req.today, calendar: $0, limits: limits) } }
            let identity = Access.may(user, .readRequesterIdentity, on: subject) && (reveal || !r.confidential)
            return try RequestDTO(r, units: names, coUnits: coUnits, identity: identity, stage: stage, keys: req.application.dataKeys)
        }
    }
}

enum RequestImportWording {
    static func message(_ error: RequestImport.ImportError) -> String {
        switch error {
        case .unreadable(let why): "文件无法读取：\(why)"
        case .noHeader: "文件为空或没有表头行。"
        case .missingColumns(let names): "缺少必需的列：\(names.joined(separator: "、"))。"
        }
    }
}
