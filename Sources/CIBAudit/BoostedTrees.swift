internal import CIBStatistics
internal import Foundation

/// Gradient-boosted shallow regression trees on binned features for binary log-loss: the histogram algorithm of
/// LightGBM (G. Ke et al., NeurIPS 2017) as scikit-learn's `HistGradientBoostingClassifier` implements it (J. H.
/// Friedman, "Greedy function approximation: a gradient boosting machine", Annals of Statistics 29(5), 2001, with
/// the second-order leaf values of T. Chen & C. Guestrin, "XGBoost", KDD 2016).
///
/// Each round fits one tree of depth at most ``Parameters/maxDepth`` to the gradients `g = p − y` and Hessians
/// `h = p(1 − p)` of the log-loss (each times the sample's weight). A node is split on the feature and bin that
/// maximise `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` among splits that leave at least ``Parameters/minSamplesLeaf``
/// samples and a Hessian sum of ``Parameters/minHessianToSplit`` on each side; ties go to the lower feature, then the
/// lower bin. A leaf predicts `−η G/(H+λ)`. The first raw prediction is the log-odds of the weighted prevalence.
///
/// Deterministic: no randomness after binning, and a node's histograms are built per feature (in parallel) then
/// read in feature order, so the model is the same for any `tasks`. scikit-learn with the same parameters
/// (`max_depth`, `max_iter`, `learning_rate`, `min_samples_leaf`, `l2_regularization`, `early_stopping=False`) gives
/// nearly the same model: `scripts/crosscheck-audit-gbdt.py` compares the two.
public struct BoostedTrees: Sendable {
    public struct Parameters: Sendable, Equatable, Codable {
        public var rounds = 100
        public var learningRate = 0.1
        public var maxDepth = 3
        public var minSamplesLeaf = 20
        /// λ, the L2 penalty on leaf values.
        public var l2 = 1.0
        public var minHessianToSplit = 1e-3
        public var maxBins = 255

        public init() {}
    }

    /// One node of a tree: a split (`feature >= 0`; samples with `bin <= threshold` go left) or a leaf.
    public struct Node: Sendable, Equatable {
        public var feature: Int32
        public var threshold: UInt8
        public var left: Int32
        public var right: Int32
        public var value: Double
    }

    public let parameters: Parameters
    public let binning: FeatureBinning
    /// The raw score every sample starts from: log-odds of the weighted training prevalence.
    public let baseline: Double
    /// The trees, each a list of nodes with the root first.
    public let trees: [[Node]]

    /// Fits the model to `columns` (one per feature, each `labels.count` long).
    /// - Parameters:
    ///   - weights: per-sample weights (e.g. inverse sampling rates); `nil` for 1.
    ///   - seed: seeds only the binning's row sample (used when there are more than 200,000 rows).
    ///   - tasks: threads for the histograms; does not change the model.
    public static func fit(
        columns: [[Double]], labels: [Bool], weights: [Double]? = nil, parameters: Parameters = Parameters(),
        seed: UInt64, tasks: Int = 1
    ) -> BoostedTrees {
        precondition(columns.allSatisfy { $0.count == labels.count }, "BoostedTrees.fit: a column differs in length from the labels")
        let binning = FeatureBinning(columns: columns, maxBins: parameters.maxBins, seed: seed)
        return fit(binned: BinnedMatrix(columns: columns, binning: binning), binning: binning, features: Array(columns.indices),
                   labels: labels, weights: weights, parameters: parameters, tasks: tasks)
    }

