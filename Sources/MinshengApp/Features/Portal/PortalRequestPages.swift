import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// The citizens' own side of 接诉即办: the form (我要留言) and the lookup by tracking number and
/// the phone's last four digits, where the citizen reads the history in plain words, rates the
/// answer and may ask for it to be handled again. Every write is an adapter over the same
/// ``RequestActions`` as the hotline's pages, with the citizen as the audited actor.
struct PortalRequestPages {
    /// The most requests one phone may file in a day (a spam guard without outside services).
    static let dailyCapPerPhone = 5
    /// The least time, in seconds, between showing the form and sending it: scripts are faster.
    static let minimumFillSeconds: TimeInterval = 3
    static let maxPhotos = 3
    static let formShownKey = "portalFormShownAt"
    static let lookupsKey = "portalLookups"
    static let citizen = AuditLog.Actor(userID: nil, name: "citizen")

    // MARK: the form

    struct FormPage: Encodable {
        struct Group: Encodable { var name: String; var options: [ChoiceOption] }
        struct AttributeField: Encodable {
            var category: String
            var name: String
            var label: String
            var required: Bool
            var isList: Bool
            var options: [ChoiceOption]
            var value: String
        }
        var shell: PortalShell
        var groups: [Group]
        var attributes: [AttributeField]
        var values: [String: String]
        var errors: [String: String]
        var errorList: [String]
        var hasErrors: Bool
        var keepLocation: Bool
        /// The districts as SVG: a tap fills the coordinates and the district.
        var mapSVG: String?
        var links = Links()

        struct Links: Encodable { var submit = SitePath.portalRequests() }
    }

    func newForm(req: Request) async throws -> Response {
        req.session.data[Self.formShownKey] = String(req.clock.now().timeIntervalSince1970)
        return try await renderForm(req, values: [:], errors: [:], status: .ok)
    }

