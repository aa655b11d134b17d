import Foundation

/// A reported actual value for one target (指标完成值), e.g. target 新建公厕 60 座 → actual 42.
public struct TargetActual: Sendable, Equatable, Hashable, Codable {
    /// The target reported on.
    public var targetID: UUID
    /// The level the metric stands at now (not the change), e.g. 42.
    public var actual: Double

    /// An actual.
    public init(targetID: UUID, actual: Double) {
        self.targetID = targetID
        self.actual = actual
    }
}

/// What a unit clerk fills in for a month (月度进展草稿), before the rules accept it.
///
/// Example: period 2026-06, targets [公厕 42], investment 1800 (万元), narrative 已建成42座…
public struct ReportDraft: Sendable, Equatable, Codable {
    /// The month reported on.
    public var period: YearMonth
    /// The percent complete as entered (0…100); required only when the targets do not give one.
    public var percent: Double?
    /// Actual values per target.
    public var targetActuals: [TargetActual]
    /// Investment completed so far (累计完成投资), in 万元.
    public var investment: Double?
    /// 工作进展.
    public var narrative: String
    /// 存在问题.
    public var problems: String
    /// 下步打算.
    public var nextSteps: String
    /// 进度回落说明: why the cumulative percent is lower than the last month reported, e.g.
    /// 经审计核减工程量. Empty when the clerk has not confirmed a lower figure.
    public var decreaseReason: String

    /// A draft.
    public init(period: YearMonth, percent: Double? = nil, targetActuals: [TargetActual] = [],
                investment: Double? = nil, narrative: String = "", problems: String = "", nextSteps: String = "",
                decreaseReason: String = "") {
        self.period = period
        self.percent = percent
        self.targetActuals = targetActuals
        self.investment = investment
        self.narrative = narrative
        self.problems = problems
        self.nextSteps = nextSteps
        self.decreaseReason = decreaseReason
    }
}

/// Whether a report is the lead unit's consolidated one (牵头单位汇总报告) or a support unit's part
/// (责任单位补充).
public enum ReportKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 汇总报告: the one report per commitment per month that counts for progress.
    case consolidated
    /// 补充报告: a support unit's part; shown beside the consolidated one, never counted.
    case contribution
}

/// Where a report's percent came from (进度来源).
public enum PercentSource: String, Sendable, Equatable, Hashable, Codable {
    /// Derived from the target actuals (by ``Attainment``).
    case derived
    /// Entered by the clerk, because the targets could not give one.
    case entered
}

/// Whether a submitted month is locked (已锁定) or reopened by a coordinator (已退回重报).
public enum ReportState: String, Sendable, Equatable, Hashable, Codable {
    /// 已提交: locked; the month cannot be reported again.
    case submitted
    /// 已重开: a coordinator reopened it; the unit may submit a revision.
    case reopened
}

/// A monthly progress report (月度进展) as accepted by the rules.
///
/// Example: 2026-06, consolidated, 市城管局, 70% (derived), submitted 2026-07-02, due 2026-06-30,
/// late, revision 1.
public struct ProgressReport: Sendable, Equatable, Codable {
    /// The commitment reported on.
    public var commitmentID: CommitmentID
    /// The month reported on.
    public var period: YearMonth
    /// Consolidated (lead unit) or contribution (support unit).
    public var kind: ReportKind
    /// The submitting unit, by identity (its name for display).
    public var unit: UnitRef
    /// The percent complete, 0…100; nil only for a contribution that gave none.
    public var percent: Double?
    /// Where the percent came from; nil when there is none.
    public var percentSource: PercentSource?
    /// Actual values per target.
    public var targetActuals: [TargetActual]
    /// Investment completed so far, in 万元.
    public var investment: Double?
    /// 工作进展.
    public var narrative: String
    /// 存在问题.
    public var problems: String
    /// 下步打算.
    public var nextSteps: String
    /// 进度回落说明: the reason given for a percent lower than the previous month's; nil when
    /// the percent did not fall.
    public var decreaseReason: String?
    /// 退回理由: why a coordinator returned the month, when it was returned; kept after the
    /// revision so the history reads whole.
    public var reopenReason: String?
    /// The day the month was first submitted; a revision after a reopening keeps it (the App keeps
    /// the revision's own instant in its records and audit log).
    public var submittedOn: CivilDate
    /// The day it was due (from ``ReportDue``).
    public var dueOn: CivilDate
    /// Locked or reopened.
    public var state: ReportState
    /// 1 for the first submission of the month, 2 after the first reopen-and-resubmit, …
    public var revision: Int

    /// A report.
    public init(commitmentID: CommitmentID, period: YearMonth, kind: ReportKind = .consolidated, unit: UnitRef,
                percent: Double?, percentSource: PercentSource? = .entered, targetActuals: [TargetActual] = [],
                investment: Double? = nil, narrative: String = "", problems: String = "", nextSteps: String = "",
                decreaseReason: String? = nil,
                submittedOn: CivilDate, dueOn: CivilDate, state: ReportState = .submitted, revision: Int = 1) {
        self.commitmentID = commitmentID
        self.period = period
        self.kind = kind
        self.unit = unit
        self.percent = percent
        self.percentSource = percentSource
        self.targetActuals = targetActuals
        self.investment = investment
        self.narrative = narrative
        self.problems = problems
        self.nextSteps = nextSteps
        self.decreaseReason = decreaseReason
        self.submittedOn = submittedOn
        self.dueOn = dueOn
        self.state = state
        self.revision = revision
    }

    /// Late (逾期报送): submitted strictly after its due day.
    public var isLate: Bool { submittedOn > dueOn }

    /// Locked (已锁定): submitted and not reopened.
    public var isLocked: Bool { state == .submitted }
}
