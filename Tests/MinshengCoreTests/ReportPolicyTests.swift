import Foundation
import PolicyParser
import Testing
@testable import MinshengCore

@Suite struct ReportPolicyTests {
    static let toilets = Target.fixture(id: uuid(101), metric: "新建城市公厕", op: .equal, value: 60, unit: "座")
    static let sorting = Target.fixture(id: uuid(102), metric: "垃圾分类小区", op: .atLeast, value: 200, unit: "个")
    static let commitment = Commitment.fixture(targets: [toilets, sorting])
    static let rules = TrackingRules.annual2026
    static let july2 = CivilDate(2026, 7, 2)
    static let june = YearMonth(2026, 6)

    func accept(_ draft: ReportDraft, commitment: Commitment = commitment, rules: TrackingRules = rules,
                existing: [ProgressReport] = [], unit: UnitRef = "市城管局",
                today: CivilDate = july2) -> Result<ProgressReport, ReportRejection> {
        // These tables are about figures and months; every month's report says something
        // (the narrative's own rules are tested below with drafts that do not get this default).
        var draft = draft
        if draft.narrative.isEmpty { draft.narrative = "按计划推进" }
        return ReportPolicy.accept(draft, for: commitment, rules: rules, existing: existing, unit: unit, today: today)
    }

    static let fullActuals = [TargetActual(targetID: uuid(101), actual: 30), TargetActual(targetID: uuid(102), actual: 200)]

    @Test func leadReportDerivesPercentFromTargets() throws {
        let report = try accept(ReportDraft(period: Self.june, targetActuals: Self.fullActuals, investment: 1800,
                                            narrative: "已建成30座")).get()
        #expect(report.kind == .consolidated)
        #expect(report.percent == 75)                   // (50 + 100) / 2
        #expect(report.percentSource == .derived)
        #expect(report.dueOn == CivilDate(2026, 6, 30))
        #expect(report.isLate)
        #expect(report.isLocked)
        #expect(report.revision == 1)
        #expect(report.submittedOn == Self.july2)
        #expect(report.narrative == "已建成30座")
    }

    @Test func derivedPercentWinsOverEntered() throws {
        let report = try accept(ReportDraft(period: Self.june, percent: 90, targetActuals: Self.fullActuals)).get()
        #expect(report.percent == 75)
        #expect(report.percentSource == .derived)
    }

    @Test(arguments: [
        ([TargetActual](), Double?.none, ReportRejection?.some(.percentRequired), Double?.none),
        ([TargetActual(targetID: uuid(101), actual: 30)], nil, .percentRequired, nil), // one target unreported
        ([TargetActual(targetID: uuid(101), actual: 30)], 40, nil, 40),
        ([], 0, nil, 0),
        ([], 100, nil, 100),
        ([], 100.5, .percentOutOfRange, nil),
        ([], -1, .percentOutOfRange, nil),
        ([], .nan, .percentOutOfRange, nil),
    ])
    func enteredPercent(actuals: [TargetActual], percent: Double?, rejection: ReportRejection?, stored: Double?) {
        let result = accept(ReportDraft(period: Self.june, percent: percent, targetActuals: actuals))
        switch result {
        case let .success(report):
            #expect(rejection == nil)
            #expect(report.percent == stored)
            #expect(report.percentSource == .entered)
        case let .failure(error):
            #expect(error == rejection)
        }
    }

    @Test func targetsThatCannotGiveAPercentNeedOne() {
        let limit = Commitment.fixture(targets: [Target.fixture(id: uuid(103), op: .atMost, value: 3.5, unit: "%")])
        let draft = ReportDraft(period: Self.june, targetActuals: [TargetActual(targetID: uuid(103), actual: 4)])
        #expect(accept(draft, commitment: limit) == .failure(.percentRequired))
        let noTargets = Commitment.fixture(targets: [])
        #expect(accept(ReportDraft(period: Self.june), commitment: noTargets) == .failure(.percentRequired))
    }

    /// The due day itself is on time; the day after is late; an offset moves the due day.
    @Test(arguments: [
        (0, CivilDate(2026, 6, 30), false),
        (0, CivilDate(2026, 7, 1), true),
        (5, CivilDate(2026, 7, 5), false),
        (5, CivilDate(2026, 7, 6), true),
        (-5, CivilDate(2026, 6, 25), false),
        (-5, CivilDate(2026, 6, 26), true),
    ])
    func lateness(offset: Int, submitted: CivilDate, late: Bool) throws {
        var rules = Self.rules
        rules.reportDue = ReportDue(dayOffset: offset)
        let report = try accept(ReportDraft(period: Self.june, percent: 50), rules: rules, today: submitted).get()
        #expect(report.isLate == late)
        #expect(rules.reportDue.isLate(period: Self.june, submittedOn: submitted) == late)
    }