    /// Fits the model on the columns `features` of a matrix already binned with `binning` (so several models on
    /// subsets of the same features share one binning). Nodes name matrix columns.
    static func fit(
        binned: BinnedMatrix, binning: FeatureBinning, features: [Int], labels: [Bool], weights: [Double]?,
        parameters: Parameters, tasks: Int
    ) -> BoostedTrees {
        let n = labels.count
        precondition(binned.rows == n, "BoostedTrees.fit: the matrix has \(binned.rows) rows for \(n) labels")
        precondition(weights.map { $0.count == n } ?? true, "BoostedTrees.fit: weights differ in length from the labels")
        let weight = weights ?? [Double](repeating: 1, count: n)
        var weightSum = 0.0, positiveWeight = 0.0
        for i in 0 ..< n {
            weightSum += weight[i]
            if labels[i] { positiveWeight += weight[i] }
        }
        let prevalence = min(max(weightSum > 0 ? positiveWeight / weightSum : 0.5, 1e-15), 1 - 1e-15)
        let baseline = log(prevalence / (1 - prevalence))
        var raw = [Double](repeating: baseline, count: n)
        var gradient = [Double](repeating: 0, count: n), hessian = gradient
        var grower = TreeGrower(binned: binned, features: features, parameters: parameters, tasks: max(1, tasks))
        var trees = [[Node]]()
        trees.reserveCapacity(parameters.rounds)
        let all = (0 ..< Int32(n)).map { $0 }
        for _ in 0 ..< parameters.rounds {
            for i in 0 ..< n {
                let p = 1 / (1 + exp(-raw[i]))
                gradient[i] = weight[i] * (p - (labels[i] ? 1 : 0))
                hessian[i] = weight[i] * p * (1 - p)
            }
            let tree = grower.grow(samples: all, gradient: gradient, hessian: hessian)
            binned.bins.withUnsafeBufferPointer { bins in
                tree.withUnsafeBufferPointer { nodes in
                    for i in 0 ..< n { raw[i] += Self.leafValue(nodes, bins: bins, rows: n, row: i) }
                }
            }
            trees.append(tree)
        }
        return BoostedTrees(parameters: parameters, binning: binning, baseline: baseline, trees: trees)
    }

    /// The raw score (log-odds) of every row of `columns`, binned with the training thresholds; rows in parallel
    /// blocks (`tasks` does not change any score).
    public func rawScores(columns: [[Double]], tasks: Int = 1) -> [Double] {
        rawScores(binned: BinnedMatrix(columns: columns, binning: binning), tasks: tasks)
    }

    /// The raw score of every row of a matrix binned with ``binning``.
    func rawScores(binned: BinnedMatrix, tasks: Int) -> [Double] {
        let n = binned.rows
        let (baseline, trees) = (self.baseline, self.trees)
        let blocks = DeterministicParallel.ranges(count: n, chunkSize: 1 << 16)
        return DeterministicParallel.map(chunks: blocks.count, tasks: max(1, tasks)) { b in
            var scores = [Double](repeating: baseline, count: blocks[b].count)
            binned.bins.withUnsafeBufferPointer { bins in
                for tree in trees {
                    tree.withUnsafeBufferPointer { nodes in
                        for (k, i) in blocks[b].enumerated() { scores[k] += Self.leafValue(nodes, bins: bins, rows: n, row: i) }
                    }
                }
            }
            return scores
        }.flatMap { $0 }
    }

    /// The probability of the positive class for every row of `columns`.
    public func probabilities(columns: [[Double]], tasks: Int = 1) -> [Double] {
        rawScores(columns: columns, tasks: tasks).map { 1 / (1 + exp(-$0)) }
    }

    /// The probability of the positive class for every row of a matrix binned with ``binning``.
    func probabilities(binned: BinnedMatrix, tasks: Int) -> [Double] {
        rawScores(binned: binned, tasks: tasks).map { 1 / (1 + exp(-$0)) }
    }

    /// The value of the leaf that row `row` of a column-major bin matrix (`rows` rows per feature) reaches.
    @inline(__always)
    static func leafValue(_ tree: UnsafeBufferPointer<Node>, bins: UnsafeBufferPointer<UInt8>, rows: Int, row: Int) -> Double {
        var node = tree[0]
        while node.feature >= 0 {
            node = tree[Int(bins[Int(node.feature) * rows + row] <= node.threshold ? node.left : node.right)]
        }
        return node.value
    }
}

