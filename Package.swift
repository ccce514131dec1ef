// swift-tools-version:6.1
import PackageDescription

/// Settings applied to every target (see STYLE.md §1).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "AgentSessions",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AgentSessions", targets: ["AgentSessions"]),
        .library(name: "AgentSessionsSQLite", targets: ["AgentSessionsSQLite"]),
        .library(name: "AgentSessionsFiles", targets: ["AgentSessionsFiles"]),
        .library(name: "AgentSessionsExport", targets: ["AgentSessionsExport"]),
        .library(name: "AgentSessionsIdempotency", targets: ["AgentSessionsIdempotency"]),
        .library(name: "AgentSessionsPostgres", targets: ["AgentSessionsPostgres"]),
        .library(name: "AgentSessionsTesting", targets: ["AgentSessionsTesting"]),
        .library(name: "AgentSessionsServer", targets: ["AgentSessionsServer"]),
        .library(name: "AgentSessionsAgents", targets: ["AgentSessionsAgents"]),
        .library(name: "AgentSessionsEncryption", targets: ["AgentSessionsEncryption"]),
        .library(name: "AgentSessionsClient", targets: ["AgentSessionsClient"]),
        .executable(name: "agent-sessions", targets: ["AgentSessionsCLI"]),
        .executable(name: "agent-sessions-bench", targets: ["AgentSessionsBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["JSON", "YAML"]),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The OTLP/HTTP exporter of traces only: without the gRPC one and its packages.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // `swift package generate-documentation` (DocC); nothing of it is linked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "AgentSessions",
            dependencies: [
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
            ]
        ),
        .target(
            name: "AgentSessionsAgents",
            dependencies: [
                "AgentSessions",
                "AgentSessionsServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "AgentSessionsServer",
            dependencies: [
                "AgentSessions",
                "AgentSessionsIdempotency",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [.embedInCode("Resources/openapi.yaml"), .embedInCode("Resources/Inspector")]
        ),
        .target(
            name: "AgentSessionsSQLite",
            dependencies: [
                "AgentSessions",
                "AgentSessionsIdempotency",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "AgentSessionsEncryption",
            dependencies: [
                "AgentSessions",
                "AgentSessionsIdempotency",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "AgentSessionsPostgres",
            dependencies: [
                "AgentSessions",
                "AgentSessionsIdempotency",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "AgentSessionsFiles",
            dependencies: [
                "AgentSessions",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "AgentSessionsIdempotency",
            dependencies: [
                "AgentSessions",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "AgentSessionsExport",
            dependencies: ["AgentSessions"]
        ),
        .target(
            name: "AgentSessionsClient",
            dependencies: [
                "AgentSessions",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "AgentSessionsTesting",
            dependencies: ["AgentSessions", "AgentSessionsIdempotency"]
        ),
        .executableTarget(
            name: "AgentSessionsCLI",
            dependencies: [
                "AgentSessions",
                "AgentSessionsAgents",
                "AgentSessionsClient",
                "AgentSessionsEncryption",
                "AgentSessionsExport",
                "AgentSessionsIdempotency",
                "AgentSessionsFiles",
                "AgentSessionsPostgres",
                "AgentSessionsServer",
                "AgentSessionsSQLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["BuildInfoPlugin"]
        ),
        .executableTarget(
            name: "AgentSessionsBenchmark",
            dependencies: [
                "AgentSessions",
                "AgentSessionsClient",
                "AgentSessionsExport",
                "AgentSessionsFiles",
                "AgentSessionsIdempotency",
                "AgentSessionsPostgres",
                "AgentSessionsServer",
                "AgentSessionsSQLite",
                "ChildProcessSupport",
                "HTTPTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .plugin(
            name: "BuildInfoPlugin",
            capability: .buildTool()
        ),
        .target(
            name: "HTTPTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "TestEnvironments",
            dependencies: ["ChildProcessSupport"],
            path: "Tests/TestEnvironments"
        ),
        .target(
            name: "ChildProcessSupport",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "ChildProcessSupportTests",
            dependencies: ["ChildProcessSupport"]
        ),
        .testTarget(
            name: "AgentSessionsTests",
            dependencies: ["AgentSessions", "AgentSessionsTesting"]
        ),
        .testTarget(
            name: "AgentSessionsIdempotencyTests",
            dependencies: [
                "AgentSessionsIdempotency",
                "AgentSessionsTesting",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AgentSessionsClientTests",
            dependencies: [
                "AgentSessionsAgents",
                "AgentSessionsClient",
                "AgentSessionsIdempotency",
                "AgentSessionsServer",
                "AgentSessionsSQLite",
                "AgentSessionsTesting",
                "HTTPTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AgentSessionsExportTests",
            dependencies: ["AgentSessionsExport", "AgentSessionsTesting"]
        ),
        .testTarget(
            name: "AgentSessionsSQLiteTests",
            dependencies: [
                "AgentSessionsIdempotency",
                "AgentSessionsSQLite",
                "AgentSessionsTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AgentSessionsPostgresTests",
            dependencies: [
                "AgentSessionsIdempotency",
                "AgentSessionsPostgres",
                "AgentSessionsTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                "TestEnvironments",
            ]
        ),
        .testTarget(
            name: "AgentSessionsFilesTests",
            dependencies: [
                "AgentSessionsFiles",
                "AgentSessionsTesting",
                "ChildProcessSupport",
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Logging", package: "swift-log"),
                "TestEnvironments",
            ]
        ),
        .testTarget(
            name: "AgentSessionsEncryptionTests",
            dependencies: [
                "AgentSessionsEncryption",
                "AgentSessionsExport",
                "AgentSessionsFiles",
                "AgentSessionsIdempotency",
                "AgentSessionsSQLite",
                "AgentSessionsTesting",
            ]
        ),
        .testTarget(
            name: "AgentSessionsCLITests",
            dependencies: [
                "AgentSessionsAgents",
                "AgentSessionsCLI",
                "AgentSessionsClient",
                "AgentSessionsEncryption",
                "AgentSessionsExport",
                "AgentSessionsPostgres",
                "AgentSessionsSQLite",
                "AgentSessionsTesting",
                "ChildProcessSupport",
                "HTTPTestSupport",
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "TestEnvironments",
            ]
        ),
        .testTarget(
            name: "AgentSessionsAgentsTests",
            dependencies: [
                "AgentSessionsAgents",
                "AgentSessionsSQLite",
                "AgentSessionsTesting",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "AgentSessionsServerTests",
            dependencies: [
                "AgentSessionsAgents",
                "AgentSessionsFiles",
                "AgentSessionsIdempotency",
                "AgentSessionsServer",
                "AgentSessionsSQLite",
                "AgentSessionsTesting",
                "HTTPTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .plugin {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
