import Fluent
import Foundation

/// A unit's saved, unsubmitted report form (草稿), one per commitment, unit and month; `payload`
/// is the form as JSON. Keyed by unit because a lead unit and its support units report on the
/// same commitment-month.
final class ReportDraftRecord: Model, @unchecked Sendable {
    static let schema = "unit_report_drafts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: CommitmentRecord
    @Parent(key: "unit_id") var unit: UnitRecord
    @Field(key: "period") var period: String
    @Field(key: "payload") var payload: String
    @OptionalParent(key: "saved_by") var savedBy: UserRecord?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