    func create(req: Request) async throws -> Response {
        let form = try? req.content.decode(CitizenForm.self)
        guard let form else {
            return try await renderForm(req, values: [:], errors: ["body": "表单内容无法读取，请重新填写。"], status: .badRequest)
        }
        let values = form.values
        var errors: [String: String] = [:]
        // Spam guard: a filled hidden field, or a form sent faster than a person types.
        let shown = req.session.data[Self.formShownKey].flatMap(Double.init)
        if !(form.website ?? "").isEmpty || shown.map({ req.clock.now().timeIntervalSince1970 - $0 < Self.minimumFillSeconds }) ?? true {
            errors["body"] = "提交太快或表单已过期，请稍候再提交一次。"
            req.session.data[Self.formShownKey] = String(req.clock.now().timeIntervalSince1970)
            return try await renderForm(req, values: values, errors: errors, status: .unprocessableEntity)
        }
        guard req.application.publicWriteLimit.allow(req.clientAddress, now: req.clock.now()) else {
            return try await renderForm(req, values: values, errors: ["body": "提交过于频繁，请稍后再试。"], status: .tooManyRequests)
        }
        let phone = (form.phone ?? "").filter { !$0.isWhitespace && $0 != "-" }
        if phone.isEmpty { errors["phone"] = "手机号码：必填，用于接收工单号和查询办理进度。" }
        // Photos: checked by their bytes before anything is written.
        var photos: [(bytes: [UInt8], name: String?, location: (lat: Double, long: Double)?)] = []
        for file in (form.photos ?? []) where file.data.readableBytes > 0 {
            let bytes = Array(file.data.readableBytesView)
            do {
                let kind = try AttachmentCheck.kind(of: bytes)
                guard kind.isImage else { throw AttachmentCheck.Refusal.notAllowed }
                let cleaned = PhotoMetadata.strip(bytes)
                photos.append((cleaned.bytes, file.filename, cleaned.location))
            } catch let refusal as AttachmentCheck.Refusal {
                errors["photos"] = "照片：\(AttachmentCheck.message(refusal))"
            }
        }
        if photos.count > Self.maxPhotos { errors["photos"] = "照片：最多 \(Self.maxPhotos) 张。" }
        var intake = RequestActions.Intake()
        intake.channel = .web
        intake.requesterName = form.name
        intake.requesterPhone = phone.isEmpty ? nil : phone
        intake.kind = form.kind ?? RequestKind.help.rawValue
        intake.categoryCode = form.categoryCode ?? ""
        intake.text = form.text ?? ""
        intake.address = form.address
        intake.lat = form.lat.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        intake.long = form.long.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        if (form.lat ?? "").trimmingCharacters(in: .whitespaces).isEmpty == false && intake.lat == nil { errors["lat"] = "纬度：应为数字。" }
        if (form.long ?? "").trimmingCharacters(in: .whitespaces).isEmpty == false && intake.long == nil { errors["lat"] = "经度：应为数字。" }
        if form.keepLocation == "on", intake.lat == nil, intake.long == nil, let place = photos.compactMap(\.location).first {
            (intake.lat, intake.long) = place
        }
        // The district routes the request: the one tapped on the map, else the one the point is in.
        intake.district = form.district.flatMap { $0.isEmpty ? nil : $0 }
            ?? intake.lat.flatMap { lat in intake.long.flatMap { req.application.districtMap?.district(lat: lat, long: $0) } }
        if (intake.address ?? "").trimmingCharacters(in: .whitespaces).isEmpty && intake.lat == nil {
            errors["address"] = "地点：请填写地址或坐标。"
        }
        let attributes = try await RequestQueries.attributes(category: intake.categoryCode, on: req.db)
        for attribute in attributes {
            let answer = (try? req.content.get(String.self, at: "attr-\(intake.categoryCode)-\(attribute.code)")) ?? ""
            if !answer.isEmpty { intake.attributes[attribute.code] = [answer] }
        }
        if !phone.isEmpty, try await Self.filedToday(phone: phone, req: req) >= Self.dailyCapPerPhone {
            errors["phone"] = "同一手机号码每天最多提交 \(Self.dailyCapPerPhone) 件诉求，请明天再提交，或拨打 12345。"
        }
        // Every field's problem at once: the intake's own check adds its fields to ours.
        for (field, problem) in try await RequestActions.problems(intake, on: req.db, now: req.clock.now()) {
            let key = field == "requesterPhone" ? "phone" : field == "requesterName" ? "name" : field
            if errors[key] == nil { errors[key] = Self.label(field, problem, attributes: attributes) }
        }
        guard errors.isEmpty else { return try await renderForm(req, values: values, errors: errors, status: .unprocessableEntity) }
        for photo in photos { intake.photos.append(try RequestPhotos.store(photo.bytes, filename: photo.name, app: req.application)) }
        let taken = try await RequestActions.take(intake, in: req.writeContext(actor: Self.citizen), batcher: req.application.intakeBatcher)
        req.session.data[Self.formShownKey] = nil
        Self.allowLookup(taken.request.id!, req: req)
        req.session.data["flash"] = "诉求已受理，工单号 \(taken.request.trackingNumber)。请记下工单号，凭工单号和手机号后四位随时查询办理进度。"
        return req.redirect(to: SitePath.portalLookup(query: [("n", taken.request.trackingNumber)]), redirectType: .normal)
    }

    struct CitizenForm: Content {
        var categoryCode: String?
        var kind: String?
        var text: String?
        var address: String?
        var lat: String?
        var long: String?
        var name: String?
        var phone: String?
        var district: String?
        var keepLocation: String?
        var website: String?
        var photos: [File]?

        var values: [String: String] {
            ["categoryCode": categoryCode ?? "", "kind": kind ?? "", "text": text ?? "", "address": address ?? "",
             "lat": lat ?? "", "long": long ?? "", "name": name ?? "", "phone": phone ?? "", "district": district ?? ""]
        }
    }

