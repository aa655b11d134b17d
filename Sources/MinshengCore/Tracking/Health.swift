import Foundation

/// The colour of a commitment (三色预警), computed from facts, never stored as truth.
///
/// Severity order: `done` < `green` < `yellow` < `red`. Example: expected 60%, actual 45% →
/// 15 points behind → `.yellow` with the default bands.
public enum Health: String, Sendable, Equatable, Hashable, Codable, CaseIterable, Comparable {
    /// 已完成: actual reached 100%, or signed off (销号).
    case done
    /// 绿色: on schedule, or behind by at most the yellow band.
    case green
    /// 黄色预警: behind by strictly more than the yellow band.
    case yellow
    /// 红色预警: behind by strictly more than the red band, past its deadline and not done,
    /// or missing too many monthly reports.
    case red

    private var rank: Int {
        switch self {
        case .done: 0
        case .green: 1
        case .yellow: 2
        case .red: 3
        }
    }

    /// Severity order: done < green < yellow < red.
    public static func < (lhs: Health, rhs: Health) -> Bool { lhs.rank < rhs.rank }

    /// The colour alone; see ``HealthAssessment`` for the reasons.
    public init(expected: Double, actual: Double, deadline: CivilDate, today: CivilDate,
                missingReports: Int = 0, isSignedOff: Bool = false, bands: HealthBands = .standard,
                missingReportsForRed: Int = 2) {
        self = HealthAssessment(expected: expected, actual: actual, deadline: deadline, today: today,
                                missingReports: missingReports, isSignedOff: isSignedOff, bands: bands,
                                missingReportsForRed: missingReportsForRed).health
    }
}

/// Why a commitment has its colour (预警原因); no wording, the App words it.
public enum HealthReason: Sendable, Equatable, Hashable, Codable {
    /// Actual reached 100%.
    case complete
    /// The coordinator signed it off (销号).
    case signedOff
    /// Behind by at most the yellow band (or ahead).
    case onSchedule
    /// Behind by strictly more than the yellow band, at most the red band (`points` behind).
    case behindSchedule(points: Double)
    /// Behind by strictly more than the red band (`points` behind).
    case farBehindSchedule(points: Double)
    /// The deadline has passed and it is not done.
    case pastDeadline(CivilDate)
    /// `count` monthly reports are missing, at least the red threshold.
    case reportsMissing(count: Int)
}

/// A commitment's colour with its reasons and the figures it came from (三色预警结果).
///
/// Example: expected 60, actual 25, today before the deadline, no report missing →
/// `.red` with `[.farBehindSchedule(points: 35)]`.
public struct HealthAssessment: Sendable, Equatable, Codable {
    /// The colour.
    public var health: Health
    /// Every reason that applies, most severe first.
    public var reasons: [HealthReason]
    /// The expected percent (序时进度) it was judged against.
    public var expected: Double
    /// The actual percent (实际进度) judged.
    public var actual: Double

    /// Points behind schedule (positive when behind, negative when ahead), e.g. 60 − 45 = 15.
    public var gap: Double { expected - actual }

    /// Judges the facts.
    ///
    /// - done when `actual >= 100` or `isSignedOff`, whatever else holds;
    /// - red when `gap > bands.red`, or `today > deadline`, or `missingReports >= missingReportsForRed`;
    /// - yellow when `gap > bands.yellow`;
    /// - green otherwise. Comparisons are strict: exactly on a band stays in the milder colour.
    public init(expected: Double, actual: Double, deadline: CivilDate, today: CivilDate,
                missingReports: Int = 0, isSignedOff: Bool = false, bands: HealthBands = .standard,
                missingReportsForRed: Int = 2) {
        self.expected = expected
        self.actual = actual
        if isSignedOff || actual >= 100 {
            health = .done
            reasons = (actual >= 100 ? [.complete] : []) + (isSignedOff ? [.signedOff] : [])
            return
        }
        let gap = expected - actual
        var red: [HealthReason] = []
        if gap > bands.red { red.append(.farBehindSchedule(points: gap)) }
        if today > deadline { red.append(.pastDeadline(deadline)) }
        if missingReports >= missingReportsForRed { red.append(.reportsMissing(count: missingReports)) }
        if !red.isEmpty {
            health = .red
            reasons = red
        } else if gap > bands.yellow {
            health = .yellow
            reasons = [.behindSchedule(points: gap)]
        } else {
            health = .green
            reasons = [.onSchedule]
        }
    }
}
