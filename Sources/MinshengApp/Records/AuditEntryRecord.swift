import Fluent
import Foundation

/// One write, recorded: who, when, what, before → after (JSON). Append-only: nothing updates or deletes it.
final class AuditEntryRecord: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: UUID?
    /// The actor's name at the time (users may be renamed; `system` for commands and demo loading).
    @Field(key: "actor") var actor: String
    /// e.g. `plan.import`, `commitment.update`, `report.create`.
    @Field(key: "action") var action: String
    @Field(key: "subject_type") var subjectType: String
    @OptionalField(key: "subject_id") var subjectID: UUID?
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?
    /// The entry's place in the audit chain, and its hash (``AuditChain``); nil before the chain began.
    @OptionalField(key: "chain_seq") var chainSeq: Int64?
    @OptionalField(key: "entry_hash") var entryHash: String?

    init() {}
}
