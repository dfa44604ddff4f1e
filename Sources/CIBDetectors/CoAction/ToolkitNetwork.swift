internal import CIBCSV
internal import Foundation

/// A coordination-network-toolkit CSV read for one network kind, in columns (see
/// ``CoordinationToolkitCSV/readNetworkInput(path:kind:normalization:tasks:)``).
public struct ToolkitNetworkInput: Sendable {
    let columns: ToolkitColumns

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
    /// Edge `i` is `source[i] → target[i]` (user numbers) with weight `weight[i]`.
    let source: [Int32]
    let target: [Int32]
    let weight: [Int32]

    public var count: Int { source.count }

    /// The edges as values.
    public var edges: [WeightedEdge] {
        let names = (0 ..< users.count).map { u in users.withKey(u) { String(decoding: $0, as: UTF8.self) } }
        return source.indices.map {
            WeightedEdge(source: names[Int(source[$0])], target: names[Int(target[$0])], weight: Int(weight[$0]))
        }
    }

    /// The toolkit's edge-list CSV (`output.output_gephi_csv`): header `source,target,weight,edge_type`, every field
    /// quoted, `""` for a quote, `\r\n` line ends.
    public func edgeListBytes() -> [UInt8] {
        // Each user's quoted field, rendered once into one arena.
        var fields: [UInt8] = []
        var fieldStart = [Int](repeating: 0, count: users.count + 1)
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
        }
        let header = Array("\"source\",\"target\",\"weight\",\"edge_type\"\r\n".utf8)
        let suffix = Array("\",\"\(kind.rawValue)\"\r\n".utf8)
        // The exact size first, then one pass writing through a pointer.
        var size = header.count
        for i in 0 ..< count {
            let s = Int(source[i]), t = Int(target[i])
            size += fieldStart[s + 1] - fieldStart[s] + fieldStart[t + 1] - fieldStart[t] + 3 + Self.digits(weight[i]) + suffix.count
        }
        return [UInt8](unsafeUninitializedCapacity: size) { out, written in
            var o = 0
            func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                UnsafeMutableRawPointer(out.baseAddress! + o).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
                o += bytes.count
            }
            header.withUnsafeBufferPointer(put)
            fields.withUnsafeBufferPointer { f in
                suffix.withUnsafeBufferPointer { suffix in
                    for i in 0 ..< count {
                        let s = Int(source[i]), t = Int(target[i])
                        put(UnsafeBufferPointer(rebasing: f[fieldStart[s] ..< fieldStart[s + 1]]))
                        out[o] = 0x2C
                        o += 1
                        put(UnsafeBufferPointer(rebasing: f[fieldStart[t] ..< fieldStart[t + 1]]))
                        out[o] = 0x2C
                        out[o + 1] = 0x22
                        o += 2
                        var w = Int(weight[i])
                        let n = Self.digits(weight[i])
                        for d in stride(from: n - 1, through: 0, by: -1) {
                            out[o + d] = UInt8(0x30 + w % 10)
                            w /= 10
                        }
                        o += n
                        put(suffix)
                    }
                }
            }
            precondition(o == size)
            written = size
        }
    }

    private static func digits(_ w: Int32) -> Int {
        var n = 1, v = w
        while v >= 10 {
            v /= 10
            n += 1
        }
        return n
    }

    /// Engine edges (sorted by source number, then target number) in the toolkit's order.
    init(_ edges: DirectedEdges, users: ByteInterner, kind: CoordinationKind) {
        self.kind = kind
        self.users = users
        let order = users.byteOrder()
        var rank = [Int32](repeating: 0, count: users.count)
        for (r, u) in order.enumerated() { rank[Int(u)] = Int32(r) }
        // Each source's edges are contiguous: visit sources in byte order, and sort each one's targets by rank.
        var sourceStart = [Int](repeating: 0, count: users.count + 1)
        for s in edges.source { sourceStart[Int(s) + 1] += 1 }
        for u in 0 ..< users.count { sourceStart[u + 1] += sourceStart[u] }
        var source: [Int32] = [], target: [Int32] = [], weight: [Int32] = []
        source.reserveCapacity(edges.edgeCount)
        target.reserveCapacity(edges.edgeCount)
        weight.reserveCapacity(edges.edgeCount)
        var run: [Int] = []
        for u in order {
            let from = sourceStart[Int(u)], to = sourceStart[Int(u) + 1]
            if from == to { continue }
            run.removeAll(keepingCapacity: true)
            run.append(contentsOf: from ..< to)
            run.sort { rank[Int(edges.target[$0])] < rank[Int(edges.target[$1])] }
            for i in run {
                source.append(u)
                target.append(edges.target[i])
                weight.append(edges.count[i])
            }
        }
        self.source = source
        self.target = target
        self.weight = weight
    }
}

extension CoordinationToolkitCSV {
    /// Reads a toolkit CSV file for the network `kind`, on up to `tasks` threads: the fast path of
    /// `ciblab coordination-network` (``ToolkitCSVReader``). Same semantics and errors as
    /// ``readMessages(path:normalization:)``; the result does not depend on `tasks`.
    public static func readNetworkInput(
        path: String, kind: CoordinationKind, normalization: ToolkitNormalization = .none, tasks: Int = 1
    ) throws(ToolkitCSVError) -> ToolkitNetworkInput {
        ToolkitNetworkInput(columns: try ToolkitCSVReader.read(path: path, kind: kind, normalization: normalization, tasks: tasks))
    }

    /// ``readNetworkInput(path:kind:normalization:tasks:)`` on bytes; `name` is used in error messages.
    public static func readNetworkInput(
        bytes: [UInt8], name: String, kind: CoordinationKind, normalization: ToolkitNormalization = .none, tasks: Int = 1
    ) throws(ToolkitCSVError) -> ToolkitNetworkInput {
        ToolkitNetworkInput(columns: try ToolkitCSVReader.read(
            bytes: bytes, name: name, kind: kind, normalization: normalization, tasks: tasks))
    }

    /// Writes ``ToolkitNetworkEdges/edgeListBytes()`` to `path` atomically (a temporary file renamed into place).
    public static func writeEdges(_ edges: ToolkitNetworkEdges, to path: String) throws(ToolkitCSVError) {
        var bytes = edges.edgeListBytes()
        do {
            try bytes.withUnsafeMutableBytes { buffer in
                try Data(bytesNoCopy: buffer.baseAddress!, count: buffer.count, deallocator: .none)
                    .write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        } catch {
            throw ToolkitCSVError(path: path, line: 0, message: "cannot write the edge list: \(error.localizedDescription)")
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
