import AgentSessions
import PostgresNIO

/// The statements of listings: sessions, summaries and counts share one `WHERE` clause, and the
/// two kinds of pages one order and cursor condition.
///
/// A filter left out is NULL: PostgreSQL plans each statement with its values, so the
/// `NULL IS NULL` branches fall away and the index of the remaining filters is used (by user,
/// by parent, by tags, or by app along `sessions_by_activity` or `sessions_by_creation`).
enum ListingSQL {
    /// What a listing statement reads.
    enum Selection {
        /// Whole sessions (``SessionColumns/list``): one more than the limit, in the query's order.
        case sessions
        /// Summaries (``SessionColumns/summaryList``): one more than the limit, in the query's order.
        case summaries
        /// `count(*)` of the sessions that pass the filters; the limit and cursor are ignored.
        case count
    }

    /// The columns and comparisons of a listing's order.
    struct Order {
        /// The time column: `s.updated_at` or `s.created_at`.
        let column: String
        /// `ORDER BY` the time, then the id the other way (newest first, ties by id ascending;
        /// oldest first, ties by id descending: the exact reverse).
        let orderBy: String
        /// How a time further along the listing than the cursor's compares: `<` newest first.
        let beyond: String
        /// ``beyond`` or equal.
        let beyondOrAt: String
        /// How an id further along the listing than the cursor's, at the same time, compares.
        let idBeyond: String

        /// - Parameters:
        ///   - order: The listing's order.
        ///   - sortsAfterFiltering: Whether to order by an expression of the time that no index
        ///     holds (`time + 0`), so that PostgreSQL cannot walk an index in the listing's order
        ///     and must select the sessions first (a rare tag's, along `sessions_by_tags`).
        init(_ order: SessionOrder, sortsAfterFiltering: Bool = false) {
            column = order.key == .createdAt ? "s.created_at" : "s.updated_at"
            let key = sortsAfterFiltering ? "(\(column) + 0)" : column
            if order.isNewestFirst {
                (orderBy, beyond, beyondOrAt, idBeyond) = ("ORDER BY \(key) DESC, s.id ASC", "<", "<=", ">")
            } else {
                (orderBy, beyond, beyondOrAt, idBeyond) = ("ORDER BY \(key) ASC, s.id DESC", ">", ">=", "<")
            }
        }
    }

    /// A row's metadata text with every `\u0000` escape (U+0000, which jsonb cannot hold)
    /// replaced by another `\u` escape, as the function of schema step v9 does with `\ufffd`.
    /// Escaped backslashes (`\\`) become `\u005c` first, so that only a real `\u0000` escape is
    /// replaced (the core's JSON writer escapes every backslash). `chr(92)` is a backslash.
    private static func metadataReplacingNUL(with escape: String) -> String {
        "replace(replace(s.metadata, chr(92) || chr(92), chr(92) || 'u005c'), chr(92) || 'u0000', chr(92) || '\(escape)')"
    }

    /// The statement of a listing.
    /// - Parameters:
    ///   - selection: What to read.
    ///   - query: The filters, the order, the limit and the cursor (a validated query).
    ///   - tables: The store's tables.
    ///   - readsAlongTags: Whether the page is to be read along the tags' index and sorted
    ///     (``readsAlongTags(_:_:on:logger:)``), not found by walking the listing's order.
    static func statement(
        _ selection: Selection,
        _ query: SessionQuery,
        _ tables: PostgresTables,
        readsAlongTags: Bool = false
    ) -> PostgresQuery {
        let query = selection == .count ? query.filters : query
        let order = Order(query.order, sortsAfterFiltering: readsAlongTags)
        let columns: String
        switch selection {
        case .sessions: columns = SessionColumns.list
        case .summaries: columns = SessionColumns.summaryList
        case .count: columns = "count(*)"
        }
        // A count has no cursor and no limit (LIMIT NULL is none), and needs no order.
        let orderBy = selection == .count ? "" : order.orderBy
        let limit = query.limit.map { Int64($0 == Int.max ? $0 : $0 + 1) }
        let finalized = query.isFinalized
        let tags = query.tags.isEmpty ? nil : query.tags
        // Containment of a JSON object of strings: jsonb compares values with their types, so
        // only a string value equal to the filter's matches. Every row is read with `\u0000`
        // replaced by U+FFFD (the function the index `sessions_by_metadata` holds, schema step
        // v9, so that PostgreSQL can read a rare value's sessions along it); a row whose text
        // has `\u0000` (rare) is read again with U+FFFE instead and must match both ways: a key
        // or value holding U+0000 then never equals a filter's, which has none.
        let metadata = query.metadata.isEmpty ? nil : query.metadata.mapValues(JSONValue.string).jsonText
        let cursorTime = query.cursor?.time.microsecondsSinceEpoch
        return """
            SELECT \(unescaped: columns) FROM \(unescaped: tables.sessions) s WHERE s.app = \(query.app) \
            AND (\(query.userID)::text IS NULL OR s.user_id = \(query.userID)) \
            AND (\(query.agentName)::text IS NULL OR s.agent_name = \(query.agentName)) \
            AND (\(query.parentID?.rawValue)::text IS NULL OR s.parent_id = \(query.parentID?.rawValue)) \
            AND (\(query.phase?.rawValue)::text IS NULL OR s.phase = \(query.phase?.rawValue)) \
            AND (\(finalized)::boolean IS NULL OR (s.finalized_at IS NOT NULL) = \(finalized)) \
            AND (\(tags)::text[] IS NULL OR s.tags @> \(tags)::text[]) \
            AND (\(metadata)::jsonb IS NULL \
            OR \(unescaped: tables.searchableMetadataFunction)(s.metadata) @> \(metadata)::jsonb \
            AND (strpos(s.metadata, chr(92) || 'u0000') = 0 \
            OR \(unescaped: metadataReplacingNUL(with: "ufffe"))::jsonb @> \(metadata)::jsonb)) \
            AND (\(cursorTime)::bigint IS NULL OR (\(unescaped: order.column) \(unescaped: order.beyondOrAt) \(cursorTime) \
            AND (\(unescaped: order.column) \(unescaped: order.beyond) \(cursorTime) \
            OR s.id \(unescaped: order.idBeyond) \(query.cursor?.id.rawValue)))) \
            \(unescaped: orderBy) LIMIT \(limit)
            """
    }
}
