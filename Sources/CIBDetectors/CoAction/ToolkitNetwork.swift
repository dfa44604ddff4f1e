internal import CIBCSV

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
    let users: ByteInterner
    /// The engine's edges, grouped by source (user number); each source's run sorted by the target's byte rank.
    let source: [Int32]
    let target: [Int32]
    let weight: [Int32]
    /// Users in byte order, and where each user's run of edges starts (by user number).
    let order: [Int32]
    let runStart: [Int]

    public var count: Int { source.count }

    /// The edges as values, in order.
    public var edges: [WeightedEdge] {
        let names = (0 ..< users.count).map { u in users.withKey(u) { String(decoding: $0, as: UTF8.self) } }
        var out: [WeightedEdge] = []
        out.reserveCapacity(count)
        for u in order {
            for i in runStart[Int(u)] ..< runStart[Int(u) + 1] {
                out.append(WeightedEdge(source: names[Int(u)], target: names[Int(target[i])], weight: Int(weight[i])))
            }
        }
        return out
    }

    /// Engine edges (sorted by source number, then target number) in the toolkit's order. Takes the edges' arrays
    /// over: the toolkit's order is made by sorting each source's run in place.
    init(_ edges: consuming DirectedEdges, users: ByteInterner, kind: CoordinationKind) {
        self.kind = kind
        self.users = users
        var e = edges
        e.weight = []
        let order = users.byteOrder()
        var rank = [Int32](repeating: 0, count: users.count)
        for (r, u) in order.enumerated() { rank[Int(u)] = Int32(r) }
        var runStart = [Int](repeating: 0, count: users.count + 1)
        for s in e.source { runStart[Int(s) + 1] += 1 }
        for u in 0 ..< users.count { runStart[u + 1] += runStart[u] }
        var run: [(rank: Int32, target: Int32, weight: Int32)] = []
        for u in 0 ..< users.count where runStart[u + 1] - runStart[u] > 1 {
            let from = runStart[u], to = runStart[u + 1]
            run.removeAll(keepingCapacity: true)
            for i in from ..< to { run.append((rank[Int(e.target[i])], e.target[i], e.count[i])) }
            run.sort { $0.rank < $1.rank }
            for (j, r) in run.enumerated() {
                e.target[from + j] = r.target
                e.count[from + j] = r.weight
            }
        }
        source = e.source
        target = e.target
        weight = e.count
        self.order = order
        self.runStart = runStart
    }

    /// The toolkit's edge-list CSV (`output.output_gephi_csv`): header `source,target,weight,edge_type`, every field
    /// quoted, `""` for a quote, `\r\n` line ends.
    public func edgeListBytes() -> [UInt8] {
        var out: [UInt8] = []
        emit { out.append(contentsOf: $0) }
        return out
    }

    /// Hands the edge list to `sink` in blocks of about a megabyte.
    func emit<E: Error>(_ sink: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        // Each user's quoted field, rendered once into one arena.
        var fields: [UInt8] = []
        var fieldStart = [Int](repeating: 0, count: users.count + 1)
        var longest = 0
        for u in 0 ..< users.count {
            users.withKey(u) { bytes in
                fields.append(0x22)
                for b in bytes {
                    fields.append(b)
                    if b == 0x22 { fields.append(0x22) }
                }
                fields.append(0x22)
            }
            fieldStart[u + 1] = fields.count
            longest = max(longest, fields.count - fieldStart[u])
        }
        let header = Array("\"source\",\"target\",\"weight\",\"edge_type\"\r\n".utf8)
        let suffix = Array("\",\"\(kind.rawValue)\"\r\n".utf8)
        let longestLine = max(header.count, 2 * longest + 3 + 11 + suffix.count)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1 << 20, 2 * longestLine), alignment: 16)
        defer { block.deallocate() }
        let out = block.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var o = 0
        func put(_ bytes: UnsafeBufferPointer<UInt8>) {
            // Fields are short: a byte loop beats a call to memmove for each.
            if bytes.count <= 32 {
                for j in 0 ..< bytes.count { out[o + j] = bytes[j] }
            } else {
                (block.baseAddress! + o).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            }
            o += bytes.count
        }
        header.withUnsafeBufferPointer(put)
        try fields.withUnsafeBufferPointer { (f: UnsafeBufferPointer<UInt8>) throws(E) in
            try suffix.withUnsafeBufferPointer { (suffix: UnsafeBufferPointer<UInt8>) throws(E) in
                for u in order {
                    let s = Int(u)
                    let sourceField = UnsafeBufferPointer(rebasing: f[fieldStart[s] ..< fieldStart[s + 1]])
                    for i in runStart[s] ..< runStart[s + 1] {
                        if block.count - o < longestLine {
                            try sink(UnsafeRawBufferPointer(rebasing: block[0 ..< o]))
                            o = 0
                        }
                        let t = Int(target[i])
                        put(sourceField)
                        out[o] = 0x2C
                        o += 1
                        put(UnsafeBufferPointer(rebasing: f[fieldStart[t] ..< fieldStart[t + 1]]))
                        out[o] = 0x2C
                        out[o + 1] = 0x22
                        o += 2
                        var w = Int(weight[i])
                        var n = 1
                        while w >= Self.powersOfTen[n] { n += 1 }
                        for d in stride(from: n - 1, through: 0, by: -1) {
                            out[o + d] = UInt8(0x30 + w % 10)
                            w /= 10
                        }
                        o += n
                        put(suffix)
                    }
                }
            }
        }
        try sink(UnsafeRawBufferPointer(rebasing: block[0 ..< o]))
    }

    private static let powersOfTen: [Int] = (0 ... 10).map { e in (0 ..< e).reduce(1) { acc, _ in acc * 10 } }
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

    /// Writes the edge list of `edges` to `path` in blocks, under a temporary name renamed into place when complete.
    public static func writeEdges(
        _ edges: ToolkitNetworkEdges, to path: String, timings: PhaseTimings? = nil
    ) throws(ToolkitCSVError) {
        do {
            let writer = try AtomicFileWriter(path: path)
            try edges.emit { (block: UnsafeRawBufferPointer) throws(CSVFileError) in try writer.append(block) }
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
    let edges = CoActionEngine.run(coordinationInput(input.columns), options)
    return ToolkitNetworkEdges(edges, users: input.columns.users, kind: input.kind)
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
    let kind = input.kind
    let users = input.columns.users
    let engineInput = coordinationInput(input.columns)
    input.columns = ToolkitColumns(kind: kind)
    timings.mark("toolkit deduplication")
    let edges = CoActionEngine.run(engineInput, options, timings: timings)
    let result = ToolkitNetworkEdges(edges, users: users, kind: kind)
    timings.mark("edges in the toolkit's order")
    return result
}
