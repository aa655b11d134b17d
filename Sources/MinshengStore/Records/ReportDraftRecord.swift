import FluentKit
import Foundation

/// A unit's saved, unsubmitted report form (草稿), one per commitment, unit and month; `payload`
/// is the form as JSON. Keyed by unit because a lead unit and its support units report on the
/// same commitment-month.
package final class ReportDraftRecord: Model, @unchecked Sendable {
    package static let schema = "unit_report_drafts"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "commitment_id") package var commitment: CommitmentRecord
    @Parent(key: "unit_id") package var unit: UnitRecord
    @Field(key: "period") package var period: String
    @Field(key: "payload") package var payload: String
    @OptionalParent(key: "saved_by") package var savedBy: UserRecord?
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}
