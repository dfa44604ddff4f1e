/// Runs `body(0) ..< body(n - 1)`, possibly on several threads, and returns the results in index order. CIBCSV takes
/// its threads from the caller (e.g. CIBStatistics' `DeterministicParallel`), so that it depends on nothing.
public protocol ParallelMapper {
    func map<T: Sendable>(_ n: Int, _ body: @Sendable @escaping (Int) -> T) -> [T]
}

/// Everything on the calling thread.
public struct SerialMapper: ParallelMapper {
    public init() {}

    public func map<T: Sendable>(_ n: Int, _ body: @Sendable @escaping (Int) -> T) -> [T] { (0 ..< n).map(body) }
}
