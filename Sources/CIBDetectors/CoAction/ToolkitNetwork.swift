internal import CIBCSV
internal import Dispatch
internal import CKernels
internal import CIBStatistics

/// A coordination-network-toolkit CSV read for one network kind, in columns (see
/// ``CoordinationToolkitCSV/readNetworkInput(path:kind:normalization:tasks:)``).
public struct ToolkitNetworkInput: Sendable {
    var columns: ToolkitColumns

    public var kind: CoordinationKind { columns.kind }
    /// Rows of the file after the header.
    public var rowCount: Int { columns.rowCount }
    /// Distinct user ids.
    public var userCount: Int { columns.users.count }
}

/// The edges of a coordination network, in the toolkit's order: source, then target, by UTF-8 bytes.
public struct ToolkitNetworkEdges: Sendable {
    public let kind: CoordinationKind
    /// User ids in byte order (``ToolkitColumns/users``).
    let users: ByteInterner
    /// The engine's edges in parts (each sorted by (source, target) user number, parts in source order): with users
    /// numbered in byte order, the toolkit's order. Only `source`, `target` and `count` are read.
    let parts: [DirectedEdges]

    public var count: Int { parts.reduce(0) { $0 + $1.edgeCount } }

    /// The edges as values, in order.
    public var edges: [WeightedEdge] {
        let names = (0 ..< users.count).map { u in users.withKey(u) { String(decoding: $0, as: UTF8.self) } }
        return parts.flatMap { part in
            (0 ..< part.edgeCount).map { i in
                WeightedEdge(source: names[Int(part.source[i])], target: names[Int(part.target[i])],
                             weight: Int(part.count[i]))
            }
        }
    }

    /// Engine edges (sorted by source number, then target number) over `users`, which must be numbered in byte order
    /// (as ``ToolkitColumns`` numbers them): the edges are then already in the toolkit's order, and are taken over.
    init(_ edges: consuming DirectedEdges, users: ByteInterner, kind: CoordinationKind) {
        self.init(parts: [edges], users: users, kind: kind)
    }

    /// ``init(_:users:kind:)`` for the engine's parts (``CoActionEngine/runParts(_:_:timings:)``), not concatenated.
    init(parts: consuming [DirectedEdges], users: ByteInterner, kind: CoordinationKind) {
        self.kind = kind
        self.users = users
        self.parts = parts
    }

    /// The toolkit's edge-list CSV (`output.output_gephi_csv`): header `source,target,weight,edge_type`, every field
    /// quoted, `""` for a quote, `\r\n` line ends.
    public func edgeListBytes(tasks: Int = 1) -> [UInt8] {
        var out: [UInt8] = []
        emit(tasks: tasks) { out.append(contentsOf: $0) }
        return out
    }

    /// How many edges ahead a target's field is prefetched.
    static let prefetchDistance = 16

    /// The number of edges rendered per block: blocks are rendered in parallel and handed to the sink in order.
    static let blockEdges = 1 << 16

    /// Hands the edge list to `sink` in blocks (the header, then the rendering of ``blockEdges`` edges at a time),
    /// rendered on up to `tasks` threads; the bytes do not depend on `tasks`.
    func emit<E: Error>(tasks: Int = 1, _ sink: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        let fields = QuotedFields(users)
        let header = Array("\"source\",\"target\",\"weight\",\"edge_type\"\r\n".utf8)
        var headerBlock = RenderedBlock(capacity: header.count)
        defer { headerBlock.deallocate() }
        header.withUnsafeBufferPointer { headerBlock.put($0.baseAddress!, $0.count) }
        try sink(UnsafeRawBufferPointer(start: headerBlock.base, count: headerBlock.count))
        let suffix = Array("\",\"\(kind.rawValue)\"\r\n".utf8)
        // Blocks: each part cut every blockEdges edges (the bytes do not depend on where blocks are cut).
        var blocks: [(part: Int, range: Range<Int>)] = []
        for (p, part) in parts.enumerated() {
            for from in stride(from: 0, to: part.edgeCount, by: Self.blockEdges) {
                blocks.append((p, from ..< min(part.edgeCount, from + Self.blockEdges)))
            }
        }
        // Waves of a few blocks per thread: memory stays at two waves whatever the number of edges. Each wave is
        // rendered on other threads while the calling thread hands the previous one to the sink, so that writing (a
        // kernel copy into the page cache, one thread) overlaps rendering.
        let wave = 4 * max(1, tasks)
        let parts = self.parts
        let frozenBlocks = blocks
        var pending: [RenderedBlock] = []
        defer { for block in pending { block.deallocate() } }
        var first = 0
        while first < blocks.count || !pending.isEmpty {
            let waveStart = first, waveCount = min(wave, blocks.count - first)
            let rendering = RenderedWave()
            let group = DispatchGroup()
            if waveCount > 0 {
                DispatchQueue.global().async(group: group) {
                    rendering.blocks = DeterministicParallel.map(chunks: waveCount, tasks: max(1, tasks)) { b -> RenderedBlock in
                        let block = frozenBlocks[waveStart + b]
                        return Self.render(parts[block.part], block.range, fields: fields, suffix: suffix)
                    }
                }
            }
            do {
                defer {
                    group.wait()
                    for block in pending { block.deallocate() }
                    pending = rendering.blocks
                }
                for block in pending { try sink(UnsafeRawBufferPointer(start: block.base, count: block.count)) }
            }
            first += waveCount
        }
    }

