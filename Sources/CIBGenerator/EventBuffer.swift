internal import CIBModel
internal import CIBStatistics
internal import CIBTruth

/// The output of one independent unit of generation (an organic chunk, a campaign cluster, ...): events with their
/// truth, follows, logins, and the unit's own texts and URLs. Units run in parallel; their buffers are merged in a
/// fixed order, so the world does not depend on the number of threads.
///
/// References inside a buffer are local: `target` is an index into this buffer's events (or, for events added after
/// the merge, a global event index); `text`/`url` values at or above ``localBase`` are indices into this buffer's
/// own ``texts``/``urls`` plus ``localBase``, values below it index the world's shared pools.
struct EventBuffer: Sendable {
    static let localBase: Int32 = 1 << 30

    /// One event with its truth, packed so that appending, sorting and gathering touch one record, not ten columns:
    /// 32 bytes, the truth as an index into ``truths``.
    struct Record: Sendable {
        var time: Timestamp
        var actor: EntityID
        var target: EventID
        var context: EntityID
        var text: Int32
        var url: Int32
        var truth: UInt16
        var action: ActionKind
        var language: UInt8
    }

    /// An event's ground truth: its campaign (-1: none), the kill-chain tactics that produced it, and what its text
    /// is about (``TextTopics``; 0 for everyday chatter and for events without text).
    struct Truth: Sendable, Equatable {
        var campaign: Int16
        var tactics: TacticSet
        var topic: UInt8 = 0
    }

    var events: [Record] = []
    /// The distinct truths of this buffer's events (a unit has a handful); 0 is "no campaign, no tactic".
    var truths = [Truth(campaign: -1, tactics: [])]
    /// Where the truth "no campaign, no tactic, topic t" is in ``truths`` (0: not yet), so that ordinary events with a
    /// topic need no search.
    private var plainTopicTruth = [UInt16](repeating: 0, count: 256)
    var texts = StringTable()
    var urls = StringTable()
    var follows = FollowTable()
    var logins = LoginTable()

    /// Local indices of organic question posts (targets for off-topic replies).
    var questions: [Int32] = []
    /// Local indices of the posts anyone on their platform may engage with (``PlatformEngagement``).
    var posts: [Int32] = []
    /// Interactions whose target is picked among their whole platform's recent posts after every unit is done
    /// (``PlatformEngagement``): entry `k` is the local index of the event whose `target` is ``pendingTarget(k)``
    /// (-1 once the event is dropped).
    var pending: [Int32] = []
    /// Local indices of campaign posts (targets for organic reach).
    var campaignPosts: [Int32] = []

    init(reserve n: Int = 0) {
        if n > 0 { events.reserveCapacity(n) }
    }

    var count: Int { events.count }

    @inline(__always)
    @discardableResult
    mutating func append(
        time t: Timestamp, actor a: EntityID, action k: ActionKind, target g: EventID = noReference,
        context x: EntityID = noReference, text s: Int32 = noReference, url u: Int32 = noReference,
        language l: UInt8 = EventTable.noLanguage, campaign c: Int16 = -1, tactics tt: TacticSet = [], topic: UInt8 = 0
    ) -> Int32 {
        let truth: UInt16
        if c == -1 && tt.isEmpty {
            if topic == 0 {
                truth = 0
            } else {
                if plainTopicTruth[Int(topic)] == 0 { plainTopicTruth[Int(topic)] = truthIndex(Truth(campaign: -1, tactics: [], topic: topic)) }
                truth = plainTopicTruth[Int(topic)]
            }
        } else {
            truth = truthIndex(Truth(campaign: c, tactics: tt, topic: topic))
        }
        events.append(Record(time: t, actor: a, target: g, context: x, text: s, url: u, truth: truth, action: k, language: l))
        return Int32(events.count - 1)
    }

    /// The index of `truth` in ``truths``, added if new.
    private mutating func truthIndex(_ truth: Truth) -> UInt16 {
        if let i = truths.firstIndex(of: truth) { return UInt16(i) }
        precondition(truths.count <= Int(UInt16.max), "EventBuffer: more than 65,536 distinct event truths")
        truths.append(truth)
        return UInt16(truths.count - 1)
    }

    /// The `target` of the `k`-th pending interaction: below -1, so no other reference reads it as an event.
    @inline(__always)
    static func pendingTarget(_ k: Int) -> EventID { EventID(-2 - k) }

    /// Appends an interaction whose target (and context) ``PlatformEngagement`` picks later; returns its index.
    @inline(__always)
    @discardableResult
    mutating func appendPending(
        time t: Timestamp, actor a: EntityID, action k: ActionKind, text s: Int32 = noReference, language l: UInt8 = EventTable.noLanguage,
        campaign c: Int16 = -1, tactics tt: TacticSet = [], topic: UInt8 = 0
    ) -> Int32 {
        let e = append(time: t, actor: a, action: k, target: Self.pendingTarget(pending.count), text: s, language: l, campaign: c,
                       tactics: tt, topic: topic)
        pending.append(e)
        return e
    }

