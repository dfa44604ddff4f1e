internal import CIBModel
internal import CIBScenario
internal import CIBStatistics

/// Logins (sessions) for every population from one model, so that how often an entity logs in, from how many
/// addresses and devices, says nothing about who runs it — only *which* addresses and devices it shares with whom
/// does (SynchroTrap's signal; Cao, Yang, Yu & Palow, "Uncovering large groups of active malicious accounts in online
/// social networks", CCS 2014).
///
/// An entity that acts on a day opens `1 + Poisson(sessionsPerActiveDay − 1)` sessions that day: the first a few
/// minutes before its first action, the others later the same day. An entity that never acts still logs in now and
/// then with probability `lurkerShare` (people read without posting; farms and operators keep accounts alive).
/// Where each session comes from is the population's ``SessionSource``:
/// - people at home and on the move: a home broadband address that the ISP renumbers every day, week, month or
///   never (Padmanabhan, Dhamdhere, Aben, claffy & Spring, "Reasons dynamic addresses change", IMC 2016), and
///   mobile sessions from the carrier's NAT pool of their region, shared with many others (carrier-grade NAT);
///   each person has one to three devices of their own;
/// - a campus or carrier network: its few public addresses;
/// - an office (newsroom social desks, marketing agencies): the office's addresses and shared work devices, and
///   the staff's own connections outside the office;
/// - centrally provisioned proxies (the operation, spam operators, follower farms): a pool of addresses and a few
///   devices shared by everyone who works through them (kill-chain 3.3.1).
struct SessionModel: @unchecked Sendable {
    let seed: UInt64
    let start: Timestamp
    let end: Timestamp
    /// Mean sessions on a day an entity acts (at least 1).
    let perActiveDay: Double
    /// Share of entities without any action that log in anyway, and their mean number of session days.
    let lurkerShare: Double
    let lurkerDays: Double
    /// Carrier-grade NAT pools: country `c`'s (dataset country index) are `carrier[carrierStart[c] ..<
    /// carrierStart[c + 1]]`; and the first octet of each country's address space. Raw pointers into ``tables`` (which the plan keeps alive), so that
    /// copying the model into every entity's source costs no reference counting across threads.
    let carrier: UnsafePointer<UInt32>
    let carrierStart: UnsafePointer<Int>
    let countryOctet: UnsafePointer<UInt32>
    /// The memory behind the pointers.
    let tables: AddressTables

    init(seed: UInt64, period: Period, organic: OrganicSpec, countryOctet: [UInt32], countryAccounts: [Int]) {
        self.seed = seed
        start = period.startTime
        end = period.endTime
        perActiveDay = max(1, organic.sessionsPerActiveDay)
        lurkerShare = organic.lurkerShare
        lurkerDays = 3
        var addresses: [UInt32] = [], starts = [0]
        for (c, n) in countryAccounts.enumerated() {
            // About one public address per 30 subscribers (a few dozen sessions per address and day at most).
            for j in 0 ..< max(16, n / 30) {
                addresses.append(Mix.address(countryOctet: countryOctet[c], key: Mix.hash(seed, 0xCA_7713 + UInt64(c), UInt64(j))))
            }
            starts.append(addresses.count)
        }
        tables = AddressTables()
        carrier = tables.keep(addresses)
        carrierStart = tables.keep(starts)
        self.countryOctet = tables.keep(countryOctet)
    }

    /// The number of sessions on an active day.
    @inline(__always)
    func sessionsOnActiveDay(_ rng: RandomStream) -> Int {
        perActiveDay > 1 ? 1 + min(23, rng.poisson(mean: perActiveDay - 1)) : 1
    }

    /// Emits the sessions of an entity's active day: `first` is (one of) its first actions that day.
    @inline(__always)
    func emitDay<Source: SessionSource>(
        _ entity: EntityID, first: Timestamp, source: Source, _ rng: RandomStream, into logins: inout LoginTable
    ) {
        let day = Int((first - start) / 86_400)
        let n = sessionsOnActiveDay(rng)
        for j in 0 ..< n {
            let t = j == 0 ? first - 60 - Timestamp(rng.uniformInt(840)) : first + Timestamp(rng.uniformInt(6 * 3600))
            let s = source.session(day: day, index: j, rng)
            logins.append(entity: entity, time: t, ip: s.ip, device: s.device)
        }
    }

