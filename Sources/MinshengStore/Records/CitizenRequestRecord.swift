import FluentKit
import Foundation
import MinshengCore

/// A citizen's request (诉求/工单) as stored. Limits are dates (`YYYY-MM-DD`) computed on the
/// working-day calendar when a step sets them; `signed_in_time` and `replied_in_time` are the facts
/// the monthly scores count, fixed when the step happens (or when the limit passes unmet).
package final class CitizenRequestRecord: Model, @unchecked Sendable {
    package static let schema = "citizen_requests"

    @ID(key: .id) package var id: UUID?
    /// `YYYYMMDD` + a five-digit serial of the day: `2026112900001`.
    @Field(key: "tracking_number") package var trackingNumber: String
    /// The client's `Idempotency-Key` (unique): a retried submission finds its first answer.
    @OptionalField(key: "idempotency_key") package var idempotencyKey: String?
    /// The 12345 platform's own ticket number for imported rows (unique).
    @OptionalField(key: "source_ref") package var sourceRef: String?
    /// Core's `RequestChannel`.
    @Field(key: "channel") package var channel: String
    @Field(key: "received_at") package var receivedAt: Date
    /// The requester's name and phone, encrypted at rest (``SealedText``; opened and written
    /// through `DataKeyring`: `requesterName(_:)`, `requesterPhone(_:)`, `setRequester(name:phone:keys:)`).
    @OptionalField(key: "requester_name") package var sealedName: String?
    @OptionalField(key: "requester_phone") package var sealedPhone: String?
    /// The phone's blind index (``DataKeyring/phoneIndex(_:)``): lookups by phone use it.
    @OptionalField(key: "requester_phone_index") package var phoneIndex: String?
    /// 保密: every view of its personal data is audited.
    @Field(key: "confidential") package var confidential: Bool
    /// Core's `RequestKind`.
    @Field(key: "kind") package var kind: String
    @Field(key: "category_code") package var categoryCode: String
    @Field(key: "text") package var text: String
    @OptionalField(key: "address") package var address: String?
    @OptionalField(key: "lat") package var lat: Double?
    @OptionalField(key: "long") package var long: Double?
    @OptionalField(key: "district") package var district: String?
    @OptionalField(key: "street") package var street: String?
    /// Core's `RequestUrgency`.
    @Field(key: "urgency") package var urgency: String
    /// Core's `RequestState`.
    @Field(key: "state") package var state: String
    /// 主办单位 (nil until routed).
    @OptionalParent(key: "lead_unit_id") package var leadUnit: UnitRecord?
    /// The unit the routing rule suggested at intake.
    @OptionalParent(key: "suggested_unit_id") package var suggestedUnit: UnitRecord?
    @OptionalParent(key: "commitment_id") package var commitment: CommitmentRecord?
    /// 并单: the request this one was merged into.
    @OptionalField(key: "merged_into") package var mergedInto: UUID?
    /// The candidate project (next year's plan) a cluster of requests became.
    @OptionalField(key: "candidate_id") package var candidateID: UUID?
    /// An objection to a month's published progress of `commitment`: the month, `YYYY-MM`.
    @OptionalField(key: "objection_period") package var objectionPeriod: String?
    /// `YYYY-MM-DD` of the (last) dispatch, and its month `YYYY-MM` (scores are per month).
    @OptionalField(key: "dispatched_on") package var dispatchedOn: String?
    @OptionalField(key: "month") package var month: String?
    @OptionalField(key: "sign_for_due") package var signForDue: String?
    @OptionalField(key: "handling_due") package var handlingDue: String?
    @OptionalField(key: "signed_in_time") package var signedInTime: Bool?
    @OptionalField(key: "replied_in_time") package var repliedInTime: Bool?
    @Field(key: "return_count") package var returnCount: Int
    /// The hotline upheld a 退单: final, the unit may not give it back again.
    @Field(key: "return_upheld") package var returnUpheld: Bool
    @Field(key: "redo_count") package var redoCount: Int
    @OptionalField(key: "reply_text") package var replyText: String?
    @OptionalField(key: "replied_at") package var repliedAt: Date?
    /// Core's `Resolution` and `Satisfaction` (1–5) from the call-back.
    @OptionalField(key: "resolution") package var resolution: String?
    @OptionalField(key: "satisfaction") package var satisfaction: Int?
    @Field(key: "unreasonable") package var unreasonable: Bool
    @OptionalField(key: "unreasonable_reason") package var unreasonableReason: String?
    /// An extension (延期): `requested`, `approved` or `refused`, its reason and date.
    @OptionalField(key: "extension_state") package var extensionState: String?
    @OptionalField(key: "extension_reason") package var extensionReason: String?
    @OptionalField(key: "extension_due") package var extensionDue: String?
    /// The overdue ladder's last rung reached (Core's `LimitStage`), so each rung fires once per limit.
    @OptionalField(key: "ladder") package var ladder: String?
    @OptionalField(key: "notice_id") package var noticeID: UUID?
    @OptionalField(key: "closed_at") package var closedAt: Date?
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    /// Whether a name or a phone was given (no decryption needed).
    package var hasRequester: Bool { sealedName != nil || sealedPhone != nil }

    package var coreState: RequestState { RequestState(rawValue: state) ?? .received }
    package var coreKind: RequestKind { RequestKind(rawValue: kind) ?? .help }
    package var coreResolution: Resolution? { resolution.flatMap(Resolution.init(rawValue:)) }
    package var coreSatisfaction: Satisfaction? { satisfaction.flatMap(Satisfaction.init(rawValue:)) }
    /// The limit the lead unit works to now: sign-for while awaiting it, else handling (as extended).
    package var currentDue: CivilDate? {
        switch coreState {
        case .dispatched: signForDue.flatMap(CivilDate.init)
        case .handling, .awaitingApproval: handlingDue.flatMap(CivilDate.init)
        default: nil
        }
    }
}

