import Foundation
import PolicyParser
@testable import MinshengCore

/// A fixed UUID from a small number, so tests read `uuid(1)`.
func uuid(_ n: Int) -> UUID {
    UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
}

/// Two floating values equal within 1e-9.
func close(_ a: Double?, _ b: Double?, within tolerance: Double = 1e-9) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (x?, y?): abs(x - y) <= tolerance
    default: false
    }
}

let fixturePlanID = uuid(900)

extension Target {
    static func fixture(id: UUID = uuid(101), metric: String = "新建城市公厕", op: TargetOp = .equal,
                        value: Double = 60, unit: String = "座", baseline: Double? = nil) -> Target {
        Target(id: id, metric: metric, op: op, value: value, unit: unit, baseline: baseline)
    }
}

extension Commitment {
    static func fixture(id: UUID = uuid(1), number: String = "1", title: String = "新建城市公厕",
                        section: String = "城乡面貌", leaders: [String] = ["王明"],
                        leadUnits: [UnitRef] = ["市城管局"], supportUnits: [UnitRef] = ["市民政局"],
                        districts: [String] = [], targets: [Target] = [], deadline: CivilDate? = nil,
                        scheduleNodes: [ScheduleNode]? = nil, isSignedOff: Bool = false) -> Commitment {
        Commitment(id: CommitmentID(id), planID: PlanID(fixturePlanID), number: number, title: title, section: section, leaders: leaders,
                   leadUnits: leadUnits, supportUnits: supportUnits, districts: districts, targets: targets,
                   deadline: deadline, scheduleNodes: scheduleNodes, isSignedOff: isSignedOff)
    }
}

extension TrackingRules {
    /// The annual 2026 defaults.
    static let annual2026 = TrackingRules.standard(for: YearSpan(from: 2026, to: 2026))
}

extension ProgressReport {
    static func fixture(commitmentID: UUID = uuid(1), period: YearMonth, kind: ReportKind = .consolidated,
                        unit: UnitRef = "市城管局", percent: Double? = 50, submittedOn: CivilDate? = nil,
                        state: ReportState = .submitted, revision: Int = 1) -> ProgressReport {
        ProgressReport(commitmentID: CommitmentID(commitmentID), period: period, kind: kind, unit: unit, percent: percent,
                       submittedOn: submittedOn ?? period.lastDay, dueOn: period.lastDay, state: state,
                       revision: revision)
    }
}
