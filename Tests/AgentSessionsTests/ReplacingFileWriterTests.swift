import AgentSessions
import AgentSessionsTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one write-then-rename rule: regular files are replaced, links followed, devices and
/// FIFOs written through.
struct ReplacingFileWriterTests {
    private func write(_ text: String, to path: String) throws {
        let file = try ReplacingFileWriter(path: path, temporaryPath: { $0 + ".partial" })
        try file.write(Array(text.utf8))
        try file.commit(sync: true)
    }

    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test func aRegularFileIsReplacedAndNoTemporaryFileStays() async throws {
        try await TemporaryDirectory.with { folder in
            let path = folder + "/out.txt"
            try "old".write(toFile: path, atomically: false, encoding: .utf8)
            try write("new", to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.txt"])
        }
    }

    @Test func aSymbolicLinkIsWrittenThroughToItsTarget() async throws {
        try await TemporaryDirectory.with { folder in
            let target = folder + "/target.txt"
            let link = folder + "/link.txt"
            try "old".write(toFile: target, atomically: false, encoding: .utf8)
            #expect(symlink(target, link) == 0)
            try write("through the link", to: link)
            #expect(fileType(link) == S_IFLNK, "the link is still a link")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "through the link")
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["target.txt", "link.txt"])
        }
    }

    @Test func aFIFOIsWrittenThroughNotReplaced() async throws {
        try await TemporaryDirectory.with { folder in
            let fifo = folder + "/pipe"
            #expect(mkfifo(fifo, 0o600) == 0)
            // The read end first (non-blocking), so opening the write end does not wait.
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            try #require(reader >= 0)
            defer { close(reader) }
            try write("into the pipe", to: fifo)
            #expect(fileType(fifo) == S_IFIFO, "the FIFO is still a FIFO")
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(reader, &buffer, buffer.count)
            #expect(count == 13 && String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "into the pipe")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["pipe"])
        }
    }

    @Test func aLinkToAFIFOIsWrittenThroughToTheFIFO() async throws {
        try await TemporaryDirectory.with { folder in
            let fifo = folder + "/pipe"
            let link = folder + "/link"
            #expect(mkfifo(fifo, 0o600) == 0)
            #expect(symlink(fifo, link) == 0)
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            try #require(reader >= 0)
            defer { close(reader) }
            try write("x", to: link)
            #expect(fileType(fifo) == S_IFIFO && fileType(link) == S_IFLNK)
            var byte: UInt8 = 0
            #expect(read(reader, &byte, 1) == 1 && byte == UInt8(ascii: "x"))
        }
    }

    @Test func aCharacterDeviceIsWrittenThrough() async throws {
        // /dev/null only: writing to it is harmless, and it must still be the device afterwards.
        try write("discarded", to: "/dev/null")
        #expect(fileType("/dev/null") == S_IFCHR)
    }
}
