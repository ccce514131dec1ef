import Foundation

/// The revision of the sources this benchmark was compiled from, for the report's header.
enum SourceRevision {
    /// `git describe --always --dirty` of the package this file was compiled in, such as
    /// `25452d6-dirty` (the working tree had uncommitted changes), or `unknown` outside a git
    /// checkout or without git.
    static func current(sourceFile: String = #filePath) -> String {
        let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "describe", "--always", "--dirty", "--abbrev=7"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "unknown"
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? "\(text) (\(root))" : "unknown (\(root))"
    }
}