    static func label(_ field: String, _ problem: RequestProblem, attributes: [ServiceAttribute]) -> String {
        if field.hasPrefix("attribute["), let a = attributes.first(where: { "attribute[\($0.code)]" == field }) {
            let reason = Wording.request(problem, field: field).components(separatedBy: "：").dropFirst().joined(separator: "：")
            return "\(a.description)：\(reason)"
        }
        let names = ["requesterPhone": "手机号码", "requesterName": "称呼", "text": "诉求内容", "categoryCode": "诉求分类",
                     "address": "地点", "lat": "坐标"]
        let message = Wording.request(problem, field: field)
        return names[field].map { $0 + "：" + message.components(separatedBy: "：").dropFirst().joined(separator: "：") } ?? message
    }

    static func filedToday(phone: String, req: Request) async throws -> Int {
        let start = req.today.startOfDay(in: AppClock.cityTimeZone)
        // By the blind index under every configured key: rows a rotation has not reached yet count too.
        let indexes = req.application.dataKeys.phoneIndexes(phone)
        guard !indexes.isEmpty else { return 0 }
        return try await CitizenRequestRecord.query(on: req.db).filter(\.$phoneIndex ~~ indexes)
            .filter(\.$receivedAt >= start).count()
    }

    private func renderForm(_ req: Request, values: [String: String], errors: [String: String], status: HTTPStatus) async throws -> Response {
        let lang = PortalLanguage.of(req)
        var shell = PortalShell.make(lang, title: lang.words.newRequest, path: SitePath.portalNewRequest.pattern)
        shell.csrfToken = CSRF.token(for: req)
        let categories = try await GeoReportQueries.services(on: req.db)
        var groups: [FormPage.Group] = []
        for c in categories {
            let option = ChoiceOption(value: c.code, label: c.name, selected: values["categoryCode"] == c.code)
            if groups.last?.name == c.group { groups[groups.count - 1].options.append(option) }
            else { groups.append(.init(name: c.group, options: [option])) }
        }
        let attributes = categories.flatMap { c in
            c.attributes.map { a in
                let name = "attr-\(c.code)-\(a.code)"
                let value = (try? req.content.get(String.self, at: name)) ?? ""
                return FormPage.AttributeField(
                    category: c.code, name: name, label: a.description + (a.required ? "（必填）" : ""), required: a.required,
                    isList: !a.values.isEmpty, options: a.values.map { ChoiceOption(value: $0.key, label: $0.name, selected: $0.key == value) },
                    value: value)
            }
        }
        let page = FormPage(shell: shell, groups: groups, attributes: attributes, values: values, errors: errors,
                            errorList: errors.sorted { $0.key < $1.key }.map(\.value), hasErrors: !errors.isEmpty, keepLocation: false,
                            mapSVG: req.application.districtMap?.svg())
        return try await lang.page(req, "Portal/request-new", page, status: status)
    }

    // MARK: the lookup

    struct LookupPage: Encodable {
        struct Line: Encodable { var at: String; var text: String }
        struct Found: Encodable {
            var number: String
            var stage: String
            var category: String
            var text: String
            var lines: [Line]
            var reply: String?
            var mayRate: Bool
            var mayAskAgain: Bool
            var askAgainUntil: String
        }
        var shell: PortalShell
        var number: String
        var error: String?
        var found: Found?
        var resolutions: [ChoiceOption]
        var satisfactions: [ChoiceOption]
        var links = Links()

        struct Links: Encodable {
            var lookup = SitePath.portalLookup()
            var rate = SitePath.portalRate()
            var redo = SitePath.portalRedo()
        }
    }

