// DNSRecord: a question and a resource record of the types DNS-SD uses (A, AAAA, PTR, SRV, TXT), any other
// type kept as raw bytes.

/// A record type (RFC 1035 §3.2.2, RFC 3596, RFC 2782).
public struct DNSRecordType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = DNSRecordType(rawValue: 1)
    public static let ptr = DNSRecordType(rawValue: 12)
    public static let txt = DNSRecordType(rawValue: 16)
    public static let aaaa = DNSRecordType(rawValue: 28)
    public static let srv = DNSRecordType(rawValue: 33)
    public static let nsec = DNSRecordType(rawValue: 47)
    /// In a question: every type.
    public static let any = DNSRecordType(rawValue: 255)
}

/// The Internet class; the only one mDNS uses. `255` in a question means any class.
public enum DNSClass {
    /// IN.
    public static let internet: UInt16 = 1
    /// ANY, in questions.
    public static let any: UInt16 = 255
    /// The top bit of a question's class: the asker wants a unicast answer (mDNS "QU", RFC 6762 §5.4); in a
    /// record: the cache-flush bit (RFC 6762 §10.2).
    public static let topBit: UInt16 = 0x8000
}

/// One question of a query.
public struct DNSQuestion: Hashable, Sendable {
    /// The name asked about.
    public var name: DNSName
    /// The type asked for (``DNSRecordType/any`` for all).
    public var type: DNSRecordType
    /// The class, without the top bit.
    public var recordClass: UInt16
    /// mDNS: the asker prefers a unicast response ("QU").
    public var unicastResponse: Bool

    /// Creates a question of class IN.
    public init(name: DNSName, type: DNSRecordType, recordClass: UInt16 = DNSClass.internet, unicastResponse: Bool = false) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.unicastResponse = unicastResponse
    }

    /// Whether `record` answers this question (name, type or ANY, class IN or ANY).
    public func isAnswered(by record: DNSRecord) -> Bool {
        record.name == name && (type == .any || type == record.type)
            && (recordClass == DNSClass.any || recordClass == record.recordClass)
    }
}

/// What a record says.
public enum DNSRecordData: Hashable, Sendable {
    /// An IPv4 address (type A) or an IPv6 address (type AAAA).
    case address(IPAddress)
    /// A pointer to another name (PTR).
    case pointer(DNSName)
    /// A service's port and host (SRV).
    case service(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// Character strings (TXT), each at most 255 bytes.
    case text([[UInt8]])
    /// Any other type, kept as the bytes of its data.
    case other(DNSRecordType, [UInt8])

    /// The record type this data belongs to.
    public var type: DNSRecordType {
        switch self {
        case .address(let address): return address.isV4 ? .a : .aaaa
        case .pointer: return .ptr
        case .service: return .srv
        case .text: return .txt
        case .other(let type, _): return type
        }
    }
}

/// A resource record.
public struct DNSRecord: Hashable, Sendable {
    /// The owner name.
    public var name: DNSName
    /// The class, without the top bit.
    public var recordClass: UInt16
    /// mDNS: this is the whole set of records of this name and type (RFC 6762 §10.2).
    public var cacheFlush: Bool
    /// Seconds the record may be cached; 0 announces that it is gone (a goodbye).
    public var ttl: UInt32
    /// The data.
    public var data: DNSRecordData

    /// Creates a record of class IN.
    public init(name: DNSName, ttl: UInt32, cacheFlush: Bool = false, data: DNSRecordData, recordClass: UInt16 = DNSClass.internet) {
        self.name = name
        self.ttl = ttl
        self.cacheFlush = cacheFlush
        self.data = data
        self.recordClass = recordClass
    }

    /// The record's type.
    public var type: DNSRecordType { data.type }

    /// The same record with another time to live.
    public func with(ttl: UInt32) -> DNSRecord {
        var copy = self
        copy.ttl = ttl
        return copy
    }

    /// Whether two records say the same thing (name, type, class and data; not the TTL or the cache-flush bit).
    public func hasSameData(as other: DNSRecord) -> Bool {
        name == other.name && recordClass == other.recordClass && data == other.data
    }
}
