import Fluent
import Foundation

/// A saved, unsubmitted report form (草稿); `payload` is the form as JSON.
final class ReportDraftRecord: Model, @unchecked Sendable {
    static let schema = "report_drafts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: CommitmentRecord
    @Field(key: "period") var period: String
    @Field(key: "payload") var payload: String
    @OptionalParent(key: "saved_by") var savedBy: UserRecord?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
