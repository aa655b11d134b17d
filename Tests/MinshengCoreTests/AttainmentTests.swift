import Foundation
import PolicyParser
import Testing
@testable import MinshengCore

@Suite struct AttainmentTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var op: TargetOp
        var value: Double
        var unit: String
        var baseline: Double?
        var actual: Double
        var met: Bool?
        var percent: Double?
        var testDescription: String { "\(op.rawValue)\(value)\(unit) base \(baseline.map { "\($0)" } ?? "-") actual \(actual)" }
    }

    static let cases: [Case] = [
        // >=: progress from 0 (or a baseline below the value)
        Case(op: .atLeast, value: 5.8, unit: "万人", actual: 2.9, met: false, percent: 50),
        Case(op: .atLeast, value: 5.8, unit: "万人", actual: 5.8, met: true, percent: 100),
        Case(op: .atLeast, value: 5.8, unit: "万人", actual: 7, met: true, percent: 100),
        Case(op: .atLeast, value: 83, unit: "%", baseline: 78, actual: 80.5, met: false, percent: 50),
        Case(op: .atLeast, value: 83, unit: "%", baseline: 78, actual: 70, met: false, percent: 0),
        Case(op: .atLeast, value: 83, unit: "%", baseline: 90, actual: 41.5, met: false, percent: 50), // baseline above value ignored
        // <=: a limit; met is 100, else progress down from a baseline above it
        Case(op: .atMost, value: 3.5, unit: "%", actual: 3.2, met: true, percent: 100),
        Case(op: .atMost, value: 3.5, unit: "%", actual: 3.5, met: true, percent: 100),
        Case(op: .atMost, value: 3.5, unit: "%", actual: 4, met: false, percent: nil),
        Case(op: .atMost, value: 20, unit: "天", baseline: 30, actual: 25, met: false, percent: 50),
        Case(op: .atMost, value: 20, unit: "天", baseline: 30, actual: 35, met: false, percent: 0),
        // =: reach, within 0.5% below
        Case(op: .equal, value: 100, unit: "%", actual: 99.6, met: true, percent: 100),
        Case(op: .equal, value: 100, unit: "%", actual: 99.5, met: true, percent: 100),
        Case(op: .equal, value: 100, unit: "%", actual: 99.4, met: false, percent: 99.4),
        Case(op: .equal, value: 60, unit: "座", actual: 30, met: false, percent: 50),
        Case(op: .equal, value: 60, unit: "座", actual: 75, met: true, percent: 100),
        Case(op: .equal, value: 0, unit: "起", actual: 0, met: true, percent: 100),
        Case(op: .equal, value: 0, unit: "起", actual: 1, met: false, percent: nil),
        // ~: reach, within 5% below
        Case(op: .about, value: 2000, unit: "亩", actual: 1900, met: true, percent: 100),
        Case(op: .about, value: 2000, unit: "亩", actual: 1899, met: false, percent: 94.95),
        Case(op: .about, value: 2000, unit: "亩", actual: 2300, met: true, percent: 100),
        // +: rise from the baseline; 个百分点 absolute, % relative
        Case(op: .increaseBy, value: 5, unit: "个百分点", baseline: 78, actual: 81, met: false, percent: 60),
        Case(op: .increaseBy, value: 5, unit: "个百分点", baseline: 78, actual: 83, met: true, percent: 100),
        Case(op: .increaseBy, value: 5, unit: "个百分点", baseline: 78, actual: 76, met: false, percent: 0),
        Case(op: .increaseBy, value: 8, unit: "%", baseline: 50000, actual: 52000, met: false, percent: 50),
        Case(op: .increaseBy, value: 8, unit: "%", baseline: 50000, actual: 54000, met: true, percent: 100),
        Case(op: .increaseBy, value: 20, unit: "人", baseline: 100, actual: 110, met: false, percent: 50),
        Case(op: .increaseBy, value: 5, unit: "个百分点", baseline: nil, actual: 81, met: nil, percent: nil),
        // -: fall from the baseline
        Case(op: .decreaseBy, value: 10, unit: "%", baseline: 50, actual: 45, met: true, percent: 100),
        Case(op: .decreaseBy, value: 10, unit: "%", baseline: 50, actual: 47.5, met: false, percent: 50),
        Case(op: .decreaseBy, value: 2, unit: "个百分点", baseline: 10, actual: 9, met: false, percent: 50),
        Case(op: .decreaseBy, value: 2, unit: "个百分点", baseline: 10, actual: 12, met: false, percent: 0),
        Case(op: .decreaseBy, value: 2, unit: "个百分点", baseline: nil, actual: 9, met: nil, percent: nil),
        // not a number
        Case(op: .atLeast, value: 10, unit: "个", actual: .nan, met: nil, percent: nil),
        Case(op: .equal, value: 10, unit: "个", actual: .infinity, met: nil, percent: nil),
    ]

    @Test(arguments: cases)
    func attainment(c: Case) {
        let target = Target.fixture(op: c.op, value: c.value, unit: c.unit, baseline: c.baseline)
        let result = Attainment(target: target, actual: c.actual)
        #expect(result.isMet == c.met)
        #expect(close(result.percent, c.percent, within: 1e-6), "percent \(String(describing: result.percent))")
    }

    @Test func everyOpHasACase() {
        #expect(Set(Self.cases.map(\.op)) == Set(TargetOp.allCases))
    }

}
