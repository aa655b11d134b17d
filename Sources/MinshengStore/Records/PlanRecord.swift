import FluentKit
import Foundation

/// A plan (民生实事计划 / 行动方案) as stored: its metadata, status and the source text it came from.
package final class PlanRecord: Model, @unchecked Sendable {
    package static let schema = "plans"

    @ID(key: .id) package var id: UUID?
    @Field(key: "title") package var title: String
    @OptionalField(key: "document_number") package var documentNumber: String?
    @OptionalField(key: "issuer") package var issuer: String?
    /// 市级 / 区级 …, free text.
    @OptionalField(key: "level") package var level: String?
    @OptionalField(key: "period_from") package var periodFrom: Int?
    @OptionalField(key: "period_to") package var periodTo: Int?
    /// `draft`, `published`, `archived` (Core's `PlanStatus`).
    @Field(key: "status") package var status: String
    @Field(key: "source_name") package var sourceName: String
    @Field(key: "source_text") package var sourceText: String
    /// 三色预警 bands in percentage points: yellow when behind by more than band 1, red beyond band 2.
    @Field(key: "band_yellow") package var bandYellow: Double
    @Field(key: "band_red") package var bandRed: Double
    /// Days after month-end a month's report is due (Core's `ReportDue.dayOffset`).
    @Field(key: "report_due_offset") package var reportDueOffset: Int
    @Field(key: "version") package var version: Int
    /// Bumped by every write that changes what the plan's listings show (commitments, targets,
    /// reports, links); read models cached per plan are keyed by it.
    @Field(key: "revision") package var revision: Int
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date
    /// Marks generated plans (demo, synthetic) so they can be labelled and rebuilt.
    @Field(key: "is_demo") package var isDemo: Bool

    @Children(for: \.$plan) package var sections: [SectionRecord]
    @Children(for: \.$plan) package var commitments: [CommitmentRecord]

    package init() {}
}

/// An area or category of a plan (e.g. 教育文化提升行动); commitments point to their nearest one.
package final class SectionRecord: Model, @unchecked Sendable {
    package static let schema = "sections"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "plan_id") package var plan: PlanRecord
    @Field(key: "title") package var title: String
    @Field(key: "position") package var position: Int

    package init() {}
    package init(planID: UUID, title: String, position: Int) {
        self.$plan.id = planID
        self.title = title
        self.position = position
    }
}

/// A dated node of a schedule curve (序时进度节点): `percent` expected by `date` (YYYY-MM-DD).
/// With `commitment` nil it is the plan's default curve; otherwise an override (节点化推进).
package final class ScheduleNodeRecord: Model, @unchecked Sendable {
    package static let schema = "schedule_nodes"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "plan_id") package var plan: PlanRecord
    @OptionalParent(key: "commitment_id") package var commitment: CommitmentRecord?
    @Field(key: "date") package var date: String
    @Field(key: "percent") package var percent: Double

    package init() {}
    package init(planID: UUID, commitmentID: UUID? = nil, date: String, percent: Double) {
        self.$plan.id = planID
        self.$commitment.id = commitmentID
        self.date = date
        self.percent = percent
    }
}
