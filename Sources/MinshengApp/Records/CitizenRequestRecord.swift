import Fluent
import Foundation
import MinshengCore

/// A citizen's request (诉求/工单) as stored. Limits are dates (`YYYY-MM-DD`) computed on the
/// working-day calendar when a step sets them; `signed_in_time` and `replied_in_time` are the facts
/// the monthly scores count, fixed when the step happens (or when the limit passes unmet).
final class CitizenRequestRecord: Model, @unchecked Sendable {
    static let schema = "citizen_requests"

    @ID(key: .id) var id: UUID?
    /// `YYYYMMDD` + a five-digit serial of the day: `2026112900001`.
    @Field(key: "tracking_number") var trackingNumber: String
    /// The client's `Idempotency-Key` (unique): a retried submission finds its first answer.
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    /// The 12345 platform's own ticket number for imported rows (unique).
    @OptionalField(key: "source_ref") var sourceRef: String?
    /// Core's `RequestChannel`.
    @Field(key: "channel") var channel: String
    @Field(key: "received_at") var receivedAt: Date
    /// The requester's name and phone, encrypted at rest (``SealedText``; opened and written
    /// through `DataKeyring`: `requesterName(_:)`, `requesterPhone(_:)`, `setRequester(name:phone:keys:)`).
    @OptionalField(key: "requester_name") var sealedName: String?
    @OptionalField(key: "requester_phone") var sealedPhone: String?
    /// The phone's blind index (``DataKeyring/phoneIndex(_:)``): lookups by phone use it.
    @OptionalField(key: "requester_phone_index") var phoneIndex: String?
    /// 保密: every view of its personal data is audited.
    @Field(key: "confidential") var confidential: Bool
    /// Core's `RequestKind`.
    @Field(key: "kind") var kind: String
    @Field(key: "category_code") var categoryCode: String
    @Field(key: "text") var text: String
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "lat") var lat: Double?
    @OptionalField(key: "long") var long: Double?
    @OptionalField(key: "district") var district: String?
    @OptionalField(key: "street") var street: String?
    /// Core's `RequestUrgency`.
    @Field(key: "urgency") var urgency: String
    /// Core's `RequestState`.
    @Field(key: "state") var state: String
    /// 主办单位 (nil until routed).
    @OptionalParent(key: "lead_unit_id") var leadUnit: UnitRecord?
    /// The unit the routing rule suggested at intake.
    @OptionalParent(key: "suggested_unit_id") var suggestedUnit: UnitRecord?
    @OptionalParent(key: "commitment_id") var commitment: CommitmentRecord?
    /// 并单: the request this one was merged into.
    @OptionalField(key: "merged_into") var mergedInto: UUID?
    /// The candidate project (next year's plan) a cluster of requests became.
    @OptionalField(key: "candidate_id") var candidateID: UUID?
    /// An objection to a month's published progress of `commitment`: the month, `YYYY-MM`.
    @OptionalField(key: "objection_period") var objectionPeriod: String?
    /// `YYYY-MM-DD` of the (last) dispatch, and its month `YYYY-MM` (scores are per month).
    @OptionalField(key: "dispatched_on") var dispatchedOn: String?
    @OptionalField(key: "month") var month: String?
    @OptionalField(key: "sign_for_due") var signForDue: String?
    @OptionalField(key: "handling_due") var handlingDue: String?
    @OptionalField(key: "signed_in_time") var signedInTime: Bool?
    @OptionalField(key: "replied_in_time") var repliedInTime: Bool?
    @Field(key: "return_count") var returnCount: Int
    /// The hotline upheld a 退单: final, the unit may not give it back again.
    @Field(key: "return_upheld") var returnUpheld: Bool
    @Field(key: "redo_count") var redoCount: Int
    @OptionalField(key: "reply_text") var replyText: String?
    @OptionalField(key: "replied_at") var repliedAt: Date?
    /// Core's `Resolution` and `Satisfaction` (1–5) from the call-back.
    @OptionalField(key: "resolution") var resolution: String?
    @OptionalField(key: "satisfaction") var satisfaction: Int?
    @Field(key: "unreasonable") var unreasonable: Bool
    @OptionalField(key: "unreasonable_reason") var unreasonableReason: String?
    /// An extension (延期): `requested`, `approved` or `refused`, its reason and date.
    @OptionalField(key: "extension_state") var extensionState: String?
    @OptionalField(key: "extension_reason") var extensionReason: String?
    @OptionalField(key: "extension_due") var extensionDue: String?
    /// The overdue ladder's last rung reached (Core's `LimitStage`), so each rung fires once per limit.
    @OptionalField(key: "ladder") var ladder: String?
    @OptionalField(key: "notice_id") var noticeID: UUID?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// Whether a name or a phone was given (no decryption needed).
    var hasRequester: Bool { sealedName != nil || sealedPhone != nil }

    var coreState: RequestState { RequestState(rawValue: state) ?? .received }
    var coreKind: RequestKind { RequestKind(rawValue: kind) ?? .help }
    var coreResolution: Resolution? { resolution.flatMap(Resolution.init(rawValue:)) }
    var coreSatisfaction: Satisfaction? { satisfaction.flatMap(Satisfaction.init(rawValue:)) }
    /// The limit the lead unit works to now: sign-for while awaiting it, else handling (as extended).
    var currentDue: CivilDate? {
        switch coreState {
        case .dispatched: signForDue.flatMap(CivilDate.init)
        case .handling, .awaitingApproval: handlingDue.flatMap(CivilDate.init)
        default: nil
        }
    }
}

