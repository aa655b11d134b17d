import Foundation

/// A report field a rejection concerns, for the form to mark (字段).
public enum ReportField: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 报送月份.
    case period
    /// 完成进度.
    case percent
    /// 指标完成值.
    case targets
    /// 完成投资.
    case investment
    /// 工作进展.
    case narrative
    /// 存在问题.
    case problems
    /// 下步打算.
    case nextSteps
    /// 进度回落说明.
    case decreaseReason
    /// 退回理由 (a coordinator's, when returning a month).
    case reopenReason
}

/// A target's latest reported value and the month it was reported for (最新实际).
public struct KnownActual: Sendable, Equatable, Hashable {
    /// The value, e.g. 42 (座).
    public var actual: Double
    /// The month it was reported for.
    public var period: YearMonth

    /// A known actual.
    public init(actual: Double, period: YearMonth) {
        self.actual = actual
        self.period = period
    }
}

/// Why a monthly report is refused (报送被拒原因); no wording, the App words it (STYLE rule 4).
public enum ReportRejection: Error, Sendable, Equatable, Hashable, Codable {
    /// The submitting unit neither leads nor supports the commitment.
    case notResponsible
    /// The month has not begun yet (period after today's month).
    case periodInFuture
    /// The month is before the first month reports are owed for.
    case periodBeforeStart
    /// The month already has a locked report from this unit (taken or locked; 409).
    case periodLocked
    /// The percent is outside 0…100 or not a number.
    case percentOutOfRange
    /// The targets do not give a percent and none was entered.
    case percentRequired
    /// An actual names a target that is not the commitment's.
    case unknownTarget(UUID)
    /// Two actuals for one target.
    case duplicateTarget(UUID)
    /// An actual is NaN or infinite.
    case actualNotFinite(UUID)
    /// Investment is negative or not a number.
    case investmentInvalid
    /// Reopening a month that is not locked.
    case notLocked
    /// 工作进展 is empty (after trimming): a month's report must say what was done.
    case narrativeRequired
    /// A text field is longer than `limit` characters (``ReportPolicy/textLimit``).
    case textTooLong(ReportField, limit: Int)
    /// The percent falls below the last reported month's (`previous`, of `period`) and no
    /// 回落说明 was given: cumulative progress does not go backwards without a word.
    case progressLower(previous: Double, period: YearMonth)
    /// A month returned (退回重报) without a reason: the unit must be told what to correct.
    case reopenReasonRequired

    /// The field concerned; nil for rejections about the whole report.
    public var field: ReportField? {
        switch self {
        case .notResponsible, .notLocked: nil
        case .periodInFuture, .periodBeforeStart, .periodLocked: .period
        case .percentOutOfRange, .percentRequired: .percent
        case .unknownTarget, .duplicateTarget, .actualNotFinite: .targets
        case .investmentInvalid: .investment
        case .narrativeRequired: .narrative
        case .textTooLong(let field, _): field
        case .progressLower: .percent
        case .reopenReasonRequired: .reopenReason
        }
    }

    /// A conflict with what is stored (HTTP 409) rather than bad input (422) or a permission (403).
    public var isConflict: Bool { self == .periodLocked || self == .notLocked }
}

/// Every reason one draft was refused (报送被拒原因), the first as ``ReportPolicy/accept(_:for:rules:existing:unit:today:)``
/// would name it alone.
public struct ReportRefusal: Error, Sendable, Equatable {
    /// The first problem, in the order the rules check them.
    public var first: ReportRejection
    /// The others, in order.
    public var rest: [ReportRejection]
    /// All of them, first first.
    public var all: [ReportRejection] { [first] + rest }

    /// A refusal for `first`, then `rest`.
    public init(first: ReportRejection, rest: [ReportRejection] = []) {
        self.first = first
        self.rest = rest
    }
}