    @Test(arguments: [
        (YearMonth(2026, 8), ReportRejection?.some(.periodInFuture)),
        (YearMonth(2026, 7), nil),     // the current month may be reported
        (YearMonth(2026, 1), nil),
        (YearMonth(2025, 12), .periodBeforeStart),
    ])
    func periods(period: YearMonth, rejection: ReportRejection?) {
        let result = accept(ReportDraft(period: period, percent: 50))
        #expect(result.failure == rejection)
    }

    @Test func firstReportMonthMovesTheStart() {
        var rules = Self.rules
        rules.firstReportMonth = YearMonth(2026, 3)
        #expect(accept(ReportDraft(period: YearMonth(2026, 2), percent: 10), rules: rules).failure == .periodBeforeStart)
        #expect(accept(ReportDraft(period: YearMonth(2026, 3), percent: 10), rules: rules).failure == nil)
    }

    @Test func submittedMonthIsLocked() {
        let existing = [ProgressReport.fixture(period: Self.june)]
        #expect(accept(ReportDraft(period: Self.june, percent: 60), existing: existing) == .failure(.periodLocked))
        // Another month, or another commitment's June, is free.
        #expect(accept(ReportDraft(period: YearMonth(2026, 5), percent: 60), existing: existing).failure == nil)
        let other = [ProgressReport.fixture(commitmentID: uuid(2), period: Self.june)]
        #expect(accept(ReportDraft(period: Self.june, percent: 60), existing: other).failure == nil)
    }

    @Test func reopenedMonthTakesARevision() throws {
        let first = ProgressReport.fixture(period: Self.june)
        #expect(ReportPolicy.reopen(first, reason: " \u{200B}") == .failure(.reopenReasonRequired))
        #expect(ReportPolicy.reopen(first, reason: String(repeating: "理", count: 501))
                == .failure(.textTooLong(.reopenReason, limit: 500)))
        let reopened = try ReportPolicy.reopen(first, reason: " 投资额与财政数据不符\r\n").get()
        #expect(reopened.state == .reopened)
        #expect(reopened.reopenReason == "投资额与财政数据不符")
        #expect(!reopened.isLocked)
        #expect(ReportPolicy.reopen(reopened, reason: "再退") == .failure(.notLocked))
        let revision = try accept(ReportDraft(period: Self.june, percent: 65), existing: [reopened],
                                  today: CivilDate(2026, 7, 20)).get()
        #expect(revision.revision == 2)
        #expect(revision.isLocked)
        #expect(revision.percent == 65)
        // Submitted on time in June; revising it in July at the coordinator's request is not late.
        #expect(revision.submittedOn == CivilDate(2026, 6, 30))
        #expect(!revision.isLate)
        // The revision, once stored, locks the month again.
        #expect(accept(ReportDraft(period: Self.june, percent: 70), existing: [reopened, revision]) == .failure(.periodLocked))
        #expect(ReportPolicy.current([reopened, revision], commitmentID: CommitmentID(uuid(1)), period: Self.june) == revision)
    }

    @Test func supportUnitsContribute() throws {
        let part = try accept(ReportDraft(period: Self.june, narrative: "配合完成选址"), unit: "市民政局").get()
        #expect(part.kind == .contribution)
        #expect(part.percent == nil)
        #expect(part.percentSource == nil)
        // A contribution neither locks the lead unit's month nor counts as its report.
        #expect(accept(ReportDraft(period: Self.june, percent: 50), existing: [part]).failure == nil)
        #expect(accept(ReportDraft(period: Self.june), existing: [part], unit: "市民政局") == .failure(.periodLocked))
        #expect(ReportPolicy.actualPercent([part], commitmentID: CommitmentID(uuid(1)), today: Self.july2) == 0)
    }

    @Test func unrelatedUnitIsRefused() {
        #expect(accept(ReportDraft(period: Self.june, percent: 50), unit: "市教育局") == .failure(.notResponsible))
    }

    @Test func badFiguresAreAllListed() {
        let draft = ReportDraft(period: Self.june, percent: 120, targetActuals: [
            TargetActual(targetID: uuid(101), actual: 30),
            TargetActual(targetID: uuid(101), actual: 31),
            TargetActual(targetID: uuid(555), actual: 1),
            TargetActual(targetID: uuid(102), actual: .infinity),
        ], investment: -5, narrative: "按计划推进")
        let problems = ReportPolicy.problems(draft, for: Self.commitment, rules: Self.rules, existing: [],
                                             unit: "市城管局", today: Self.july2)
        #expect(problems == [.duplicateTarget(uuid(101)), .unknownTarget(uuid(555)), .actualNotFinite(uuid(102)),
                             .investmentInvalid, .percentOutOfRange])
        #expect(accept(draft) == .failure(.duplicateTarget(uuid(101))))
    }

    @Test(arguments: [
        (ReportRejection.notResponsible, ReportField?.none, false),
        (.periodInFuture, .period, false),
        (.periodBeforeStart, .period, false),
        (.periodLocked, .period, true),
        (.percentOutOfRange, .percent, false),
        (.percentRequired, .percent, false),
        (.unknownTarget(uuid(1)), .targets, false),
        (.duplicateTarget(uuid(1)), .targets, false),
        (.actualNotFinite(uuid(1)), .targets, false),
        (.investmentInvalid, .investment, false),
        (.notLocked, nil, true),
        (.narrativeRequired, .narrative, false),
        (.textTooLong(.problems, limit: 5_000), .problems, false),
        (.progressLower(previous: 62.6, period: YearMonth(2026, 5)), .percent, false),
        (.reopenReasonRequired, .reopenReason, false),
    ])
    func rejectionFields(rejection: ReportRejection, field: ReportField?, conflict: Bool) {
        #expect(rejection.field == field)
        #expect(rejection.isConflict == conflict)
    }

    @Test func actualPercentIsTheLatestMonthsCurrentRevision() {
        let reports = [
            ProgressReport.fixture(period: YearMonth(2026, 5), percent: 40),
            ProgressReport.fixture(period: YearMonth(2026, 6), percent: 55, state: .reopened),
            ProgressReport.fixture(period: YearMonth(2026, 6), percent: 58, revision: 2),
            ProgressReport.fixture(period: YearMonth(2026, 8), percent: 90),   // after today's month: ignored
            ProgressReport.fixture(commitmentID: uuid(2), period: YearMonth(2026, 7), percent: 99),
        ]
        #expect(ReportPolicy.actualPercent(reports, commitmentID: CommitmentID(uuid(1)), today: Self.july2) == 58)
        #expect(ReportPolicy.actualPercent([], commitmentID: CommitmentID(uuid(1)), today: Self.july2) == 0)
    }
}

