public import CIBStatistics
internal import Foundation

/// L2-regularised logistic regression on sparse rows, fitted with GSL's BFGS (``Minimizer/bfgs(start:initialStep:lineSearchTolerance:gradientTolerance:maxIterations:objective:)``).
///
/// Minimises the weighted mean log-loss plus a ridge penalty on the weights (not the intercept):
/// `(1/W) Σᵢ sᵢ log(1 + exp(−yᵢ (w·xᵢ + b))) + (λ/2) ‖w‖²`, with `yᵢ = ±1`, sample weights `sᵢ` and `W = Σ sᵢ`
/// (D. R. Cox, "The regression analysis of binary sequences", JRSS B 20, 1958; the penalty of A. E. Hoerl & R. W.
/// Kennard, "Ridge regression", Technometrics 12, 1970). The objective is convex, so BFGS finds its minimum.
///
/// Each evaluation is two parallel passes with a fixed split of the work: the margins row by row (compressed sparse
/// rows), then the gradient column by column (a compressed sparse column copy made once), so each number is summed by
/// one thread in a fixed order and the fit is the same for any `tasks`.
public struct LogisticRegression: Sendable, Equatable {
    public var weights: [Double]
    public var intercept: Double
    /// What the minimiser reported.
    public var iterations: Int
    public var converged: Bool
    public var loss: Double

    /// Fits the model.
    /// - Parameters:
    ///   - rows: the feature rows.
    ///   - labels: one per row.
    ///   - sampleWeights: one per row (`nil`: all 1).
    ///   - lambda: the ridge penalty λ.
    ///   - maxIterations: BFGS iterations at most.
    ///   - tasks: threads; does not change the result.
    public static func fit(
        rows: SparseRows, labels: [Bool], sampleWeights: [Double]? = nil, lambda: Double = 1e-4,
        maxIterations: Int = 100, tasks: Int = 1
    ) throws(StatisticsError) -> LogisticRegression {
        let n = rows.count, d = rows.width
        precondition(labels.count == n, "LogisticRegression.fit: labels differ in length from the rows")
        let s = sampleWeights ?? [Double](repeating: 1, count: n)
        precondition(s.count == n, "LogisticRegression.fit: sample weights differ in length from the rows")
        let total = s.reduce(0, +)
        guard total > 0 else { throw StatisticsError(operation: "LogisticRegression.fit", message: "no rows with positive weight") }
        let columns = CompressedColumns(rows)
        let target = labels.map { $0 ? 1.0 : 0.0 }
        let tasks = max(1, tasks)
        let rowBlocks = DeterministicParallel.ranges(count: n, chunkSize: max(1, (n + 15) / 16))
        let columnBlocks = DeterministicParallel.ranges(count: d, chunkSize: max(1, (d + 15) / 16))
        var residual = [Double](repeating: 0, count: n)
        let result = try Minimizer.bfgs(
            start: [Double](repeating: 0, count: d + 1), initialStep: 1, lineSearchTolerance: 0.1,
            gradientTolerance: 1e-5, maxIterations: maxIterations
        ) { x, gradient in
            let w = UnsafeSendable(x)
            // Margins, per-row losses and residuals sᵢ (σ(zᵢ) − tᵢ) / W, rows in blocks.
            let blocks = DeterministicParallel.map(chunks: rowBlocks.count, tasks: tasks) { b -> (loss: Double, residuals: [Double]) in
                var loss = 0.0
                var out = [Double]()
                out.reserveCapacity(rowBlocks[b].count)
                for r in rowBlocks[b] {
                    var z = w.buffer[d]
                    for k in rows.offsets[r] ..< rows.offsets[r + 1] { z += w.buffer[Int(rows.indices[k])] * Double(rows.values[k]) }
                    // log(1 + exp(−y z)) computed without overflow.
                    let m = target[r] == 1 ? -z : z
                    loss += s[r] * (m > 0 ? m + log1p(exp(-m)) : log1p(exp(m)))
                    let p = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
                    out.append(s[r] * (p - target[r]) / total)
                }
                return (loss, out)
            }
            var loss = 0.0, squares = 0.0
            var r = 0
            for block in blocks {
                loss += block.loss
                for value in block.residuals {
                    residual[r] = value
                    r += 1
                }
            }
            for j in 0 ..< d { squares += w.buffer[j] * w.buffer[j] }
            guard let gradient else { return loss / total + lambda / 2 * squares }
            let res = residual
            let parts = DeterministicParallel.map(chunks: columnBlocks.count, tasks: tasks) { b -> [Double] in
                columnBlocks[b].map { j in
                    var sum = 0.0
                    for k in columns.offsets[j] ..< columns.offsets[j + 1] { sum += res[Int(columns.rows[k])] * Double(columns.values[k]) }
                    return sum + lambda * w.buffer[j]
                }
            }
            var j = 0
            for part in parts {
                for value in part {
                    gradient[j] = value
                    j += 1
                }
            }
            gradient[d] = res.reduce(0, +)
            return loss / total + lambda / 2 * squares
        }
        return LogisticRegression(
            weights: Array(result.x[0 ..< d]), intercept: result.x[d], iterations: result.iterations,
            converged: result.converged, loss: result.value)
    }

    public init(weights: [Double], intercept: Double, iterations: Int = 0, converged: Bool = true, loss: Double = 0) {
        self.weights = weights
        self.intercept = intercept
        self.iterations = iterations
        self.converged = converged
        self.loss = loss
    }

    /// The margin `w·x + b` of every row (higher is more positive).
    public func margins(_ rows: SparseRows) -> [Double] {
        precondition(rows.width == weights.count, "LogisticRegression.margins: rows are \(rows.width) wide, the model \(weights.count)")
        return (0 ..< rows.count).map { r in
            var z = intercept
            for k in rows.offsets[r] ..< rows.offsets[r + 1] { z += weights[Int(rows.indices[k])] * Double(rows.values[k]) }
            return z
        }
    }
}

/// The same matrix as a ``SparseRows`` in compressed sparse column form (rows ascending within a column).
struct CompressedColumns: Sendable {
    var offsets: [Int]
    var rows: [Int32]
    var values: [Float]

    init(_ matrix: SparseRows) {
        var offsets = [Int](repeating: 0, count: matrix.width + 1)
        for c in matrix.indices { offsets[Int(c) + 1] += 1 }
        for j in 0 ..< matrix.width { offsets[j + 1] += offsets[j] }
        var next = offsets
        var rows = [Int32](repeating: 0, count: matrix.indices.count)
        var values = [Float](repeating: 0, count: matrix.indices.count)
        for r in 0 ..< matrix.count {
            for k in matrix.offsets[r] ..< matrix.offsets[r + 1] {
                let c = Int(matrix.indices[k])
                rows[next[c]] = Int32(r)
                values[next[c]] = matrix.values[k]
                next[c] += 1
            }
        }
        self.offsets = offsets
        self.rows = rows
        self.values = values
    }
}

/// A read-only buffer handed to parallel blocks; the minimiser does not change it while they run.
struct UnsafeSendable: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Double>
    init(_ buffer: UnsafeBufferPointer<Double>) { self.buffer = buffer }
}
