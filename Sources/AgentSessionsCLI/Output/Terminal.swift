import Foundation

/// What is known of the terminal standard output writes to.
enum Terminal {
    /// The width tables fit: `COLUMNS` when it is a positive number, else the terminal's own
    /// width, else `nil` (output to a pipe or a file is never cut).
    static func width(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