extension Result {
    /// The failure, or nil on success.
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}

/// The findings of issue 13 on the report's rules: a month's report says what was done, within a
/// limit; progress does not fall without a reason; every problem is named in one pass.
@Suite struct ReportTextAndDecreaseTests {
    static let commitment = Commitment.fixture(targets: [])
    static let june = YearMonth(2026, 6)
    static let may = YearMonth(2026, 5)

    func problems(_ draft: ReportDraft, existing: [ProgressReport] = []) -> [ReportRejection] {
        ReportPolicy.problems(draft, for: Self.commitment, rules: .annual2026, existing: existing, unit: "市城管局",
                              today: CivilDate(2026, 7, 2))
    }

    func may(_ percent: Double) -> ProgressReport {
        ProgressReport(commitmentID: Self.commitment.id, period: Self.may, unit: "市城管局", percent: percent,
                       submittedOn: CivilDate(2026, 5, 30), dueOn: CivilDate(2026, 5, 31))
    }

    @Test(arguments: ["", "   ", "\u{200B}\r\n\u{FEFF} \t"])
    func aReportWithoutNarrativeIsRefused(narrative: String) {
        #expect(problems(ReportDraft(period: Self.june, percent: 50, narrative: narrative)) == [.narrativeRequired])
    }

    @Test func eachTextMayHoldFiveThousandCharactersAndNotOneMore() {
        let full = String(repeating: "进", count: ReportPolicy.textLimit)
        #expect(ReportPolicy.textLimit == 5_000)
        #expect(problems(ReportDraft(period: Self.june, percent: 50, narrative: full, problems: full, nextSteps: full)) == [])
        let over = full + "展"
        #expect(problems(ReportDraft(period: Self.june, percent: 50, narrative: over)) == [.textTooLong(.narrative, limit: 5_000)])
        #expect(problems(ReportDraft(period: Self.june, percent: 50, narrative: "有", problems: over, nextSteps: over))
                == [.textTooLong(.problems, limit: 5_000), .textTooLong(.nextSteps, limit: 5_000)])
        let huge = String(repeating: "字", count: 300_000)
        #expect(problems(ReportDraft(period: Self.june, percent: 50, narrative: huge)) == [.textTooLong(.narrative, limit: 5_000)])
    }

    @Test func pastedTextIsCountedAndStoredAsPeopleSeeIt() throws {
        // 1,500 lines pasted from Word: 进展, a zero-width space, a vertical tab, CR LF: 9,000
        // scalars, which a count of raw input would refuse; 4,499 characters as people see them.
        let line = "进展\u{200B}\u{0B}\r\n"
        let pasted = String(repeating: line, count: 1_500)
        #expect(pasted.unicodeScalars.count == 9_000)
        let cleaned = ReportPolicy.cleaned(pasted)
        #expect(cleaned.count == 1_500 * 3 - 1)                     // 进展\n per line, the last \n trimmed
        #expect(!cleaned.contains("\r") && !cleaned.unicodeScalars.contains { $0.value == 0x200B || $0.value == 0x0B })
        #expect(problems(ReportDraft(period: Self.june, percent: 50, narrative: pasted)) == [])
        let report = try ReportPolicy.evaluate(ReportDraft(period: Self.june, percent: 50, narrative: pasted),
                                               for: Self.commitment, rules: .annual2026, existing: [], unit: "市城管局",
                                               today: CivilDate(2026, 7, 2)).get()
        #expect(report.narrative == cleaned)
    }

    @Test func everyBadFieldIsNamedInOnePass() {
        // The tester's case: percent −5, an investment that is not a figure (the form leaves it
        // out, see the App's tests), and no narrative.
        #expect(problems(ReportDraft(period: Self.june, percent: -5, investment: -1, narrative: ""))
                == [.investmentInvalid, .percentOutOfRange, .narrativeRequired])
    }

    @Test func aLowerPercentNeedsAReasonWhichIsKeptWithTheReport() throws {
        let existing = [may(62.6)]
        // 62.6% in May, then 10% in June without a word: refused, naming May's figure.
        #expect(problems(ReportDraft(period: Self.june, percent: 10, narrative: "核减"), existing: existing)
                == [.progressLower(previous: 62.6, period: Self.may)])
        // The same with a reason: accepted, the reason kept.
        let draft = ReportDraft(period: Self.june, percent: 10, narrative: "核减", decreaseReason: "经审计核减工程量")
        let report = try ReportPolicy.evaluate(draft, for: Self.commitment, rules: .annual2026, existing: existing,
                                               unit: "市城管局", today: CivilDate(2026, 7, 2)).get()
        #expect(report.percent == 10)
        #expect(report.decreaseReason == "经审计核减工程量")
        // Equal is not lower; a reason given when nothing fell is not stored.
        #expect(problems(ReportDraft(period: Self.june, percent: 62.6, narrative: "持平"), existing: existing) == [])
        let higher = try ReportPolicy.evaluate(ReportDraft(period: Self.june, percent: 70, narrative: "推进", decreaseReason: "无"),
                                               for: Self.commitment, rules: .annual2026, existing: existing,
                                               unit: "市城管局", today: CivilDate(2026, 7, 2)).get()
        #expect(higher.decreaseReason == nil)
        // A month reported after a later one is compared with the month before it, not after.
        #expect(problems(ReportDraft(period: YearMonth(2026, 4), percent: 30, narrative: "补报"), existing: existing) == [])
        // A blank reason (spaces only) does not confirm.
        #expect(problems(ReportDraft(period: Self.june, percent: 10, narrative: "核减", decreaseReason: "  "), existing: existing)
                == [.progressLower(previous: 62.6, period: Self.may)])
    }
}

/// Issue 13: after a percent-only month every target read 未报.
@Suite struct LastKnownActualTests {
    @Test func aPercentOnlyMonthLeavesEachTargetsLastValueStanding() {
        let toilets = uuid(101), sorting = uuid(102)
        let months: [(period: YearMonth, actuals: [UUID: Double])] = [
            (YearMonth(2026, 6), [:]),                                   // percent only (given out of order)
            (YearMonth(2026, 4), [toilets: 30, sorting: 150]),
            (YearMonth(2026, 5), [toilets: 42]),
        ]
        let known = ReportPolicy.lastKnownActuals(months)
        #expect(known[toilets] == KnownActual(actual: 42, period: YearMonth(2026, 5)))
        #expect(known[sorting] == KnownActual(actual: 150, period: YearMonth(2026, 4)))
        #expect(ReportPolicy.lastKnownActuals([(YearMonth(2026, 6), [:])]).isEmpty)
    }
}
