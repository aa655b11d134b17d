import Foundation
import PolicyParser

/// A target (目标指标) of a commitment as the rules see it.
///
/// Example: 新增城镇就业 5.8 万人 `>=`; 满意度 提高 5 个百分点 `+` with baseline 78.
public struct Target: Sendable, Equatable, Codable, Identifiable {
    /// The App's identifier for the target.
    public var id: UUID
    /// What is measured, e.g. `新增城镇就业`.
    public var metric: String
    /// How the figure is read (`>=`, `<=`, `=`, `~`, `+`, `-`).
    public var op: TargetOp
    /// The figure as written, e.g. `5.8`.
    public var value: Double
    /// The unit as written, e.g. `万人`, `%`, `个百分点`.
    public var unit: String
    /// The starting level (基数) that `+` and `-` targets move from, e.g. 78 for 由78%提高到83%.
    public var baseline: Double?
    /// The deadline as stated (`2025`, `2026-11`), if any.
    public var by: String?

    /// A target.
    public init(id: UUID, metric: String, op: TargetOp, value: Double, unit: String,
                baseline: Double? = nil, by: String? = nil) {
        self.id = id
        self.metric = metric
        self.op = op
        self.value = value
        self.unit = unit
        self.baseline = baseline
        self.by = by
    }

    /// A target from the parser's output, with the App's identifier.
    public init(id: UUID, parsed: ParsedTarget) {
        self.init(id: id, metric: parsed.metric, op: parsed.op, value: parsed.value, unit: parsed.unit,
                  baseline: parsed.baseline, by: parsed.by)
    }
}

/// One commitment of a plan (任务 / 项目 / 实事) with what the tracking rules need to know.
///
/// Example: `3` 新建城市公厕 60 座, 牵头单位 市城管局, 责任单位 各区政府, 牵头领导 王明.
/// Units are carried by identity (``UnitRef``: id + display name) and compared by id; leaders and
/// districts are names compared by equality.
public struct Commitment: Sendable, Equatable, Codable, Identifiable {
    /// The App's identifier for the commitment.
    public var id: CommitmentID
    /// The plan it belongs to.
    public var planID: PlanID
    /// 任务 or 总体目标.
    public var kind: ItemKind
    /// Numbering labels joined by `.`, e.g. `二.(一).1`.
    public var number: String
    /// The commitment's heading, e.g. `优化城乡教育资源配置`.
    public var title: String
    /// The heading of its section, e.g. `教育文化提升行动`; "" if none.
    public var section: String
    /// 牵头领导.
    public var leaders: [String]
    /// 牵头单位 (usually one), by identity; the names are for display.
    public var leadUnits: [UnitRef]
    /// 责任单位 / 配合单位 other than the lead, by identity.
    public var supportUnits: [UnitRef]
    /// 涉及区县, e.g. `["梁溪区", "滨湖区"]`; empty when city-wide.
    public var districts: [String]
    /// 目标指标.
    public var targets: [Target]
    /// 重点项目 flag.
    public var isKeyProject: Bool
    /// 计划投资, in 万元; nil when not stated.
    public var plannedInvestment: Double?
    /// The commitment's own deadline (完成时限); nil means the plan's schedule decides.
    public var deadline: CivilDate?
    /// Its own dated nodes (节点化推进), replacing the plan's curve when set.
    public var scheduleNodes: [ScheduleNode]?
    /// 销号: the coordinator has confirmed it complete.
    public var isSignedOff: Bool

    /// A commitment; most parameters default to empty so tests and fixtures stay short.
    public init(id: CommitmentID, planID: PlanID, kind: ItemKind = .task, number: String, title: String,
                section: String = "", leaders: [String] = [], leadUnits: [UnitRef] = [],
                supportUnits: [UnitRef] = [], districts: [String] = [], targets: [Target] = [],
                isKeyProject: Bool = false, plannedInvestment: Double? = nil, deadline: CivilDate? = nil,
                scheduleNodes: [ScheduleNode]? = nil, isSignedOff: Bool = false) {
        self.id = id
        self.planID = planID
        self.kind = kind
        self.number = number
        self.title = title
        self.section = section
        self.leaders = leaders
        self.leadUnits = leadUnits
        self.supportUnits = supportUnits
        self.districts = districts
        self.targets = targets
        self.isKeyProject = isKeyProject
        self.plannedInvestment = plannedInvestment
        self.deadline = deadline
        self.scheduleNodes = scheduleNodes
        self.isSignedOff = isSignedOff
    }

    /// How a unit stands to this commitment: lead (牵头), support (配合) or none.
    ///
    /// Example: 市城管局's id on a commitment led by 市城管局 → `.lead`; a unit both listed as lead
    /// and support counts as lead. Another unit of the same display name → `.none`.
    public func relation(of unit: UnitID) -> UnitRelation {
        if leadUnits.contains(unit) { return .lead }
        if supportUnits.contains(unit) { return .support }
        return .none
    }
}

/// How a unit stands to a commitment (单位责任关系).
public enum UnitRelation: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 牵头单位: submits the consolidated monthly report.
    case lead
    /// 责任单位 / 配合单位: adds its part as a contribution.
    case support
    /// Not responsible for this commitment.
    case none
}

/// Why a 批示 or a comment on a commitment is refused (no wording; the App words it).
public enum NoteRefusal: Error, Equatable, Sendable {
    /// Nothing but blanks.
    case blank
    /// Longer than `limit` characters.
    case tooLong(limit: Int)
}
