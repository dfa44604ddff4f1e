/// What a chunk parser reports to ``CSVChunks/parse(base:count:from:chunkBytes:slackBytes:mapper:parse:)``.
public protocol CSVChunkResult: Sendable {
    /// Where the chunk's first record starts (the position it was asked to start at).
    var start: Int { get }
    /// Where the first record at or after the chunk's end starts: the next chunk's true start. Only meaningful when
    /// ``complete`` and not ``failed``.
    var stop: Int { get }
    /// False when the chunk gave up because a record ran past its view (only ever for a speculative chunk).
    var complete: Bool { get }
    /// True when the chunk found bad input; parsing stops at the first such chunk in file order.
    var failed: Bool { get }
}

/// Splits CSV input into chunks at record boundaries, for parsing on several threads, without a serial pass over
/// the bytes and without being fooled by line breaks inside quoted fields.
///
/// A line break is not a safe place to cut: it may be inside a quoted field, and in Python's dialect a quote is
/// special only at the start of a field, so counting quotes does not tell either. So the cut is speculative and
/// verified (the approach of speculative parallel CSV parsing, e.g. Ge et al., "Speculative Distributed CSV Data
/// Parsing for Big Data Analytics", SIGMOD 2019):
///
/// 1. the input is cut every `chunkBytes` bytes, each cut moved to the next line start; every chunk is parsed in
///    parallel as if its first line started a record, over a view that ends `slackBytes` after its end (a chunk that
///    started inside a quoted field could otherwise run to the end of the file);
/// 2. chunk `i` parses the records that start before chunk `i + 1`'s guessed start and reports where the first
///    record at or after it starts (``CSVChunkResult/stop``). Chunk 0 starts at a known record start, so by induction
///    a chunk whose start equals its predecessor's stop started at a true record boundary and parsed exactly what a
///    serial parser would;
/// 3. chunks that fail this check are parsed again from their predecessor's stop (all such chunks at once, in
///    parallel), until the chain of verified chunks reaches the end or a chunk reporting bad input.
///
/// The chunks, and so the results, depend only on the input and `chunkBytes`, never on the number of threads.
public enum CSVChunks {
    /// Parses `0 ..< count` from record start `from` in chunks and returns the verified chunks in file order: every
    /// chunk up to the end of the input, or up to and including the first that ``CSVChunkResult/failed``.
    ///
    /// - Parameters:
    ///   - mapper: the threads to parse on.
    ///   - parse: `parse(start, end, viewEnd)` parses the records that start in `start ..< end`, reading no byte at
    ///     or after `viewEnd` (`viewEnd == count` means the whole input: then it may not give up).
    public static func parse<Chunk: CSVChunkResult>(
        base: UnsafePointer<UInt8>, count: Int, from: Int, chunkBytes: Int, slackBytes: Int,
        mapper: some ParallelMapper,
        parse: @Sendable @escaping (_ start: Int, _ end: Int, _ viewEnd: Int) -> Chunk
    ) -> [Chunk] {
        precondition(chunkBytes >= 1 && slackBytes >= 0 && from >= 0 && from <= count)
        // Guessed starts: `from`, then every chunkBytes moved to the next line start, strictly increasing.
        var starts = [from]
        var cut = from + chunkBytes
        while cut < count {
            var p = cut
            while !PythonCSVScanner.isLineStart(p, base: base, count: count) { p += 1 }
            if p < count && p > starts[starts.count - 1] { starts.append(p) }
            cut = max(p, cut) + chunkBytes
        }
        let ends = Array(starts.dropFirst()) + [count]
        let frozenStarts = starts
        let view: @Sendable (Int, Bool) -> Int = { end, speculative in speculative ? min(count, end + slackBytes) : count }
        var results = mapper.map(starts.count) { i in
            parse(frozenStarts[i], ends[i], view(ends[i], i > 0))
        }
        var verified = 0
        var expected = from
        while true {
            while verified < results.count {
                let r = results[verified]
                guard r.start == expected, r.complete else { break }
                if r.failed { return Array(results[...verified]) }
                expected = r.stop
                verified += 1
            }
            if verified == results.count { return results }
            // The first unverified chunk starts at `expected` for certain: parse it over the whole input. Later chunks
            // whose guess disagrees with their predecessor's stop are tried again from that stop, speculatively.
            var jobs: [(chunk: Int, start: Int, speculative: Bool)] = [(verified, expected, false)]
            for j in verified + 1 ..< results.count {
                let previous = results[j - 1]
                if previous.complete && !previous.failed && previous.stop != results[j].start {
                    jobs.append((j, previous.stop, true))
                }
            }
            let frozenJobs = jobs
            let redone = mapper.map(jobs.count) { k in
                let job = frozenJobs[k]
                let end = max(job.start, ends[job.chunk])
                return parse(job.start, end, view(end, job.speculative))
            }
            for (k, job) in jobs.enumerated() { results[job.chunk] = redone[k] }
        }
    }
}