/// The rules for monthly progress reports (月度进展报送规则).
///
/// Lead units report once a month before month-end (各牵头责任单位在每月底前逐项报告项目进展情况,
/// 锡政发〔2023〕5号); a submitted month is locked unless a coordinator reopens it.
public enum ReportPolicy {
    /// The most characters 工作进展, 存在问题 and 下步打算 may each hold: 5,000.
    ///
    /// A month's 工作进展 in the city's bulletins runs to a few hundred characters; 5,000 is about
    /// three pages of A4 in 仿宋 三号, room for any real month, and still far below a spreadsheet
    /// cell's 32,767, so an export never has to cut a report. Longer text is almost always a paste
    /// of a whole document, which belongs in an attachment.
    public static let textLimit = 5_000
    /// The most characters a 回落说明 may hold: 500 (a reason, not a report).
    public static let reasonLimit = 500

    /// Text as the clerk meant it, whatever it was pasted from (Word, WeChat, a web page): line
    /// ends made `\n`, zero-width and other invisible format characters and control characters
    /// (which XML and spreadsheets cannot carry) removed, no-break and ideographic spaces at the
    /// ends trimmed. Limits are counted on this, in characters as people see them.
    ///
    /// Example: "已完成\r\n\u{200B}30座\u{0B}" → "已完成\n30座".
    public static func cleaned(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for u in text.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u.value {
            case 0x0D: out.append("\n")
            case 0x0A: if !previousCR { out.append(u) }
            case 0x09: out.append(u)
            case 0x00...0x1F, 0x7F...0x9F: continue
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xFFFE, 0xFFFF: continue
            default: out.append(u)
            }
        }
        return String(out).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The consolidated report a new month's percent is compared with: the latest month before
    /// `period` with a percent (its current revision); nil when there is none.
    public static func lastReported(before period: YearMonth, commitmentID: CommitmentID, in reports: [ProgressReport]) -> ProgressReport? {
        let earlier = reports.filter {
            $0.commitmentID == commitmentID && $0.kind == .consolidated && $0.period < period && $0.percent != nil
        }
        guard let month = earlier.map(\.period).max() else { return nil }
        return current(earlier, commitmentID: commitmentID, period: month)
    }

    /// Accepts a draft or says why not.
    ///
    /// Checks, in order: the unit is responsible (lead → consolidated, support → contribution);
    /// the month is not in the future nor before the first owed month; the unit has no locked
    /// report for the month (a reopened one is replaced, with the next revision number, keeping the
    /// month's first submission day so that a coordinator's reopening never makes it late); the
    /// figures are sane; the percent is derived from the targets when they allow it, else the
    /// entered percent is required (for the consolidated report). Returns the first problem;
    /// ``problems(_:for:rules:existing:unit:today:)`` lists them all for a form.
    ///
    /// Example: June's draft from the lead unit on 2026-07-02 with month-end due → accepted,
    /// late; the same again → `.periodLocked`.
    public static func accept(_ draft: ReportDraft, for commitment: Commitment, rules: TrackingRules,
                              existing: [ProgressReport], unit: UnitRef, today: CivilDate)
        -> Result<ProgressReport, ReportRejection> {
        evaluate(draft, for: commitment, rules: rules, existing: existing, unit: unit, today: today)
            .mapError(\.first)
    }

