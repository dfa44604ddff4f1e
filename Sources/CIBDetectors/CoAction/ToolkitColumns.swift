internal import CIBCSV

/// Toolkit messages in columns, with every id and key interned byte for byte (code point for code point, as Python and
/// SQLite compare them): what ``coordinationInput(_:kind:)`` turns into the co-action engine's input. Only the key
/// column of one network kind is held.
struct ToolkitColumns: Sendable {
    var kind: CoordinationKind
    var rowCount = 0
    /// Per row: message id, user (into ``users``), whether `repost_id` is non-empty, timestamp.
    var messageID: [Int32] = []
    var user: [Int32] = []
    var isRepost: [Bool] = []
    var timestamp: [Double] = []
    /// co_link: the URLs of row `r` are `key[keyStart[r] ..< keyStart[r + 1]]` (none for reposts). Other kinds: one
    /// key per row in `key` (normalised text, repost id or reply id), `-1` for none, and `keyStart` is empty.
    var keyStart: [Int32] = []
    var key: [Int32] = []
    var messageIDCount = 0
    var keyCount = 0
    /// User ids, numbered in byte order (the order of the toolkit's edge list), so that edges sorted by user number
    /// are in the toolkit's order.
    var users = ByteInterner()

    init(kind: CoordinationKind) {
        self.kind = kind
        if kind == .coLink { keyStart = [0] }
    }

    /// The columns of messages built in code (the same semantics as a CSV file with these rows).
    init(messages: [ToolkitMessage], kind: CoordinationKind) {
        self.init(kind: kind)
        var messageIDs = ByteInterner(capacity: messages.count)
        var keys = ByteInterner()
        var text: [UInt8] = []
        var scratch = ToolkitTextScratch()
        func intern(_ s: String, _ interner: inout ByteInterner) -> Int32 {
            var s = s
            return s.withUTF8 { interner.intern($0).id }
        }
        for m in messages {
            messageID.append(intern(m.messageID, &messageIDs))
            user.append(intern(m.userID, &users))
            isRepost.append(!m.repostID.isEmpty)
            timestamp.append(m.timestamp)
            switch kind {
            case .coLink:
                if m.repostID.isEmpty {
                    for url in m.urls { key.append(intern(url, &keys)) }
                }
                keyStart.append(Int32(key.count))
            case .coTweet:
                if m.repostID.isEmpty {
                    text.removeAll(keepingCapacity: true)
                    var message = m.message
                    message.withUTF8 { ToolkitText.normalise(utf8: $0, into: &text, scratch: &scratch) }
                    key.append(text.withUnsafeBufferPointer { keys.intern($0).id })
                } else {
                    key.append(-1)
                }
            case .coRetweet:
                key.append(m.repostID.isEmpty ? -1 : intern(m.repostID, &keys))
            case .coReply:
                key.append(m.replyID.isEmpty ? -1 : intern(m.replyID, &keys))
            }
        }
        rowCount = messages.count
        messageIDCount = messageIDs.count
        keyCount = keys.count
        let order = users.byteOrder()
        var rank = [Int32](repeating: 0, count: users.count)
        for (r, u) in order.enumerated() { rank[Int(u)] = Int32(r) }
        user = user.map { rank[Int($0)] }
        users = users.reordered(order)
    }
}

/// The columns' storage, written by parallel tasks at disjoint rows (nil for an empty column; `keyStart` is nil
/// except for co_link).
struct ToolkitColumnPointers: @unchecked Sendable {
    let messageID: UnsafeMutablePointer<Int32>?
    let user: UnsafeMutablePointer<Int32>?
    let isRepost: UnsafeMutablePointer<Bool>?
    let timestamp: UnsafeMutablePointer<Double>?
    let key: UnsafeMutablePointer<Int32>?
    let keyStart: UnsafeMutablePointer<Int32>?
}

