/// Accounts, Pages and Groups as a platform observes them, one column per attribute (structure of arrays).
///
/// Row `i` is ``EntityID`` `i`. Nothing here says who is authentic: that lives in the `CIBTruth` module, which
/// detectors cannot import.
public struct EntityTable: Sendable, Equatable {
    /// Index into ``ObservableDataset/platforms``.
    public var platform: [UInt16] = []
    public var kind: [EntityKind] = []
    /// The id the entity has on its own platform (each platform has its own id space).
    public var platformLocalID: [UInt64] = []
    /// When the account, Page or Group was created.
    public var createdAt: [Timestamp] = []
    /// The country the platform attributes to the entity (profile or IP geolocation): index into
    /// ``ObservableDataset/countries``.
    public var country: [UInt16] = []
    /// The handle or display name.
    public var name = StringTable()

    public init() {}

    public var count: Int { kind.count }

    @discardableResult
    public mutating func append(
        platform: UInt16, kind: EntityKind, platformLocalID: UInt64, createdAt: Timestamp, country: UInt16,
        name: String
    ) -> EntityID {
        var name = name
        return name.withUTF8 {
            append(platform: platform, kind: kind, platformLocalID: platformLocalID, createdAt: createdAt, country: country, nameUTF8: $0)
        }
    }

    /// Appends an entity whose name is given as UTF-8 bytes (no `String` needed).
    @discardableResult
    public mutating func append(
        platform: UInt16, kind: EntityKind, platformLocalID: UInt64, createdAt: Timestamp, country: UInt16,
        nameUTF8: UnsafeBufferPointer<UInt8>
    ) -> EntityID {
        self.platform.append(platform)
        self.kind.append(kind)
        self.platformLocalID.append(platformLocalID)
        self.createdAt.append(createdAt)
        self.country.append(country)
        self.name.append(utf8: nameUTF8)
        return EntityID(count - 1)
    }

    public mutating func reserveCapacity(_ n: Int) {
        platform.reserveCapacity(n)
        kind.reserveCapacity(n)
        platformLocalID.reserveCapacity(n)
        createdAt.reserveCapacity(n)
        country.reserveCapacity(n)
        name.reserveCapacity(strings: n, bytes: n * 12)
    }
}
