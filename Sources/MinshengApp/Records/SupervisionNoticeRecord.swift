import Fluent
import Foundation
import MinshengCore

/// A 督办单 as stored. Its urgency (overdue, escalated) is derived from `deadline` and today by
/// Core's `Supervision.urgency`, never stored.
final class SupervisionNoticeRecord: Model, @unchecked Sendable {
    static let schema = "supervision_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "serial") var serial: Int
    /// `督办〔2026〕3号`, kept as text for search and export.
    @Field(key: "number") var number: String
    @OptionalParent(key: "commitment_id") var commitment: CommitmentRecord?
    /// 承办单位: the unit that must answer.
    @Parent(key: "unit_id") var unit: UnitRecord
    @Field(key: "required_action") var requiredAction: String
    /// `YYYY-MM-DD`.
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "deadline") var deadline: String
    /// Core's `SupervisionState` raw value.
    @Field(key: "state") var state: String
    @OptionalParent(key: "issued_by") var issuedBy: UserRecord?
    @OptionalField(key: "reply") var reply: String?
    @OptionalField(key: "replied_at") var repliedAt: Date?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// Core's `SupervisionKind` raw value (督办类型).
    @Field(key: "kind") var kind: String
    /// The 批示 (a `CommitmentNoteRecord`) a 领导批示件 carries out.
    @OptionalField(key: "instruction_id") var instructionID: UUID?
    /// The other 承办单位 after `unit`, in order, as comma-separated ids.
    @OptionalField(key: "co_unit_ids") var coUnitIDs: String?
    /// 抄送 units, in order, as comma-separated ids.
    @OptionalField(key: "cc_unit_ids") var ccUnitIDs: String?

    init() { kind = SupervisionKind.general.rawValue }

    var coreKind: SupervisionKind { SupervisionKind(rawValue: kind) ?? .general }
    /// Every 承办单位, the first (主办) one first.
    var addresseeIDs: [UUID] { [$unit.id] + Self.ids(coUnitIDs) }
    var copyIDs: [UUID] { Self.ids(ccUnitIDs) }
    /// True if the unit must answer the notice or is copied on it: its clerk may read it.
    func concerns(unit: UUID) -> Bool { addresseeIDs.contains(unit) || copyIDs.contains(unit) }

    static func ids(_ text: String?) -> [UUID] {
        (text ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
    }
    static func text(_ ids: [UUID]) -> String? { ids.isEmpty ? nil : ids.map(\.uuidString).joined(separator: ",") }

    var coreState: SupervisionState { SupervisionState(rawValue: state) ?? .issued }
    var deadlineDate: CivilDate? { CivilDate(deadline) }
    var issuedDate: CivilDate? { CivilDate(issuedOn) }
}

/// One step in a notice's history: issued, replied, signed off, returned.
final class SupervisionEventRecord: Model, @unchecked Sendable {
    static let schema = "supervision_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "notice_id") var notice: SupervisionNoticeRecord
    /// `issue`, or a Core `SupervisionEvent` raw value.
    @Field(key: "event") var event: String
    @Field(key: "note") var note: String
    @OptionalParent(key: "user_id") var user: UserRecord?
    @Field(key: "at") var at: Date

    init() {}
    init(noticeID: UUID, event: String, note: String, userID: UUID?, at: Date) {
        self.$notice.id = noticeID
        self.event = event
        self.note = note
        self.$user.id = userID
        self.at = at
    }
}
