import ArgumentParser
import Foundation

/// The flags of `agent-sessions serve`. Every flag is optional so that its environment
/// variable, then the configuration file, apply when the flag is not given; the defaults come
/// last (``ServeSettingsReader``).
struct ServeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A configuration file, YAML (.yaml, .yml) or JSON (.json), holding any setting below "
                + "(env AGENT_SESSIONS_CONFIG).",
            discussion: """
                A setting's key is its environment variable's name without AGENT_SESSIONS_, in lower \
                case with - for _: port, api-keys-file, cors-origins (a list), inspector (on or off). \
                A flag wins over the environment, which wins over the file. An unknown key or a bad \
                value is refused at start-up; --print-config lists every key.
                """,
            valueName: "file"
        )
    )
    var config: String?

    @Flag(
        help: ArgumentHelp(
            "Print every setting with its value and where it came from (flag, environment, file or "
                + "default), secrets redacted, and exit."
        )
    )
    var printConfig = false

    @Option(
        help: ArgumentHelp("The address to bind (env AGENT_SESSIONS_HOST; default 127.0.0.1).", valueName: "address")
    )
    var host: String?

    @Option(
        help: ArgumentHelp("The port to bind, 0 for any (env AGENT_SESSIONS_PORT; default 8080).", valueName: "port")
    )
    var port: Int?

    @Option(
        help: ArgumentHelp(
            "The backend: sqlite, files or a PostgreSQL URL (env AGENT_SESSIONS_STORE; default sqlite).",
            discussion: """
                A PostgreSQL URL is postgres://USER@HOST:PORT/DB, optionally with ?schema=NAME (default \
                agent_sessions) and &sslmode=disable|prefer|require|verify-full; the password comes from \
                PGPASSWORD. Several servers may share one database. A server that cannot reach it logs \
                so, retries with back-off and answers /healthz with 503 meanwhile.
                """,
            valueName: "sqlite|files|postgres://USER@HOST:PORT/DB"
        )
    )
    var store: String?

    @Option(
        help: ArgumentHelp(
            "The SQLite database file (env AGENT_SESSIONS_DB; default \(StoreFactory.defaultDatabasePath)).",
            valueName: "path"
        )
    )
    var db: String?

    @Option(
        name: .customLong("indexed-metadata-key"),
        help: ArgumentHelp(
            "Index the SQLite store's sessions by this metadata key's string values, for fast listings of a rare "
                + "value; repeat for more (env AGENT_SESSIONS_INDEXED_METADATA_KEYS, commas; default: none).",
            discussion: """
                A key is 1 to 128 characters of A-Z a-z 0-9 . _ : @ -. A missing index is built from the \
                stored sessions at start-up; each costs a write of a session holding the key one index \
                entry more. A key left out later keeps its index until it is dropped by hand \
                (docs/storage.md). Filters on other keys work without an index. The file store and \
                PostgreSQL ignore it.
                """,
            valueName: "key"
        )
    )
    var indexedMetadataKeys: [String] = []

    @Option(
        name: .customLong("page-cache-mib"),
        help: ArgumentHelp(
            "The most memory in MiB each SQLite connection keeps of the database's pages (env "
                + "AGENT_SESSIONS_PAGE_CACHE_MIB; default SQLite's 2,000 KiB).",
            discussion: """
                A database larger than the cache reads the pages of point reads from the file again: at a \
                million sessions, 64 MiB kept gets and resume checks as fast as at 10,000. The server's \
                memory grows with the database up to this size, for each of its connections (up to 7). \
                The file store and PostgreSQL ignore it.
                """,
            valueName: "mib"
        )
    )
    var pageCacheMiB: Int?

    @Option(
        help: ArgumentHelp(
            "The file store's directory, with --store files (env AGENT_SESSIONS_DIR; "
                + "default \(StoreFactory.defaultDirectory)).",
            valueName: "path"
        )
    )
    var dir: String?

    @Option(
        help: ArgumentHelp(
            "A file of API keys, one APP=KEY or APP=sha256:HEX a line (env AGENT_SESSIONS_API_KEYS_FILE).",
            discussion: """
                Keys may also come from AGENT_SESSIONS_API_KEYS, entries separated by commas. Each key \
                is scoped to one app; keys are kept only as SHA-256 hashes. Without any key the server \
                runs in open mode, which is allowed only on a loopback address.
                """,
            valueName: "path"
        )
    )
    var keysFile: String?

    @Option(
        help: ArgumentHelp(
            "The largest request body in bytes; larger ones get 413 (env AGENT_SESSIONS_BODY_LIMIT; default 1048576).",
            valueName: "bytes"
        )
    )
    var bodyLimit: Int?

    @Option(
        help: ArgumentHelp(
            "Close a connection silent this long, such as a client that stalls halfway through a body "
                + "(env AGENT_SESSIONS_IDLE_TIMEOUT; default 60).",
            valueName: "seconds"
        )
    )
    var idleTimeout: Double?

    @Option(
        help: ArgumentHelp(
            "Close a connection whose request (head and body) takes longer than this to arrive, answering 408, "
                + "such as a client that sends a byte now and then (env AGENT_SESSIONS_REQUEST_TIMEOUT; default 60).",
            valueName: "seconds"
        )
    )
    var requestTimeout: Double?

    @Option(
        help: ArgumentHelp(
            "Comma-separated phases a session may be resumed from (env AGENT_SESSIONS_RESUMABLE_PHASES; "
                + "default: the lifecycle's, approval,investigating,planning).",
            valueName: "phases"
        )
    )
    var resumablePhases: String?

    @Option(
        help: ArgumentHelp(
            "Do not resume a session idle this long (env AGENT_SESSIONS_MAX_IDLE_MINUTES; default 30).",
            valueName: "minutes"
        )
    )
    var maxIdleMinutes: Double?

    @Option(
        help: ArgumentHelp(
            "Do not resume a session with this many errors (env AGENT_SESSIONS_MAX_ERRORS; default 3).",
            valueName: "count"
        )
    )
    var maxErrors: Int?

    @Option(
        help: ArgumentHelp(
            "Seconds between two sweeps for idle ephemeral children (env AGENT_SESSIONS_SWEEP_INTERVAL; default 60).",
            valueName: "seconds"
        )
    )
    var sweepInterval: Double?

    @Option(
        help: ArgumentHelp(
            "Delete an ephemeral child idle this long (env AGENT_SESSIONS_CHILD_IDLE_MINUTES; default 15).",
            valueName: "minutes"
        )
    )
    var childIdleMinutes: Double?

    @Option(
        help: ArgumentHelp(
            "Seconds between two background clean-ups, which delete expired sessions "
                + "(env AGENT_SESSIONS_CLEANUP_INTERVAL; default 60).",
            valueName: "seconds"
        )
    )
    var cleanupInterval: Double?

    @Option(
        help: ArgumentHelp(
            "Apps whose idle sessions the background clean-up deletes too, as APP=HOURS separated by commas, "
                + "such as ops=24,default=168 (env AGENT_SESSIONS_CLEANUP_IDLE_HOURS; default none).",
            discussion: """
                A session of such an app whose last activity is HOURS or more ago is deleted with its \
                items and child sessions at the next clean-up. Apps not listed lose only expired sessions.
                """,
            valueName: "policy"
        )
    )
    var cleanupIdleHours: String?

    @Option(
        help: ArgumentHelp(
            "trace, debug, info, notice, warning, error or critical; info logs one line per request "
                + "(env AGENT_SESSIONS_LOG_LEVEL; default info).",
            valueName: "level"
        )
    )
    var logLevel: String?

    @Option(
        help: ArgumentHelp(
            "text, or json for one JSON object a line (time, level, message, metadata as fields), for log "
                + "shippers (env AGENT_SESSIONS_LOG_FORMAT; default text).",
            valueName: "format"
        )
    )
    var logFormat: String?

    @Option(
        help: ArgumentHelp(
            "Send traces by OTLP over HTTP to this collector, such as http://127.0.0.1:4318 "
                + "(env AGENT_SESSIONS_OTLP_ENDPOINT; default: no traces).",
            discussion: """
                A span per request (continuing a W3C traceparent) with a child per store call and per \
                model call, with the route, app and session id as attributes, never content or keys; \
                sent to the endpoint's /v1/traces. The OpenTelemetry variables OTEL_SERVICE_NAME, \
                OTEL_EXPORTER_OTLP_TRACES_PROTOCOL (http/protobuf or http/json), \
                OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER and OTEL_BSP_* refine it.
                """,
            valueName: "url"
        )
    )
    var otlpEndpoint: String?

    @Option(
        help: ArgumentHelp(
            "An agents file in YAML for POST /v1/chat/{id} (env AGENT_SESSIONS_AGENTS_FILE).",
            discussion: """
                Agents with a display name, instructions, a model (provider offline or openai-compatible, \
                name, temperature, max_tokens, base_url, api_key_env) and a session_memory (sqlite, memory \
                or none), and defaults for what an agent leaves out. A wrong file is refused at start-up \
                with its line. Without a file the server runs one offline demo agent, 'assistant'.
                """,
            valueName: "path"
        )
    )
    var agents: String?

    @Option(
        help: ArgumentHelp(
            "The most live agent instances, one per agent and session; the least recently used idle ones "
                + "are evicted first (env AGENT_SESSIONS_LIVE_AGENTS; default 1000).",
            valueName: "count"
        )
    )
    var liveAgents: Int?

    @Option(
        help: ArgumentHelp(
            "Evict an agent instance unused this long; it is rebuilt from the store on its next message "
                + "(env AGENT_SESSIONS_AGENT_IDLE_MINUTES; default 30).",
            valueName: "minutes"
        )
    )
    var agentIdleMinutes: Double?

    @Option(
        name: .customLong("cors-origin"),
        help: ArgumentHelp(
            "Let a web app on this origin call the API from a browser (CORS), such as https://app.example.com; "
                + "repeat for more (env AGENT_SESSIONS_CORS_ORIGINS, commas; default: none).",
            valueName: "origin"
        )
    )
    var corsOrigins: [String] = []

    @Flag(
        name: .customLong("no-inspector"),
        help: ArgumentHelp(
            "Do not serve the inspector, the web page at / that shows the sessions live "
                + "(env AGENT_SESSIONS_INSPECTOR=off; default: served)."
        )
    )
    var noInspector = false

    @Option(
        help: ArgumentHelp(
            "Serve the inspector's files from this directory, read at each request, instead of the built-in "
                + "ones: for working on the inspector without a build (env AGENT_SESSIONS_INSPECTOR_FILES).",
            valueName: "directory"
        )
    )
    var inspectorFiles: String?

    @OptionGroup var encryption: EncryptionOptions

    /// The environment the options fall back to; the process's by default.
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The configuration file, once ``loadConfigFile()`` has read it; the options fall back to it
    /// after the environment.
    var configFile: ServeConfigFile?

    private enum CodingKeys: CodingKey {
        case config, printConfig
        case host, port, store, db, indexedMetadataKeys, pageCacheMiB, dir, keysFile, bodyLimit, idleTimeout,
            requestTimeout,
            resumablePhases,
            maxIdleMinutes, maxErrors,
            sweepInterval
        case childIdleMinutes, cleanupInterval, cleanupIdleHours, logLevel, logFormat, otlpEndpoint, agents, liveAgents,
            agentIdleMinutes,
            corsOrigins, noInspector, inspectorFiles, encryption
    }
}