extension ToolkitColumns {
    /// Calls `body` with pointers to the columns (already sized), for filling them in parallel.
    mutating func withColumnPointers(_ body: (ToolkitColumnPointers) -> Void) {
        let hasKeyStart = kind == .coLink
        messageID.withUnsafeMutableBufferPointer { m in
            user.withUnsafeMutableBufferPointer { u in
                isRepost.withUnsafeMutableBufferPointer { r in
                    timestamp.withUnsafeMutableBufferPointer { t in
                        key.withUnsafeMutableBufferPointer { k in
                            keyStart.withUnsafeMutableBufferPointer { ks in
                                body(ToolkitColumnPointers(
                                    messageID: m.baseAddress, user: u.baseAddress, isRepost: r.baseAddress,
                                    timestamp: t.baseAddress, key: k.baseAddress,
                                    keyStart: hasKeyStart ? ks.baseAddress : nil))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The engine input of `columns.kind` with coordination-network-toolkit 1.5.2's deduplication (see
/// ``coordinationNetwork(messages:kind:window:minWeight:includeSelfLoops:tasks:)``):
/// - co_link (`message_url`): URL rows of non-repost rows, `(message_id, url)` first wins; the engine's "message" is a
///   distinct `(message_id, user)` pair, since `count(distinct message_id)` is grouped by the URL row's user;
/// - the others (`edge`): rows deduplicated by `message_id`, first wins (reposts included), then filtered.
///
/// One pass over the rows with arrays indexed by message id; only message ids that occur in more than one row go
/// through hash tables. Cost O(rows + URLs).
func coordinationInput(_ columns: ToolkitColumns) -> CoActionInput<Double> {
    var messageUser: [Int32] = []
    var rowKey: [Int32] = []
    var rowTime: [Double] = []
    var rowMessage: [Int32] = []
    rowKey.reserveCapacity(columns.kind == .coLink ? columns.key.count : columns.rowCount)
    rowTime.reserveCapacity(rowKey.capacity)
    rowMessage.reserveCapacity(rowKey.capacity)
    messageUser.reserveCapacity(columns.rowCount)

    switch columns.kind {
    case .coLink:
        // firstRow[m]: the first non-repost row with message id m (-1: none yet); repeated[m]: m has been met again,
        // so its (message, URL) and (message, user) pairs live in the hash tables.
        var firstRow = [Int32](repeating: -1, count: columns.messageIDCount)
        var firstMessage = [Int32](repeating: -1, count: columns.messageIDCount)
        var repeated = [Bool](repeating: false, count: columns.messageIDCount)
        var seenURL = Set<UInt64>()
        var messageOf: [UInt64: Int32] = [:]
        func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
        for r in 0 ..< columns.rowCount where !columns.isRepost[r] {
            let m = columns.messageID[r], u = columns.user[r]
            let from = Int(columns.keyStart[r]), to = Int(columns.keyStart[r + 1])
            if firstRow[Int(m)] < 0 {
                // First row with this message id: its URLs are new unless repeated within the row.
                firstRow[Int(m)] = Int32(r)
                var message: Int32 = -1
                for i in from ..< to {
                    let url = columns.key[i]
                    if columns.key[from ..< i].contains(url) { continue }
                    if message < 0 {
                        message = Int32(messageUser.count)
                        messageUser.append(u)
                        firstMessage[Int(m)] = message
                    }
                    rowKey.append(url)
                    rowTime.append(columns.timestamp[r])
                    rowMessage.append(message)
                }
                continue
            }
            if !repeated[Int(m)] {
                // Met again: move the first row's pairs into the hash tables.
                repeated[Int(m)] = true
                let f = Int(firstRow[Int(m)])
                for i in Int(columns.keyStart[f]) ..< Int(columns.keyStart[f + 1]) { seenURL.insert(pair(m, columns.key[i])) }
                if firstMessage[Int(m)] >= 0 { messageOf[pair(m, columns.user[f])] = firstMessage[Int(m)] }
            }
            for i in from ..< to where seenURL.insert(pair(m, columns.key[i])).inserted {
                let message: Int32
                if let existing = messageOf[pair(m, u)] {
                    message = existing
                } else {
                    message = Int32(messageUser.count)
                    messageOf[pair(m, u)] = message
                    messageUser.append(u)
                }
                rowKey.append(columns.key[i])
                rowTime.append(columns.timestamp[r])
                rowMessage.append(message)
            }
        }
    case .coTweet, .coRetweet, .coReply:
        var seen = [Bool](repeating: false, count: columns.messageIDCount)
        for r in 0 ..< columns.rowCount {
            let m = Int(columns.messageID[r])
            if seen[m] { continue }
            seen[m] = true
            let k = columns.key[r]
            guard k >= 0 else { continue }
            switch columns.kind {
            case .coTweet, .coReply: if columns.isRepost[r] { continue }
            default: break
            }
            let message = Int32(messageUser.count)
            messageUser.append(columns.user[r])
            rowKey.append(k)
            rowTime.append(columns.timestamp[r])
            rowMessage.append(message)
        }
    }
    return CoActionInput<Double>(
        keyCount: columns.keyCount, userCount: columns.users.count, messageUser: messageUser, rowKey: rowKey,
        rowTime: rowTime, rowMessage: rowMessage, keyWeight: nil)
}
