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
        .library(name: "AgentSessionsTesting", targets: ["AgentSessionsTesting"]),
        .executable(name: "agent-sessions", targets: ["AgentSessionsCLI"]),
        .executable(name: "agent-sessions-bench", targets: ["AgentSessionsBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(name: "AgentSessions"),
        .target(
            name: "AgentSessionsSQLite",
            dependencies: [
                "AgentSessions",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "AgentSessionsTesting",
            dependencies: ["AgentSessions"]
        ),
        .executableTarget(
            name: "AgentSessionsCLI",
            dependencies: [
                "AgentSessions",
                "AgentSessionsSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "AgentSessionsBenchmark",
            dependencies: [
                "AgentSessions",
                "AgentSessionsSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AgentSessionsTests",
            dependencies: ["AgentSessions", "AgentSessionsTesting"]
        ),
        .testTarget(
            name: "AgentSessionsSQLiteTests",
            dependencies: [
                "AgentSessionsSQLite",
                "AgentSessionsTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AgentSessionsCLITests",
            dependencies: ["AgentSessionsCLI", "AgentSessionsSQLite", "AgentSessionsTesting"]
        ),
    ]
)

for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
