import Foundation
import PolicyParser
import MinshengCore
import Testing
@testable import MinshengApp

@Suite struct DemoHistoryTests {
    static let rules = TrackingRules.standard(for: YearSpan(from: 2026, to: 2026))
    static let today = CivilDate(2026, 9, 15)

    static let commitments: [Commitment] = (1...20).map { (n: Int) -> Commitment in
        let lead: [UnitRef] = [UnitRef.named("单位" + String(n % 5))]
        let support: [UnitRef] = n % 2 == 0 ? [UnitRef.named("各区政府")] : []
        let target = Target.demoFixture(id: demoUUID(1000 + n), op: .equal, value: Double(10 * n), unit: "个")
        return Commitment.demoFixture(id: demoUUID(n), number: String(n), title: "演示实事" + String(n),
                                      leadUnits: lead, supportUnits: support, targets: [target])
    }

    static let reports = DemoHistory.reports(for: commitments, rules: rules, today: today, seed: 42)

    @Test func deterministic() {
        #expect(DemoHistory.reports(for: Self.commitments, rules: Self.rules, today: Self.today, seed: 42) == Self.reports)
        #expect(DemoHistory.reports(for: Self.commitments, rules: Self.rules, today: Self.today, seed: 43) != Self.reports)
    }

    @Test func labelled() {
        #expect(!Self.reports.isEmpty)
        #expect(Self.reports.allSatisfy { $0.narrative.hasPrefix(DemoHistory.label) })
    }

    @Test func everyColourLateAndMissingAppear() {
        let statuses = Self.commitments.map {
            CommitmentStatus(commitment: $0, rules: Self.rules, reports: Self.reports, today: Self.today)
        }
        let colours = Set(statuses.map(\.health))
        #expect(colours == Set(Health.allCases))
        #expect(statuses.contains { $0.lateReports > 0 })
        #expect(statuses.contains { $0.missingPeriods.count >= 2 })
        #expect(statuses.contains { $0.actual > $0.expected })
        #expect(Self.reports.contains { $0.kind == .contribution })
    }

    /// On `today` each commitment shows the colour its profile is meant to give, whenever the
    /// schedule expects enough for the profiles to be told apart (50% or more).
    @Test(arguments: [
        (YearSpan(from: 2026, to: 2026), CivilDate(2026, 7, 10)),
        (YearSpan(from: 2026, to: 2026), CivilDate(2026, 9, 15)),
        (YearSpan(from: 2026, to: 2026), CivilDate(2026, 11, 25)),
        (YearSpan(from: 2025, to: 2027), CivilDate(2026, 9, 15)),
        (YearSpan(from: 2025, to: 2027), CivilDate(2027, 5, 3)),
    ])
    func profilesGiveTheirColours(period: YearSpan, today: CivilDate) {
        let rules = TrackingRules.standard(for: period)
        let reports = DemoHistory.reports(for: Self.commitments, rules: rules, today: today, seed: 7)
        let intended: [DemoHistory.Profile: Set<Health>] = [
            .ahead: [.green, .done], .onTrack: [.green], .lateReporter: [.green], .behind: [.yellow],
            .farBehind: [.red], .done: [.done], .missingMonths: [.red],
        ]
        for (index, commitment) in Self.commitments.enumerated() {
            let status = CommitmentStatus(commitment: commitment, rules: rules, reports: reports, today: today)
            let profile = DemoHistory.profile(at: index)
            #expect(intended[profile]!.contains(status.health), "\(commitment.number) \(profile) gap \(status.assessment.gap)")
        }
    }

    /// Each generated consolidated report is what the rules accept when submitted on its day,
    /// in order, after the ones before it.
    @Test func reportsPassTheRules() throws {
        for commitment in Self.commitments {
            var stored: [ProgressReport] = []
            for report in Self.reports where report.commitmentID == commitment.id && report.kind == .consolidated {
                let draft = ReportDraft(period: report.period, percent: report.percent, targetActuals: report.targetActuals,
                                        investment: report.investment, narrative: report.narrative,
                                        problems: report.problems, nextSteps: report.nextSteps)
                let accepted = try ReportPolicy.accept(draft, for: commitment, rules: Self.rules, existing: stored,
                                                       unit: report.unit, today: report.submittedOn).get()
                #expect(accepted == report)
                stored.append(accepted)
            }
        }
    }

