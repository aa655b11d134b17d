import Foundation
import MinshengCore
import NIOConcurrencyHelpers
import MinshengStore
import Vapor

/// The one place the App reads the time. Tests set it to a fixed instant (`app.clock = .fixed(…)`);
/// Core gets `today` as a `CivilDate` in the city's time zone, never the clock itself.
struct AppClock: Sendable {
    /// The city's time zone: reports are due at the end of a month in Beijing time.
    static let cityTimeZone = WriteContext.cityTimeZone

    let now: @Sendable () -> Date

    static let system = AppClock(now: { Date() })

    /// A clock that starts at `date` and moves a millisecond per reading, so events keep their
    /// order (audit entries sort by time) while the day stays fixed.
    static func fixed(_ date: Date) -> AppClock {
        let ticks = NIOLockedValueBox(0)
        return AppClock(now: {
            let n = ticks.withLockedValue { value -> Int in value += 1; return value }
            return date.addingTimeInterval(Double(n) / 1000)
        })
    }

    /// Noon in the city on a given day (ticking as ``fixed(_:)-(Date)``).
    static func fixed(_ day: CivilDate) -> AppClock {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = cityTimeZone
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!
        return .fixed(date)
    }

    var today: CivilDate { CivilDate(now(), in: Self.cityTimeZone) }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    /// The clock every handler and command uses. `configure` sets the system clock outside tests;
    /// a test that forgets to fix the time fails here instead of reading the real date.
    var clock: AppClock {
        get {
            guard let clock = storage[ClockKey.self] else {
                fatalError("app.clock is not set: tests set `app.clock = .fixed(…)` before `configure`")
            }
            return clock
        }
        set { storage[ClockKey.self] = newValue }
    }

    /// Whether a clock has been set (``configure(_:config:)`` sets the system clock only where none is).
    var hasClock: Bool { storage[ClockKey.self] != nil }

    /// The configuration read once in `configure`; reading it before then is a programming error.
    public var minshengConfig: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("minshengConfig is read before configure") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Application {
    /// Whether cookies carry `Secure` (``AppConfig/secureCookies``; unset: in production only).
    /// Every cookie is `HttpOnly` and `SameSite=Lax` everywhere: sent on a link from another site,
    /// never with another site's form post or script request.
    var secureCookies: Bool { minshengConfig.secureCookies ?? (environment == .production) }
}

extension Request {
    var clock: AppClock { application.clock }
    var today: CivilDate { application.clock.today }
}