    /// Like ``accept(_:for:rules:existing:unit:today:)``, but a refusal carries every problem
    /// (for a form to mark each field), found in the one pass over the rules.
    public static func evaluate(_ draft: ReportDraft, for commitment: Commitment, rules: TrackingRules,
                                existing: [ProgressReport], unit: UnitRef, today: CivilDate)
        -> Result<ProgressReport, ReportRefusal> {
        let found = problems(draft, for: commitment, rules: rules, existing: existing, unit: unit, today: today)
        if let first = found.first { return .failure(ReportRefusal(first: first, rest: Array(found.dropFirst()))) }
        let kind: ReportKind = commitment.relation(of: unit.id) == .lead ? .consolidated : .contribution
        let previous = existing.filter { sameMonth($0, commitment: commitment.id, period: draft.period, kind: kind, unit: unit.id) }
        let derived = derivedPercent(targets: commitment.targets, actuals: draft.targetActuals)
        let percent = derived ?? draft.percent
        let source: PercentSource? = derived != nil ? .derived : (draft.percent != nil ? .entered : nil)
        let before = kind == .consolidated ? lastReported(before: draft.period, commitmentID: commitment.id, in: existing) : nil
        let fell = percent.map { p in before?.percent.map { p < $0 } ?? false } ?? false
        let reason = cleaned(draft.decreaseReason)
        return .success(ProgressReport(
            commitmentID: commitment.id, period: draft.period, kind: kind, unit: unit,
            percent: percent, percentSource: source, targetActuals: draft.targetActuals,
            investment: draft.investment, narrative: cleaned(draft.narrative), problems: cleaned(draft.problems),
            nextSteps: cleaned(draft.nextSteps), decreaseReason: fell && !reason.isEmpty ? reason : nil, submittedOn: previous.min { $0.revision < $1.revision }?.submittedOn ?? today,
            dueOn: rules.reportDue.dueDate(for: draft.period),
            state: .submitted, revision: (previous.map(\.revision).max() ?? 0) + 1))
    }

    /// Every reason to refuse the draft, in the order ``accept(_:for:rules:existing:unit:today:)``
    /// checks them; empty when it is acceptable.
    public static func problems(_ draft: ReportDraft, for commitment: Commitment, rules: TrackingRules,
                                existing: [ProgressReport], unit: UnitRef, today: CivilDate) -> [ReportRejection] {
        let relation = commitment.relation(of: unit.id)
        guard relation != .none else { return [.notResponsible] }
        let kind: ReportKind = relation == .lead ? .consolidated : .contribution
        var found: [ReportRejection] = []
        if draft.period > today.yearMonth { found.append(.periodInFuture) }
        let firstMonth = rules.firstReportMonth ?? rules.schedule(for: commitment).start.yearMonth
        if draft.period < firstMonth { found.append(.periodBeforeStart) }
        let locked = existing.contains {
            sameMonth($0, commitment: commitment.id, period: draft.period, kind: kind, unit: unit.id) && $0.isLocked
        }
        if locked { found.append(.periodLocked) }

        let known = Set(commitment.targets.map(\.id))
        var seen: Set<UUID> = []
        for actual in draft.targetActuals {
            if !known.contains(actual.targetID) { found.append(.unknownTarget(actual.targetID)) }
            if !seen.insert(actual.targetID).inserted { found.append(.duplicateTarget(actual.targetID)) }
            if !actual.actual.isFinite { found.append(.actualNotFinite(actual.targetID)) }
        }
        if let investment = draft.investment, !(investment.isFinite && investment >= 0) {
            found.append(.investmentInvalid)
        }
        if let percent = draft.percent, !(0...100).contains(percent) {
            found.append(.percentOutOfRange)
        }
        let derived = derivedPercent(targets: commitment.targets, actuals: draft.targetActuals)
        if kind == .consolidated, draft.percent == nil, derived == nil {
            found.append(.percentRequired)
        }
        let narrative = cleaned(draft.narrative)
        if narrative.isEmpty { found.append(.narrativeRequired) }
        for (field, text, limit) in [(ReportField.narrative, narrative, textLimit),
                                     (.problems, cleaned(draft.problems), textLimit),
                                     (.nextSteps, cleaned(draft.nextSteps), textLimit),
                                     (.decreaseReason, cleaned(draft.decreaseReason), reasonLimit)]
            where text.count > limit {
            found.append(.textTooLong(field, limit: limit))
        }
        // Cumulative progress going backwards needs a reason; judged only on a percent the rules
        // would accept, so one bad figure is not reported twice.
        if kind == .consolidated, !found.contains(where: { $0.field == .percent || $0.field == .targets }),
           let percent = derived ?? draft.percent,
           let before = lastReported(before: draft.period, commitmentID: commitment.id, in: existing),
           let last = before.percent, percent < last, cleaned(draft.decreaseReason).isEmpty {
            found.append(.progressLower(previous: last, period: before.period))
        }
        return found
    }

