// The floor of one append on the SQLite store's schema, measured on SQLite's C API.
//
// An append through the store runs two statements in a write transaction: it moves the
// session's row on (last sequence, version, activity) and inserts the item. Group commit puts
// the appends that wait together into one transaction. This program does exactly that with
// prepared statements and nothing else (no JSON, no Swift, no HTTP), round-robin over 1,000
// sessions as the benchmark's H1 does, and prints the CPU time per append. It then reads the
// last 20 items of sessions, as H2 does, and prints the CPU time per read.
//
// `--layout heap` stores items in a rowid table in arrival order with an index on
// (app, session_id, seq), instead of the store's table clustered by (app, session_id, seq):
// to show what the other layout would cost and save.
//
//   cc -O2 append_floor.c -lsqlite3 -o /tmp/append_floor
//   /tmp/append_floor [--layout clustered|heap] [--batch 32] [--appends 100000] [--file /tmp/append-floor.sqlite]
//
// The schema's sessions and items tables mirror `SQLiteSchema.version1` (Sources/AgentSessionsSQLite).
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *sessionsTable =
    "CREATE TABLE sessions (app TEXT NOT NULL, id TEXT NOT NULL, user_id TEXT NOT NULL, agent_name TEXT NOT NULL,"
    " parent_id TEXT, kind TEXT NOT NULL, phase TEXT NOT NULL, resume_ready INTEGER NOT NULL, state TEXT NOT NULL,"
    " metadata TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finalized_at INTEGER,"
    " outcome TEXT, summary TEXT, error_count INTEGER NOT NULL, last_error TEXT, resume_count INTEGER NOT NULL,"
    " phase_history TEXT NOT NULL, version INTEGER NOT NULL, expires_at INTEGER, last_sequence INTEGER NOT NULL,"
    " PRIMARY KEY (app, id));"
    "CREATE INDEX sessions_by_user ON sessions (app, user_id, updated_at DESC, id);"
    "CREATE INDEX sessions_by_activity ON sessions (app, updated_at DESC, id);"
    "CREATE INDEX sessions_by_parent ON sessions (app, parent_id, updated_at DESC, id) WHERE parent_id IS NOT NULL;"
    "CREATE INDEX sessions_by_expiry ON sessions (expires_at) WHERE expires_at IS NOT NULL;";
static const char *clusteredItems =
    "CREATE TABLE items (app TEXT NOT NULL, session_id TEXT NOT NULL, seq INTEGER NOT NULL, item_id TEXT,"
    " created_at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (app, session_id, seq)) WITHOUT ROWID;"
    "CREATE UNIQUE INDEX items_by_item_id ON items (app, session_id, item_id) WHERE item_id IS NOT NULL;";
static const char *heapItems =
    "CREATE TABLE items (app TEXT NOT NULL, session_id TEXT NOT NULL, seq INTEGER NOT NULL, item_id TEXT,"
    " created_at INTEGER NOT NULL, body TEXT NOT NULL);"
    "CREATE UNIQUE INDEX items_by_seq ON items (app, session_id, seq);"
    "CREATE UNIQUE INDEX items_by_item_id ON items (app, session_id, item_id) WHERE item_id IS NOT NULL;";

enum { sessionCount = 1000 };

static sqlite3 *db;

