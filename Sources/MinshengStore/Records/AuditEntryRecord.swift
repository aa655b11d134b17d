import FluentKit
import Foundation

/// One write, recorded: who, when, what, before → after (JSON). Append-only: nothing updates or deletes it.
package final class AuditEntryRecord: Model, @unchecked Sendable {
    package static let schema = "audit_entries"

    @ID(key: .id) package var id: UUID?
    @Field(key: "at") package var at: Date
    @OptionalField(key: "user_id") package var userID: UUID?
    /// The actor's name at the time (users may be renamed; `system` for commands and demo loading).
    @Field(key: "actor") package var actor: String
    /// e.g. `plan.import`, `commitment.update`, `report.create`.
    @Field(key: "action") package var action: String
    @Field(key: "subject_type") package var subjectType: String
    @OptionalField(key: "subject_id") package var subjectID: UUID?
    @OptionalField(key: "before") package var before: String?
    @OptionalField(key: "after") package var after: String?
    /// The entry's place in the audit chain, and its hash (``AuditChain``); nil before the chain began.
    @OptionalField(key: "chain_seq") package var chainSeq: Int64?
    @OptionalField(key: "entry_hash") package var entryHash: String?

    package init() {}
}