    /// Appends a text (UTF-8 bytes) to this buffer's own table and returns its reference.
    @inline(__always)
    mutating func addText(_ bytes: [UInt8]) -> Int32 { bytes.withUnsafeBufferPointer { addText($0) } }
    @inline(__always)
    mutating func addText(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 { EventBuffer.localBase + texts.append(utf8: bytes) }
    mutating func addText(_ s: String) -> Int32 { EventBuffer.localBase + texts.append(s) }
    /// Appends an ordinary post of `words` lexicon words, written in place (``TextFactory/post(_:language:words:_:into:)``).
    @inline(__always)
    mutating func addPost(_ v: TextFactory.Vocabulary, language: Int, words: Int, _ rng: RandomStream) -> Int32 {
        EventBuffer.localBase + TextFactory.post(v, language: language, words: words, rng, into: &texts)
    }
    /// ``addPost(_:language:words:_:)`` with the language's lexicon at hand (hot loops: no reference counting).
    @inline(__always)
    mutating func addPost(_ lexicon: TextFactory.Lexicon, words: Int, _ rng: RandomStream) -> Int32 {
        EventBuffer.localBase + TextFactory.post(lexicon, words: words, rng, into: &texts)
    }
    /// Appends a post on `topic` in `stance` (``TextFactory/post(_:topic:stance:segments:bits:_:into:)``), written in
    /// place; `long` asks for a second sentence.
    @inline(__always)
    mutating func addPost(_ lexicon: TextFactory.Lexicon, topic: Int, stance: TextStance, long: Bool = false, sharing: Bool = true,
                          _ rng: RandomStream) -> Int32 {
        EventBuffer.localBase + TextFactory.post(lexicon, topic: topic, stance: stance, segments: long ? 2 : 0, sharing: sharing, rng, into: &texts)
    }
    /// Appends an ordinary question, written in place.
    /// Appends a reply on `topic` in `stance` (``TextFactory/reply(_:topic:stance:_:into:)``); returns its text id.
    mutating func addReply(_ lexicon: TextFactory.Lexicon, topic: Int, stance: TextStance, _ rng: RandomStream) -> Int32 {
        EventBuffer.localBase + TextFactory.reply(lexicon, topic: topic, stance: stance, rng, into: &texts)
    }

    mutating func addQuestion(_ v: TextFactory.Vocabulary, language: Int, words: Int, _ rng: RandomStream) -> Int32 {
        EventBuffer.localBase + TextFactory.question(v, language: language, words: words, rng, into: &texts)
    }
    /// Appends a commercial post (``TextFactory/commercial(_:_:into:)``), written in place.
    mutating func addCommercial(_ writer: TextFactory.CommercialWriter, _ rng: RandomStream) -> Int32 {
        EventBuffer.localBase + TextFactory.commercial(writer, rng, into: &texts)
    }
    mutating func addURL(_ s: String) -> Int32 { EventBuffer.localBase + urls.append(s) }
}

extension EventBuffer {
    /// Puts the buffer in stable time order — events, follows and logins — drops events outside `[start, end)` (and
    /// events whose target was dropped), and renumbers local targets, questions and campaign posts. Runs inside each
    /// unit, in parallel. The events are ordered by sorting 8-byte (time, index) keys and then gathered once, so a
    /// 32-byte record moves once rather than on every radix pass.
    mutating func finish(start: Timestamp, end: Timestamp) {
        follows.sortByTime()
        logins.sortByTime()
        var sorted = true
        var inRange = true
        var previous = Timestamp.min
        for r in events {
            if r.time < previous { sorted = false }
            if r.time < start || r.time >= end { inRange = false }
            previous = r.time
        }
        if sorted && inRange { return }
        let n = events.count
        var newIndex = [Int32](repeating: -1, count: n)
        // How often each event is in each list (bit fields: questions, campaign posts, posts), so that the lists are
        // rebuilt in the new order as the events are gathered instead of renumbered and sorted (sorting them was a
        // sixth of this function).
        var listed = [UInt8](repeating: 0, count: n)
        for e in questions {
            precondition(listed[Int(e)] & 3 != 3, "EventBuffer.finish: an event listed as a question more than 3 times")
            listed[Int(e)] += 1
        }
        for e in campaignPosts {
            precondition(listed[Int(e)] >> 2 & 3 != 3, "EventBuffer.finish: an event listed as a campaign post more than 3 times")
            listed[Int(e)] += 1 << 2
        }
        for e in posts {
            precondition(listed[Int(e)] >> 4 != 15, "EventBuffer.finish: an event listed as a post more than 15 times")
            listed[Int(e)] += 1 << 4
        }
        var questions: [Int32] = [], campaignPosts: [Int32] = [], posts: [Int32] = []
        questions.reserveCapacity(self.questions.count)
        campaignPosts.reserveCapacity(self.campaignPosts.count)
        posts.reserveCapacity(self.posts.count)
        events = events.withUnsafeBufferPointer { old in
            // Rows in time order: the low halves of the sorted keys (``StableOrder/sortedKeys(count:time:)``).
            let keys = sorted ? (0 ..< UInt64(n)).map { $0 } : StableOrder.sortedKeys(count: n) { old[$0].time }.keys
            var kept: [Record] = []
            kept.reserveCapacity(n)
            for key in keys {
                let o = Int(UInt32(truncatingIfNeeded: key))
                var record = old[o]
                guard record.time >= start && record.time < end else { continue }
                if record.target >= 0 {
                    let t = newIndex[Int(record.target)]
                    if t < 0 { continue }
                    record.target = t
                }
                let e = Int32(kept.count)
                newIndex[Int(o)] = e
                kept.append(record)
                let l = listed[Int(o)]
                if l != 0 {
                    for _ in 0 ..< l & 3 { questions.append(e) }
                    for _ in 0 ..< (l >> 2) & 3 { campaignPosts.append(e) }
                    for _ in 0 ..< l >> 4 { posts.append(e) }
                }
            }
            return kept
        }
        // In event order again (the merge relies on each buffer's lists being in index, hence time, order).
        self.questions = questions
        self.campaignPosts = campaignPosts
        self.posts = posts
        // Pending interactions keep their number (their records carry it); only where they now are changes.
        pending = pending.map { newIndex[Int($0)] }
    }
}
