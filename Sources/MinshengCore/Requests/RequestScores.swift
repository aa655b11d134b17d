import Foundation

/// What the scores need to know about one request dispatched to a unit (facts, not judgements).
public struct RequestFacts: Sendable, Equatable {
    public var unit: String
    /// Marked unreasonable by the hotline (无理诉求): does not count against the unit.
    public var unreasonable: Bool
    /// Signed for within the sign-for limit; nil while not yet due and not signed.
    public var signedInTime: Bool?
    /// The reply went out within the handling limit; nil while not replied and not yet due.
    public var repliedInTime: Bool?
    /// How many times the unit gave it back (退单).
    public var givenBack: Int
    /// Called back: the two answers.
    public var resolution: Resolution?
    public var satisfaction: Satisfaction?
    /// Handled again (重办) at least once.
    public var redone: Bool

    public init(unit: String, unreasonable: Bool = false, signedInTime: Bool? = nil, repliedInTime: Bool? = nil,
                givenBack: Int = 0, resolution: Resolution? = nil, satisfaction: Satisfaction? = nil, redone: Bool = false) {
        self.unit = unit
        self.unreasonable = unreasonable
        self.signedInTime = signedInTime
        self.repliedInTime = repliedInTime
        self.givenBack = givenBack
        self.resolution = resolution
        self.satisfaction = satisfaction
        self.redone = redone
    }
}

/// The weights of the composite score, in percent (set per year; default 10/45/45).
public struct ScoreWeights: Sendable, Equatable, Codable {
    public var response: Double
    public var resolution: Double
    public var satisfaction: Double

    public init(response: Double = 10, resolution: Double = 45, satisfaction: Double = 45) {
        self.response = response
        self.resolution = resolution
        self.satisfaction = satisfaction
    }

    public static let standard = ScoreWeights()

    /// Each 0–100 and together 100.
    public var isValid: Bool {
        [response, resolution, satisfaction].allSatisfy { (0...100).contains($0) }
            && abs(response + resolution + satisfaction - 100) < 0.001
    }
}

/// One unit's 三率 and more for a period. Rates are 0…1, nil when there is nothing to count.
public struct UnitScore: Sendable, Equatable {
    public var unit: String
    /// Requests dispatched to the unit (unreasonable ones left out).
    public var dispatched: Int
    public var signedInTime: Int
    public var signForCounted: Int
    public var repliedInTime: Int
    public var replyCounted: Int
    public var calledBack: Int
    public var solvedWeight: Double
    public var satisfiedWeight: Double
    public var givenBack: Int
    public var redone: Int
    /// Left out as unreasonable.
    public var unreasonable: Int

    public init(unit: String, dispatched: Int, signedInTime: Int, signForCounted: Int, repliedInTime: Int, replyCounted: Int,
                calledBack: Int, solvedWeight: Double, satisfiedWeight: Double, givenBack: Int, redone: Int, unreasonable: Int) {
        self.unit = unit
        self.dispatched = dispatched
        self.signedInTime = signedInTime
        self.signForCounted = signForCounted
        self.repliedInTime = repliedInTime
        self.replyCounted = replyCounted
        self.calledBack = calledBack
        self.solvedWeight = solvedWeight
        self.satisfiedWeight = satisfiedWeight
        self.givenBack = givenBack
        self.redone = redone
        self.unreasonable = unreasonable
    }

    /// 响应率 = signed for in time ÷ sign-fors due.
    public var responseRate: Double? { ratio(Double(signedInTime), signForCounted) }
    /// 解决率 = (已解决 + 部分解决 × ½) ÷ called back.
    public var resolutionRate: Double? { ratio(solvedWeight, calledBack) }
    /// 满意率 = (非常满意 + 满意 + 基本满意 × ½) ÷ called back.
    public var satisfactionRate: Double? { ratio(satisfiedWeight, calledBack) }
    /// 按时办结率 = replied in time ÷ replies due.
    public var onTimeRate: Double? { ratio(Double(repliedInTime), replyCounted) }
    /// 回退率 = 退单 ÷ dispatched.
    public var returnRate: Double? { ratio(Double(givenBack), dispatched) }
    /// 重办率 = handled again ÷ called back.
    public var redoRate: Double? { ratio(Double(redone), calledBack) }

    /// The composite score, 0–100: the weighted three rates; a rate with nothing to count scores full.
    public func score(_ w: ScoreWeights) -> Double {
        (w.response * (responseRate ?? 1) + w.resolution * (resolutionRate ?? 1) + w.satisfaction * (satisfactionRate ?? 1))
    }

    private func ratio(_ part: Double, _ whole: Int) -> Double? { whole == 0 ? nil : part / Double(whole) }
}

/// The 三率 scoring and ranking (接诉即办考核). Definitions are on the rankings page.
///
/// Example: two requests of 市城管局, one signed in time and solved/satisfied, one signed late and
/// unsolved/dissatisfied → 响应率 50%, 解决率 50%, 满意率 50%, score 50.
public enum RequestScoring {
    /// Per unit, in unit-name order; units with nothing dispatched are absent.
    public static func scores(_ facts: [RequestFacts]) -> [UnitScore] {
        var byUnit: [String: UnitScore] = [:]
        for f in facts {
            var s = byUnit[f.unit] ?? UnitScore(unit: f.unit, dispatched: 0, signedInTime: 0, signForCounted: 0,
                                                repliedInTime: 0, replyCounted: 0, calledBack: 0, solvedWeight: 0,
                                                satisfiedWeight: 0, givenBack: 0, redone: 0, unreasonable: 0)
            if f.unreasonable {
                s.unreasonable += 1
                byUnit[f.unit] = s
                continue
            }
            s.dispatched += 1
            if let inTime = f.signedInTime { s.signForCounted += 1; if inTime { s.signedInTime += 1 } }
            if let inTime = f.repliedInTime { s.replyCounted += 1; if inTime { s.repliedInTime += 1 } }
            s.givenBack += f.givenBack
            if f.resolution != nil || f.satisfaction != nil {
                s.calledBack += 1
                s.solvedWeight += f.resolution?.weight ?? 0
                s.satisfiedWeight += f.satisfaction?.weight ?? 0
                if f.redone { s.redone += 1 }
            }
            byUnit[f.unit] = s
        }
        return byUnit.values.filter { $0.dispatched > 0 }.sorted { $0.unit < $1.unit }
    }

    /// A ranked line: place (ties share it), the score and the unit's figures.
    public struct Ranked: Sendable, Equatable {
        public var place: Int
        public var score: Double
        public var unit: UnitScore
    }

    /// Highest score first; equal scores (to 0.01) share a place, then by unit name.
    public static func ranking(_ scores: [UnitScore], weights: ScoreWeights) -> [Ranked] {
        let sorted = scores.map { (round($0.score(weights) * 100) / 100, $0) }
            .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.unit < $1.1.unit }
        var out: [Ranked] = []
        for (index, (score, unit)) in sorted.enumerated() {
            let place = index > 0 && out[index - 1].score == score ? out[index - 1].place : index + 1
            out.append(Ranked(place: place, score: score, unit: unit))
        }
        return out
    }

    /// 红榜 (the top `n`) and 黑榜 (the bottom `n`, worst first); they never overlap, and a unit
    /// sharing first place is never on the black list (when all score alike there is none).
    public static func lists(_ ranking: [Ranked], n: Int) -> (red: [Ranked], black: [Ranked]) {
        let red = Array(ranking.prefix(n))
        let black = Array(ranking.dropFirst(red.count).filter { $0.place > 1 }.reversed().prefix(n))
        return (red, black)
    }
}
