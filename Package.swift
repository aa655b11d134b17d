// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "minsheng",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "minsheng", targets: ["Run"]),
        // The pure parser on its own, for packages beside this one (Fuzz/, the coverage-guided fuzzers).
        .library(name: "PolicyParser", targets: ["PolicyParser"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // HMAC for TOTP (Core's `Totp`); already in the graph through Vapor, declared where used.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // `/metrics` in Prometheus' text format, through swift-metrics.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // The store's own: records and migrations need FluentKit and SQLKit, not Vapor.
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        .target(
            name: "PolicyParser",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MinshengCore",
            dependencies: ["PolicyParser", .product(name: "Crypto", package: "swift-crypto")],
            // The working-day calendar's years, one file each (WorkCalendar.bundled),
            // and the well-known weak passwords the password policy refuses (PasswordPolicy.standard).
            resources: [.copy("Requests/Holidays"), .copy("Security/CommonPasswords.txt")],
            swiftSettings: swiftSettings
        ),
        // Every Fluent record and migration, below the features: FluentKit and SQLKit, no Vapor,
        // so nothing about requests, pages or routing can reach down into storage.
        .target(
            name: "MinshengStore",
            dependencies: [
                "MinshengCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MinshengApp",
            dependencies: [
                "MinshengCore",
                "MinshengStore",
                "PolicyParser",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            // The OpenAPI document, served at /api/v1/openapi.json and checked by tools as a file.
            resources: [.copy("Features/OpenAPI/openapi.json")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Run",
            dependencies: ["MinshengApp"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PolicyParserTests",
            dependencies: ["PolicyParser", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MinshengCoreTests",
            dependencies: ["MinshengCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MinshengAppTests",
            dependencies: [
                "MinshengApp",
                "MinshengStore",
                .product(name: "VaporTesting", package: "vapor"),
                // Reads back the workbooks the app exports (Support/XlsxReader.swift).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
