import Fluent
import Foundation

/// A month's bulletin as issued (通报的期号、印发单位 …), kept so the page, print and .docx agree.
final class BulletinIssueRecord: Model, @unchecked Sendable {
    static let schema = "bulletin_issues"

    @ID(key: .id) var id: UUID?
    /// `YYYY-MM`.
    @Field(key: "month") var month: String
    /// 期号 (printed 第N期).
    @Field(key: "number") var number: Int
    /// 印发单位.
    @Field(key: "issuer") var issuer: String
    /// 印发日期, `YYYY-MM-DD`.
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "problems") var problems: String
    @Field(key: "requirements") var requirements: String
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
