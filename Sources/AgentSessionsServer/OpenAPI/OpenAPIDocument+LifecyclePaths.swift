extension OpenAPIDocument {
    /// The paths of popping, forking, errors, finalizing, resuming, children, clean-up and statistics.
    static let lifecyclePaths = #"""
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
                      additionalProperties: false
                      properties:
                        through: {anyOf: [{$ref: '#/components/schemas/Count'}, {type: 'null'}], description: 'The last item to copy; all when left out. Beyond the session''s last_sequence is 409 (beyond_last_item).'}
                        id: {$ref: '#/components/schemas/NullableIdentifier'}
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
                      additionalProperties: false
                      required: [message]
                      properties:
                        message: {type: string, minLength: 1, pattern: '^[^\x00]*$'}
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
                      additionalProperties: false
                      required: [outcome]
                      properties:
                        outcome: {type: string, enum: [completed, failed, abandoned]}
                        summary: {$ref: '#/components/schemas/Text'}
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
          /v1/sessions/{id}/events:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            get:
              operationId: sessionEvents
              summary: Server-Sent Events of every change to the session, in order, until it is deleted.
              description: >-
                Opens with a `session` event (the session as it is), then the items after `after` or the
                `Last-Event-ID` header, then one event per change: `item` (its id is the item's sequence
                number; data is the item), `phase` (`{from, to, at, version}`), `finalized` (the session),
                `session` (the session, after other changes such as metadata or state), `items_removed`
                (`{sequences}`), `items_cleared` (`{count}`) and, last, `deleted` (`{id, app}`). Comment
                lines (`: heartbeat`) keep an idle stream open.
              parameters:
                - name: after
                  in: query
                  description: Send the items after this sequence number first (default, none).
                  schema: {$ref: '#/components/schemas/Count'}
                - name: Last-Event-ID
                  in: header
                  description: The id of the last event a reconnecting client received; like `after`.
                  schema: {type: string}
              responses:
                '200':
                  description: The event stream.
                  content:
                    text/event-stream:
                      schema: {type: string}
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
                      additionalProperties: false
                      properties:
                        id: {$ref: '#/components/schemas/NullableIdentifier'}
                        name: {$ref: '#/components/schemas/OptionalIdentifier', description: Prefix of the generated id and default agent.}
                        agent: {$ref: '#/components/schemas/OptionalIdentifier'}
                        state: {$ref: '#/components/schemas/NullableJSONObject'}
                        metadata: {$ref: '#/components/schemas/NullableJSONObject'}
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
                - {name: hours, in: query, required: true, schema: {type: number, minimum: 0, maximum: 1000000}}
              responses:
                '200':
                  description: How many sessions were deleted.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          deleted_sessions: {type: integer, format: int64, minimum: 0}
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
        """#
}
