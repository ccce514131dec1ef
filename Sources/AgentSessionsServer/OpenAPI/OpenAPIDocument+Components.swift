extension OpenAPIDocument {
    /// The shared security schemes, parameters, responses and schemas.
    static let components = #"""
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
            apiKey: {type: apiKey, in: header, name: X-API-Key}
          parameters:
            SessionID:
              {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Identifier'}}
            App:
              {name: app, in: query, description: 'The app in open mode; with an API key the key''s app is used, and app is only checked.', schema: {$ref: '#/components/schemas/Identifier'}}
            IdempotencyKey:
              {name: Idempotency-Key, in: header, description: 'Replays the first answer for 24 hours; 409 while the first request with the key runs, 422 when the key was used for another request.', schema: {type: string, minLength: 1, maxLength: 255, pattern: '^[!-~]+$'}}
            IfMatch:
              {name: If-Match, in: header, description: 'The version (ETag) the change is based on, such as "3"; 412 when stale.', schema: {type: string, pattern: '^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$'}}
            Limit:
              {name: limit, in: query, schema: {$ref: '#/components/schemas/Count'}}
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
              description: 'A session id, app name or item id: 1 to 128 characters of A-Z a-z 0-9 . _ : @ -, not only dots, never trimmed.'
              type: string
              minLength: 1
              maxLength: 128
              pattern: '^[A-Za-z0-9._:@-]*[A-Za-z0-9_:@-][A-Za-z0-9._:@-]*$'
            OptionalIdentifier:
              description: A user id or agent name under the id rules; empty or null for none.
              type: [string, 'null']
              maxLength: 128
              pattern: '^([A-Za-z0-9._:@-]*[A-Za-z0-9_:@-][A-Za-z0-9._:@-]*)?$'
            NullableIdentifier:
              anyOf:
                - $ref: '#/components/schemas/Identifier'
                - type: 'null'
            JSONValue:
              description: Any JSON value whose integers fit in 64 bits (a larger integer is 400).
              anyOf:
                - type: ['null', boolean, string]
                - {type: integer, format: int64, minimum: -9223372036854775808, maximum: 9223372036854775807}
                - {type: number, not: {type: integer}}
                - {type: array, items: {$ref: '#/components/schemas/JSONValue'}}
                - {$ref: '#/components/schemas/JSONObject'}
            JSONObject:
              type: object
              additionalProperties: {$ref: '#/components/schemas/JSONValue'}
            NullableJSONObject:
              anyOf:
                - $ref: '#/components/schemas/JSONObject'
                - type: 'null'
            Count:
              type: integer
              format: int64
              minimum: 0
              maximum: 9223372036854775807
            Time:
              description: An RFC 3339 time, such as 2026-11-21T06:10:00Z; null leaves it unset (or unchanged).
              type: [string, 'null']
              format: date-time
            Text:
              description: Text without a NUL character; null for none.
              type: [string, 'null']
              pattern: '^[^\x00]*$'
            StartPhase:
              description: A phase of the standard lifecycle a session may start in.
              enum: [initializing, investigating, planning, approval, executing, validating, null]
            Phase:
              description: A phase of the standard lifecycle; a final one (completed, failed, abandoned) finalizes.
              enum: [initializing, investigating, planning, approval, executing, validating, completed, failed, abandoned, null]
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
              description: >-
                Every field is optional; null is the same as leaving a field out. State keys starting
                with `user:` need a user_id (422 otherwise), `app:` keys are shared by the app, `temp:`
                keys are dropped.
              type: object
              additionalProperties: false
              properties:
                id: {$ref: '#/components/schemas/NullableIdentifier'}
                app: {$ref: '#/components/schemas/NullableIdentifier', description: Open mode only; checked with a key.}
                user_id: {$ref: '#/components/schemas/OptionalIdentifier'}
                agent: {$ref: '#/components/schemas/OptionalIdentifier'}
                parent_id: {$ref: '#/components/schemas/NullableIdentifier'}
                phase: {$ref: '#/components/schemas/StartPhase'}
                resume_ready: {type: [boolean, 'null']}
                state: {$ref: '#/components/schemas/NullableJSONObject'}
                metadata: {$ref: '#/components/schemas/NullableJSONObject'}
                expires_at: {$ref: '#/components/schemas/Time'}
            NewSessionWithoutID:
              description: >-
                A session to create under the id of the path (PUT); the fields of NewSession without
                `id`. Null is the same as leaving a field out.
              type: object
              additionalProperties: false
              properties:
                app: {$ref: '#/components/schemas/NullableIdentifier', description: Open mode only; checked with a key.}
                user_id: {$ref: '#/components/schemas/OptionalIdentifier'}
                agent: {$ref: '#/components/schemas/OptionalIdentifier'}
                parent_id: {$ref: '#/components/schemas/NullableIdentifier'}
                phase: {$ref: '#/components/schemas/StartPhase'}
                resume_ready: {type: [boolean, 'null']}
                state: {$ref: '#/components/schemas/NullableJSONObject'}
                metadata: {$ref: '#/components/schemas/NullableJSONObject'}
                expires_at: {$ref: '#/components/schemas/Time'}
            SessionUpdate:
              description: >-
                Every field is optional; null is the same as leaving a field out. Moving out of a final
                phase, or finalizing a finalized session, is 409; `user:` state keys in a session without
                a user are 422.
              type: object
              additionalProperties: false
              properties:
                phase: {$ref: '#/components/schemas/Phase'}
                metadata: {$ref: '#/components/schemas/NullableJSONObject', description: Merged; a key set to null is removed.}
                state: {$ref: '#/components/schemas/NullableJSONObject', description: A delta; a key set to null is removed.}
                resume_ready: {type: [boolean, 'null']}
                error: {$ref: '#/components/schemas/Text', description: Records an error; the error count goes up by one.}
                expires_at: {$ref: '#/components/schemas/Time'}
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
                error_count: {type: integer, format: int64, minimum: 0}
                last_error: {type: [string, 'null']}
                resume_count: {type: integer, format: int64, minimum: 0}
                history: {type: array, items: {$ref: '#/components/schemas/PhaseTransition'}}
                version: {type: integer, format: int64, minimum: 1}
                expires_at: {type: [string, 'null'], format: date-time}
                last_sequence: {type: integer, format: int64, minimum: 0}
            PhaseTransition:
              type: object
              properties:
                from: {type: string}
                to: {type: string}
                at: {type: string, format: date-time}
            NewItem:
              type: object
              additionalProperties: false
              required: [content]
              properties:
                content: {$ref: '#/components/schemas/JSONObject', description: Kept and returned byte for byte.}
                item_id:
                  $ref: '#/components/schemas/NullableIdentifier'
                  description: >-
                    An item with a stored id and the same content (JSON text byte for byte) is a retry
                    and is not stored again; the same id with other content is a 409.
            Item:
              type: object
              required: [seq, item_id, created_at, content]
              properties:
                seq: {type: integer, format: int64, minimum: 1}
                item_id: {type: [string, 'null']}
                created_at: {type: string, format: date-time}
                content: {type: object}
            Statistics:
              type: object
              properties:
                session_count: {type: integer, format: int64, minimum: 0}
                active_count: {type: integer, format: int64, minimum: 0}
                counts_by_phase: {type: object, additionalProperties: {type: integer, format: int64, minimum: 0}}
                counts_by_outcome: {type: object, additionalProperties: {type: integer, format: int64, minimum: 0}}
                resumed_count: {type: integer, format: int64, minimum: 0}
                errored_count: {type: integer, format: int64, minimum: 0}
                resume_rate: {type: number}
                error_rate: {type: number}
                median_duration_seconds: {type: [number, 'null']}
                p95_duration_seconds: {type: [number, 'null']}
                item_count: {type: integer, format: int64, minimum: 0}
                item_bytes: {type: integer, format: int64, minimum: 0}
        """#
}
