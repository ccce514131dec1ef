extension OpenAPIDocument {
    /// The path of chatting with an agent.
    static let chatPaths = #"""
          /v1/chat/{id}:
            parameters:
              - $ref: '#/components/parameters/SessionID'
              - $ref: '#/components/parameters/App'
            post:
              operationId: chat
              summary: One turn of a conversation with an agent; the session is created when missing.
              description: |
                Runs the agent (`agent`, else the session's own agent, else the server's default agent)
                with the session's whole conversation, then stores the message and the reply as two items
                `{"role": "user" | "assistant", "content": "…"}`. Nothing is stored when the model fails.
                An agent whose session memory is `none` answers from the message alone and stores nothing.
                A session created for an agent the server does not run is answered by the agents file's
                `fallback_agent`, or refused with 422 (`unknown_agent`) when the file names none.
              parameters:
                - $ref: '#/components/parameters/IdempotencyKey'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [message]
                      properties:
                        message: {type: string, minLength: 1}
                        agent: {type: [string, 'null'], enum: [AGENT_NAMES, null], description: An agent of the agents file.}
                        user_id: {$ref: '#/components/schemas/OptionalIdentifier', description: The user of a session created by this turn.}
              responses:
                '200':
                  description: The agent's reply and the conversation's status.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [response, status]
                        properties:
                          response: {type: string}
                          status:
                            type: object
                            properties:
                              session_id: {type: string}
                              app: {type: string}
                              agent: {type: string, description: The agent that answered.}
                              fallback_agent: {type: boolean, description: Whether the fallback agent answered because the session's own agent is unknown.}
                              conversation_length: {type: integer, format: int64, minimum: 0, description: Messages in the conversation after this turn; 0 when the agent keeps nothing.}
                              session_managed: {type: boolean, description: Whether the conversation is kept between requests.}
                              memory: {type: string, enum: [sqlite, memory, none]}
                              created: {type: boolean, description: Whether this turn created the session.}
                              history_loaded: {type: boolean, description: Whether the agent read the conversation from the store for this turn.}
                              live_agents: {type: integer, format: int64, minimum: 0, description: Live agent instances in this server.}
                '400': {$ref: '#/components/responses/Error'}
                '401': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
                '413': {$ref: '#/components/responses/Error'}
                '422': {$ref: '#/components/responses/Error'}
                '502': {$ref: '#/components/responses/Error'}
                '503': {$ref: '#/components/responses/Error'}
                '504': {$ref: '#/components/responses/Error'}
        """#
}
