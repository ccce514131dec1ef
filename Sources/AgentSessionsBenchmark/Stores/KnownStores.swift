/// Every store the benchmark can run, in the order they run (`--stores` picks among them).
enum KnownStores {
    /// The factories of the known stores.
    static let all: [any StoreFactory] = [
        SQLiteStoreFactory(), FileStoreFactory(), FileStoreFactory(syncsToDisk: false), InMemoryStoreFactory(),
        HTTPStoreFactory(),
    ]
}
