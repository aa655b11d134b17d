import FluentKit
import Foundation
import MinshengCore
import NIOConcurrencyHelpers

/// The working-day calendar, read from the database at most once a minute (a year added by the
/// command on any instance is seen within that minute; years change once a year).
package final class WorkCalendarStore: Sendable {
    private let state = NIOLockedValueBox<(calendar: WorkCalendar, loaded: Date)?>(nil)
    package let maxAge: TimeInterval

    package init(maxAge: TimeInterval = 60) { self.maxAge = maxAge }

    package func calendar(on db: any Database, now: Date) async throws -> WorkCalendar {
        if let kept = state.withLockedValue({ $0 }), now.timeIntervalSince(kept.loaded) < maxAge, kept.loaded <= now {
            return kept.calendar
        }
        let calendar = try await Self.load(on: db)
        state.withLockedValue { $0 = (calendar, now) }
        return calendar
    }

    package func forget() { state.withLockedValue { $0 = nil } }

    /// The bundled years with those added to the database over them.
    package static func load(on db: any Database) async throws -> WorkCalendar {
        var calendar = WorkCalendar.bundled
        for row in try await CalendarYearRecord.query(on: db).all() {
            if let days = try? WorkCalendar.parseYear(row.year, text: row.text) { calendar.set(year: row.year, days) }
        }
        return calendar
    }
}
