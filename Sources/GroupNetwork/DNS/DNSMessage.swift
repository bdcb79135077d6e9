// DNSMessage: a DNS message (RFC 1035 §4.1) — header, questions and three sections of records — as mDNS uses it.

/// A DNS message. ``decode(_:)`` reads any packet without trapping; ``encoded()`` writes one with name
/// compression.
public struct DNSMessage: Equatable, Sendable {
    /// The query identifier (0 in multicast DNS, except for answers to legacy unicast queries).
    public var id: UInt16
    /// The header's flag bits (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE).
    public var flags: UInt16
    /// The questions.
    public var questions: [DNSQuestion]
    /// The answer section.
    public var answers: [DNSRecord]
    /// The authority section (in an mDNS probe: the records the prober wants to own).
    public var authorities: [DNSRecord]
    /// The additional section.
    public var additionals: [DNSRecord]

    /// QR: this message is a response.
    public static let responseFlag: UInt16 = 0x8000
    /// AA: an authoritative answer (every mDNS response sets it).
    public static let authoritativeFlag: UInt16 = 0x0400
    /// TC: the message was truncated (in an mDNS query: known answers follow in another packet).
    public static let truncatedFlag: UInt16 = 0x0200

    /// Creates a message.
    public init(
        id: UInt16 = 0, flags: UInt16 = 0, questions: [DNSQuestion] = [], answers: [DNSRecord] = [],
        authorities: [DNSRecord] = [], additionals: [DNSRecord] = []
    ) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// Whether this is a response (QR set).
    public var isResponse: Bool { flags & Self.responseFlag != 0 }
    /// The opcode (0: a standard query; mDNS ignores messages with any other).
    public var opcode: UInt16 { flags >> 11 & 0xF }
    /// Every record of the three sections.
    public var allRecords: [DNSRecord] { answers + authorities + additionals }

    /// The smallest wire size of a question (root name, type, class) and of a record (root name, type, class,
    /// TTL, data length), which bound how many the header may honestly announce.
    static let minimumQuestionSize = 5
    static let minimumRecordSize = 11
}
