import PostgresNIO

extension PostgresSchema {
    /// v9: the index of listings filtered by metadata values (issue 17), on every key without
    /// declaring any (the SQLite store indexes only the keys an app declares).
    ///
    /// Metadata is kept as JSON text, which may hold `\u0000` (U+0000), which jsonb refuses; an
    /// index of `metadata::jsonb` would make such a write fail. So the index holds
    /// ``searchableMetadataFunction``'s jsonb instead, the text with every `\u0000` escape read
    /// as U+FFFD: a GIN index (`jsonb_path_ops`) that answers `@>`, containment of the filter's
    /// object of strings. A session that matches a filter exactly also matches it there (a
    /// filter never holds U+0000, so its pairs are untouched by the replacement); `ListingSQL`
    /// states both, and the exact one decides. Each create, fork, restore or metadata change
    /// writes the index; appends never do (they do not change the metadata column).
    ///
    /// Both GIN indexes of listings (this one and `sessions_by_tags` of v4) are written at once
    /// (`fastupdate = off`): with PostgreSQL's default, new entries wait in a pending list that
    /// every search reads whole until a vacuum merges it (up to 4 MB): after a restore of
    /// 100,000 sessions a listing by a rare tag took 5.1 ms at p50, and 1.5 ms without.
    static func version9(_ tables: PostgresTables) -> [PostgresQuery] {
        [
            """
            CREATE FUNCTION \(unescaped: tables.searchableMetadataFunction)(metadata text) RETURNS jsonb \
            IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$ \
            SELECT replace(replace(metadata, chr(92) || chr(92), chr(92) || 'u005c'), \
            chr(92) || 'u0000', chr(92) || 'ufffd')::jsonb $$
            """,
            """
            CREATE INDEX sessions_by_metadata ON \(unescaped: tables.sessions) \
            USING gin (\(unescaped: tables.searchableMetadataFunction)(metadata) jsonb_path_ops) \
            WITH (fastupdate = off)
            """,
            "ALTER INDEX \(unescaped: tables.schema).sessions_by_tags SET (fastupdate = off)",
        ]
    }
}
