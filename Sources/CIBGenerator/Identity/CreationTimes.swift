internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import Foundation

/// When entities were created: one distribution for every class, so that an account's age says nothing about who
/// runs it. Accounts bought from farms and repurposed are as old as anyone's (account sellers age their stock
/// before sale: NATO StratCom COE, *The Black Market for Social Media Manipulation*, 2018), and organic newcomers
/// join during the window like the operation's replacement accounts do.
///
/// Before the period, creation times follow the growth of a platform's user base: the age is exponential with mean
/// `organic.accountAge / 3`, truncated at `organic.accountAge` (a platform that grew steadily has more young than old
/// accounts). A share `organic.newcomerShare` of accounts is created inside the period, uniformly. Pages and Groups
/// use the same ages but are never created inside the period (their history is what detectors read). Batches
/// (accounts a farm or an operation registered together) share an anchor drawn from the same distribution: the
/// marginal stays the same, only the co-creation — a coordination signal — differs.
struct CreationTimes: Sendable {
    let start: Timestamp
    let end: Timestamp
    let maxAge: Double
    let meanAge: Double
    let newcomerShare: Double
    /// `1 - exp(-maxAge / meanAge)`: the truncated exponential's normaliser.
    private let mass: Double

    init(organic: OrganicSpec, period: Period) {
        start = period.startTime
        end = period.endTime
        maxAge = Double(max(86_400 * 2, organic.accountAge.seconds))
        meanAge = maxAge / 3
        newcomerShare = organic.newcomerShare
        mass = 1 - exp(-maxAge / meanAge)
    }

    /// An account's creation time (a newcomer's lies inside the period, leaving at least a day of it).
    @inline(__always)
    func account(_ rng: RandomStream) -> Timestamp {
        if newcomerShare > 0 && rng.bernoulli(newcomerShare) {
            return start + Timestamp(rng.uniformInt(Int(max(1, end - start - 86_400))))
        }
        return beforePeriod(rng)
    }

    /// A creation time before the period (Pages, Groups, and anything that must have a history).
    @inline(__always)
    func beforePeriod(_ rng: RandomStream) -> Timestamp {
        let u = rng.uniform()
        let age = -meanAge * log(1 - u * mass)
        return start - 3600 - Timestamp(min(age, maxAge))
    }

    /// The creation time of the next member of a batch that started at `anchor`: within `window` seconds of it.
    @inline(__always)
    func batchMember(anchor: Timestamp, window: Int64, _ rng: RandomStream) -> Timestamp {
        anchor + Timestamp(rng.uniformInt(Int(max(1, window))))
    }
}