    /// Emits the sessions of an entity whose actions happened at `times` (any order; may be reordered in place):
    /// one active day per distinct UTC day of them, in day order, each from the day's first action; or, when there
    /// are none, lurker sessions with probability ``lurkerShare`` at or after `createdAt`.
    @inline(__always)
    func emit<Source: SessionSource>(
        _ entity: EntityID, times: inout [Timestamp], createdAt: Timestamp, source: Source, _ rng: RandomStream,
        into logins: inout LoginTable
    ) {
        if times.isEmpty {
            emitLurker(entity, createdAt: createdAt, source: source, rng, into: &logins)
            return
        }
        if times.count > 32 {
            // Heavy users: the first action of each day from one pass over the times (sorting them was most of this
            // function's time), when their days span a few years at most.
            var lo = Int.max, hi = Int.min
            for t in times {
                let day = Int((t - start) / 86_400)
                lo = min(lo, day)
                hi = max(hi, day)
            }
            if hi - lo < 4_096 {
                withUnsafeTemporaryAllocation(of: Timestamp.self, capacity: hi - lo + 1) { first in
                    first.initialize(repeating: Timestamp.max)
                    for t in times {
                        let i = Int((t - start) / 86_400) - lo
                        if t < first[i] { first[i] = t }
                    }
                    for t in first where t != Timestamp.max { emitDay(entity, first: t, source: source, rng, into: &logins) }
                }
                return
            }
        }
        if times.count > 1 { Self.sortFew(&times) }
        var lastDay = Int.min
        for t in times {
            let day = Int((t - start) / 86_400)
            if day != lastDay {
                lastDay = day
                emitDay(entity, first: t, source: source, rng, into: &logins)
            }
        }
    }

    /// Sorts an entity's action times: insertion sort for the few that most entities have (the standard library's
    /// sort, called for every entity, was a fifth of this model's time), the standard sort beyond.
    @inline(__always)
    static func sortFew(_ times: inout [Timestamp]) {
        guard times.count <= 48 else { times.sort(); return }
        times.withUnsafeMutableBufferPointer { t in
            for i in 1 ..< t.count {
                let x = t[i]
                var j = i
                while j > 0 && t[j - 1] > x {
                    t[j] = t[j - 1]
                    j -= 1
                }
                t[j] = x
            }
        }
    }

    /// Lurker sessions: with probability ``lurkerShare``, sessions on `1 + Poisson(lurkerDays − 1)` random days.
    @inline(__always)
    func emitLurker<Source: SessionSource>(
        _ entity: EntityID, createdAt: Timestamp, source: Source, _ rng: RandomStream, into logins: inout LoginTable
    ) {
        guard lurkerShare > 0, rng.bernoulli(lurkerShare) else { return }
        let from = max(start, createdAt)
        guard from < end else { return }
        for _ in 0 ..< 1 + rng.poisson(mean: lurkerDays - 1) {
            emitDay(entity, first: from + 900 + Timestamp(rng.uniformInt(Int(max(1, end - from - 900)))), source: source, rng, into: &logins)
        }
    }

    /// A country's carrier NAT address (uniform over the pool).
    @inline(__always)
    func carrierAddress(country c: Int, _ rng: RandomStream) -> UInt32 {
        let lo = carrierStart[c], hi = carrierStart[c + 1]
        return carrier[lo + rng.uniformInt(hi - lo)]
    }
}

/// Where an entity's sessions come from: each gives a session's address and device.
protocol SessionSource {
    func session(day: Int, index: Int, _ rng: RandomStream) -> (ip: UInt32, device: UInt32)
}

/// A person: home broadband (renumbered every day, week, month or never, by the person's ISP) and mobile sessions
/// behind the country's carrier NAT (a personal share between 0 and 1), on one to three own devices.
struct HouseholdSource: SessionSource {
    let carrier: UnsafePointer<UInt32>
    let carrierRange: (lo: Int, count: Int)
    let octet: UInt32
    let key: UInt64
    let mobileShare: Double
    let renumberDays: Int
    let devices: Int

