import ArgumentParser

/// The exit codes of `agent-sessions`, documented in the root command's help.
///
/// | Code | Meaning |
/// |---|---|
/// | 0 | success (`should-resume`: resume) |
/// | 1 | general failure |
/// | 2 | usage error: unknown or malformed flag, missing argument, conflicting flags |
/// | 3 | not found: the session does not exist |
/// | 4 | conflict: already exists, version conflict, already finalized |
/// | 5 | invalid input: a bad id, JSON text, phase, outcome or cursor |
/// | 6 | storage unavailable, corrupted, or written by a newer version |
/// | 10 | `should-resume` only: the session exists but should not be resumed |
extension ExitCode {
    /// 2: the command line could not be parsed or failed validation.
    ///
    /// ArgumentParser itself exits with `EX_USAGE` (64); the root command maps that to 2, the
    /// usual code for usage errors of command-line tools.
    static let usage = ExitCode(2)
    /// 3: the session (or the parent named by `--parent`) does not exist.
    static let notFound = ExitCode(3)
    /// 4: the id is taken, the expected version is stale, or the session is already finalized.
    static let conflict = ExitCode(4)
    /// 5: a value given on the command line or stdin is malformed: id, JSON, phase, outcome, cursor.
    static let invalidInput = ExitCode(5)
    /// 6: the database cannot be opened or read, is corrupted, or has a newer schema.
    static let storage = ExitCode(6)
    /// 10: `should-resume` decided not to resume an existing session.
    static let doNotResume = ExitCode(10)
}
