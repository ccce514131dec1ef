/// A non-sendable error's description, kept as the ``SessionStoreError/cause``.
package struct SendableDescription: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    package let description: String
    package let debugDescription: String

    package init(_ error: any Error) {
        self.description = String(describing: error)
        self.debugDescription = String(reflecting: error)
    }
}