    /// Lines of edges `range` of `part`.
    private static func render(
        _ part: DirectedEdges, _ range: Range<Int>, fields: QuotedFields, suffix: [UInt8]
    ) -> RenderedBlock {
        var block = RenderedBlock(capacity: max(1 << 16, range.count * 48))
        fields.bytes.withUnsafeBufferPointer { f in
            fields.start.withUnsafeBufferPointer { start in
                suffix.withUnsafeBufferPointer { suffix in
                    part.source.withUnsafeBufferPointer { source in
                        part.target.withUnsafeBufferPointer { target in
                            part.count.withUnsafeBufferPointer { weight in
                                let ahead = Self.prefetchDistance
                                for i in range {
                                    // Targets are users at random: their field offsets are fetched two distances
                                    // ahead and their bytes one distance ahead, so misses overlap.
                                    if i + 2 * ahead < target.count {
                                        cib_prefetch(start.baseAddress! + Int(target[i + 2 * ahead]))
                                    }
                                    if i + ahead < target.count { cib_prefetch(f.baseAddress! + start[Int(target[i + ahead])]) }
                                    let s = Int(source[i]), t = Int(target[i])
                                    let sFrom = start[s], sCount = start[s + 1] - sFrom
                                    let tFrom = start[t], tCount = start[t + 1] - tFrom
                                    block.reserve(sCount + tCount + 3 + 10 + suffix.count)
                                    block.put(f.baseAddress! + sFrom, sCount)
                                    block.put(0x2C)
                                    block.put(f.baseAddress! + tFrom, tCount)
                                    block.put(0x2C)
                                    block.put(0x22)
                                    block.putDecimal(Int(weight[i]))
                                    block.put(suffix.baseAddress!, suffix.count)
                                }
                            }
                        }
                    }
                }
            }
        }
        return block
    }
}

/// A wave of rendered blocks, handed from the rendering thread to the writing one (after `DispatchGroup.wait`).
private final class RenderedWave: @unchecked Sendable {
    var blocks: [RenderedBlock] = []
}

/// Each user's id as a quoted CSV field (`"` doubled), end to end: user `u`'s field is `bytes[start[u] ..< start[u + 1]]`.
private struct QuotedFields: Sendable {
    var bytes: [UInt8] = []
    var start: [Int]

    init(_ users: ByteInterner) {
        start = [Int](repeating: 0, count: users.count + 1)
        for u in 0 ..< users.count {
            users.withKey(u) { key in
                bytes.append(0x22)
                for b in key {
                    bytes.append(b)
                    if b == 0x22 { bytes.append(0x22) }
                }
                bytes.append(0x22)
            }
            start[u + 1] = bytes.count
        }
    }
}

/// A growable byte buffer that edge lines are rendered into (no per-line allocation, no bounds checks per byte).
private struct RenderedBlock: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }

    /// Makes room for `bytes` more bytes.
    @inline(__always)
    mutating func reserve(_ bytes: Int) {
        if count + bytes > capacity {
            let larger = max(2 * capacity, count + bytes)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            grown.update(from: base, count: count)
            base.deallocate()
            base = grown
            capacity = larger
        }
    }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func put(_ bytes: UnsafePointer<UInt8>, _ n: Int) {
        // Fields are short: a byte loop beats a call to memmove for each.
        if n <= 32 {
            for j in 0 ..< n { base[count + j] = bytes[j] }
        } else {
            (base + count).update(from: bytes, count: n)
        }
        count += n
    }

    /// The decimal digits of `value` (non-negative, at most 10 digits).
    @inline(__always)
    mutating func putDecimal(_ value: Int) {
        var w = value
        var n = 1
        var limit = 10
        while w >= limit && n < 10 {
            n += 1
            limit *= 10
        }
        for d in stride(from: n - 1, through: 0, by: -1) {
            base[count + d] = UInt8(0x30 + w % 10)
            w /= 10
        }
        count += n
    }
}

