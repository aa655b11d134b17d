import Foundation
import MinshengCore
import Vapor

/// `GET /plans/{id}/rollup` answer.
struct RollupDTO: Content {
    var by: String
    var today: String
    var total: RollupRow
    var groups: [RollupRow]
}

/// API names of Core's roll-up dimensions (`unit` is the lead unit).
extension RollupDimension {
    init?(apiName: String) {
        switch apiName {
        case "plan": self = .plan
        case "section": self = .section
        case "unit", "leadUnit": self = .leadUnit
        case "leader": self = .leader
        case "district": self = .district
        default: return nil
        }
    }
}

/// Feeds loaded facts to Core's `Rollup`.
enum RollupBuilder {
    static func rollup(_ facts: PlanFacts, by dimension: RollupDimension, apiName: String, today: CivilDate) -> RollupDTO {
        let entries = facts.commitments.map {
            RollupEntry(commitment: $0.commitment,
                        status: CommitmentStatusBuilder.coreStatus(of: $0, rules: facts.rules, today: today))
        }
        return RollupDTO(by: apiName, today: today.description, total: Rollup.total(entries, key: "合计"),
                         groups: Rollup.rows(entries, by: dimension))
    }
}