/// Every feature's bins, column-major in one buffer (feature `f`, row `r` at `f · rows + r`).
struct BinnedMatrix: Sendable {
    let bins: [UInt8]
    let rows: Int
    let features: Int

    init(columns: [[Double]], binning: FeatureBinning) {
        rows = columns.first?.count ?? 0
        features = columns.count
        bins = columns.indices.flatMap { binning.bin(columns[$0], feature: $0) }
    }
}

/// Grows one tree by the histogram method, reusing its buffers from round to round.
struct TreeGrower {
    let binned: BinnedMatrix
    /// The matrix columns the trees may split on; histograms are kept in this order.
    let features: [Int]
    let parameters: BoostedTrees.Parameters
    let tasks: Int

    /// Sums of gradients, Hessians and sample counts per bin of one feature.
    struct Histogram: Sendable {
        var gradient = [Double](repeating: 0, count: 256)
        var hessian = [Double](repeating: 0, count: 256)
        var count = [Int32](repeating: 0, count: 256)

        static func - (a: Histogram, b: Histogram) -> Histogram {
            var d = a
            for k in 0 ..< 256 {
                d.gradient[k] -= b.gradient[k]
                d.hessian[k] -= b.hessian[k]
                d.count[k] -= b.count[k]
            }
            return d
        }
    }

    struct Split {
        var feature: Int
        var threshold: Int
        var gain: Double
    }

    init(binned: BinnedMatrix, features: [Int], parameters: BoostedTrees.Parameters, tasks: Int) {
        self.binned = binned
        self.features = features
        self.parameters = parameters
        self.tasks = tasks
    }

    mutating func grow(samples: [Int32], gradient: [Double], hessian: [Double]) -> [BoostedTrees.Node] {
        var nodes = [BoostedTrees.Node]()
        let histograms = histograms(samples, gradient: gradient, hessian: hessian)
        grow(samples, histograms: histograms, depth: 0, gradient: gradient, hessian: hessian, into: &nodes)
        return nodes
    }

    /// Appends the subtree of `samples` to `nodes`; returns its root's index.
    @discardableResult
    private func grow(
        _ samples: [Int32], histograms: [Histogram], depth: Int, gradient: [Double], hessian: [Double],
        into nodes: inout [BoostedTrees.Node]
    ) -> Int32 {
        var g = 0.0, h = 0.0
        // Any feature's histogram holds the node's totals; read them in bin order for a fixed summation order.
        if let first = histograms.first {
            for k in 0 ..< 256 {
                g += first.gradient[k]
                h += first.hessian[k]
            }
        }
        let index = Int32(nodes.count)
        let value = -parameters.learningRate * g / (h + parameters.l2)
        nodes.append(.init(feature: -1, threshold: 0, left: -1, right: -1, value: value))
        guard depth < parameters.maxDepth, samples.count >= 2 * parameters.minSamplesLeaf,
            h >= parameters.minHessianToSplit, let split = bestSplit(histograms, gradient: g, hessian: h)
        else { return index }
        let threshold = UInt8(split.threshold)
        var left = [Int32](), right = [Int32]()
        left.reserveCapacity(samples.count)
        right.reserveCapacity(samples.count)
        binned.bins.withUnsafeBufferPointer { bins in
            let column = UnsafeBufferPointer(rebasing: bins[split.feature * binned.rows ..< (split.feature + 1) * binned.rows])
            for s in samples {
                if column[Int(s)] <= threshold { left.append(s) } else { right.append(s) }
            }
        }
        var leftHistograms: [Histogram], rightHistograms: [Histogram]
        if depth + 1 < parameters.maxDepth {
            // Build the smaller child's histograms; the sibling's are the parent's minus those.
            if left.count <= right.count {
                leftHistograms = self.histograms(left, gradient: gradient, hessian: hessian)
                rightHistograms = zip(histograms, leftHistograms).map { $0 - $1 }
            } else {
                rightHistograms = self.histograms(right, gradient: gradient, hessian: hessian)
                leftHistograms = zip(histograms, rightHistograms).map { $0 - $1 }
            }
        } else {
            // Children at the last depth are leaves: they need only their totals.
            leftHistograms = [totals(left, gradient: gradient, hessian: hessian)]
            rightHistograms = [totals(right, gradient: gradient, hessian: hessian)]
        }
        let l = grow(left, histograms: leftHistograms, depth: depth + 1, gradient: gradient, hessian: hessian, into: &nodes)
        let r = grow(right, histograms: rightHistograms, depth: depth + 1, gradient: gradient, hessian: hessian, into: &nodes)
        nodes[Int(index)].feature = Int32(split.feature)
        nodes[Int(index)].threshold = threshold
        nodes[Int(index)].left = l
        nodes[Int(index)].right = r
        return index
    }