    /// The household of entity `entity` (everything fixed by the seed and the entity, nothing drawn).
    @inline(__always)
    init(model: SessionModel, entity: EntityID, country: Int) {
        carrier = model.carrier
        carrierRange = (model.carrierStart[country], model.carrierStart[country + 1] - model.carrierStart[country])
        octet = model.countryOctet[country]
        key = Mix.hash(model.seed, UInt64(UInt32(bitPattern: entity)), 0x4053)
        // Mobile share: skewed towards mobile (most people reach social media mostly from a phone).
        let u = Double(key & 0xFFFF) / 65_536
        mobileShare = u.squareRoot()
        switch (key >> 16) & 0xF {
        case 0 ... 1: renumberDays = 1
        case 2 ... 4: renumberDays = 7
        case 5 ... 9: renumberDays = 30
        default: renumberDays = 1 << 20
        }
        let d = (key >> 24) & 0xFF
        devices = d < 150 ? 1 : d < 225 ? 2 : 3
    }

    @inline(__always)
    func session(day: Int, index: Int, _ rng: RandomStream) -> (ip: UInt32, device: UInt32) {
        if rng.bernoulli(mobileShare) {
            return (carrier[carrierRange.lo + rng.uniformInt(carrierRange.count)], device(0))
        }
        let home = Mix.address(countryOctet: octet, key: Mix.hash(key, UInt64(max(0, day) / renumberDays), 0x40E))
        return (home, device(devices > 1 ? 1 + rng.uniformInt(devices - 1) : 0))
    }

    @inline(__always)
    func device(_ j: Int) -> UInt32 { UInt32(truncatingIfNeeded: Mix.hash(key, UInt64(j), 0xDE71)) }
}

/// A fixed pool of addresses (a campus or carrier network) with the person's own devices; now and then the person
/// connects from elsewhere (their household).
struct NetworkSource: SessionSource {
    let household: HouseholdSource
    let pool: Pool
    let share: Double

    @inline(__always)
    func session(day: Int, index: Int, _ rng: RandomStream) -> (ip: UInt32, device: UInt32) {
        guard rng.bernoulli(share) else { return household.session(day: day, index: index, rng) }
        return (pool.any(rng), household.device(rng.uniformInt(household.devices)))
    }
}

/// An organisation's office: its addresses and shared work devices in most sessions, a member of staff's own
/// connection otherwise.
struct OfficeSource: SessionSource {
    let household: HouseholdSource
    let addresses: Pool
    let devices: Pool
    let officeShare: Double

    @inline(__always)
    func session(day: Int, index: Int, _ rng: RandomStream) -> (ip: UInt32, device: UInt32) {
        guard rng.bernoulli(officeShare) else { return household.session(day: day, index: index, rng) }
        return (addresses.any(rng), devices.any(rng))
    }
}

/// A centrally run pool of proxies and devices (a spam operator's or a follower farm's): each working day one
/// address per device is used by every account worked from that device ("sticky" sessions), other sessions pick any
/// address of the pool.
struct PoolSource: SessionSource {
    let key: UInt64
    let addresses: Pool
    let devices: Pool
    let sticky: Double

    @inline(__always)
    func session(day: Int, index: Int, _ rng: RandomStream) -> (ip: UInt32, device: UInt32) {
        let d = rng.uniformInt(devices.count)
        if rng.bernoulli(sticky) {
            return (addresses[Int(Mix.hash(key, UInt64(d), UInt64(max(0, day))) % UInt64(addresses.count))], devices[d])
        }
        return (addresses[rng.uniformInt(addresses.count)], devices[d])
    }
}

/// Memory for address and device tables that session sources point into: written once while the plan is built,
/// then only read, by any number of threads, until the plan (which holds this object) is gone.
final class AddressTables: @unchecked Sendable {
    private var owned: [UnsafeMutableRawPointer] = []

    /// A permanent copy of `values` (freed with this object).
    func keep<T>(_ values: [T]) -> UnsafePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
        values.withUnsafeBufferPointer { if let b = $0.baseAddress { p.initialize(from: b, count: $0.count) } }
        owned.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }

    /// ``keep(_:)`` as a ``Pool``.
    func pool(_ values: [UInt32]) -> Pool {
        Pool(base: keep(values), count: values.count)
    }

    deinit {
        for p in owned { p.deallocate() }
    }
}

/// A read-only list of addresses or device fingerprints in memory an ``AddressTables`` keeps (copied freely into
/// session sources: no reference counting).
struct Pool: @unchecked Sendable {
    let base: UnsafePointer<UInt32>?
    let count: Int

    init(base: UnsafePointer<UInt32>? = nil, count: Int = 0) {
        self.base = base
        self.count = count
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    subscript(i: Int) -> UInt32 { base![i] }

    /// A uniformly random entry.
    @inline(__always)
    func any(_ rng: RandomStream) -> UInt32 { base![rng.uniformInt(count)] }
}