    func lookupForm(req: Request) async throws -> Response {
        let number = (try? req.query.get(String.self, at: "n")) ?? ""
        if !number.isEmpty, let r = try await RequestQueries.find(number, on: req.db), Self.mayView(r.id!, req: req) {
            return try await renderLookup(req, number: number, found: r, error: nil, status: .ok)
        }
        return try await renderLookup(req, number: number, found: nil, error: nil, status: .ok)
    }

    func lookup(req: Request) async throws -> Response {
        struct Form: Content { var number: String?; var last4: String? }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let number = (form.number ?? "").trimmingCharacters(in: .whitespaces)
        let last4 = (form.last4 ?? "").trimmingCharacters(in: .whitespaces)
        guard req.application.publicLookupLimit.allow(req.clientAddress, now: req.clock.now()) else {
            return try await renderLookup(req, number: number, found: nil, error: "查询过于频繁，请稍后再试。", status: .tooManyRequests)
        }
        guard !number.isEmpty, last4.count == 4, last4.allSatisfy(\.isNumber) else {
            return try await renderLookup(req, number: number, found: nil, error: "请填写工单号和手机号码后四位（4位数字）。",
                                          status: .unprocessableEntity)
        }
        // One answer for a wrong number and a wrong phone: the lookup does not confirm that a number exists.
        guard let r = try await CitizenRequestRecord.query(on: req.db).filter(\.$trackingNumber == number).first(),
              let phone = try r.requesterPhone(req.application.dataKeys), PhoneNumber.normalised(phone).hasSuffix(last4) else {
            return try await renderLookup(req, number: number, found: nil, error: "没有找到与工单号和手机号后四位相符的诉求。",
                                          status: .notFound)
        }
        Self.allowLookup(r.id!, req: req)
        return try await renderLookup(req, number: number, found: r, error: nil, status: .ok)
    }

    func rate(req: Request) async throws -> Response {
        struct Form: Content { var number: String?; var resolution: String?; var satisfaction: Int?; var note: String? }
        let form = try req.content.decode(Form.self)
        let r = try await Self.looked(form.number ?? "", req: req)
        guard req.application.publicWriteLimit.allow(req.clientAddress, now: req.clock.now()) else { throw WebError.tooFrequent }
        guard CitizenView.mayRate(r.coreState) else { throw WebError.badRequest("该诉求当前不能评价。") }
        do {
            try await RequestActions.callBack(r, resolution: form.resolution ?? "", satisfaction: form.satisfaction,
                                              note: "市民网上评价" + ((form.note ?? "").isEmpty ? "" : "：\(form.note!)"),
                                              in: req.writeContext(actor: Self.citizen))
        } catch let refusal as RequestRefusal {
            return try await renderLookup(req, number: r.trackingNumber, found: r,
                                          error: Wording.request(refusal).values.sorted().joined(separator: " "), status: .unprocessableEntity)
        }
        req.session.data["flash"] = "感谢您的评价。"
        return req.redirect(to: SitePath.portalLookup(query: [("n", r.trackingNumber)]), redirectType: .normal)
    }

