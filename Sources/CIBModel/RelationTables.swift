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

    /// The address of a dotted quad `a.b.c.d` (four decimal octets 0-255, nothing else), or nil. Reads the UTF-8
    /// bytes once; datasets have one address per login row.
    public static func parse(_ text: some StringProtocol) -> UInt32? { parse(utf8: text.utf8) }

    /// ``parse(_:)`` of UTF-8 bytes (a field of a CSV file, without making a `String`).
    @inlinable
    public static func parse(utf8 bytes: some Sequence<UInt8>) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0
        var digits = 0, parts = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | octet
                parts += 1
                octet = 0
                digits = 0
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                octet = octet * 10 + UInt32(b - UInt8(ascii: "0"))
                digits += 1
                guard octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | octet
    }
}
