import AgentSessionsEncryption
import Foundation
import Testing

/// Reading keyrings from text, and refusing what is not a 256-bit key.
@Suite("EncryptionKeyring")
struct EncryptionKeyringTests {
    @Test func parsesEntriesTheCurrentFirst() throws {
        let text = "# keys\n\(TestKeys.entry("k2", fill: 2))\n\n\(TestKeys.entry("k1", fill: 1))\n"
        let ring = try EncryptionKeyring(parsing: text, source: "keys.txt")
        #expect(ring.keys.map(\.id) == ["k2", "k1"])
        #expect(ring.current.id == "k2")
        let commas = try EncryptionKeyring(
            parsing: "\(TestKeys.entry("b", fill: 2)), \(TestKeys.entry("a", fill: 1))",
            source: "ENV"
        )
        #expect(commas.keys.map(\.id) == ["b", "a"])
    }

    @Test(arguments: [16, 24, 31, 33, 64])
    func refusesKeysThatAreNot256Bits(_ count: Int) throws {
        let entry = "short:" + [UInt8](repeating: 5, count: count).base64
        let error = try #require(throws: EncryptionConfigurationError.self) {
            try EncryptionKeyring(parsing: entry, source: "ENV")
        }
        #expect(error.message.contains("key 'short' is \(count * 8) bits"))
        #expect(error.message.contains("256-bit"))
        #expect(!error.message.contains([UInt8](repeating: 5, count: count).base64))
    }

    @Test(arguments: ["", "# only a comment", "nocolon", "k1:not base64!", "bad id:AAAA", ":AAAA"])
    func refusesMalformedText(_ text: String) {
        #expect(throws: EncryptionConfigurationError.self) { try EncryptionKeyring(parsing: text, source: "ENV") }
    }

    @Test func refusesARepeatedID() {
        let text = "\(TestKeys.entry("k1", fill: 1)),\(TestKeys.entry("k1", fill: 2))"
        #expect(
            throws: EncryptionConfigurationError("ENV: encryption key id 'k1' appears twice; give each key its own id")
        ) {
            try EncryptionKeyring(parsing: text, source: "ENV")
        }
    }

    @Test func aKeyDescribesItselfByIDOnly() throws {
        let key = try TestKeys.key("k1", fill: 0x41)
        #expect("\(key)" == "EncryptionKeyring.Key(id: k1)")
    }
}

extension [UInt8] {
    fileprivate var base64: String { Data(self).base64EncodedString() }
}