    func redo(req: Request) async throws -> Response {
        struct Form: Content { var number: String?; var reason: String? }
        let form = try req.content.decode(Form.self)
        let r = try await Self.looked(form.number ?? "", req: req)
        guard req.application.publicWriteLimit.allow(req.clientAddress, now: req.clock.now()) else { throw WebError.tooFrequent }
        guard CitizenView.mayAskAgain(state: r.coreState, resolution: r.coreResolution, satisfaction: r.coreSatisfaction,
                                      answeredOn: r.repliedAt.map { CivilDate($0, in: AppClock.cityTimeZone) }, today: req.today) else {
            throw WebError.badRequest("该诉求当前不能申请重新办理。")
        }
        do {
            try await RequestActions.redo(r, reason: "市民申请重新办理：" + (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                          in: req.writeContext(actor: Self.citizen))
        } catch let refusal as RequestRefusal {
            return try await renderLookup(req, number: r.trackingNumber, found: r,
                                          error: Wording.request(refusal).values.sorted().joined(separator: " "), status: .unprocessableEntity)
        }
        req.session.data["flash"] = "已提交重新办理申请，承办单位将重新办理。"
        return req.redirect(to: SitePath.portalLookup(query: [("n", r.trackingNumber)]), redirectType: .normal)
    }

    // MARK: parts

    /// Remembers in the session that this visitor proved they filed the request.
    static func allowLookup(_ id: UUID, req: Request) {
        var ids = (req.session.data[lookupsKey] ?? "").split(separator: ",").map(String.init)
        ids.removeAll { $0 == id.uuidString }
        ids.append(id.uuidString)
        req.session.data[lookupsKey] = ids.suffix(20).joined(separator: ",")
    }

    static func mayView(_ id: UUID, req: Request) -> Bool {
        (req.session.data[lookupsKey] ?? "").split(separator: ",").contains { $0 == id.uuidString }
    }

    static func looked(_ number: String, req: Request) async throws -> CitizenRequestRecord {
        guard let r = try await CitizenRequestRecord.query(on: req.db).filter(\.$trackingNumber == number).first(),
              mayView(r.id!, req: req) else { throw WebError.notFound }
        return r
    }

    private func renderLookup(_ req: Request, number: String, found r: CitizenRequestRecord?, error: String?,
                              status: HTTPStatus) async throws -> Response {
        let lang = PortalLanguage.of(req)
        var shell = PortalShell.make(lang, title: lang.words.lookup, path: SitePath.portalLookup.pattern)
        shell.csrfToken = CSRF.token(for: req)
        if let flash = req.session.data["flash"] { shell.flash = flash; req.session.data["flash"] = nil }
        var found: LookupPage.Found?
        if let r {
            let events = try await RequestEventRecord.query(on: req.db).filter(\.$request.$id == r.id!).sort(\.$at).all()
            let units = try await RequestQueries.unitNames(events.compactMap { $0.$unit.id }, on: req.db)
            let categories = try await RequestQueries.categoryNames(on: req.db)
            let names = try r.requesterName(req.application.dataKeys).map { [$0] } ?? []
            let answeredOn = r.repliedAt.map { CivilDate($0, in: AppClock.cityTimeZone) }
            found = .init(
                number: r.trackingNumber, stage: CitizenView.stage(r.coreState), category: categories[r.categoryCode] ?? r.categoryCode,
                text: r.text,
                lines: events.compactMap { e in
                    CitizenView.line(step: e.step, unit: e.$unit.id.flatMap { units[$0] }).map { .init(at: WebFormat.timestamp(e.at), text: $0) }
                },
                reply: [.awaitingCallback, .calledBack, .closed].contains(r.coreState) ? r.replyText.map { PersonalData.redactText($0, names: names) } : nil,
                mayRate: CitizenView.mayRate(r.coreState),
                mayAskAgain: CitizenView.mayAskAgain(state: r.coreState, resolution: r.coreResolution, satisfaction: r.coreSatisfaction,
                                                    answeredOn: answeredOn, today: req.today),
                askAgainUntil: answeredOn.map { WebFormat.date($0.adding(days: CitizenView.redoWindowDays)) } ?? "")
        }
        let page = LookupPage(shell: shell, number: number, error: error, found: found,
                              resolutions: Resolution.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, selected: false) },
                              satisfactions: Satisfaction.allCases.reversed().map { ChoiceOption(value: String($0.rawValue), label: $0.label, selected: false) })
        return try await lang.page(req, "Portal/lookup", page, status: status)
    }
}

extension Application {
    private struct PublicLookupLimitKey: StorageKey { typealias Value = PublicWriteLimit }

    /// Lookups per address: the last four digits are only 10,000 guesses.
    var publicLookupLimit: PublicWriteLimit {
        get { storage[PublicLookupLimitKey.self]! }
        set { storage[PublicLookupLimitKey.self] = newValue }
    }
}
