/// Everything entities did, one column per attribute, sorted by ``time`` (ties keep generation order).
///
/// Row `i` is ``EventID`` `i`. A reply, repost or like names its ``target`` event, which is never later than it.
public struct EventTable: Sendable, Equatable {
    public var time: [Timestamp] = []
    /// The entity that acted (a Page posting as itself is the actor of its posts).
    public var actor: [EntityID] = []
    public var action: [ActionKind] = []
    /// The event replied to, reposted or liked, or ``noReference``.
    public var target: [EventID] = []
    /// The Page or Group the event was posted in, or ``noReference``.
    public var context: [EntityID] = []
    /// Index into ``ObservableDataset/texts``, or ``noReference``.
    public var text: [Int32] = []
    /// Index into ``ObservableDataset/urls``, or ``noReference``.
    public var url: [Int32] = []
    /// Index into ``ObservableDataset/languages``, or ``EventTable/noLanguage``.
    public var language: [UInt8] = []

    /// The ``language`` value of events without text.
    public static let noLanguage: UInt8 = .max

    public init() {}

    public var count: Int { time.count }

    @discardableResult
    public mutating func append(
        time: Timestamp, actor: EntityID, action: ActionKind, target: EventID = noReference,
        context: EntityID = noReference, text: Int32 = noReference, url: Int32 = noReference,
        language: UInt8 = EventTable.noLanguage
    ) -> EventID {
        self.time.append(time)
        self.actor.append(actor)
        self.action.append(action)
        self.target.append(target)
        self.context.append(context)
        self.text.append(text)
        self.url.append(url)
        self.language.append(language)
        return EventID(count - 1)
    }

    public mutating func reserveCapacity(_ n: Int) {
        time.reserveCapacity(n)
        actor.reserveCapacity(n)
        action.reserveCapacity(n)
        target.reserveCapacity(n)
        context.reserveCapacity(n)
        text.reserveCapacity(n)
        url.reserveCapacity(n)
        language.reserveCapacity(n)
    }

    /// Reorders every column by `order` (a permutation of row indices) and remaps ``target`` accordingly.
    public mutating func permute(by order: [Int]) {
        precondition(order.count == count, "permutation has \(order.count) rows, table has \(count)")
        var newIndex = [EventID](repeating: 0, count: count)
        for (new, old) in order.enumerated() { newIndex[old] = EventID(new) }
        func apply<T>(_ column: [T]) -> [T] { order.map { column[$0] } }
        time = apply(time)
        actor = apply(actor)
        action = apply(action)
        target = order.map { target[$0] < 0 ? noReference : newIndex[Int(target[$0])] }
        context = apply(context)
        text = apply(text)
        url = apply(url)
        language = apply(language)
    }
}
