/// The tags of `--tags a,b,c`: separated by commas; an empty text is no tags.
enum TagList {
    /// The tags in `text`, in the order given (the store sorts them and checks each).
    static func parse(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
}