    @Test func percentsNeverFall() {
        for commitment in Self.commitments {
            let percents = Self.reports.filter { $0.commitmentID == commitment.id && $0.kind == .consolidated }
                .compactMap(\.percent)
            #expect(percents == percents.sorted(), "commitment \(commitment.number)")
        }
    }
}

@Suite struct DemoRandomTests {
    /// SplitMix64's published reference output for seed 0, so demo data is the same everywhere.
    @Test func referenceSequence() {
        var random = DemoRandom(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        var a = DemoRandom(seed: 5), b = DemoRandom(seed: 5)
        #expect(a.uuid() == b.uuid())
        #expect(DemoRandom.seed(1, demoUUID(1)) != DemoRandom.seed(1, demoUUID(2)))
    }
}

@Suite struct SyntheticPlanTests {
    @Test func sizeAndDeterminism() {
        let plan = SyntheticPlan(commitments: 250, year: 2026, seed: 7)
        #expect(plan.parsed.items.count == 250)
        #expect(Set(plan.parsed.items.map(\.number)).count == 250)
        #expect(plan == SyntheticPlan(commitments: 250, year: 2026, seed: 7))
        #expect(plan != SyntheticPlan(commitments: 250, year: 2026, seed: 8))
        #expect(plan.parsed.title?.hasPrefix(SyntheticPlan.titlePrefix) == true)
        #expect(plan.parsed.period == YearSpan(from: 2026, to: 2026))
    }

    @Test func contentsAreComplete() {
        let plan = SyntheticPlan(commitments: 100)
        let items = plan.parsed.items
        #expect(items.allSatisfy { $0.leadUnits.count == 1 && !$0.leaders.isEmpty && !$0.targets.isEmpty })
        #expect(Set(items.flatMap(\.targets).map(\.op)) == Set(TargetOp.allCases))
        #expect(Set(items.map(\.section)).count == 5)
        #expect(plan.districts.count == 100)
        #expect(plan.text.split(separator: "\n").count == 1 + 5 + 100 + 1)
        #expect(plan.text.contains("一、"))
    }

    /// The text form reads back through the parser as the same plan (same items, units, leaders,
    /// target counts), so `minsheng demo --synthetic` can also benchmark the import path.
    @Test func textParsesBackToThePlan() {
        let plan = SyntheticPlan(commitments: 120, year: 2026, seed: 11)
        let parsed = PlanParser().parse(text: plan.text, source: "synthetic.txt")
        #expect(parsed.title == plan.parsed.title)
        #expect(parsed.items.map(\.number) == plan.parsed.items.map(\.number))
        #expect(parsed.items.map(\.leadUnits) == plan.parsed.items.map(\.leadUnits))
        #expect(parsed.items.map(\.leaders) == plan.parsed.items.map(\.leaders))
        #expect(parsed.items.map(\.targets.count) == plan.parsed.items.map(\.targets.count))
    }

    @Test(arguments: [
        (1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (21, "二十一"),
        (100, "一百"), (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"), (0, "零"),
    ])
    func chineseNumbers(n: Int, text: String) {
        #expect(ChineseNumber.text(n) == text)
    }
}

/// A fixed UUID from a small number, so these tests read `demoUUID(1)`.
private func demoUUID(_ n: Int) -> UUID {
    UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
}

private extension Target {
    static func demoFixture(id: UUID, op: TargetOp, value: Double, unit: String) -> Target {
        Target(id: id, metric: "新建城市公厕", op: op, value: value, unit: unit, baseline: nil)
    }
}

private extension Commitment {
    static func demoFixture(id: UUID, number: String, title: String, leadUnits: [UnitRef], supportUnits: [UnitRef],
                            targets: [Target]) -> Commitment {
        Commitment(id: CommitmentID(id), planID: PlanID(demoUUID(900)), number: number, title: title, section: "城乡面貌", leaders: ["王明"],
                   leadUnits: leadUnits, supportUnits: supportUnits, districts: [], targets: targets,
                   deadline: nil, scheduleNodes: nil, isSignedOff: false)
    }
}
