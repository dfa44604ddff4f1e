/// Who follows whom (an account following an account or a Page, or joining a Group), and since when.
public struct FollowTable: Sendable, Equatable {
    public var follower: [EntityID] = []
    public var followee: [EntityID] = []
    public var time: [Timestamp] = []

    public init() {}
    public var count: Int { follower.count }

    public mutating func append(follower: EntityID, followee: EntityID, time: Timestamp) {
        self.follower.append(follower)
        self.followee.append(followee)
        self.time.append(time)
    }

    public mutating func reserveCapacity(_ n: Int) {
        follower.reserveCapacity(n)
        followee.reserveCapacity(n)
        time.reserveCapacity(n)
    }
}

/// Sessions as a platform's integrity systems see them: which entity logged in, when, from which IPv4 address and
/// with which device fingerprint (SynchroTrap's "constraints").
public struct LoginTable: Sendable, Equatable {
    public var entity: [EntityID] = []
    public var time: [Timestamp] = []
    /// IPv4 address as a 32-bit integer (a.b.c.d = a<<24 | b<<16 | c<<8 | d).
    public var ip: [UInt32] = []
    /// Opaque device-fingerprint id.
    public var device: [UInt32] = []

    public init() {}
    public var count: Int { entity.count }

    public mutating func append(entity: EntityID, time: Timestamp, ip: UInt32, device: UInt32) {
        self.entity.append(entity)
        self.time.append(time)
        self.ip.append(ip)
        self.device.append(device)
    }

    public mutating func reserveCapacity(_ n: Int) {
        entity.reserveCapacity(n)
        time.reserveCapacity(n)
        ip.reserveCapacity(n)
        device.reserveCapacity(n)
    }
}

/// Formats and parses IPv4 addresses stored as ``LoginTable/ip``.
public enum IPv4 {
    public static func format(_ ip: UInt32) -> String {
        "\(ip >> 24).\((ip >> 16) & 0xff).\((ip >> 8) & 0xff).\(ip & 0xff)"
    }

    public static func parse(_ text: some StringProtocol) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}
