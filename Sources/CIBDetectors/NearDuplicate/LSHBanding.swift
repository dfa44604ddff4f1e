internal import Foundation

/// The banding of a MinHash signature into `bands` bands of `rows` rows (Indyk & Motwani, STOC 1998; Leskovec,
/// Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3.4): two texts become candidates when all `rows` minima of at
/// least one band agree, which happens with probability `1 − (1 − J^rows)^bands` for Jaccard similarity `J`.
public struct LSHBanding: Sendable, Equatable, CustomStringConvertible {
    public var bands: Int
    public var rows: Int

    public init(bands: Int, rows: Int) {
        precondition(bands >= 1 && rows >= 1, "LSH needs at least one band and one row")
        self.bands = bands
        self.rows = rows
    }

    public var hashCount: Int { bands * rows }

    /// Probability that a pair at Jaccard `j` shares at least one band.
    public func candidateProbability(_ j: Double) -> Double {
        1 - pow(1 - pow(j, Double(rows)), Double(bands))
    }

    public var description: String { "\(bands) bands × \(rows) rows" }

    /// The cheapest banding (fewest hash functions) that finds pairs at Jaccard `threshold` with probability at least
    /// `recall`, among those whose expected candidates per pair at half the threshold, `bands · (threshold/2)^rows`,
    /// stay at most `falseCandidateRate` (so unrelated and loosely related texts are rarely verified).
    /// Examples: threshold 0.8 → 14 × 5 (P(0.8) = 0.996); threshold 0.7 → 29 × 5.
    public static func choose(threshold: Double, recall: Double = 0.995, falseCandidateRate: Double = 0.2) -> LSHBanding {
        let t = min(max(threshold, 0.05), 1)
        var best: LSHBanding?
        for rows in 1 ... 16 {
            let p = pow(t, Double(rows))
            let bands: Int
            if p >= 1 {
                bands = 1
            } else {
                bands = max(1, Int((log(1 - recall) / log(1 - p)).rounded(.up)))
            }
            if bands > 2000 { continue }
            let fp = Double(bands) * pow(t / 2, Double(rows))
            let candidate = LSHBanding(bands: bands, rows: rows)
            guard fp <= falseCandidateRate else { continue }
            if best == nil || candidate.hashCount < best!.hashCount { best = candidate }
        }
        return best ?? LSHBanding(bands: 64, rows: 8)
    }
}
