import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// `/api/v1/notices`: supervision notices (督办单) over the same actions as the pages.
///
/// Staff read them (a clerk only their own unit's); coordinators issue, sign off and return;
/// the addressed unit's clerk replies.
struct NoticesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notices = routes.grouped("notices")
        notices.get(use: list)
        notices.post(use: issue)
        notices.group(":noticeID") { notice in
            notice.get(use: show)
            notice.post("reply", use: reply)
            notice.post("signoff", use: signOff)
            notice.post("return", use: giveBack)
        }
    }

    struct NoticeDTO: Content {
        var id: UUID
        var number: String
        var unitID: UUID
        var unit: String
        var commitmentID: UUID?
        var requiredAction: String
        var issuedOn: String
        var deadline: String
        /// Core's `SupervisionState`: `issued`, `replied`, `signedOff`, `returned`.
        var state: String
        /// `ok`, `soon`, `overdue`, `escalated`, `review` (derived from the deadline and today).
        var urgency: String
        var reply: String?
        var decisionNote: String?
        /// 督办类型: `general` (一般), `key` (重点), `instruction` (领导批示件).
        var kind: String
        /// 督办类型 in words.
        var kindLabel: String
        /// Every 承办单位, the 主办 (`unitID`) first, in the plan's order.
        var unitIDs: [UUID]
        var units: [String]
        /// 抄送 units.
        var copyUnitIDs: [UUID]
        var copies: [String]
        /// The leader's 批示 a 领导批示件 carries out.
        var instructionID: UUID?

        init(_ n: SupervisionNoticeRecord, unit: String, names: [UUID: String], today: CivilDate) {
            id = n.id!
            kind = n.coreKind.rawValue
            kindLabel = n.coreKind.label
            unitIDs = n.addresseeIDs
            units = n.addresseeIDs.map { names[$0] ?? ($0 == n.$unit.id ? unit : "") }
            copyUnitIDs = n.copyIDs
            copies = n.copyIDs.map { names[$0] ?? "" }
            instructionID = n.instructionID
            number = n.number
            unitID = n.$unit.id
            self.unit = unit
            commitmentID = n.$commitment.id
            requiredAction = n.requiredAction
            issuedOn = n.issuedOn
            deadline = n.deadline
            state = n.state
            urgency = n.deadlineDate.map { Supervision.urgency(state: n.coreState, deadline: $0, today: today).key } ?? "ok"
            reply = n.reply
            decisionNote = n.decisionNote
        }
    }

    struct IssueForm: Content {
        /// The 主办 unit (one 承办单位; older clients).
        var unitID: UUID?
        /// 承办单位 (several); put in the plan's order on issue.
        var unitIDs: [UUID]?
        var commitmentID: UUID?
        var requiredAction: String
        var deadline: String
        /// `general` (default), `key`, `instruction`.
        var kind: String?
        /// 抄送 units.
        var copyUnitIDs: [UUID]?
    }

    /// Every unit's name by id (the units table is small: one query for a whole list).
    static func unitNames(on db: any Database) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await UnitRecord.query(on: db).all().map { ($0.id!, $0.name) })
    }

    struct TextForm: Content {
        var text: String?
        var deadline: String?
    }

    /// The signed-in staff member and the unit their list is narrowed to (a clerk's own).
    private func reader(_ req: Vapor.Request) throws -> (UserRecord, onlyUnit: UnitID?) {
        let user = try req.requireUser()
        guard let role = user.coreRole, [.coordinator, .leader, .clerk, .admin].contains(role) else { throw APIError.forbidden }
        return (user, role == .clerk ? UnitID(user.$unit.id ?? UUID()) : nil)
    }

    @Sendable func list(req: Vapor.Request) async throws -> [NoticeDTO] {
        let (_, onlyUnit) = try reader(req)
        let state = try req.queryChoice("state", SupervisionState.allCases.map(\.rawValue))
        let names = try await Self.unitNames(on: req.db)
        return try await NoticeQueries.list(onlyUnit: onlyUnit, on: req.db)
            .filter { state == nil || $0.notice.state == state }
            .map { NoticeDTO($0.notice, unit: $0.unitName, names: names, today: req.today) }
    }

    private func load(_ req: Vapor.Request) async throws -> (SupervisionNoticeRecord, String) {
        let (_, onlyUnit) = try reader(req)
        let id = NoticeID(try req.pathID("noticeID", "督办单"))
        guard let (notice, unit) = try await NoticeQueries.notice(id, on: req.db),
              onlyUnit == nil || onlyUnit?.rawValue == notice.$unit.id else { throw APIError.notFound("督办单") }
        return (notice, unit)
    }

    @Sendable func show(req: Vapor.Request) async throws -> NoticeDTO {
        let (notice, unit) = try await load(req)
        return NoticeDTO(notice, unit: unit, names: try await Self.unitNames(on: req.db), today: req.today)
    }

    @Sendable func issue(req: Vapor.Request) async throws -> Response {
        let user = try Access.require(req, .issueNotice)
        let form = try req.content.decode(IssueForm.self)
        var kind = SupervisionKind.general
        if let text = form.kind {
            guard let known = SupervisionKind(rawValue: text) else {
                throw APIError.invalid(["kind": "应为 general（一般）、key（重点）或 instruction（领导批示件）"])
            }
            kind = known
        }
        var units = form.unitIDs ?? []
        if let one = form.unitID, !units.contains(one) { units.insert(one, at: 0) }
        let issue = NoticeActions.Issue(unitIDs: units.map { UnitID($0) }, commitmentID: form.commitmentID.map { CommitmentID($0) },
                                        requiredAction: form.requiredAction, deadline: form.deadline,
                                        kind: kind, copyUnitIDs: (form.copyUnitIDs ?? []).map { UnitID($0) })
        let notice = try await Self.refusalsAsErrors {
            try await NoticeActions.issue(issue, in: req.writeContext(actor: .init(user)))
        }
        let unit = try await UnitRecord.find(notice.$unit.id, on: req.db)?.name ?? ""
        let response = Response(status: .created)
        try response.content.encode(NoticeDTO(notice, unit: unit, names: try await Self.unitNames(on: req.db), today: req.today))
        return response
    }

    @Sendable func reply(req: Vapor.Request) async throws -> NoticeDTO {
        let (notice, unit) = try await load(req)
        let user = try Access.require(req, .replyNotice, on: .notice(addressedTo: UnitID(notice.$unit.id)))
        let form = try req.content.decode(TextForm.self)
        try await Self.refusalsAsErrors {
            try await NoticeActions.reply(notice, text: form.text ?? "", in: req.writeContext(actor: .init(user)))
        }
        return NoticeDTO(notice, unit: unit, names: try await Self.unitNames(on: req.db), today: req.today)
    }

    @Sendable func signOff(req: Vapor.Request) async throws -> NoticeDTO {
        let (notice, unit) = try await load(req)
        let user = try Access.require(req, .signOffNotice)
        let form = try req.content.decode(TextForm.self)
        try await Self.refusalsAsErrors {
            try await NoticeActions.signOff(notice, note: form.text ?? "", in: req.writeContext(actor: .init(user)))
        }
        return NoticeDTO(notice, unit: unit, names: try await Self.unitNames(on: req.db), today: req.today)
    }

    @Sendable func giveBack(req: Vapor.Request) async throws -> NoticeDTO {
        let (notice, unit) = try await load(req)
        let user = try Access.require(req, .signOffNotice)
        let form = try req.content.decode(TextForm.self)
        let deadline = form.deadline.flatMap { CivilDate($0.trimmingCharacters(in: .whitespaces)) }
        try await Self.refusalsAsErrors {
            try await NoticeActions.giveBack(notice, note: form.text ?? "", newDeadline: deadline,
                                             in: req.writeContext(actor: .init(user)))
        }
        return NoticeDTO(notice, unit: unit, names: try await Self.unitNames(on: req.db), today: req.today)
    }

    /// A ``SupervisionRefusal`` as the API's error: 409 for a step the state does not allow, else 422
    /// with the wording catalogue's message per field.
    @discardableResult
    static func refusalsAsErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as SupervisionRefusal {
            let fields = Wording.notice(refusal)
            if refusal.transition != nil {
                throw APIError(.conflict, "notice_state", fields["body"] ?? "", fields: [:])
            }
            throw APIError.invalid(fields)
        }
    }
}
