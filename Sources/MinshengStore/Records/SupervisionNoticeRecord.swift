import FluentKit
import Foundation
import MinshengCore

/// A 督办单 as stored. Its urgency (overdue, escalated) is derived from `deadline` and today by
/// Core's `Supervision.urgency`, never stored.
package final class SupervisionNoticeRecord: Model, @unchecked Sendable {
    package static let schema = "supervision_notices"

    @ID(key: .id) package var id: UUID?
    @Field(key: "year") package var year: Int
    @Field(key: "serial") package var serial: Int
    /// `督办〔2026〕3号`, kept as text for search and export.
    @Field(key: "number") package var number: String
    @OptionalParent(key: "commitment_id") package var commitment: CommitmentRecord?
    /// 承办单位: the unit that must answer.
    @Parent(key: "unit_id") package var unit: UnitRecord
    @Field(key: "required_action") package var requiredAction: String
    /// `YYYY-MM-DD`.
    @Field(key: "issued_on") package var issuedOn: String
    @Field(key: "deadline") package var deadline: String
    /// Core's `SupervisionState` raw value.
    @Field(key: "state") package var state: String
    @OptionalParent(key: "issued_by") package var issuedBy: UserRecord?
    @OptionalField(key: "reply") package var reply: String?
    @OptionalField(key: "replied_at") package var repliedAt: Date?
    @OptionalField(key: "decision_note") package var decisionNote: String?
    @OptionalField(key: "closed_on") package var closedOn: String?
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date
    /// Core's `SupervisionKind` raw value (督办类型).
    @Field(key: "kind") package var kind: String
    /// The 批示 (a `CommitmentNoteRecord`) a 领导批示件 carries out.
    @OptionalField(key: "instruction_id") package var instructionID: UUID?
    /// The other 承办单位 after `unit`, in order, as comma-separated ids.
    @OptionalField(key: "co_unit_ids") package var coUnitIDs: String?
    /// 抄送 units, in order, as comma-separated ids.
    @OptionalField(key: "cc_unit_ids") package var ccUnitIDs: String?

    package init() { kind = SupervisionKind.general.rawValue }

    package var coreKind: SupervisionKind { SupervisionKind(rawValue: kind) ?? .general }
    /// Every 承办单位, the first (主办) one first.
    package var addresseeIDs: [UUID] { [$unit.id] + Self.ids(coUnitIDs) }
    package var copyIDs: [UUID] { Self.ids(ccUnitIDs) }
    /// True if the unit must answer the notice or is copied on it: its clerk may read it.
    package func concerns(unit: UUID) -> Bool { addresseeIDs.contains(unit) || copyIDs.contains(unit) }

    package static func ids(_ text: String?) -> [UUID] {
        (text ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
    }
    package static func text(_ ids: [UUID]) -> String? { ids.isEmpty ? nil : ids.map(\.uuidString).joined(separator: ",") }

    package var coreState: SupervisionState { SupervisionState(rawValue: state) ?? .issued }
    package var deadlineDate: CivilDate? { CivilDate(deadline) }
    package var issuedDate: CivilDate? { CivilDate(issuedOn) }
}

/// One step in a notice's history: issued, replied, signed off, returned.
package final class SupervisionEventRecord: Model, @unchecked Sendable {
    package static let schema = "supervision_events"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "notice_id") package var notice: SupervisionNoticeRecord
    /// `issue`, or a Core `SupervisionEvent` raw value.
    @Field(key: "event") package var event: String
    @Field(key: "note") package var note: String
    @OptionalParent(key: "user_id") package var user: UserRecord?
    @Field(key: "at") package var at: Date

    package init() {}
    package init(noticeID: UUID, event: String, note: String, userID: UUID?, at: Date) {
        self.$notice.id = noticeID
        self.event = event
        self.note = note
        self.$user.id = userID
        self.at = at
    }
}