extension CoordinationToolkitCSV {
    /// Reads a toolkit CSV file for the network `kind`, on up to `tasks` threads: the fast path of
    /// `ciblab coordination-network` (``ToolkitCSVReader``). Same semantics and errors as
    /// ``readMessages(path:normalization:)``; the result does not depend on `tasks`.
    public static func readNetworkInput(
        path: String, kind: CoordinationKind, normalization: ToolkitNormalization = .none, tasks: Int = 1,
        timings: PhaseTimings? = nil
    ) throws(ToolkitCSVError) -> ToolkitNetworkInput {
        ToolkitNetworkInput(columns: try ToolkitCSVReader.read(
            path: path, kind: kind, normalization: normalization, tasks: tasks, timings: timings))
    }

    /// ``readNetworkInput(path:kind:normalization:tasks:)`` on bytes; `name` is used in error messages.
    public static func readNetworkInput(
        bytes: [UInt8], name: String, kind: CoordinationKind, normalization: ToolkitNormalization = .none, tasks: Int = 1
    ) throws(ToolkitCSVError) -> ToolkitNetworkInput {
        ToolkitNetworkInput(columns: try ToolkitCSVReader.read(
            bytes: bytes, name: name, kind: kind, normalization: normalization, tasks: tasks))
    }

    /// Writes the edge list of `edges` to `path` in blocks (rendered on up to `tasks` threads, the same bytes for any
    /// number), under a temporary name renamed into place when complete.
    public static func writeEdges(
        _ edges: ToolkitNetworkEdges, to path: String, tasks: Int = 1, timings: PhaseTimings? = nil
    ) throws(ToolkitCSVError) {
        do {
            let writer = try AtomicFileWriter(path: path)
            try edges.emit(tasks: tasks) { (block: UnsafeRawBufferPointer) throws(CSVFileError) in try writer.append(block) }
            try writer.finish()
            timings.mark("write edge list")
        } catch {
            throw ToolkitCSVError(path: path, line: 0, message: "cannot write the edge list: \(error.message)")
        }
    }
}

/// The coordination network of a CSV read with ``CoordinationToolkitCSV/readNetworkInput(path:kind:normalization:tasks:)``:
/// the same edges as ``coordinationNetwork(messages:kind:window:minWeight:includeSelfLoops:tasks:)`` on its messages.
public func coordinationNetwork(
    _ input: ToolkitNetworkInput, window: Double, minWeight: Int, includeSelfLoops: Bool = false, tasks: Int = 1
) -> ToolkitNetworkEdges {
    var options = CoActionOptions<Double>(window: window)
    options.minCount = max(1, minWeight)
    options.includeSelfLoops = includeSelfLoops
    options.tasks = max(1, tasks)
    options.countMatched = false
    options.edgeWeights = false
    return ToolkitNetworkEdges(
        parts: CoActionEngine.runParts(coordinationInput(input.columns), options), users: input.columns.users,
        kind: input.kind)
}

/// ``coordinationNetwork(_:window:minWeight:includeSelfLoops:tasks:)`` that empties `input` as soon as the engine's
/// input is built, so that the columns and the engine's arrays are not held at once (peak memory on large files).
public func coordinationNetwork(
    consuming input: inout ToolkitNetworkInput, window: Double, minWeight: Int, includeSelfLoops: Bool = false,
    tasks: Int = 1, timings: PhaseTimings? = nil
) -> ToolkitNetworkEdges {
    var options = CoActionOptions<Double>(window: window)
    options.minCount = max(1, minWeight)
    options.includeSelfLoops = includeSelfLoops
    options.tasks = max(1, tasks)
    options.countMatched = false
    options.edgeWeights = false
    let kind = input.kind
    let users = input.columns.users
    let engineInput = coordinationInput(input.columns)
    input.columns = ToolkitColumns(kind: kind)
    timings.mark("toolkit deduplication")
    return ToolkitNetworkEdges(parts: CoActionEngine.runParts(engineInput, options, timings: timings), users: users, kind: kind)
}