static void check(int code, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "append_floor: %s failed: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static double seconds(clockid_t clock) {
    struct timespec now;
    clock_gettime(clock, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement;
    check(sqlite3_prepare_v2(db, sql, -1, &statement, 0), sql);
    return statement;
}

static void run(sqlite3_stmt *statement, const char *what) {
    check(sqlite3_step(statement), what);
    sqlite3_reset(statement);
}

int main(int argc, char **argv) {
    const char *layout = "clustered", *path = "/tmp/append-floor.sqlite";
    int batch = 32, appends = 100000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--layout")) layout = argv[i + 1];
        else if (!strcmp(argv[i], "--batch")) batch = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--appends")) appends = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--file")) path = argv[i + 1];
        else { fprintf(stderr, "append_floor: unknown option %s\n", argv[i]); return 2; }
    }
    int heap = !strcmp(layout, "heap");
    if (batch < 1 || appends < batch || (!heap && strcmp(layout, "clustered"))) {
        fprintf(stderr, "append_floor: --layout is clustered or heap, --batch at least 1, --appends at least --batch\n");
        return 2;
    }
    char wal[1024], shm[1024];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    unlink(path), unlink(wal), unlink(shm);

    check(sqlite3_open(path, &db), "open");
    // The store's settings: WAL, synchronous=NORMAL, its checkpoint backstop.
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=16000", 0, 0, 0),
          "pragmas");
    check(sqlite3_exec(db, sessionsTable, 0, 0, 0), "create sessions");
    check(sqlite3_exec(db, heap ? heapItems : clusteredItems, 0, 0, 0), "create items");
    sqlite3_stmt *insertSession = prepare(
        "INSERT INTO sessions VALUES ('default', ?1, 'u', 'agent', NULL, 'persistent', 'created', 0, '{}', '{}', 0, ?2,"
        " NULL, NULL, NULL, 0, NULL, 0, '[]', 1, NULL, 0)");
    check(sqlite3_exec(db, "BEGIN", 0, 0, 0), "begin");
    for (int i = 0; i < sessionCount; i++) {
        char id[32];
        snprintf(id, sizeof id, "bench-%d", i);
        sqlite3_bind_text(insertSession, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(insertSession, 2, i);
        run(insertSession, "insert session");
    }
    check(sqlite3_exec(db, "COMMIT", 0, 0, 0), "commit");

    sqlite3_stmt *begin = prepare("BEGIN IMMEDIATE"), *commit = prepare("COMMIT");
    sqlite3_stmt *reserve = prepare(
        "UPDATE sessions SET last_sequence = last_sequence + ?3, version = version + 1, updated_at = ?4"
        " WHERE app = ?1 AND id = ?2 RETURNING last_sequence");
    sqlite3_stmt *insertItem = prepare(
        "INSERT INTO items (app, session_id, seq, item_id, created_at, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    // The benchmark's item: a 400-character message.
    char body[512] = "{\"role\":\"user\",\"content\":\"http#0000000|";
    memset(body + strlen(body), 'x', 400);
    strcat(body, "\"}");

    double started = seconds(CLOCK_MONOTONIC), startedCPU = seconds(CLOCK_PROCESS_CPUTIME_ID);
    long long now = 1000000000;
    for (int done = 0; done + batch <= appends;) {
        run(begin, "begin");
        for (int i = 0; i < batch; i++, done++, now++) {
            char id[32];
            snprintf(id, sizeof id, "bench-%d", done % sessionCount);
            sqlite3_bind_text(reserve, 1, "default", -1, SQLITE_STATIC);
            sqlite3_bind_text(reserve, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(reserve, 3, 1);
            sqlite3_bind_int64(reserve, 4, now);
            check(sqlite3_step(reserve), "reserve");
            long long sequence = sqlite3_column_int64(reserve, 0);
            sqlite3_reset(reserve);
            sqlite3_bind_text(insertItem, 1, "default", -1, SQLITE_STATIC);
            sqlite3_bind_text(insertItem, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(insertItem, 3, sequence);
            sqlite3_bind_null(insertItem, 4);
            sqlite3_bind_int64(insertItem, 5, now);
            sqlite3_bind_text(insertItem, 6, body, -1, SQLITE_STATIC);
            run(insertItem, "insert item");
        }
        run(commit, "commit");
    }
    double elapsed = seconds(CLOCK_MONOTONIC) - started, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - startedCPU;
    printf("%s layout, batches of %d: %.0f appends/s, %.1f us CPU per append\n", layout, batch, appends / elapsed,
           1e6 * cpu / appends);

    sqlite3_stmt *last = prepare(
        "SELECT seq, item_id, created_at, body FROM items WHERE app = ?1 AND session_id = ?2 ORDER BY seq DESC LIMIT 20");
    int reads = 100000;
    long long bytes = 0;
    startedCPU = seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < reads; i++) {
        char id[32];
        snprintf(id, sizeof id, "bench-%d", (i * 7919) % sessionCount);
        sqlite3_bind_text(last, 1, "default", -1, SQLITE_STATIC);
        sqlite3_bind_text(last, 2, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(last) == SQLITE_ROW) bytes += sqlite3_column_bytes(last, 3);
        sqlite3_reset(last);
    }
    cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - startedCPU;
    printf("%s layout, last 20 items of a session: %.1f us CPU per read (%lld bytes each)\n", layout, 1e6 * cpu / reads,
           bytes / reads);
    sqlite3_close(db);
    unlink(path), unlink(wal), unlink(shm);
    return 0;
}
