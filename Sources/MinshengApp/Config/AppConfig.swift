import Foundation
import Vapor

/// Everything Minsheng reads from its surroundings, read once in `configure` (STYLE rule 8).
///
/// `--data DIR`, `--hostname H` and `--port P` may be given to every command; ``AppConfig/extractGlobalOptions(_:)``
/// takes them out of the command line before Vapor parses it, so commands that do not declare
/// them (import, user, token, demo, migrate) still accept them.
public struct AppConfig: Sendable {
    /// Where the database connects to.
    public enum Storage: Sendable, Equatable {
        /// A SQLite file (`minsheng.sqlite`) inside the data directory.
        case sqliteFile(String)
        /// A throwaway SQLite database (tests).
        case sqliteMemory
        /// `postgres://user:pass@host:port/db?tlsmode=disable`.
        case postgres(String)
    }

    /// Directory holding the SQLite file and uploads; created when missing. Default `./data`.
    public var dataDirectory: String
    public var storage: Storage
    public var hostname: String
    public var port: Int
    /// Root under which `Resources/` and `Public/` are looked for.
    public var workingDirectory: String
    /// Load the demo plans, users and history into an empty database when `serve` starts.
    public var loadDemoOnFirstStart: Bool
    /// Run pending migrations when the app is configured (serve, commands, tests).
    public var autoMigrate: Bool
    /// Day of the following month by which a month's report is due (0 = the month's last day).
    public var reportGraceDays: Int
    /// Run the citizens' requests' overdue ladder every 10 minutes (the server does; commands and
    /// tests do not).
    public var runsLadder: Bool = false
    /// Migrate without logging each step: commands whose standard output is data (`calendar`).
    public var quietMigrations: Bool = false
    /// The Open311 `jurisdiction_id` this installation answers to (`MINSHENG_JURISDICTION`).
    public var jurisdictionID: String = "minsheng"
    /// Where the key that signs the audit chain's day heads comes from (``AuditKey``).
    public var auditKey: AuditKeySource = .generatedInDataDirectory
    /// Where the keys that encrypt personal data at rest come from (``DataKeyring``).
    public var dataKeys: DataKeySource = .generatedInDataDirectory
    /// The personal data keys' source: `MINSHENG_DATA_KEY` (the current key, base64 of 32 bytes)
    /// with `MINSHENG_DATA_KEYS_PREVIOUS` (older keys, comma-separated, during a rotation),
    /// `MINSHENG_DATA_KEY_FILE` (a file outside the repository and the data directory: one key a
    /// line, the current first), or neither: `data.keys` generated once in the data directory
    /// (development and the demo, with a warning in the log).
    public enum DataKeySource: Sendable, Equatable {
        case text(current: String, previous: [String])
        case file(String)
        case generatedInDataDirectory
    }

    /// Proxies whose `X-Forwarded-For` names the client (besides loopback, always trusted), from
    /// `MINSHENG_TRUSTED_PROXIES` (comma-separated addresses); see ``ClientAddress``.
    public var trustedProxies: [String] = []
    /// A signed-in web session ends after this long without a request (``SessionLimits``)…
    public var sessionIdleLimit: TimeInterval = 30 * 60
    /// …and this long after sign-in however active (also the cookie's lifetime).
    public var sessionAbsoluteLimit: TimeInterval = 12 * 3600
    /// Whether this command can write (and so needs the audit key): `parse`, `bench` and `restore`
    /// write no audit entry and must not leave a generated key behind (`restore` brings its own).
    public var writesAudit: Bool = true
    /// Admins and coordinators must enrol a TOTP second factor before using the site (``AccountGate``):
    /// on unless `MINSHENG_TOTP_REQUIRED=0`; off in ``testing()`` (suites that test it turn it on).
    /// Demo accounts are exempt either way.
    public var totpRequired: Bool = false
    /// Cookies (the session, the portal's language) marked `Secure`, so a browser sends them over
    /// HTTPS only: `MINSHENG_SECURE_COOKIES=1` or `0`; unset, they are secure when Vapor runs in
    /// the production environment (`minsheng serve --env production`). See ``Application/secureCookies``.
    public var secureCookies: Bool? = nil
    /// Days audit entries are kept at least (``AuditRetention``): `MINSHENG_AUDIT_RETENTION_DAYS`,
    /// 180 or more; a lower or unreadable value stops `configure` with a clear message.
    public var auditRetentionDays: Int = AuditRetention.minimumDays
    /// The bearer token that reads `/metrics` from anywhere (`MINSHENG_METRICS_TOKEN`); without
    /// one, only a scraper on this machine reads it (``MetricsEndpoint``).
    public var metricsToken: String? = nil
    /// The setting as given, when it was refused (reported by `configure`).
    public var auditRetentionRefusal: String? = nil

