import Foundation
import MinshengCore

/// Turns loaded facts into listing rows. Every judgement is Core's (`CommitmentStatus`: schedule,
/// actual, months missing, late reports, colour; `Attainment` per target); this only assembles.
enum CommitmentStatusBuilder {
    static func coreStatus(of facts: CommitmentFacts, rules: TrackingRules, today: CivilDate) -> CommitmentStatus {
        CommitmentStatus(commitment: facts.commitment, rules: rules, reports: facts.reports.map(\.report), today: today)
    }

    static func status(of facts: CommitmentFacts, rules: TrackingRules, today: CivilDate) -> (CommitmentStatusDTO, CommitmentStatus) {
        let commitment = facts.commitment
        let status = coreStatus(of: facts, rules: rules, today: today)
        let targets = zip(commitment.targets, facts.targetRecords).map { target, record in
            let actual = facts.latestActuals[target.id]
            return TargetDTO(id: target.id, metric: target.metric, op: target.op.rawValue, value: target.value,
                             unit: target.unit, baseline: target.baseline, deadline: target.by, version: record.version,
                             actual: actual, attainment: actual.map { Attainment(target: target, actual: $0).tenths })
        }
        let dto = CommitmentStatusDTO(
            id: commitment.id.rawValue, kind: commitment.kind.rawValue, number: commitment.number, title: commitment.title,
            section: facts.sectionTitle, leaders: commitment.leaders, leadUnits: commitment.leadUnits.names,
            supportUnits: commitment.supportUnits.names, districts: commitment.districts,
            isKeyProject: commitment.isKeyProject, plannedInvestment: commitment.plannedInvestment,
            deadline: facts.record.deadline, targets: targets,
            expectedPercent: status.expected.tenths, actualPercent: status.actual.tenths,
            health: status.health.rawValue, healthReasons: status.assessment.reasons.map(\.code),
            lastPeriod: status.latestPeriod?.description,
            lateReports: status.lateReports, missingReports: status.missingPeriods.count,
            version: facts.record.version)
        return (dto, status)
    }
}

extension Double {
    /// Rounded to 0.1, the precision percentages are shown and sent with (98.9655… → 99.0).
    var tenths: Double { (self * 10).rounded() / 10 }
}

extension Attainment {
    /// With its percent rounded to 0.1 for the wire.
    var tenths: Attainment { Attainment(isMet: isMet, percent: percent?.tenths) }
}
