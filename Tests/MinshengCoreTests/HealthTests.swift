import Foundation
import Testing
@testable import MinshengCore

@Suite struct HealthTests {
    static let deadline = CivilDate(2026, 11, 30)
    static let july = CivilDate(2026, 7, 10)

    /// Every boundary of the default bands (10, 30), strictly more than.
    @Test(arguments: [
        (60.0, 70.0, Health.green),    // ahead
        (60, 60, .green),
        (60, 50, .green),              // exactly 10 behind: green
        (60, 49.9, .yellow),           // 10.1 behind
        (60, 30, .yellow),             // exactly 30 behind: yellow
        (60, 29.9, .red),              // 30.1 behind
        (60, 0, .red),
        (60, 100, .done),
        (100, 100, .done),
        (0, 0, .green),
    ])
    func bands(expected: Double, actual: Double, health: Health) {
        #expect(Health(expected: expected, actual: actual, deadline: Self.deadline, today: Self.july) == health)
    }

    @Test(arguments: [
        (60.0, 55.0, Health.green),
        (60, 54.9, .yellow),
        (60, 45, .yellow),
        (60, 44.9, .red),
    ])
    func configuredBands(expected: Double, actual: Double, health: Health) {
        let bands = HealthBands(yellow: 5, red: 15)
        #expect(Health(expected: expected, actual: actual, deadline: Self.deadline, today: Self.july, bands: bands) == health)
    }

    @Test(arguments: [
        (0, Health.green),
        (1, .green),
        (2, .red),
        (5, .red),
    ])
    func missingReports(missing: Int, health: Health) {
        #expect(Health(expected: 60, actual: 58, deadline: Self.deadline, today: Self.july,
                       missingReports: missing) == health)
    }

    @Test(arguments: [
        (CivilDate(2026, 11, 29), Health.green),
        (CivilDate(2026, 11, 30), .green),  // on the deadline: not yet past
        (CivilDate(2026, 12, 1), .red),
    ])
    func deadlines(today: CivilDate, health: Health) {
        #expect(Health(expected: 100, actual: 95, deadline: Self.deadline, today: today) == health)
    }

    @Test func doneOverridesEverything() {
        let late = HealthAssessment(expected: 100, actual: 100, deadline: Self.deadline, today: CivilDate(2027, 1, 1),
                                    missingReports: 4)
        #expect(late.health == .done)
        #expect(late.reasons == [.complete])
        let signed = HealthAssessment(expected: 60, actual: 10, deadline: Self.deadline, today: Self.july, isSignedOff: true)
        #expect(signed.health == .done)
        #expect(signed.reasons == [.signedOff])
    }

    @Test func reasonsListEveryRedCause() {
        let assessment = HealthAssessment(expected: 100, actual: 50, deadline: Self.deadline, today: CivilDate(2026, 12, 5),
                                          missingReports: 2)
        #expect(assessment.health == .red)
        #expect(assessment.reasons == [.farBehindSchedule(points: 50), .pastDeadline(Self.deadline), .reportsMissing(count: 2)])
        #expect(assessment.gap == 50)
        let yellow = HealthAssessment(expected: 60, actual: 45, deadline: Self.deadline, today: Self.july)
        #expect(yellow.reasons == [.behindSchedule(points: 15)])
        let green = HealthAssessment(expected: 60, actual: 65, deadline: Self.deadline, today: Self.july)
        #expect(green.reasons == [.onSchedule])
        #expect(green.gap == -5)
    }

    @Test func severityOrder() {
        #expect(Health.allCases.sorted() == [.done, .green, .yellow, .red])
        #expect(Health.red > .yellow)
    }
}
