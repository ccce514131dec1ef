extension OpenAPIDocument {
    /// The shared security schemes, parameters, responses and schemas.
    static let components = #"""
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
            apiKey: {type: apiKey, in: header, name: X-API-Key}
          parameters:
            SessionID:
              {name: id, in: path, required: true, schema: {type: string, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$'}}
            App:
              {name: app, in: query, description: Open mode only; with an API key the key's app is used., schema: {$ref: '#/components/schemas/Identifier'}}
            IdempotencyKey:
              {name: Idempotency-Key, in: header, description: Replays the first answer for 24 hours; 409 while the first request with the key runs., schema: {type: string, maxLength: 255}}
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
            Identifier:
              description: A session id or app name, never trimmed; one of only dots is refused.
              type: string
              minLength: 1
              maxLength: 128
              pattern: '^[A-Za-z0-9._:@-]+$'
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [code, message, field]
                  properties:
                    code: {type: string, examples: [not_found, already_exists, finalized, version_conflict, invalid_argument, malformed_json, malformed_request, body_too_large, unauthenticated, idempotency_key_reused, request_in_progress, unavailable]}
                    message: {type: string}
                    field: {type: [string, 'null']}
            NewSession:
              type: object
              properties:
                id: {$ref: '#/components/schemas/Identifier'}
                app: {$ref: '#/components/schemas/Identifier', description: Open mode only.}
                user_id: {type: string}
                agent: {type: string}
                parent_id: {$ref: '#/components/schemas/Identifier'}
                phase: {type: string}
                resume_ready: {type: boolean}
                state: {type: object}
                metadata: {type: object}
                expires_at: {type: string, format: date-time}
            NewSessionWithoutID:
              type: object
              description: A session to create under the id of the path.
              properties:
                app: {$ref: '#/components/schemas/Identifier', description: Open mode only.}
                user_id: {type: string}
                agent: {type: string}
                parent_id: {$ref: '#/components/schemas/Identifier'}
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
                item_id:
                  type: string
                  description: >-
                    An item with a stored id and the same content (JSON text byte for byte) is a retry
                    and is not stored again; the same id with other content is a 409.
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
