/// How many tokens an item costs a model, when no one counted them.
///
/// The rule, the same in every store and client: one token per four bytes of the item's JSON
/// text (UTF-8), rounded up, and at least one. It is close to what the common tokenizers give
/// for English chat messages and JSON tool calls, and it never needs the model's tokenizer.
public enum TokenEstimate {
    /// The estimated tokens of an item's or summary's JSON text.
    public static func tokens(in document: JSONDocument) -> Int64 {
        tokens(bytes: document.byteCount)
    }

    /// The estimated tokens of a text of `bytes` UTF-8 bytes.
    public static func tokens(bytes: Int) -> Int64 {
        max(1, (Int64(bytes) + 3) / 4)
    }
}
