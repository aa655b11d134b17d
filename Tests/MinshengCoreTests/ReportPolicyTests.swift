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
                existing: [ProgressReport] = [], unit: String = "市城管局",
                today: CivilDate = july2) -> Result<ProgressReport, ReportRejection> {
        ReportPolicy.accept(draft, for: commitment, rules: rules, existing: existing, unit: unit, today: today)
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
        let reopened = try ReportPolicy.reopen(first).get()
        #expect(reopened.state == .reopened)
        #expect(!reopened.isLocked)
        #expect(ReportPolicy.reopen(reopened) == .failure(.notLocked))
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
        #expect(ReportPolicy.current([reopened, revision], commitmentID: uuid(1), period: Self.june) == revision)
    }

    @Test func supportUnitsContribute() throws {
        let part = try accept(ReportDraft(period: Self.june, narrative: "配合完成选址"), unit: "市民政局").get()
        #expect(part.kind == .contribution)
        #expect(part.percent == nil)
        #expect(part.percentSource == nil)
        // A contribution neither locks the lead unit's month nor counts as its report.
        #expect(accept(ReportDraft(period: Self.june, percent: 50), existing: [part]).failure == nil)
        #expect(accept(ReportDraft(period: Self.june), existing: [part], unit: "市民政局") == .failure(.periodLocked))
        #expect(ReportPolicy.actualPercent([part], commitmentID: uuid(1), today: Self.july2) == 0)
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
        ], investment: -5)
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
        #expect(ReportPolicy.actualPercent(reports, commitmentID: uuid(1), today: Self.july2) == 58)
        #expect(ReportPolicy.actualPercent([], commitmentID: uuid(1), today: Self.july2) == 0)
    }
}

extension Result {
    /// The failure, or nil on success.
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
