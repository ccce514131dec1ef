extension OpenAPIDocument {
    /// The document's opening, and the paths of health, the document itself, sessions and items.
    static let sessionPaths = #"""
        openapi: 3.1.0
        info:
          title: AgentSessions
          version: 1.0.0
          summary: Durable sessions for AI agents over HTTP.
          description: |
            Every route under /v1 needs an API key (`Authorization: Bearer KEY` or `X-API-Key: KEY`)
            unless the server runs in open mode (no keys, loopback only), where `?app=` (or a create's
            `app` field) picks the app, `default` when absent. A key for one app answers 404 for the
            sessions of another. Creating POSTs accept an `Idempotency-Key` header: the same key with
            the same request within 24 hours replays the first answer (with `Idempotent-Replayed: true`),
            the same key with another request is 422, and a retry while the first request runs is 409
            (the answers are kept by the store, so they survive a restart and every server on one
            database sees them). Errors are `{"error": {"code", "message", "field"}}`. In request bodies
            a field set to null is the same as a field left out, and unknown fields are 422. HEAD is
            answered wherever GET is; another method on a known path is 405 with an `Allow` header.
            Item lists and session lists of more than 1,000 entries are written page by page (chunked).
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
          - apiKey: []
        paths:
          /healthz:
            get:
              operationId: health
              summary: Whether the server is up and its store reachable.
              description: >-
                A store on a database server (PostgreSQL) is checked on each call; while the
                database cannot be reached the answer is 503.
              security: []
              responses:
                '200':
                  description: Up.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          status: {type: string, const: ok}
                          store: {type: string, description: 'The store checked, such as postgres.'}
                '503':
                  description: The store's database cannot be reached.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          status: {type: string, const: unavailable}
                          store: {type: string}
                          reason: {type: string}
          /metrics:
            get:
              operationId: metrics
              summary: Metrics in Prometheus' text format.
              description: >-
                `agent_sessions_http_requests_total` and `agent_sessions_http_request_duration_seconds` by
                method, route and status; `agent_sessions_store_duration_seconds` and
                `agent_sessions_store_failures_total` by store operation; `agent_sessions_sessions_created_total`,
                `agent_sessions_sessions_resumed_total`, `agent_sessions_sessions_finalized_total`, and
                `agent_sessions_sessions_swept_total` by `reason` (`expired`, `idle`) for the background clean-up.
              security: []
              responses:
                '200':
                  description: The metrics.
                  content:
                    text/plain:
                      schema: {type: string}
          /openapi.yaml:
            get:
              operationId: openAPIDocument
              summary: This document.
              security: []
              responses:
                '200':
                  description: The OpenAPI 3.1 document.
                  content:
                    application/yaml:
                      schema: {type: string}
          /v1/sessions:
            post:
              operationId: createSession
              summary: Create a session; the id is generated when omitted.
              parameters:
                - $ref: '#/components/parameters/App'
                - $ref: '#/components/parameters/IdempotencyKey'
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/NewSession'}
              responses:
                '201': {$ref: '#/components/responses/CreatedSession'}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
                '413': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
            get:
              operationId: listSessions
              summary: List sessions, most recently active first, ties by id.
              parameters:
                - $ref: '#/components/parameters/App'
                - {name: user, in: query, schema: {type: string}}
                - {name: agent, in: query, schema: {type: string}}
                - {name: parent, in: query, schema: {$ref: '#/components/schemas/Identifier'}}
                - {name: phase, in: query, schema: {type: string, enum: [initializing, investigating, planning, approval, executing, validating, completed, failed, abandoned]}}
                - {name: active, in: query, description: 'true lists sessions not finalized, false finalized ones.', schema: {type: boolean}}
                - $ref: '#/components/parameters/Limit'
                - name: cursor
                  in: query
                  description: The next_cursor of the previous page.
                  schema:
                    type: string
                    allOf:
                      - pattern: '^-?[0-9a-z]{1,12}~[A-Za-z0-9._:@-]{1,128}$'
                      - pattern: '~[.]*[A-Za-z0-9_:@-]'
              responses:
                '200':
                  description: One page.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [sessions, next_cursor]
                        properties:
                          sessions: {type: array, items: {$ref: '#/components/schemas/Session'}}
                          next_cursor: {type: [string, 'null']}
                '401': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
          /v1/sessions/{id}:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            get:
              operationId: getSession
              summary: Read a session; its version is the ETag.
              responses:
                '200': {$ref: '#/components/responses/Session'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
            put:
              operationId: getOrCreateSession
              summary: The session, created from the body when it does not exist yet.
              description: |
                Answers 201 with the new session when this call created it, else 200 with the session as
                it is (the body does not change an existing session). Atomic: of callers racing to create
                one id, one creates it and the others get that session. Safe to retry without an
                Idempotency-Key.
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/NewSessionWithoutID'}
              responses:
                '200': {$ref: '#/components/responses/Session'}
                '201': {$ref: '#/components/responses/CreatedSession'}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
                '413': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
            patch:
              operationId: updateSession
              summary: Change phase, metadata (merge), state (delta), resume_ready, or record an error.
              parameters:
                - $ref: '#/components/parameters/IfMatch'
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/SessionUpdate'}
              responses:
                '200': {$ref: '#/components/responses/Session'}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
                '412': {$ref: '#/components/responses/Error'}
                '413': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
            delete:
              operationId: deleteSession
              summary: Delete a session with its items and its child sessions.
              responses:
                '200':
                  description: Deleted.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          id: {type: string}
                          deleted_sessions: {type: integer, format: int64, minimum: 1}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
          /v1/sessions/{id}/items:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            get:
              operationId: listItems
              summary: Read items, oldest first. limit alone gives the last N; after=S pages forward.
              parameters:
                - $ref: '#/components/parameters/Limit'
                - {name: after, in: query, schema: {$ref: '#/components/schemas/Count'}}
              responses:
                '200':
                  description: The items.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items]
                        properties:
                          items: {type: array, items: {$ref: '#/components/schemas/Item'}}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
            post:
              operationId: appendItems
              summary: Append one item or a batch, all or none.
              parameters:
                - $ref: '#/components/parameters/IdempotencyKey'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      oneOf:
                        - $ref: '#/components/schemas/NewItem'
                        - type: object
                          additionalProperties: false
                          required: [items]
                          properties:
                            items: {type: array, minItems: 1, items: {$ref: '#/components/schemas/NewItem'}}
              responses:
                '201':
                  description: The sequence number of each item, in order.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          sequences: {type: array, items: {type: integer, format: int64, minimum: 1}}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '409':
                  description: >-
                    An item_id is stored (or given earlier in the batch) with other content; the error
                    names it and nothing was stored.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '413': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
            delete:
              operationId: clearItems
              summary: Remove every item; sequence numbers are never reused.
              responses:
                '200':
                  description: How many items were removed.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          removed: {type: integer, format: int64, minimum: 0}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
        """#
}
