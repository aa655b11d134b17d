import FluentKit
import Foundation
import MinshengCore

/// A commitment (任务 / 项目 / 实事) or an overall goal of a plan.
package final class CommitmentRecord: Model, @unchecked Sendable {
    package static let schema = "commitments"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "plan_id") package var plan: PlanRecord
    @OptionalParent(key: "section_id") package var section: SectionRecord?
    @Field(key: "position") package var position: Int
    @Field(key: "number") package var number: String
    @Field(key: "title") package var title: String
    @Field(key: "text") package var text: String
    /// `task` or `goal`.
    @Field(key: "kind") package var kind: String
    @Field(key: "is_key_project") package var isKeyProject: Bool
    /// 计划投资, in 万元.
    @OptionalField(key: "planned_investment") package var plannedInvestment: Double?
    /// Districts (区县) the commitment runs in, joined by `、`.
    @Field(key: "districts") package var districts: String
    /// Deadline as stated (`2025`, `2023-11`).
    @OptionalField(key: "deadline") package var deadline: String?
    @Field(key: "line_from") package var lineFrom: Int
    @Field(key: "line_to") package var lineTo: Int
    /// 销号: a coordinator confirmed it complete.
    @Field(key: "is_signed_off") package var isSignedOff: Bool
    /// Optimistic lock: every update bumps it; a PATCH naming an older version gets 409.
    @Field(key: "version") package var version: Int

    @Children(for: \.$commitment) package var targets: [TargetRecord]

    package init() {}

    package var districtList: [String] {
        districts.split(separator: "、").map(String.init).filter { !$0.isEmpty }
    }
}

/// A target figure (目标指标) of a commitment, e.g. 新增城镇就业 ≥ 5.8 万人 by 2025.
package final class TargetRecord: Model, @unchecked Sendable {
    package static let schema = "targets"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "commitment_id") package var commitment: CommitmentRecord
    @Field(key: "position") package var position: Int
    @Field(key: "metric") package var metric: String
    /// `>=`, `<=`, `=`, `~`, `+`, `-` (PolicyParser's `TargetOp` raw values).
    @Field(key: "op") package var op: String
    @Field(key: "value") package var value: Double
    @Field(key: "unit") package var unit: String
    @OptionalField(key: "baseline") package var baseline: Double?
    @OptionalField(key: "deadline") package var deadline: String?
    @Field(key: "version") package var version: Int

    package init() {}
}

/// A leader (牵头领导 / 分管领导), one record per name.
package final class LeaderRecord: Model, @unchecked Sendable {
    package static let schema = "leaders"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String

    package init() {}
    package init(name: String) { self.name = name }
}

/// Commitment ↔ leader, in document order.
package final class CommitmentLeaderRecord: Model, @unchecked Sendable {
    package static let schema = "commitment_leaders"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "commitment_id") package var commitment: CommitmentRecord
    @Parent(key: "leader_id") package var leader: LeaderRecord
    @Field(key: "position") package var position: Int

    package init() {}
    package init(commitmentID: UUID, leaderID: UUID, position: Int) {
        self.$commitment.id = commitmentID
        self.$leader.id = leaderID
        self.position = position
    }
}

/// Commitment ↔ unit with its role: `lead` (牵头单位) or `support` (责任 / 配合单位).
package final class CommitmentUnitRecord: Model, @unchecked Sendable {
    package static let schema = "commitment_units"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "commitment_id") package var commitment: CommitmentRecord
    @Parent(key: "unit_id") package var unit: UnitRecord
    @Field(key: "role") package var role: String
    @Field(key: "position") package var position: Int

    package init() {}
    package init(commitmentID: UUID, unitID: UUID, role: UnitRole, position: Int) {
        self.$commitment.id = commitmentID
        self.$unit.id = unitID
        self.role = role.rawValue
        self.position = position
    }
}

/// How a unit is linked to a commitment.
package enum UnitRole: String, Codable, Sendable {
    case lead, support
}

extension CommitmentRecord {
    /// Number and title as the document writes them (`二（三）5 新建公厕，改造…`), for lists and notices.
    package var displayTitle: String { "\(DisplayText.itemNumber(number)) \(DisplayText.fullWidth(title))" }
}
