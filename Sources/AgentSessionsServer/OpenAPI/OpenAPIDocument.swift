/// The OpenAPI 3.1 document of the HTTP API, served at `GET /openapi.yaml`.
///
/// It is kept as a Swift string so that it ships inside the binary on every platform (no
/// resource bundle to find at run time). A test compares it with the router's routes and calls
/// every documented operation, so the two cannot drift apart.
package enum OpenAPIDocument {
    /// The document, in YAML.
    package static let yaml = #"""
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
            the same key with another request is 422. Errors are `{"error": {"code", "message", "field"}}`.
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
          - apiKey: []
        paths:
          /healthz:
            get:
              operationId: health
              summary: Whether the server is up.
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
                - {name: parent, in: query, schema: {type: string}}
                - {name: phase, in: query, schema: {type: string}}
                - {name: active, in: query, description: 'true lists sessions not finalized, false finalized ones.', schema: {type: boolean}}
                - {name: limit, in: query, schema: {type: integer, minimum: 0}}
                - {name: cursor, in: query, description: The next_cursor of the previous page., schema: {type: string}}
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
                          deleted_sessions: {type: integer}
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
                - {name: limit, in: query, schema: {type: integer, minimum: 0}}
                - {name: after, in: query, schema: {type: integer, minimum: 0}}
              responses:
                '200':
                  description: The items.
                  content:
                    application/json:
                      schema:
                        type: object
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
                          sequences: {type: array, items: {type: integer}}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
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
                          removed: {type: integer}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
          /v1/sessions/{id}/items/last:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            delete:
              operationId: popItem
              summary: Remove and return the last item (null when there is none).
              responses:
                '200':
                  description: The removed item.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          item:
                            oneOf:
                              - $ref: '#/components/schemas/Item'
                              - type: 'null'
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
          /v1/sessions/{id}/fork:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            post:
              operationId: forkSession
              summary: Copy the session and its items up to and including `through` into a new session.
              parameters:
                - $ref: '#/components/parameters/IdempotencyKey'
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        through: {type: integer, minimum: 0}
                        id: {type: string}
              responses:
                '201': {$ref: '#/components/responses/CreatedSession'}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
                '413': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
          /v1/sessions/{id}/errors:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            post:
              operationId: recordError
              summary: Record an error; the error count goes up by one.
              parameters:
                - $ref: '#/components/parameters/IfMatch'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [message]
                      properties:
                        message: {type: string}
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
          /v1/sessions/{id}/finalize:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            post:
              operationId: finalizeSession
              summary: Finalize with an outcome (completed, failed, abandoned); an ephemeral session is then deleted.
              parameters:
                - $ref: '#/components/parameters/IfMatch'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [outcome]
                      properties:
                        outcome: {type: string}
                        summary: {type: string}
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
          /v1/sessions/{id}/resume:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            get:
              operationId: resumeDecision
              summary: Whether the session may be resumed under the server's policy, why, and its resume metadata.
              responses:
                '200':
                  description: The decision.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          id: {type: string}
                          should_resume: {type: boolean}
                          reason: {type: string, enum: [session_resumable, finalized, not_resume_ready, phase_not_resumable, too_many_errors, idle_too_long]}
                          resume_metadata:
                            type: object
                            properties:
                              previous_phase: {type: string}
                              created_at: {type: string, format: date-time}
                              history: {type: array, items: {$ref: '#/components/schemas/PhaseTransition'}}
                              session_metadata: {type: object}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
          /v1/sessions/{id}/children:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            post:
              operationId: createChild
              summary: Create an ephemeral child, deleted when finalized or deleted, and swept when idle.
              parameters:
                - $ref: '#/components/parameters/IdempotencyKey'
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        id: {type: string}
                        name: {type: string, description: Prefix of the generated id and default agent.}
                        agent: {type: string}
                        state: {type: object}
                        metadata: {type: object}
              responses:
                '201': {$ref: '#/components/responses/CreatedSession'}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
                '413': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
          /v1/cleanup:
            post:
              operationId: cleanup
              summary: Delete the caller's app's sessions idle `hours` or longer, and its expired ones.
              parameters:
                - $ref: '#/components/parameters/App'
                - {name: hours, in: query, required: true, schema: {type: number, minimum: 0}}
              responses:
                '200':
                  description: How many sessions were deleted.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          deleted_sessions: {type: integer}
                '401': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
          /v1/stats:
            get:
              operationId: statistics
              summary: Seed 002's metrics of the caller's app.
              parameters:
                - $ref: '#/components/parameters/App'
              responses:
                '200':
                  description: The statistics.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Statistics'}
                '401': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
            apiKey: {type: apiKey, in: header, name: X-API-Key}
          parameters:
            SessionID:
              {name: id, in: path, required: true, schema: {type: string, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$'}}
            App:
              {name: app, in: query, description: Open mode only; with an API key the key's app is used., schema: {type: string}}
            IdempotencyKey:
              {name: Idempotency-Key, in: header, description: Replays the first answer for 24 hours., schema: {type: string, maxLength: 255}}
            IfMatch:
              {name: If-Match, in: header, description: The version (ETag) the change is based on; 412 when stale., schema: {type: string}}
          responses:
            Session:
              description: The session.
              headers:
                ETag: {description: The session's version., schema: {type: string}}
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Session'}
            CreatedSession:
              description: The new session.
              headers:
                ETag: {description: The session's version., schema: {type: string}}
                Location: {description: The session's URL., schema: {type: string}}
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Session'}
            Error:
              description: An error.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
          schemas:
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [code, message, field]
                  properties:
                    code: {type: string, examples: [not_found, already_exists, finalized, version_conflict, invalid_argument, malformed_json, body_too_large, unauthenticated, idempotency_key_reused, unavailable]}
                    message: {type: string}
                    field: {type: [string, 'null']}
            NewSession:
              type: object
              properties:
                id: {type: string}
                app: {type: string, description: Open mode only.}
                user_id: {type: string}
                agent: {type: string}
                parent_id: {type: string}
                phase: {type: string}
                resume_ready: {type: boolean}
                state: {type: object}
                metadata: {type: object}
                expires_at: {type: string, format: date-time}
            SessionUpdate:
              type: object
              properties:
                phase: {type: string}
                metadata: {type: object, description: Merged; a key set to null is removed.}
                state: {type: object, description: A delta; a key set to null is removed.}
                resume_ready: {type: boolean}
                error: {type: string}
                expires_at: {type: string, format: date-time}
            Session:
              type: object
              properties:
                id: {type: string}
                app: {type: string}
                user_id: {type: [string, 'null']}
                agent: {type: [string, 'null']}
                parent_id: {type: [string, 'null']}
                kind: {type: string, enum: [persistent, ephemeral]}
                phase: {type: string}
                resume_ready: {type: boolean}
                state: {type: object}
                metadata: {type: object}
                created_at: {type: string, format: date-time}
                updated_at: {type: string, format: date-time}
                finalized_at: {type: [string, 'null'], format: date-time}
                outcome: {type: [string, 'null']}
                summary: {type: [string, 'null']}
                duration_seconds: {type: [number, 'null']}
                error_count: {type: integer}
                last_error: {type: [string, 'null']}
                resume_count: {type: integer}
                history: {type: array, items: {$ref: '#/components/schemas/PhaseTransition'}}
                version: {type: integer}
                expires_at: {type: [string, 'null'], format: date-time}
                last_sequence: {type: integer}
            PhaseTransition:
              type: object
              properties:
                from: {type: string}
                to: {type: string}
                at: {type: string, format: date-time}
            NewItem:
              type: object
              required: [content]
              properties:
                content: {type: object}
                item_id: {type: string, description: A retried item with a stored id is not stored again.}
            Item:
              type: object
              properties:
                seq: {type: integer}
                item_id: {type: [string, 'null']}
                created_at: {type: string, format: date-time}
                content: {type: object}
            Statistics:
              type: object
              properties:
                session_count: {type: integer}
                active_count: {type: integer}
                counts_by_phase: {type: object, additionalProperties: {type: integer}}
                counts_by_outcome: {type: object, additionalProperties: {type: integer}}
                resumed_count: {type: integer}
                errored_count: {type: integer}
                resume_rate: {type: number}
                error_rate: {type: number}
                median_duration_seconds: {type: [number, 'null']}
                p95_duration_seconds: {type: [number, 'null']}
                item_count: {type: integer}
                item_bytes: {type: integer}
        """#
}