    /// Whether `report` is the month's report of that kind that a new one would replace: the
    /// commitment has one consolidated report per month whoever leads it (a change of lead unit
    /// does not reopen a locked month), and one contribution per support unit, compared by id.
    static func sameMonth(_ report: ProgressReport, commitment: CommitmentID, period: YearMonth,
                          kind: ReportKind, unit: UnitID) -> Bool {
        report.commitmentID == commitment && report.period == period && report.kind == kind
            && (kind == .consolidated || report.unit.id == unit)
    }

    /// The percent the targets give (由指标推算进度): the mean of each target's attainment percent,
    /// when the commitment has targets, every target has an actual, and every attainment gives a
    /// percent; else nil.
    ///
    /// Example: 公厕 `= 60` actual 30 (50%) and 垃圾分类小区 `>= 200` actual 200 (100%) → 75.
    public static func derivedPercent(targets: [Target], actuals: [TargetActual]) -> Double? {
        guard !targets.isEmpty else { return nil }
        var byTarget: [UUID: Double] = [:]
        for actual in actuals where byTarget[actual.targetID] == nil { byTarget[actual.targetID] = actual.actual }
        var total = 0.0
        for target in targets {
            guard let actual = byTarget[target.id],
                  let percent = Attainment(target: target, actual: actual).percent else { return nil }
            total += percent
        }
        return total / Double(targets.count)
    }

    /// Reopens a locked month (退回重报) so the unit can submit a revision; a coordinator's act,
    /// with a reason the unit is shown (cleaned like a report's text, at most ``reasonLimit``).
    ///
    /// Example: June locked, reason 投资额与财政数据不符 → reopened with that reason; blank → refused.
    public static func reopen(_ report: ProgressReport, reason: String) -> Result<ProgressReport, ReportRejection> {
        guard report.isLocked else { return .failure(.notLocked) }
        let reason = cleaned(reason)
        guard !reason.isEmpty else { return .failure(.reopenReasonRequired) }
        guard reason.count <= reasonLimit else { return .failure(.textTooLong(.reopenReason, limit: reasonLimit)) }
        var reopened = report
        reopened.state = .reopened
        reopened.reopenReason = reason
        return .success(reopened)
    }

    /// The consolidated report that counts for a month: the highest revision among a commitment's
    /// consolidated reports for it; nil when none.
    public static func current(_ reports: [ProgressReport], commitmentID: CommitmentID, period: YearMonth) -> ProgressReport? {
        reports.filter { $0.commitmentID == commitmentID && $0.period == period && $0.kind == .consolidated }
            .max { $0.revision < $1.revision }
    }

    /// 最新实际 per target: the value of the latest month that reported it, with that month. A
    /// month that gave only a percent leaves each target's last value standing (a metric stands
    /// where it was last measured), instead of making every target look unreported.
    ///
    /// Example: 2026-05 公厕 42, 2026-06 percent only → 公厕 42 (2026-05).
    public static func lastKnownActuals(_ months: [(period: YearMonth, actuals: [UUID: Double])]) -> [UUID: KnownActual] {
        var out: [UUID: KnownActual] = [:]
        for month in months.sorted(by: { $0.period < $1.period }) {
            for (target, actual) in month.actuals { out[target] = KnownActual(actual: actual, period: month.period) }
        }
        return out
    }

    /// The actual percent (实际进度) as of `today`: the percent of the latest month's current
    /// consolidated report for a period up to today's month; 0 when none.
    public static func actualPercent(_ reports: [ProgressReport], commitmentID: CommitmentID, today: CivilDate) -> Double {
        let mine = reports.filter {
            $0.commitmentID == commitmentID && $0.kind == .consolidated && $0.period <= today.yearMonth
                && $0.percent != nil
        }
        guard let latest = mine.map(\.period).max(),
              let report = current(mine, commitmentID: commitmentID, period: latest) else { return 0 }
        return report.percent ?? 0
    }
}
