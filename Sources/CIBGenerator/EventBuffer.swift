internal import CIBModel
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

    var time: [Timestamp] = []
    var actor: [EntityID] = []
    var action: [ActionKind] = []
    var target: [EventID] = []
    var context: [EntityID] = []
    var text: [Int32] = []
    var url: [Int32] = []
    var language: [UInt8] = []
    var campaign: [Int16] = []
    var tactics: [TacticSet] = []

    var texts = StringTable()
    var urls = StringTable()
    var follows = FollowTable()
    var logins = LoginTable()

    /// Local indices of organic question posts (targets for off-topic replies).
    var questions: [Int32] = []
    /// Local indices of campaign posts (targets for organic reach).
    var campaignPosts: [Int32] = []

    init(reserve n: Int = 0) {
        if n > 0 {
            time.reserveCapacity(n); actor.reserveCapacity(n); action.reserveCapacity(n); target.reserveCapacity(n)
            context.reserveCapacity(n); text.reserveCapacity(n); url.reserveCapacity(n); language.reserveCapacity(n)
            campaign.reserveCapacity(n); tactics.reserveCapacity(n)
        }
    }

    var count: Int { time.count }

    @inline(__always)
    @discardableResult
    mutating func append(
        time t: Timestamp, actor a: EntityID, action k: ActionKind, target g: EventID = noReference,
        context x: EntityID = noReference, text s: Int32 = noReference, url u: Int32 = noReference,
        language l: UInt8 = EventTable.noLanguage, campaign c: Int16 = -1, tactics tt: TacticSet = []
    ) -> Int32 {
        time.append(t); actor.append(a); action.append(k); target.append(g); context.append(x)
        text.append(s); url.append(u); language.append(l); campaign.append(c); tactics.append(tt)
        return Int32(time.count - 1)
    }

    /// Appends a text to this buffer's own table and returns its reference.
    @inline(__always)
    mutating func addText(_ bytes: [UInt8]) -> Int32 { EventBuffer.localBase + texts.append(utf8: bytes) }
    mutating func addText(_ s: String) -> Int32 { EventBuffer.localBase + texts.append(s) }
    mutating func addURL(_ s: String) -> Int32 { EventBuffer.localBase + urls.append(s) }
}
