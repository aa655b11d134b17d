import Foundation
import Logging
import NIOConcurrencyHelpers

/// Counts the SQL statements the app sends, like Django's `assertNumQueries`: SQLKit logs every
/// statement it executes ("Executing query", at the driver's `sqlLogLevel`, debug by default) on
/// the logger of the database handle, and this log handler, installed once for the test process,
/// counts them. App tests run one at a time (``DatabaseGate``), so one process-wide count is the
/// count of the test that is running. Other messages at warning and above go to standard error.
enum QueryCounter {
    private static let count = NIOLockedValueBox(0)
    private static let statements = NIOLockedValueBox<[String]>([])

    /// Installs the log handler (once per process; later calls do nothing).
    static let install: Void = {
        LoggingSystem.bootstrap { label in CountingHandler(label: label) }
    }()

    /// Runs `body` and returns what it returned with the statements it sent.
    static func measure<T>(_ body: () async throws -> T) async rethrows -> (T, [String]) {
        _ = install
        statements.withLockedValue { $0 = [] }
        let value = try await body()
        return (value, statements.withLockedValue { $0 })
    }

    struct CountingHandler: LogHandler {
        var label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        private var stderr: StreamLogHandler

        init(label: String) {
            self.label = label
            stderr = StreamLogHandler.standardError(label: label)
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if event.message.description == "Executing query", let sql = event.metadata?["sql"] {
                QueryCounter.statements.withLockedValue { $0.append("\(sql)") }
            } else if event.level >= .warning {
                stderr.log(event: event)
            }
        }
    }
}
