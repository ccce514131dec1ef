import AgentSessions
import AgentSessionsPostgres
import ArgumentParser
import Foundation

/// `agent-sessions-bench`: runs the session workload against each store and the raw-SQLite
/// limit in one run, and prints every figure beside the limit's.
///
/// ```
/// swift build -c release --product agent-sessions-bench
/// .build/release/agent-sessions-bench                      # every step, 3 runs, full size
/// .build/release/agent-sessions-bench --runs 1 --scale 0.1 --steps W1,W2 --json
/// .build/release/agent-sessions-bench --stores sqlite --steps H1,H2      # the HTTP server under wrk
/// .build/release/agent-sessions-bench --stores sqlite,http               # the workload through HTTPSessionStore too
/// .build/release/agent-sessions-bench --stores postgres --postgres-url postgres://… --steps H1x1,H1x3
/// ```
@main
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-sessions-bench",
        abstract: "Run the session workload (W1–W9) against the stores and the raw SQLite limit.",
        discussion: """
            Every step runs in-process through the SessionStore API, each file-backed store in a \
            fresh temporary directory, and checks its own result: a wrong result stops the run with \
            a non-zero exit. Figures are medians over --runs. I1 (import) runs right after W3 in each \
            run: W3's items, exported from an in-memory store, are imported with SessionImporter from \
            the export's lines in memory, and restored with restore(_:to:), each into a fresh store; \
            both figures are compared with the same store's W3 of the same run (target: 80%). The limit program (the same workload on \
            SQLite's C API, WAL, synchronous=NORMAL) is built with make and runs in rounds with the \
            stores: the limit once, then each store once through every W step, --runs rounds; each \
            fraction is the median of the rounds' fractions. Without gcc or libsqlite3-dev it is \
            skipped with a note. The HTTP steps (H1 append-one, \
            H2 read-recent) run only when named in --steps: the server in this process over each \
            store, loaded by wrk (Debian's wrk package) over keep-alive connections. The http store \
            is HTTPSessionStore on that server over SQLite: W1–W9 as HTTP calls, and H1 and H2 driven \
            by HTTPSessionStore from --http-connections tasks instead of wrk; with both sqlite and \
            http, their H steps run in alternating pairs (wrk, client, wrk, …) after the W steps, wrk's \
            appends with an Idempotency-Key each as the client's, and the report adds each step's \
            share (the median of the pairs' ratios). The served steps \
            (H1x1, H1x3; reported as H1×1, H1×3) run only when named, on --stores postgres: H1's appends \
            through one or three spawned `agent-sessions serve` processes on one fresh schema of \
            --postgres-url, --http-connections split among one wrk per server; requests/s is their \
            sum, p50 and p99 the worst of them. Progress goes to standard error, the report to \
            standard output.
            """
    )

    @Option(
        help: "Runs per step (with the limit: rounds of the limit and the stores); each figure is the median (1 to 25)."
    )
    var runs = 3

    @Option(help: "Scale the workload's counts by this factor, as the limit program does (for quick runs).")
    var scale = 1.0

    @Flag(
        help: """
            Print the figures as a JSON list of {step, store, value, unit, limit, fraction, fraction_low, \
            fraction_high, reference} (fraction_low and fraction_high: the lowest and highest of the rounds; \
            reference: the store's own figure that limit holds instead of the limit's, W3 for I1).
            """
    )
    var json = false

    @Option(help: "Stores to run, comma-separated: sqlite, files, files-nosync, memory, http, postgres.")
    var stores = "sqlite,files,memory"

    @Option(
        help: ArgumentHelp(
            "The PostgreSQL server of --stores postgres: postgres://USER@HOST:PORT/DB.",
            discussion: "Each run uses a fresh schema, dropped afterwards.",
            valueName: "url"
        )
    )
    var postgresURL: String?

    @Option(
        name: .customLong("sqlite-page-cache-mib"),
        help: ArgumentHelp(
            "The sqlite store's page cache per connection, in MiB.",
            discussion: "Defaults to SQLite's 2,000 KiB, the store's default.",
            valueName: "mib"
        )
    )
    var sqlitePageCacheMiB: Int?

    @Option(
        help:
            """
            Steps to run, comma-separated: W1…W9 and I1 (import, compared with W3), and only when named W10 (scale) \
            and the HTTP steps H1, H2, H1x1, H1x3.
            """
    )
    var steps = Step.defaults.map(\.rawValue).joined(separator: ",")

    @Option(
        help: ArgumentHelp(
            "H1x1, H1x3: the agent-sessions executable to spawn.",
            discussion: """
                Defaults to agent-sessions next to this benchmark, which \
                `swift build -c release --scratch-path .build-bench --product agent-sessions` puts there.
                """,
            valueName: "path"
        )
    )
    var serveBinary: String?

    @Option(help: "HTTP steps: open connections, each waiting for its answer before the next request.")
    var httpConnections = 32

    @Option(help: "HTTP steps: seconds each run lasts.")
    var httpSeconds = 10

    @Option(help: "The limit program's folder. Defaults to ../shared/bench/limit next to the package root.")
    var limitDir: String?

    @Flag(help: "Do not build or run the limit program.")
    var skipLimit = false

    @Option(help: "Where temporary directories are made. Defaults to the system's temporary folder.")
    var workDir: String?

    func validate() throws {
        guard (1...25).contains(runs) else { throw ValidationError("--runs must be between 1 and 25, not \(runs)") }
        guard scale > 0, scale.isFinite else { throw ValidationError("--scale must be more than 0, not \(scale)") }
        let servedSteps = try selectedSteps().served
        let stores = try selectedStores()
        if !servedSteps.isEmpty {
            guard stores.contains(where: { $0 is PostgresStoreFactory }) else {
                throw ValidationError(
                    "the served steps (H1x1, H1x3) drive spawned servers on PostgreSQL: add postgres to --stores "
                        + "and give --postgres-url"
                )
            }
            let servers = servedSteps.map(\.serverCount).max() ?? 1
            guard httpConnections >= servers else {
                throw ValidationError("--http-connections must be at least \(servers), one for each spawned server")
            }
            _ = try servedBinary()
        }
        if let sqlitePageCacheMiB, !(1...Int(Int32.max) / 1024).contains(sqlitePageCacheMiB) {
            throw ValidationError(
                "--sqlite-page-cache-mib must be from 1 to \(Int(Int32.max) / 1024), not \(sqlitePageCacheMiB)"
            )
        }
        guard httpConnections > 0, httpSeconds > 0 else {
            throw ValidationError("--http-connections and --http-seconds must be more than 0")
        }
    }

    func run() async throws {
        // Spawned servers and wrk run in process groups of their own: stop them on Ctrl-C too.
        let interruption = ChildProcesses.stopOnInterrupt()
        defer { interruption.forEach { $0.cancel() } }
        let (storeSteps, httpSteps, servedSteps) = try selectedSteps()
        let workload = Workload(runs: runs, scale: scale, steps: storeSteps)
        let factories = try selectedStores()
        let scratchRoot = workDir ?? NSTemporaryDirectory().trimmingSuffix("/")
        let machine = MachineInfo.current()

        // The limit and the stores run alternately, one run of every step per round, so that each
        // run of a store is compared with a run of the limit made moments before it.
        var rounds: [LimitResult] = []
        var limitNote: String?
        var measurements: [Measurement] = []
        if skipLimit || storeSteps.subtracting([.w10, .i1]).isEmpty {
            limitNote = skipLimit ? "skipped (--skip-limit)" : "not run (no W step the limit has)"
        } else {
            let directory = limitDir ?? Self.packageRoot() + "/../shared/bench/limit"
            var oneRun = workload
            oneRun.runs = 1
            oneRun.steps.remove(.w10)  // no limit to pair with; run once, after the rounds
            for round in 1...runs {
                Self.progress(
                    "[round \(round)/\(runs)] the limit, \(directory)/session_limit --sync normal, then each store"
                )
                switch await LimitRunner(directory: directory).run(runs: 1, scale: scale, scratchRoot: scratchRoot) {
                case .measured(let result): rounds.append(result)
                case .skipped(let note):
                    Self.progress(note)
                    guard round == 1 else { throw ExitCode.failure }
                    limitNote = note
                }
                if rounds.isEmpty { break }
                for factory in factories {
                    measurements += try await Self.storeSteps(factory, oneRun, scratchRoot)
                }
            }
            measurements = Measurement.gathered(measurements)
        }
        let limit = LimitResult.medians(of: rounds)

        let httpSettings = HTTPBenchmark.Settings(runs: runs, connections: httpConnections, seconds: httpSeconds)
        // With both `sqlite` and `http`, their HTTP steps run in alternating pairs (after the
        // W steps) so that the client's share of wrk's rate is measured on the same machine.
        let pairs = httpSteps.isEmpty ? nil : PairedHTTPBenchmark.pairs(factories)
        for factory in factories {
            if rounds.isEmpty {
                measurements += try await Self.storeSteps(factory, workload, scratchRoot)
            } else if storeSteps.contains(.w10) {
                measurements += try await Self.storeSteps(
                    factory,
                    Workload(runs: 1, scale: scale, steps: [.w10]),
                    scratchRoot
                )
            }
            do {
                let paired = pairs.map { $0.wrk.name == factory.name || $0.client.name == factory.name } ?? false
                if !httpSteps.isEmpty && !paired {
                    measurements += try await HTTPBenchmark(
                        factory: factory,
                        settings: httpSettings,
                        scratchRoot: scratchRoot
                    )
                    .run(httpSteps)
                }
                if let postgres = factory as? PostgresStoreFactory, !servedSteps.isEmpty {
                    measurements += try await ServedHTTPBenchmark(
                        factory: postgres,
                        binary: try servedBinary(),
                        settings: httpSettings,
                        scratchRoot: scratchRoot
                    )
                    .run(servedSteps)
                }
            } catch {
                Self.progress("FAILED [\(factory.name)]: \(error)")
                throw ExitCode.failure
            }
        }
        if let pairs {
            // wrk's appends carry an Idempotency-Key each, as the client's do, so that both ask
            // the server for the same work and the share compares the clients alone.
            func benchmark(_ factory: any StoreFactory) -> HTTPBenchmark {
                HTTPBenchmark(factory: factory, settings: httpSettings, scratchRoot: scratchRoot, idempotencyKeys: true)
            }
            do {
                measurements += try await PairedHTTPBenchmark(
                    wrk: benchmark(pairs.wrk),
                    client: benchmark(pairs.client),
                    runs: runs
                )
                .run(httpSteps)
            } catch {
                Self.progress("FAILED [\(pairs.wrk.name) and \(pairs.client.name), in pairs]: \(error)")
                throw ExitCode.failure
            }
        }

        let revision = await SourceRevision.current()
        let report = Report(
            machine: machine,
            revision: revision,
            workload: workload,
            stores: factories.map { Report.StoreSetting(name: $0.name, durability: $0.durability) },
            limit: limit,
            limitNote: limitNote,
            rows: measurements.sorted(by: Self.reportOrder).map {
                ReportRow($0, limit: limit, rounds: rounds, reference: $0.referenceMeasurement(in: measurements))
            },
            extraNotes: [
                servedSteps.isEmpty ? nil : ServedHTTPBenchmark.reportNote(servedSteps, httpSettings),
                PairedHTTPBenchmark.reportNote(measurements),
            ].compactMap { $0 },
            pairedRounds: rounds.count
        )
        if json {
            Self.progress(report.header())
            print(report.json())
        } else {
            print(report.header())
            print()
            print(report.table())
        }
    }

    /// The W steps of `workload` on one store.
    /// - Throws: `ExitCode.failure` after saying what failed.
    private static func storeSteps(
        _ factory: any StoreFactory,
        _ workload: Workload,
        _ scratchRoot: String
    ) async throws -> [Measurement] {
        do {
            return try await StoreBenchmark(factory: factory, workload: workload, scratchRoot: scratchRoot).run()
        } catch {
            progress("FAILED [\(factory.name)]: \(error)")
            throw ExitCode.failure
        }
    }

    /// The store steps, the in-process HTTP steps and the served steps named in `--steps`.
    private func selectedSteps() throws -> (store: Set<Step>, http: [HTTPStep], served: [ServedStep]) {
        var storeSteps: Set<Step> = []
        var httpSteps: [HTTPStep] = []
        var servedSteps: [ServedStep] = []
        for name in steps.split(separator: ",") {
            let name = name.trimmingCharacters(in: .whitespaces).uppercased()
            if let step = Step(rawValue: name) {
                storeSteps.insert(step)
            } else if let step = HTTPStep(rawValue: name) {
                if !httpSteps.contains(step) { httpSteps.append(step) }
            } else if let step = ServedStep(name: name) {
                if !servedSteps.contains(step) { servedSteps.append(step) }
            } else {
                throw ValidationError("unknown step '\(name)' in --steps; use W1…W10, I1, H1, H2, H1x1, H1x3")
            }
        }
        return (
            storeSteps, httpSteps.sorted { $0.rawValue < $1.rawValue },
            ServedStep.allCases.filter(servedSteps.contains)
        )
    }

    /// The `agent-sessions` executable the served steps spawn: `--serve-binary`, or the one
    /// next to this benchmark.
    private func servedBinary() throws -> String {
        if let serveBinary {
            guard FileManager.default.isExecutableFile(atPath: serveBinary) else {
                throw ValidationError("--serve-binary \(serveBinary) is not an executable file")
            }
            return serveBinary
        }
        guard let sibling = ServedHTTPBenchmark.siblingBinary() else {
            throw ValidationError(
                "H1x1 and H1x3 spawn agent-sessions, which is not next to this benchmark: build it with "
                    + "`swift build -c release --scratch-path .build-bench --product agent-sessions` "
                    + "(the benchmark's build folder), or pass --serve-binary PATH"
            )
        }
        return sibling
    }

    /// The PostgreSQL store on the server of `--postgres-url`.
    private func postgresFactory() throws -> any StoreFactory {
        guard let postgresURL else { throw ValidationError("--stores postgres needs --postgres-url") }
        do throws(SessionStoreError) {
            return PostgresStoreFactory(endpoint: try PostgresEndpoint(url: postgresURL))
        } catch {
            throw ValidationError("--postgres-url: \(error.message)")
        }
    }

    private func selectedStores() throws -> [any StoreFactory] {
        let known = KnownStores.all
        return try stores.split(separator: ",").map { name in
            let name = name.trimmingCharacters(in: .whitespaces).lowercased()
            if name == PostgresStoreFactory.name { return try postgresFactory() }
            guard let factory = known.first(where: { $0.name == name }) else {
                throw ValidationError(
                    "unknown store '\(name)' in --stores; use " + known.map(\.name).joined(separator: ", ")
                )
            }
            if var sqlite = factory as? SQLiteStoreFactory, let sqlitePageCacheMiB {
                sqlite.pageCacheBytes = sqlitePageCacheMiB << 20
                return sqlite
            }
            return factory
        }
    }

    /// Rows by step, then in the order the stores ran.
    private static func reportOrder(_ lhs: Measurement, _ rhs: Measurement) -> Bool {
        lhs.name != rhs.name ? lhs.name < rhs.name : lhs.store > rhs.store
    }

    /// The package root: the current directory if it holds `Package.swift`, else the folder
    /// this file was compiled from, three levels up.
    private static func packageRoot() -> String {
        let current = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: current + "/Package.swift") { return current }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    private static func progress(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

extension String {
    /// The string without one trailing `suffix`, if it ends with it.
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) && count > suffix.count ? String(dropLast(suffix.count)) : self
    }
}
