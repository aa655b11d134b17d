import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Leaf
import MinshengCore
import Vapor
import MinshengStore

/// Configures the application from `config` (read once, STYLE rule 8): database, migrations,
/// middleware, routes and commands. When `config.loadDemoOnFirstStart` is set (the `serve`
/// command), an empty database is filled with the labelled demo data before the server listens.
public func configure(_ app: Application, config: AppConfig) async throws {
    // A retention shorter than the regulation's six months is refused before anything starts.
    if let refusal = config.auditRetentionRefusal { throw AuditRetentionError(refusal) }
    _ = try AuditRetention.days(from: String(config.auditRetentionDays))
    app.minshengConfig = config
    // Tests fix the time before configuring; everywhere else the system clock is the time.
    if !app.hasClock {
        precondition(app.environment != .testing, "tests set app.clock = .fixed(…) before configure")
        app.clock = .system
    }
    app.directory = DirectoryConfiguration(workingDirectory: config.workingDirectory)
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "20mb"
    // One process owns a SQLite file, so a confirmed view may be trusted for a second; instances
    // sharing PostgreSQL confirm the plan's revision on every read (see PlanReadCache).
    if case .postgres = config.storage {
        app.planReadCache = PlanReadCache(recheckInterval: 0)
    } else {
        app.planReadCache = PlanReadCache()
    }
    app.commitmentPages = CommitmentPageCache()
    app.keptLayouts = KeptLayouts()
    app.dashboardCards = DashboardCards()
    app.requestInboxCache = RequestInboxCache()
    app.requestRankingCache = RequestRankingCache()
    // Public pages may lag another instance's writes by two seconds: nobody's decision rests
    // on a public page being current to the second, and the portal is what the public loads most.
    app.publicCache = PublicCache(recheckInterval: 2)
    app.planCaches = [app.planReadCache, app.commitmentPages, app.dashboardCards, app.publicCache]

    switch config.storage {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
        app.serialWrites = AsyncMutex()
    case .sqliteFile(let path):
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        app.serialWrites = AsyncMutex()
    case .postgres(let url):
        try app.databases.use(.postgres(url: url), as: .psql)
    }
    // Where writes take turns, concurrent intakes take theirs together (group commit).
    if app.serialWrites != nil {
        let batcher = IntakeBatcher()
        app.intakeBatcher = batcher
        app.planCaches.append(batcher)
    }

    // The audit chain's signing key: configured, or generated once into the data directory.
    app.auditKey = config.writesAudit
        ? try AuditKey.resolve(config.auditKey, dataDirectory: config.dataDirectory)
        : AuditKey(key: SymmetricKey(size: .bits256), origin: "none (this command writes nothing)")

    // The personal data keys: configured, or generated once into the data directory (with a warning).
    app.dataKeys = try DataKeyring.resolve(config.dataKeys, dataDirectory: config.dataDirectory, create: config.writesAudit)
    // Said by the server only: commands whose standard output is data (calendar, keys generate) stay clean.
    if case .generatedInDataDirectory = config.dataKeys, config.runsLadder {
        app.logger.warning("个人数据密钥保存在数据目录中（\(app.dataKeys.origin)），与数据同处一地：仅供开发和演示。生产环境请设置 MINSHENG_DATA_KEY 或 MINSHENG_DATA_KEY_FILE（数据目录和备份之外），并另行保管密钥 (personal data key kept beside the data; configure MINSHENG_DATA_KEY or MINSHENG_DATA_KEY_FILE in production)")
    }

    registerMigrations(app)

    app.middleware = Middlewares()
    // First: every request is counted, refusals and errors too, and answers with its request id.
    app.middleware.use(RequestMetricsMiddleware(metrics: app.metrics), at: .beginning)
    app.middleware.use(RouteLoggingMiddleware(logLevel: .debug))
    app.middleware.use(ErrorMiddleware.default(environment: app.environment))
    app.middleware.use(APIErrorMiddleware())
    app.middleware.use(UnroutedErrorMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))

    app.views.use(.leaf)

    app.jurisdictionID = config.jurisdictionID
    app.districtMap = DistrictMapFile.load(dataDirectory: config.dataDirectory, resources: app.directory.resourcesDirectory,
                                           logger: app.logger)
    try routes(app)
    registerCommands(app)
    registerParserCommands(app)

    if config.autoMigrate {
        let level = app.logger.logLevel
        if config.quietMigrations { app.logger.logLevel = .warning }
        try await app.autoMigrate()
        app.logger.logLevel = level
    }
    // Commands that leave the database alone (restore, parse) must not open (and so create) the file.
    if case .sqliteFile = config.storage, config.autoMigrate {
        try await SQLiteTuning.apply(app)
    }
    if config.runsLadder {
        // Personal data under a key this configuration lacks would fail page by page: refuse to start instead.
        let missing = try await PersonalDataSealing.missingKeys(on: app.db, keys: app.dataKeys)
        if !missing.isEmpty { throw PersonalDataSealing.MissingKeys(ids: missing, origin: app.dataKeys.origin) }
        app.lifecycle.use(LadderSchedule())
        // Said loudly rather than refused: the chain is still appended, and `audit verify` names
        // the first head signed with the other key.
        if try await AuditChain.newestHeadVerifies(on: app.db, key: app.auditKey) == false {
            app.logger.critical("审计密钥与最新链头的签名不符 (the audit key (\(app.auditKey.origin)) does not verify the newest day head of the audit chain: every instance on this database must use the same MINSHENG_AUDIT_KEY)")
        }
    }
    if config.loadDemoOnFirstStart {
        try await DemoLoader(app: app).loadIfEmpty()
    }
}

/// Configures from the process's command line and environment (what `Run` calls).
public func configure(_ app: Application) async throws {
    let (options, arguments) = try AppConfig.extractGlobalOptions(CommandLine.arguments)
    let command = AppConfig.commandName(arguments)
    try await configure(app, config: .load(options: options, command: command))
}