/// A request's co-units (协办单位).
package final class RequestCoUnitRecord: Model, @unchecked Sendable {
    package static let schema = "request_co_units"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "request_id") package var request: CitizenRequestRecord
    @Parent(key: "unit_id") package var unit: UnitRecord

    package init() {}
    package init(requestID: UUID, unitID: UUID) {
        $request.id = requestID
        $unit.id = unitID
    }
}

/// One step in a request's history: who did what, when, with what note.
package final class RequestEventRecord: Model, @unchecked Sendable {
    package static let schema = "request_events"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "request_id") package var request: CitizenRequestRecord
    /// Core's `RequestStep`, or `intake`, `extend`, `extensionApproved`, `extensionRefused`,
    /// `unreasonable`, `remind`, `overdue`, `escalate`, `link`.
    @Field(key: "step") package var step: String
    @Field(key: "note") package var note: String
    @OptionalParent(key: "unit_id") package var unit: UnitRecord?
    @OptionalParent(key: "user_id") package var user: UserRecord?
    @Field(key: "at") package var at: Date

    package init() {}
    package init(requestID: UUID, step: String, note: String, unitID: UUID? = nil, userID: UUID?, at: Date) {
        $request.id = requestID
        self.step = step
        self.note = note
        $unit.id = unitID
        $user.id = userID
        self.at = at
    }
}

/// An entry of the category catalogue (诉求分类).
package final class RequestCategoryRecord: Model, @unchecked Sendable {
    package static let schema = "request_categories"

    @ID(key: .id) package var id: UUID?
    @Field(key: "code") package var code: String
    @Field(key: "name") package var name: String
    @Field(key: "active") package var active: Bool

    package init() {}
    package init(code: String, name: String) {
        self.code = code
        self.name = name
        active = true
    }
}

/// A routing rule (派单规则): category prefix and area → lead unit and co-units.
package final class RoutingRuleRecord: Model, @unchecked Sendable {
    package static let schema = "request_routing_rules"

    @ID(key: .id) package var id: UUID?
    @Field(key: "category_prefix") package var categoryPrefix: String
    @Field(key: "district") package var district: String
    @Field(key: "street") package var street: String
    @Parent(key: "lead_unit_id") package var leadUnit: UnitRecord
    /// Co-unit ids, comma-separated.
    @Field(key: "co_unit_ids") package var coUnitIDs: String

    package init() {}
}

/// Settings stored as JSON by key: `limits` (Core's `RequestLimits`), `weights.YYYY`
/// (`ScoreWeights` of a year).
package final class RequestSettingRecord: Model, @unchecked Sendable {
    package static let schema = "request_settings"

    @ID(key: .id) package var id: UUID?
    @Field(key: "key") package var key: String
    @Field(key: "value") package var value: String
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// A year of the working-day calendar added with `minsheng calendar add` (it overrides a bundled one).
package final class CalendarYearRecord: Model, @unchecked Sendable {
    package static let schema = "calendar_years"

    @ID(key: .id) package var id: UUID?
    @Field(key: "year") package var year: Int
    @Field(key: "text") package var text: String
    @Field(key: "added_at") package var addedAt: Date

    package init() {}
}

/// A candidate project for next year's plan, proposed from a cluster of recurring requests
/// (从解决一个问题向解决一类问题转变); the deputies' vote picks from these.
package final class CandidateProjectRecord: Model, @unchecked Sendable {
    package static let schema = "candidate_projects"

    @ID(key: .id) package var id: UUID?
    @Field(key: "title") package var title: String
    @Field(key: "year") package var year: Int
    @Field(key: "category_code") package var categoryCode: String
    @Field(key: "place") package var place: String
    @Field(key: "request_count") package var requestCount: Int
    @Field(key: "note") package var note: String
    @OptionalParent(key: "proposed_by") package var proposedBy: UserRecord?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// An in-app notification for a unit's staff or the hotline (新工单、退回、临期).
package final class NotificationRecord: Model, @unchecked Sendable {
    package static let schema = "notifications"

    @ID(key: .id) package var id: UUID?
    /// For everyone of this unit (clerks, unit leaders); nil with `role` set for a role's queue.
    @OptionalParent(key: "unit_id") package var unit: UnitRecord?
    @OptionalField(key: "role") package var role: String?
    @Field(key: "text") package var text: String
    @Field(key: "link") package var link: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "read_at") package var readAt: Date?

    package init() {}
}

/// An SMS waiting for (or handed to) the outbox (短信): the tracking number to a citizen, a call-back
/// notice. Nothing outside is reachable here; the logging outbox records what would be sent.
package final class OutboxMessageRecord: Model, @unchecked Sendable {
    package static let schema = "outbox_messages"

    @ID(key: .id) package var id: UUID?
    @Field(key: "channel") package var channel: String
    /// The phone number, encrypted at rest (``SealedField/outboxRecipient``).
    @Field(key: "recipient") package var sealedRecipient: String
    @Field(key: "text") package var text: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "sent_at") package var sentAt: Date?

    package init() {}
}

/// A photo of a request (the citizen's, or the unit's of the work done), stored under
/// `<data>/request-photos/`.
package final class RequestPhotoRecord: Model, @unchecked Sendable {
    package static let schema = "request_photos"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "request_id") package var request: CitizenRequestRecord
    @Field(key: "filename") package var filename: String
    @Field(key: "content_type") package var contentType: String
    @Field(key: "size") package var size: Int
    @Field(key: "sha256") package var sha256: String
    @Field(key: "stored_name") package var storedName: String
    @OptionalParent(key: "uploaded_by") package var uploadedBy: UserRecord?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}