    /// The audit key's source: `MINSHENG_AUDIT_KEY` (the key's text), `MINSHENG_AUDIT_KEY_FILE` (a
    /// file holding it), or neither: a random key generated once into `audit.key` in the data
    /// directory (development and the demo; instances sharing PostgreSQL must share a key).
    public enum AuditKeySource: Sendable, Equatable {
        case text(String)
        case file(String)
        case generatedInDataDirectory
    }

    public init(dataDirectory: String = "data", storage: Storage? = nil, hostname: String = "127.0.0.1",
                port: Int = 8080, workingDirectory: String = FileManager.default.currentDirectoryPath,
                loadDemoOnFirstStart: Bool = false, autoMigrate: Bool = true, reportGraceDays: Int = 0) {
        self.dataDirectory = dataDirectory
        self.storage = storage ?? .sqliteFile((dataDirectory as NSString).appendingPathComponent("minsheng.sqlite"))
        self.hostname = hostname
        self.port = port
        self.workingDirectory = workingDirectory
        self.loadDemoOnFirstStart = loadDemoOnFirstStart
        self.autoMigrate = autoMigrate
        self.reportGraceDays = reportGraceDays
    }

    /// Options given on the command line that apply to every command.
    public struct GlobalOptions: Sendable, Equatable {
        public var dataDirectory: String?
        public var hostname: String?
        public var port: Int?
    }

    /// Removes `--data`, `--hostname` and `--port` (with `--x=v` or `--x v`) from `arguments`.
    ///
    /// `serve` keeps its own `--hostname/--port` handling working because the values end up in
    /// the server configuration instead.
    public static func extractGlobalOptions(_ arguments: [String]) throws -> (GlobalOptions, [String]) {
        var options = GlobalOptions()
        var rest: [String] = []
        var index = 0
        func value(_ name: String, _ arg: String) throws -> String? {
            if arg == "--\(name)" {
                guard index + 1 < arguments.count else { throw AppConfigError.missingValue(name) }
                index += 1
                return arguments[index]
            }
            if arg.hasPrefix("--\(name)=") { return String(arg.dropFirst(name.count + 3)) }
            return nil
        }
        while index < arguments.count {
            let arg = arguments[index]
            if index > 0, let v = try value("data", arg) {
                options.dataDirectory = v
            } else if index > 0, let v = try value("hostname", arg) {
                options.hostname = v
            } else if index > 0, let v = try value("port", arg) {
                guard let p = Int(v), (0...65535).contains(p) else { throw AppConfigError.badPort(v) }
                options.port = p
            } else {
                rest.append(arg)
            }
            index += 1
        }
        return (options, rest)
    }

    /// The command a command line names (`serve` when none): the first argument that is neither
    /// an option nor the value of `--env`/`-e`.
    public static func commandName(_ arguments: [String]) -> String? {
        var index = 1
        while index < arguments.count {
            let arg = arguments[index]
            if arg == "--env" || arg == "-e" { index += 2; continue }
            if !arg.hasPrefix("-") { return arg }
            index += 1
        }
        // `minsheng --help` lists commands; it must not start (and fill) a server.
        if arguments.contains("--help") || arguments.contains("-h") { return "help" }
        return nil
    }

    /// Commands that must not migrate on start: `migrate` does it itself; `parse` and `bench` never
    /// touch the database, and their stdout is data (JSON, figures), not a migration log; `restore`
    /// must find the data directory as it was (empty, or it refuses) and replaces the database file.
    static let commandsWithoutDatabase: Set<String> = ["migrate", "parse", "bench", "restore"]

