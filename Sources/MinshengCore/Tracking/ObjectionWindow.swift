import Foundation

/// 公示期: a month's progress, once published (its report submitted), stays open for objections
/// from the public for a number of days, counted in calendar days from the day after publication
/// (公示期7天: published on the 28th, objections until the 5th of the next month inclusive).
/// Example: `ObjectionWindow(publishedOn: CivilDate(2026, 11, 28)).closesOn == CivilDate(2026, 12, 5)`.
public struct ObjectionWindow: Sendable, Equatable {
    /// The 公示期 plans usually state; a plan or a setting may give another.
    public static let standardDays = 7

    public var publishedOn: CivilDate
    public var days: Int

    public init(publishedOn: CivilDate, days: Int = ObjectionWindow.standardDays) {
        self.publishedOn = publishedOn
        self.days = max(0, days)
    }

    /// The last day an objection is taken.
    public var closesOn: CivilDate { publishedOn.adding(days: days) }

    public func isOpen(on day: CivilDate) -> Bool { day >= publishedOn && day <= closesOn }
}
