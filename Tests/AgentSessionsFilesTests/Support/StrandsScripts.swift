/// The Python side of the interchange tests: Strands' own `Agent` and `FileSessionManager`, no
/// model calls (an agent is only built and restored, as Strands' own tests do).
enum StrandsScripts {
    /// `write STORAGE_DIR SESSION_ID`: an agent with state and three messages, then a fourth
    /// message appended and the state changed through the session manager.
    static let write = #"""
        import json, sys
        from strands import Agent
        from strands.session.file_session_manager import FileSessionManager
        storage, session_id = sys.argv[1], sys.argv[2]
        manager = FileSessionManager(session_id=session_id, storage_dir=storage)
        agent = Agent(
            agent_id="writer",
            session_manager=manager,
            state={"step": 2, "plan": {"approved": False, "cost": 12.5}},
            messages=[
                {"role": "user", "content": [{"text": "Plan the VPC"}]},
                {"role": "assistant", "content": [{"text": "Three subnets — ünïcode kept"}]},
                {"role": "user", "content": [{"text": "Approve"}]},
            ],
        )
        manager.append_message({"role": "assistant", "content": [{"text": "Applied"}]}, agent)
        agent.state.set("step", 3)
        manager.sync_agent(agent)
        print(json.dumps({"messages": len(agent.messages)}))
        """#

    /// `read STORAGE_DIR SESSION_ID AGENT_ID`: restores an agent from the session, as an app does
    /// on its next request, and prints what it sees.
    static let read = #"""
        import json, sys
        from strands import Agent
        from strands.session.file_session_manager import FileSessionManager
        storage, session_id, agent_id = sys.argv[1], sys.argv[2], sys.argv[3]
        manager = FileSessionManager(session_id=session_id, storage_dir=storage)
        session = manager.read_session(session_id)
        agent = Agent(agent_id=agent_id, session_manager=manager)
        listed = manager.list_messages(session_id, agent_id)
        print(json.dumps({
            "session": session.to_dict(),
            "messages": agent.messages,
            "state": agent.state.get(),
            "message_ids": [message.message_id for message in listed],
        }, ensure_ascii=False))
        """#

    /// `append STORAGE_DIR SESSION_ID AGENT_ID TEXT`: restores the agent and appends one user
    /// message through the session manager, as Strands does during a conversation.
    static let append = #"""
        import json, sys
        from strands import Agent
        from strands.session.file_session_manager import FileSessionManager
        storage, session_id, agent_id, text = sys.argv[1:5]
        manager = FileSessionManager(session_id=session_id, storage_dir=storage)
        agent = Agent(agent_id=agent_id, session_manager=manager)
        message = {"role": "user", "content": [{"text": text}]}
        agent.messages.append(message)
        manager.append_message(message, agent)
        print(json.dumps({"messages": len(agent.messages)}))
        """#
}