    /// Reads the process environment (`DATABASE_URL`, `MINSHENG_DATA`, `MINSHENG_WORKDIR`,
    /// `MINSHENG_AUDIT_KEY`, `MINSHENG_AUDIT_KEY_FILE`, `MINSHENG_DATA_KEY`, `MINSHENG_DATA_KEYS_PREVIOUS`,
    /// `MINSHENG_DATA_KEY_FILE`, `MINSHENG_TRUSTED_PROXIES`) and the
    /// command line's global options. The only place that calls `Environment.get`.
    public static func load(options: GlobalOptions, command: String?) -> AppConfig {
        let data = options.dataDirectory ?? Environment.get("MINSHENG_DATA") ?? "data"
        var storage: Storage? = nil
        if let url = Environment.get("DATABASE_URL"), !url.isEmpty { storage = .postgres(url) }
        let workdir = Environment.get("MINSHENG_WORKDIR") ?? AppConfig.guessWorkingDirectory()
        let isServe = command == nil || command == "serve"
        var config = AppConfig(dataDirectory: data, storage: storage,
                               hostname: options.hostname ?? "127.0.0.1", port: options.port ?? 8080,
                               workingDirectory: workdir, loadDemoOnFirstStart: isServe,
                               autoMigrate: !Self.commandsWithoutDatabase.contains(command ?? "serve"))
        config.runsLadder = isServe
        config.quietMigrations = command == "calendar"
        if let id = Environment.get("MINSHENG_JURISDICTION"), !id.isEmpty { config.jurisdictionID = id }
        config.totpRequired = Environment.get("MINSHENG_TOTP_REQUIRED") != "0"
        do {
            config.auditRetentionDays = try AuditRetention.days(from: Environment.get("MINSHENG_AUDIT_RETENTION_DAYS"))
        } catch {
            config.auditRetentionRefusal = String(describing: error)
        }
        if let token = Environment.get("MINSHENG_METRICS_TOKEN"), !token.isEmpty { config.metricsToken = token }
        switch Environment.get("MINSHENG_SECURE_COOKIES") {
        case "1", "true": config.secureCookies = true
        case "0", "false": config.secureCookies = false
        default: config.secureCookies = nil
        }
        config.writesAudit = !["parse", "bench", "restore"].contains(command ?? "serve")
        config.trustedProxies = (Environment.get("MINSHENG_TRUSTED_PROXIES") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let key = Environment.get("MINSHENG_AUDIT_KEY"), !key.isEmpty {
            config.auditKey = .text(key)
        } else if let file = Environment.get("MINSHENG_AUDIT_KEY_FILE"), !file.isEmpty {
            config.auditKey = .file(file)
        }
        if let key = Environment.get("MINSHENG_DATA_KEY"), !key.isEmpty {
            let previous = (Environment.get("MINSHENG_DATA_KEYS_PREVIOUS") ?? "")
                .split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            config.dataKeys = .text(current: key, previous: previous)
        } else if let file = Environment.get("MINSHENG_DATA_KEY_FILE"), !file.isEmpty {
            config.dataKeys = .file(file)
        }
        return config
    }

    /// Settings for tests: a fresh in-memory SQLite, or PostgreSQL when `DATABASE_URL` is set so
    /// the same suite runs on both.
    public static func testing() -> AppConfig {
        let url = Environment.get("DATABASE_URL")
        let storage: Storage = (url?.isEmpty == false) ? .postgres(url!) : .sqliteMemory
        let tmp = (NSTemporaryDirectory() as NSString).appendingPathComponent("minsheng-test-\(UUID().uuidString)")
        var config = AppConfig(dataDirectory: tmp, storage: storage, workingDirectory: guessWorkingDirectory())
        config.auditKey = .text("minsheng-test-audit-key")
        config.dataKeys = .text(current: testDataKey, previous: [])
        return config
    }

    /// The personal data key of the tests (32 bytes, base64): fixed, so that apps of one test share it.
    public static let testDataKey = Data((0..<32).map { UInt8($0 * 7 + 3) }).base64EncodedString()

    /// The package root when run from `.build/…/minsheng` or from the root itself: the first
    /// directory upwards (from the working directory, then the executable) that has `Resources/`.
    static func guessWorkingDirectory() -> String {
        let fm = FileManager.default
        var candidates = [fm.currentDirectoryPath]
        if let exe = CommandLine.arguments.first {
            candidates.append((URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent().path))
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path)
        for start in candidates {
            var url = URL(fileURLWithPath: start)
            for _ in 0..<6 {
                if fm.fileExists(atPath: url.appendingPathComponent("Resources").path) { return url.path }
                url.deleteLastPathComponent()
            }
        }
        return fm.currentDirectoryPath
    }
}

/// A command line that cannot be read.
public enum AppConfigError: Error, CustomStringConvertible {
    case missingValue(String)
    case badPort(String)
    public var description: String {
        switch self {
        case .missingValue(let name): return "--\(name) 缺少取值 (missing value)"
        case .badPort(let v): return "--port 取值无效 (bad port): \(v)"
        }
    }
}

/// How long audit entries are kept at least (等保2.0: six months): `MINSHENG_AUDIT_RETENTION_DAYS`,
/// 180 or more. Minsheng never deletes an entry: the setting is the period an operator promises to
/// keep, shown by `audit verify` against the oldest entry, and the default range of `audit export`.
/// Pruning older entries is left out on purpose: deleting the start of the chain would need a new
/// signed anchor, and the regulation asks for a minimum, not a maximum.
enum AuditRetention {
    static let minimumDays = 180

    /// The setting's days, or a clear refusal (Chinese, then English).
    static func days(from text: String?) throws -> Int {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return minimumDays }
        guard let days = Int(text) else {
            throw AuditRetentionError("MINSHENG_AUDIT_RETENTION_DAYS=\(text) 不是天数 (not a number of days); 至少 \(minimumDays) 天")
        }
        guard days >= minimumDays else {
            throw AuditRetentionError("审计记录保存期限不得少于 \(minimumDays) 天（等保2.0 要求至少六个月），当前设置为 \(days) 天 "
                                 + "(MINSHENG_AUDIT_RETENTION_DAYS=\(days) refused: audit entries must be kept at least \(minimumDays) days)")
        }
        return days
    }
}

/// A retention setting refused (the message says why and what is allowed).
public struct AuditRetentionError: Error, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}
