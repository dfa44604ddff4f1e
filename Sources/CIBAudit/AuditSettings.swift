/// How the audit measures and what it checks. The defaults are those of `ciblab audit` and of the "Benchmark
/// validity" section of `ciblab run` (docs/audit.md).
public struct AuditSettings: Sendable, Equatable, Codable {
    /// Bootstrap resamples for every interval (0: none).
    public var bootstrapReplicates = 200
    public var confidence = 0.95
    /// An identity feature fails the audit when its ROC AUC lies outside `[identityLower, identityUpper]` for a
    /// checked comparison, its bootstrap interval included (without bootstrap, the point estimate); an estimate
    /// outside whose interval reaches into the bounds is a warning (too few entities to tell).
    public var identityLower = 0.40
    public var identityUpper = 0.60

    /// Whether an identity AUC's point estimate lies outside `[identityLower, identityUpper]`.
    public func outsideIdentityBounds(_ auc: Double) -> Bool { auc < identityLower || auc > identityUpper }
    /// A comparison is checked only when the campaign and the other side each have at least this many entities in
    /// the test world.
    public var minimumClassSize = 30
    /// Classes whose entities carry an organisation's brand as their name (a news outlet is called after its
    /// masthead on every platform): name features against them are reported but not checked — the name says what
    /// the organisation is, not whether anyone is part of a campaign. Ids and creation times are checked for them too.
    public var brandedClasses = ["newsroom"]
    /// Entities per side of a feature comparison: larger populations are sampled uniformly (AUC is a mean over
    /// positive-negative pairs, so a uniform sample estimates it without bias; the interval widens accordingly).
    public var comparisonSampleLimit = 20_000
    /// Smoothing weight `m` of the target encoding of categorical features.
    public var targetSmoothing = 20.0

    /// Whether to fit the learned probes (boosted trees on per-entity features).
    public var probes = true
    /// Non-campaign entities of the train world the probes are fitted on (a uniform sample, weighted by the inverse
    /// sampling rate); every campaign entity is used.
    public var probeNegativeLimit = 50_000
    public var boosting = BoostedTrees.Parameters()

    /// Whether to fit the text-only probe.
    public var textProbe = true
    /// Campaign posts, and other posts (shared equally among the populations that post), the text probe is fitted on.
    public var textTrainPerSide = 8_000
    /// Posts per population the text probe is scored on.
    public var textTestPerGroup = 5_000
    /// Columns of the hashed n-grams: 2^bits.
    public var textHashBits = 18
    /// Ridge penalty λ of the text probe's logistic regression.
    public var textLambda = 1e-4
    /// BFGS iterations at most for the text probe.
    public var textIterations = 100

    public init() {}

    /// Posts sampled per population when a world is summarised (enough for fitting and for scoring).
    public var textsPerGroup: Int { max(textTrainPerSide, textTestPerGroup) }
}
