public import CIBModel

/// Typo-tolerant near-duplicate text sprayed across many platforms within hours, and the accounts that sprayed it —
/// Spamouflage's quota-driven posting of the same distinctive, typo-laden headlines and blog links on dozens of
/// platforms (Meta, Adversarial Threat Report Q2 2023, kill-chain 6.3 "spraying content").
///
/// Steps:
/// 1. **Near-duplicate texts**: all texts of the dataset through ``MinHashLSH`` — character (byte) shingles of
///    `shingle-size`, MinHash (Broder 1997) with LSH banding chosen for recall ≥ 0.995 at `similarity`, and exact
///    Jaccard verification of every candidate. Texts shorter than `min-length` normalised bytes are ignored.
///    Verified pairs are joined into **content clusters** (union-find), so a chain of typo variants is one cluster.
/// 2. **Fan-out**: each content cluster's posts and replies in time order; a sliding window of `window` seconds gives
///    the number of distinct platforms it reached within the window. Posts inside a window reaching at least
///    `min-platforms` platforms are *sprayed*; the cluster's fan-out `F` is its largest window count.
/// 3. **Brand discount** (the newsroom hard negative): a newsroom posts one headline on every platform within
///    minutes, but from one account per platform carrying the same brand, and its readers then share it. A content
///    cluster whose sprayers include one name (lowercased, non-alphanumerics dropped) on at least `min-platforms`
///    platforms is a brand's story: every sprayer's evidence for it is multiplied by `brand-discount`. Otherwise a
///    sprayer `a` keeps `1 − (1 − brand-discount) · B`, `B` the fraction of the cluster's sprayers on other platforms
///    whose name equals `a`'s. Disposable campaign accounts do not share a
///    brand, so they keep full weight.
/// 4. **Accounts**: `E(a) = Σ_C min(1, F(C) / full-fanout) · discount(a, C)` over the distinct clusters `a` sprayed
///    with a discount above 0.5, plus the largest such term among the others (branded items never add up, so a
///    newsroom's hundred cross-posted stories weigh no more than one times `brand-discount`);
///    score `E / (E + score-half)`; flag when the score is at least 0.5 (by default: two items on three platforms, or
///    one on six). Flagged accounts that sprayed the same cluster (with non-brand weight) are joined into one
///    cluster id; one finding per such group lists its platforms and sprayed content.
/// 5. **Where it lands**: a Page or Group with at least `context-min-posts` posts that are sprayed copies by flagged
///    entities, making at least `context-share` of the posts made in it, is flagged too (score ≥ 0.5), in the cluster
///    of the first flagged entity that sprayed into it (``ContextAssociation``): the Groups an operation fills with
///    its content.
///
/// Deterministic for a seed (``DetectorContext/seed`` seeds the hash functions) and any task count.
public struct NearDuplicateDetector: Detector {
    public static let name = "near-duplicate"
    public static let summary = "Typo-tolerant near-duplicate text sprayed across many platforms within hours."
    public static let citation = """
        A. Z. Broder, "On the resemblance and containment of documents", SEQUENCES 1997 (MinHash); P. Indyk, \
        R. Motwani, "Approximate nearest neighbors: towards removing the curse of dimensionality", STOC 1998, and \
        J. Leskovec, A. Rajaraman, J. D. Ullman, Mining of Massive Datasets, ch. 3 (LSH banding); Meta, Adversarial \
        Threat Report Q2 2023 (Spamouflage spraying, kill-chain 6.3).
        """
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("similarity", "Jaccard similarity of shingle sets at which two texts are near-duplicates.",
                      default: 0.7, unit: .fraction, range: 0.1 ... 1),
        ParameterSpec("shingle-size", "Bytes per shingle.", default: 4, unit: .count, range: 1 ... 8, integer: true),
        ParameterSpec("min-length", "Texts shorter than this many normalised bytes are ignored.",
                      default: 24, unit: .count, range: 1 ... 100_000, integer: true),
        ParameterSpec("window", "Time window for counting the platforms one content cluster reached.",
                      default: 21_600, unit: .seconds, range: 0 ... 30 * 86_400),
        ParameterSpec("min-platforms", "Platforms within the window for content to count as sprayed.",
                      default: 3, unit: .count, range: 2 ... 1000, integer: true),
        ParameterSpec("full-fanout", "Platforms within the window at which one sprayed item counts fully.",
                      default: 6, unit: .count, range: 1 ... 1000, integer: true),
        ParameterSpec("brand-discount", "Weight kept by items whose other-platform sprayers all carry the account's brand.",
                      default: 0.05, unit: .fraction, range: 0 ... 1),
        ParameterSpec("score-half", "Spraying evidence at which the score is 0.5 (and the account is flagged).",
                      default: 1, range: 0.001 ... 1_000_000),
        ParameterSpec("context-share", "Share of a Page's or Group's posts that are sprayed copies by flagged entities at which it is flagged.",
                      default: 0.5, unit: .fraction, range: 0 ... 1),
        ParameterSpec("context-min-posts", "Sprayed copies by flagged entities a Page or Group needs to be flagged.",
                      default: 5, unit: .count, range: 1 ... 1_000_000, integer: true),
    ]

    public let similarity: Double
    public let shingleSize: Int
    public let minLength: Int
    public let window: Int64
    public let minPlatforms: Int
    public let fullFanout: Int
    public let brandDiscount: Double
    public let scoreHalf: Double
    public let contextShare: Double
    public let contextMinPosts: Int

    public init(parameters: ParameterValues) throws(DetectorError) {
        similarity = parameters["similarity"]
        shingleSize = parameters.int("shingle-size")
        minLength = parameters.int("min-length")
        window = Int64(parameters["window"].rounded())
        minPlatforms = parameters.int("min-platforms")
        fullFanout = parameters.int("full-fanout")
        brandDiscount = parameters["brand-discount"]
        scoreHalf = parameters["score-half"]
        contextShare = parameters["context-share"]
        contextMinPosts = parameters.int("context-min-posts")
    }

    /// The detector with its default parameters.
    public init() {
        var defaults: [String: Double] = [:]
        for spec in Self.parameters { defaults[spec.name] = spec.defaultValue }
        // Defaults are always valid.
        try! self.init(parameters: ParameterValues(defaults))
    }

    public func run(on data: ObservableDataset, context: DetectorContext) throws(DetectorError) -> DetectorOutput {
        let analysis = SprayAnalysis(detector: self, data: data, context: context)
        return analysis.output()
    }
}