/// A request's co-units (协办单位).
final class RequestCoUnitRecord: Model, @unchecked Sendable {
    static let schema = "request_co_units"

    @ID(key: .id) var id: UUID?
    @Parent(key: "request_id") var request: CitizenRequestRecord
    @Parent(key: "unit_id") var unit: UnitRecord

    init() {}
    init(requestID: UUID, unitID: UUID) {
        $request.id = requestID
        $unit.id = unitID
    }
}

/// One step in a request's history: who did what, when, with what note.
final class RequestEventRecord: Model, @unchecked Sendable {
    static let schema = "request_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "request_id") var request: CitizenRequestRecord
    /// Core's `RequestStep`, or `intake`, `extend`, `extensionApproved`, `extensionRefused`,
    /// `unreasonable`, `remind`, `overdue`, `escalate`, `link`.
    @Field(key: "step") var step: String
    @Field(key: "note") var note: String
    @OptionalParent(key: "unit_id") var unit: UnitRecord?
    @OptionalParent(key: "user_id") var user: UserRecord?
    @Field(key: "at") var at: Date

    init() {}
    init(requestID: UUID, step: String, note: String, unitID: UUID? = nil, userID: UUID?, at: Date) {
        $request.id = requestID
        self.step = step
        self.note = note
        $unit.id = unitID
        $user.id = userID
        self.at = at
    }
}

/// An entry of the category catalogue (诉求分类).
final class RequestCategoryRecord: Model, @unchecked Sendable {
    static let schema = "request_categories"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "active") var active: Bool

    init() {}
    init(code: String, name: String) {
        self.code = code
        self.name = name
        active = true
    }
}

/// A routing rule (派单规则): category prefix and area → lead unit and co-units.
final class RoutingRuleRecord: Model, @unchecked Sendable {
    static let schema = "request_routing_rules"

    @ID(key: .id) var id: UUID?
    @Field(key: "category_prefix") var categoryPrefix: String
    @Field(key: "district") var district: String
    @Field(key: "street") var street: String
    @Parent(key: "lead_unit_id") var leadUnit: UnitRecord
    /// Co-unit ids, comma-separated.
    @Field(key: "co_unit_ids") var coUnitIDs: String

    init() {}
}

/// Settings stored as JSON by key: `limits` (Core's `RequestLimits`), `weights.YYYY`
/// (`ScoreWeights` of a year).
final class RequestSettingRecord: Model, @unchecked Sendable {
    static let schema = "request_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// A year of the working-day calendar added with `minsheng calendar add` (it overrides a bundled one).
final class CalendarYearRecord: Model, @unchecked Sendable {
    static let schema = "calendar_years"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "text") var text: String
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

/// A candidate project for next year's plan, proposed from a cluster of recurring requests
/// (从解决一个问题向解决一类问题转变); the deputies' vote picks from these.
final class CandidateProjectRecord: Model, @unchecked Sendable {
    static let schema = "candidate_projects"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "year") var year: Int
    @Field(key: "category_code") var categoryCode: String
    @Field(key: "place") var place: String
    @Field(key: "request_count") var requestCount: Int
    @Field(key: "note") var note: String
    @OptionalParent(key: "proposed_by") var proposedBy: UserRecord?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// An in-app notification for a unit's staff or the hotline (新工单、退回、临期).
final class NotificationRecord: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    /// For everyone of this unit (clerks, unit leaders); nil with `role` set for a role's queue.
    @OptionalParent(key: "unit_id") var unit: UnitRecord?
    @OptionalField(key: "role") var role: String?
    @Field(key: "text") var text: String
    @Field(key: "link") var link: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

/// An SMS waiting for (or handed to) the outbox (短信): the tracking number to a citizen, a call-back
/// notice. Nothing outside is reachable here; the logging outbox records what would be sent.
final class OutboxMessageRecord: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "channel") var channel: String
    /// The phone number, encrypted at rest (``SealedField/outboxRecipient``).
    @Field(key: "recipient") var sealedRecipient: String
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}
}

/// A photo of a request (the citizen's, or the unit's of the work done), stored under
/// `<data>/request-photos/`.
final class RequestPhotoRecord: Model, @unchecked Sendable {
    static let schema = "request_photos"

    @ID(key: .id) var id: UUID?
    @Parent(key: "request_id") var request: CitizenRequestRecord
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "stored_name") var storedName: String
    @OptionalParent(key: "uploaded_by") var uploadedBy: UserRecord?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
