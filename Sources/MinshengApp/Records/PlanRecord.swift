import Fluent
import Foundation

/// A plan (民生实事计划 / 行动方案) as stored: its metadata, status and the source text it came from.
final class PlanRecord: Model, @unchecked Sendable {
    static let schema = "plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @OptionalField(key: "document_number") var documentNumber: String?
    @OptionalField(key: "issuer") var issuer: String?
    /// 市级 / 区级 …, free text.
    @OptionalField(key: "level") var level: String?
    @OptionalField(key: "period_from") var periodFrom: Int?
    @OptionalField(key: "period_to") var periodTo: Int?
    /// `draft`, `published`, `archived` (Core's `PlanStatus`).
    @Field(key: "status") var status: String
    @Field(key: "source_name") var sourceName: String
    @Field(key: "source_text") var sourceText: String
    /// 三色预警 bands in percentage points: yellow when behind by more than band 1, red beyond band 2.
    @Field(key: "band_yellow") var bandYellow: Double
    @Field(key: "band_red") var bandRed: Double
    /// Days after month-end a month's report is due (Core's `ReportDue.dayOffset`).
    @Field(key: "report_due_offset") var reportDueOffset: Int
    @Field(key: "version") var version: Int
    /// Bumped by every write that changes what the plan's listings show (commitments, targets,
    /// reports, links); read models cached per plan are keyed by it.
    @Field(key: "revision") var revision: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// Marks generated plans (demo, synthetic) so they can be labelled and rebuilt.
    @Field(key: "is_demo") var isDemo: Bool

    @Children(for: \.$plan) var sections: [SectionRecord]
    @Children(for: \.$plan) var commitments: [CommitmentRecord]

    init() {}
}

/// An area or category of a plan (e.g. 教育文化提升行动); commitments point to their nearest one.
final class SectionRecord: Model, @unchecked Sendable {
    static let schema = "sections"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "title") var title: String
    @Field(key: "position") var position: Int

    init() {}
    init(planID: UUID, title: String, position: Int) {
        self.$plan.id = planID
        self.title = title
        self.position = position
    }
}

/// A dated node of a schedule curve (序时进度节点): `percent` expected by `date` (YYYY-MM-DD).
/// With `commitment` nil it is the plan's default curve; otherwise an override (节点化推进).
final class ScheduleNodeRecord: Model, @unchecked Sendable {
    static let schema = "schedule_nodes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @OptionalParent(key: "commitment_id") var commitment: CommitmentRecord?
    @Field(key: "date") var date: String
    @Field(key: "percent") var percent: Double

    init() {}
    init(planID: UUID, commitmentID: UUID? = nil, date: String, percent: Double) {
        self.$plan.id = planID
        self.$commitment.id = commitmentID
        self.date = date
        self.percent = percent
    }
}