    /// One histogram per feature over `samples`, features in parallel (each one's sums run in sample order).
    func histograms(_ samples: [Int32], gradient: [Double], hessian: [Double]) -> [Histogram] {
        let (binned, features) = (self.binned, self.features)
        return DeterministicParallel.map(chunks: features.count, tasks: samples.count < 4096 ? 1 : tasks) { k in
            let f = features[k]
            var histogram = Histogram()
            histogram.gradient.withUnsafeMutableBufferPointer { hg in
                histogram.hessian.withUnsafeMutableBufferPointer { hh in
                    histogram.count.withUnsafeMutableBufferPointer { hc in
                        binned.bins.withUnsafeBufferPointer { all in
                            let bins = UnsafeBufferPointer(rebasing: all[f * binned.rows ..< (f + 1) * binned.rows])
                            gradient.withUnsafeBufferPointer { g in
                                hessian.withUnsafeBufferPointer { h in
                                    for s in samples {
                                        let i = Int(s)
                                        let b = Int(bins[i])
                                        hg[b] += g[i]
                                        hh[b] += h[i]
                                        hc[b] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return histogram
        }
    }

    /// A single-bin "histogram" with the totals of `samples` (for leaves).
    func totals(_ samples: [Int32], gradient: [Double], hessian: [Double]) -> Histogram {
        var histogram = Histogram()
        for s in samples {
            histogram.gradient[0] += gradient[Int(s)]
            histogram.hessian[0] += hessian[Int(s)]
            histogram.count[0] += 1
        }
        return histogram
    }

    /// The best admissible split, or `nil` when none has a positive gain.
    func bestSplit(_ histograms: [Histogram], gradient g: Double, hessian h: Double) -> Split? {
        let lambda = parameters.l2
        let parentScore = g * g / (h + lambda)
        let minLeaf = Int32(parameters.minSamplesLeaf)
        var best: Split?
        var total: Int32 = 0
        if let first = histograms.first { for k in 0 ..< 256 { total += first.count[k] } }
        for (k, histogram) in histograms.enumerated() {
            let f = features[k]
            var gl = 0.0, hl = 0.0
            var nl: Int32 = 0
            for k in 0 ..< 255 {
                gl += histogram.gradient[k]
                hl += histogram.hessian[k]
                nl += histogram.count[k]
                if histogram.count[k] == 0 && k > 0 { continue }  // the same partition as the bin before
                if nl < minLeaf { continue }
                let nr = total - nl
                if nr < minLeaf { break }
                let hr = h - hl
                if hl < parameters.minHessianToSplit || hr < parameters.minHessianToSplit { continue }
                let gr = g - gl
                let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parentScore
                if gain > (best?.gain ?? 0) { best = Split(feature: f, threshold: k, gain: gain) }
            }
        }
        return best
    }
}
