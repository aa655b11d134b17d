import FluentKit
import Foundation

/// A month's bulletin as issued (通报的期号、印发单位 …), kept so the page, print and .docx agree.
package final class BulletinIssueRecord: Model, @unchecked Sendable {
    package static let schema = "bulletin_issues"

    @ID(key: .id) package var id: UUID?
    /// `YYYY-MM`.
    @Field(key: "month") package var month: String
    /// 期号 (printed 第N期).
    @Field(key: "number") package var number: Int
    /// 印发单位.
    @Field(key: "issuer") package var issuer: String
    /// 印发日期, `YYYY-MM-DD`.
    @Field(key: "issued_on") package var issuedOn: String
    @Field(key: "problems") package var problems: String
    @Field(key: "requirements") package var requirements: String
    @OptionalField(key: "updated_by") package var updatedBy: UUID?
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}
