/// One row of coordination-network-toolkit's CSV input (`message_id, user_id, username, repost_id, reply_id,
/// message, timestamp, urls`), as the toolkit's `preprocess_csv_files` reads it.
///
/// Empty `repostID` / `replyID` mean "none" (the toolkit stores `repost_id or None`). `urls` is the last column split
/// on single spaces exactly as Python's `row[-1].split(" ")`, so an empty column gives `[""]` and a double space gives
/// an empty URL between the two: the toolkit stores those empty strings as URLs, and so co-links every non-repost
/// message without a URL with every other one (a quirk of 1.5.2 that ``coordinationNetwork(messages:kind:window:minWeight:includeSelfLoops:tasks:)``
/// reproduces; pass `urls: []` to mean "no URL" when building messages in code).
public struct ToolkitMessage: Sendable, Equatable {
    public var messageID: String
    public var userID: String
    public var username: String
    public var repostID: String
    public var replyID: String
    public var message: String
    /// Seconds; any consistent origin (the toolkit reads it with Python `float()`).
    public var timestamp: Double
    public var urls: [String]
    /// The line of the CSV file the row starts on (1 is the header), when it came from a file.
    public var line: Int?

    public init(
        messageID: String, userID: String, username: String = "", repostID: String = "", replyID: String = "",
        message: String = "", timestamp: Double, urls: [String] = [], line: Int? = nil
    ) {
        self.messageID = messageID
        self.userID = userID
        self.username = username
        self.repostID = repostID
        self.replyID = replyID
        self.message = message
        self.timestamp = timestamp
        self.urls = urls
        self.line = line
    }
}

/// The co-action networks of coordination-network-toolkit 1.5.2 (Graham, QUT Digital Observatory; `compute_networks.py`).
public enum CoordinationKind: String, CaseIterable, Sendable {
    /// Same URL (`message_url` rows: URLs of messages that are not reposts), `compute_co_link_network`.
    case coLink = "co_link"
    /// Same normalised text (``ToolkitText``) of messages that are not reposts, `compute_co_tweet_network`.
    case coTweet = "co_tweet"
    /// Reposts of the same message, `compute_co_retweet_parallel`.
    case coRetweet = "co_retweet"
    /// Replies (that are not reposts) to the same message, `compute_co_reply_network`.
    case coReply = "co_reply"
}

/// A directed edge of a coordination network: `weight` distinct messages of `source` have at least one message of
/// `target` with the same key within the window.
public struct WeightedEdge: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var source: String
    public var target: String
    public var weight: Int

    public init(source: String, target: String, weight: Int) {
        self.source = source
        self.target = target
        self.weight = weight
    }

    public var description: String { "\(source)→\(target) (\(weight))" }
}

/// Computes a coordination network exactly as coordination-network-toolkit 1.5.2 does on the same messages.
///
/// Semantics (from the toolkit's `preprocess.py` and `compute_networks.py`):
/// - messages are deduplicated by `message_id`, the first row winning (`insert or ignore`); for co-link, URL rows are
///   deduplicated by `(message_id, url)`, the first row winning, and come from every row whose own `repost_id` is empty;
/// - two messages match when their keys are equal and `t1 - window <= t2 <= t1 + window` (SQL `between`, inclusive);
/// - `weight(u→v)` is the number of distinct messages of `u` with at least one match from `v`
///   (`count(distinct e_1.message_id)`), so the network is directed and usually asymmetric;
/// - an edge is kept when `weight >= minWeight`, separately in each direction;
/// - self-pairs are matched too (a message always matches itself), but the toolkit's exports drop them
///   (`where user_1 != user_2`) unless `--include_self_loops`; `includeSelfLoops` does the same here.
///
/// Returns edges sorted by source then target, comparing the UTF-8 bytes (SQLite's BINARY collation), which is the
/// order the toolkit's CSV export lists them in. Deterministic for any `tasks`.
/// Cost: O(n log n + matches) time for n messages.
public func coordinationNetwork(
    messages: [ToolkitMessage], kind: CoordinationKind, window: Double, minWeight: Int,
    includeSelfLoops: Bool = false, tasks: Int = 1
) -> [WeightedEdge] {
    let columns = ToolkitColumns(messages: messages, kind: kind)
    var options = CoActionOptions<Double>(window: window)
    options.minCount = max(1, minWeight)
    options.includeSelfLoops = includeSelfLoops
    options.tasks = max(1, tasks)
    options.countMatched = false
    options.edgeWeights = false
    return ToolkitNetworkEdges(parts: CoActionEngine.runParts(coordinationInput(columns), options), users: columns.users,
                               kind: kind).edges
}

/// A string compared and hashed by its UTF-8 bytes (code points), not by canonical equivalence as `String` is.
struct ExactString: Hashable {
    var value: String

    init(_ value: String) { self.value = value }

    static func == (a: ExactString, b: ExactString) -> Bool { a.value.utf8.elementsEqual(b.value.utf8) }

    func hash(into hasher: inout Hasher) {
        var value = value
        value.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
