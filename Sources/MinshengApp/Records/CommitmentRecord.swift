import Fluent
import Foundation
import MinshengCore

/// A commitment (任务 / 项目 / 实事) or an overall goal of a plan.
final class CommitmentRecord: Model, @unchecked Sendable {
    static let schema = "commitments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @OptionalParent(key: "section_id") var section: SectionRecord?
    @Field(key: "position") var position: Int
    @Field(key: "number") var number: String
    @Field(key: "title") var title: String
    @Field(key: "text") var text: String
    /// `task` or `goal`.
    @Field(key: "kind") var kind: String
    @Field(key: "is_key_project") var isKeyProject: Bool
    /// 计划投资, in 万元.
    @OptionalField(key: "planned_investment") var plannedInvestment: Double?
    /// Districts (区县) the commitment runs in, joined by `、`.
    @Field(key: "districts") var districts: String
    /// Deadline as stated (`2025`, `2023-11`).
    @OptionalField(key: "deadline") var deadline: String?
    @Field(key: "line_from") var lineFrom: Int
    @Field(key: "line_to") var lineTo: Int
    /// 销号: a coordinator confirmed it complete.
    @Field(key: "is_signed_off") var isSignedOff: Bool
    /// Optimistic lock: every update bumps it; a PATCH naming an older version gets 409.
    @Field(key: "version") var version: Int

    @Children(for: \.$commitment) var targets: [TargetRecord]

    init() {}

    var districtList: [String] {
        districts.split(separator: "、").map(String.init).filter { !$0.isEmpty }
    }
}

/// A target figure (目标指标) of a commitment, e.g. 新增城镇就业 ≥ 5.8 万人 by 2025.
final class TargetRecord: Model, @unchecked Sendable {
    static let schema = "targets"

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: CommitmentRecord
    @Field(key: "position") var position: Int
    @Field(key: "metric") var metric: String
    /// `>=`, `<=`, `=`, `~`, `+`, `-` (PolicyParser's `TargetOp` raw values).
    @Field(key: "op") var op: String
    @Field(key: "value") var value: Double
    @Field(key: "unit") var unit: String
    @OptionalField(key: "baseline") var baseline: Double?
    @OptionalField(key: "deadline") var deadline: String?
    @Field(key: "version") var version: Int

    init() {}
}

/// A leader (牵头领导 / 分管领导), one record per name.
final class LeaderRecord: Model, @unchecked Sendable {
    static let schema = "leaders"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String

    init() {}
    init(name: String) { self.name = name }
}

/// Commitment ↔ leader, in document order.
final class CommitmentLeaderRecord: Model, @unchecked Sendable {
    static let schema = "commitment_leaders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: CommitmentRecord
    @Parent(key: "leader_id") var leader: LeaderRecord
    @Field(key: "position") var position: Int

    init() {}
    init(commitmentID: UUID, leaderID: UUID, position: Int) {
        self.$commitment.id = commitmentID
        self.$leader.id = leaderID
        self.position = position
    }
}

/// Commitment ↔ unit with its role: `lead` (牵头单位) or `support` (责任 / 配合单位).
final class CommitmentUnitRecord: Model, @unchecked Sendable {
    static let schema = "commitment_units"

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: CommitmentRecord
    @Parent(key: "unit_id") var unit: UnitRecord
    @Field(key: "role") var role: String
    @Field(key: "position") var position: Int

    init() {}
    init(commitmentID: UUID, unitID: UUID, role: UnitRole, position: Int) {
        self.$commitment.id = commitmentID
        self.$unit.id = unitID
        self.role = role.rawValue
        self.position = position
    }
}

/// How a unit is linked to a commitment.
enum UnitRole: String, Codable, Sendable {
    case lead, support
}

extension CommitmentRecord {
    /// Number and title as the document writes them (`二（三）5 新建公厕，改造…`), for lists and notices.
    var displayTitle: String { "\(DisplayText.itemNumber(number)) \(DisplayText.fullWidth(title))" }
}
