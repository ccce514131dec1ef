import ChildProcessSupport
import Foundation

/// The revision of the sources this benchmark was compiled from, for the report's header.
enum SourceRevision {
    /// `git describe --always --dirty` of the package this file was compiled in, such as
    /// `25452d6-dirty` (the working tree had uncommitted changes), or `unknown` outside a git
    /// checkout or without git.
    static func current(sourceFile: String = #filePath) async -> String {
        let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let described = try? await ChildProcess.run(
            "/usr/bin/env",
            ["git", "-C", root, "describe", "--always", "--dirty", "--abbrev=7"]
        )
        let text = described?.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return described?.status == 0 && !text.isEmpty ? "\(text) (\(root))" : "unknown (\(root))"
    }
}
