// PortMapper: asking the home router to forward a TCP port (PCP, falling back to NAT-PMP), renewing the mapping
// before it expires and deleting it on stop — as a state machine: packets and time in, packets and events out.

/// The client side of RFC 6887 (PCP) and RFC 6886 (NAT-PMP) for one TCP port. It first asks with PCP; a
/// NAT-PMP-only router answers that with "unsupported version", and the mapper asks again with NAT-PMP.
/// Requests are sent again 250 ms, 500 ms, 1 s and 2 s later; with no answer 4 s after the fifth it gives up
/// (RFC 6886 retries for a minute; a person waiting at the prompt is told within 8 s instead). A granted
/// mapping is renewed at half its lifetime and deleted by ``stop(now:)``.
public struct PortMapper: Sendable {
    /// Which protocol the router spoke.
    public enum Flavor: String, Sendable {
        case pcp = "PCP"
        case natpmp = "NAT-PMP"
    }

    /// A mapping the router granted.
    public struct Mapping: Equatable, Sendable {
        /// The protocol that got it.
        public var flavor: Flavor
        /// The router's public address (nil when a NAT-PMP router would not say).
        public var externalAddress: IPAddress?
        /// The public port.
        public var externalPort: UInt16
        /// Seconds granted.
        public var lifetime: UInt32

        /// Creates a mapping description.
        public init(flavor: Flavor, externalAddress: IPAddress?, externalPort: UInt16, lifetime: UInt32) {
            self.flavor = flavor
            self.externalAddress = externalAddress
            self.externalPort = externalPort
            self.lifetime = lifetime
        }
    }

    /// What happened, for the owner.
    public enum Event: Equatable, Sendable {
        /// The first mapping, or one whose public address or port changed.
        case mapped(Mapping)
        /// The same mapping for another lifetime.
        case renewed(Mapping)
        /// The router answered with an error (the reason, for the owner).
        case refused(Flavor, String)
        /// No answer to five tries over about 8 s.
        case noAnswer
        /// The gateway said (ICMP) that nothing listens on its port 5351.
        case unreachable
        /// A mapping could not be renewed before it expired.
        case lost(String)
        /// The mapping was deleted (or the deletion went unanswered: then it expires by itself).
        case deleted(confirmed: Bool)
    }

    enum Phase: Equatable {
        case idle
        /// Asking (or renewing, when `current` is set), the `sent`th try done.
        case requesting(flavor: Flavor, sent: Int, next: Int64)
        case mapped(renewAt: Int64)
        case deleting(sent: Int, next: Int64)
        case finished
    }

    /// The tries before giving up, and the first interval (doubling).
    static let maxTries = 5
    static let firstRetryMillis: Int64 = 250
    /// Deleting gives up sooner: stopping should not wait.
    static let maxDeleteTries = 3
    /// Renewals after a failed one are sent again at most this far apart.
    static let maxRenewRetryMillis: Int64 = 30_000

    private let internalPort: UInt16
    private let clientAddress: IPAddress
    private let nonce: [UInt8]
    private let requestedLifetime: UInt32
    private(set) var phase = Phase.idle
    /// The mapping held, and when it expires.
    public private(set) var current: Mapping?
    private var expiresAt: Int64 = 0
    /// NAT-PMP answers arrive in two packets.
    private var natpmpAddress: IPAddress?
    private var natpmpMapping: (port: UInt16, lifetime: UInt32)?
    private var gotAddressAnswer = false
    private var packets: [[UInt8]] = []
    private var events: [Event] = []

    /// Creates a mapper for TCP `internalPort`.
    /// - Parameters:
    ///   - clientAddress: This machine's address toward the gateway (PCP carries it).
    ///   - nonce: 12 random bytes.
    ///   - requestedLifetime: Seconds to ask for (RFC 6886 recommends 7200).
    public init(internalPort: UInt16, clientAddress: IPAddress, nonce: [UInt8], requestedLifetime: UInt32 = 7200) {
        self.internalPort = internalPort
        self.clientAddress = clientAddress
        self.nonce = nonce
        self.requestedLifetime = requestedLifetime
    }

    /// When ``advance(now:)`` has work next, or nil.
    public var nextDeadline: Int64? {
        switch phase {
        case .requesting(_, _, let next), .deleting(_, let next): return next
        case .mapped(let renewAt): return renewAt
        case .idle, .finished: return nil
        }
    }

    /// Whether nothing more will happen (deleted, refused, or given up).
    public var isFinished: Bool { phase == .finished }

    /// Packets to send to the gateway, in order.
    public mutating func takePackets() -> [[UInt8]] {
        defer { packets.removeAll() }
        return packets
    }

    /// Events since the last call.
    public mutating func takeEvents() -> [Event] {
        defer { events.removeAll() }
        return events
    }

    // MARK: - Life

    /// Sends the first PCP request.
    public mutating func start(now: Int64) {
        guard phase == .idle else { return }
        phase = .requesting(flavor: .pcp, sent: 0, next: now)
        advance(now: now)
    }

    /// Retries, renews, gives up or expires, as the clock says.
    public mutating func advance(now: Int64) {
        switch phase {
        case .requesting(let flavor, let sent, let next) where now >= next:
            if current != nil && now >= expiresAt {
                current = nil
                phase = .finished
                events.append(.lost("the router did not answer the renewals before the mapping expired"))
                return
            }
            if sent >= Self.maxTries && current == nil {
                phase = .finished
                events.append(.noAnswer)
                return
            }
            sendRequest(flavor, lifetime: requestedLifetime)
            var wait = Self.firstRetryMillis << min(sent, 16)
            if current != nil { wait = min(wait, Self.maxRenewRetryMillis, max(1, expiresAt - now)) }
            phase = .requesting(flavor: flavor, sent: sent + 1, next: now + wait)
        case .mapped(let renewAt) where now >= renewAt:
            phase = .requesting(flavor: current?.flavor ?? .pcp, sent: 0, next: now)
            advance(now: now)
        case .deleting(let sent, let next) where now >= next:
            guard sent < Self.maxDeleteTries else {
                phase = .finished
                // Nothing to say when no mapping was ever granted: the request in flight may never have arrived.
                if current != nil { events.append(.deleted(confirmed: false)) }
                return
            }
            sendRequest(current?.flavor ?? .pcp, lifetime: 0)
            phase = .deleting(sent: sent + 1, next: now + (Self.firstRetryMillis << sent))
        default: break
        }
    }

    /// The gateway reported (ICMP port unreachable) that nothing listens on its port 5351.
    public mutating func unreachable(now: Int64) {
        switch phase {
        case .requesting where current == nil:
            phase = .finished
            events.append(.unreachable)
        case .deleting:
            phase = .finished
            if current != nil { events.append(.deleted(confirmed: false)) }
        default: break
        }
    }

    /// Deletes the mapping (or one a request in flight may have created); finished at once when there is none.
    public mutating func stop(now: Int64) {
        switch phase {
        case .requesting, .mapped:
            phase = .deleting(sent: 0, next: now)
            advance(now: now)
        case .idle:
            phase = .finished
        case .deleting, .finished: break
        }
    }

    private mutating func sendRequest(_ flavor: Flavor, lifetime: UInt32) {
        switch flavor {
        case .pcp:
            packets.append(PCP.MapRequest(
                lifetime: lifetime, clientAddress: clientAddress, nonce: nonce, internalPort: internalPort,
                suggestedExternalPort: current?.externalPort ?? internalPort,
                suggestedExternalAddress: current?.externalAddress).encoded())
        case .natpmp:
            if lifetime > 0 { packets.append(NATPMP.externalAddressRequest()) }
            packets.append(NATPMP.mapTCPRequest(
                internalPort: internalPort, suggestedExternalPort: current?.externalPort ?? internalPort, lifetime: lifetime))
        }
    }

    // MARK: - Answers

    /// Handles a packet from the gateway; anything unreadable or not about our mapping is ignored.
    public mutating func receive(_ packet: [UInt8], now: Int64) {
        let flavor: Flavor
        switch phase {
        case .requesting(let asked, _, _): flavor = asked
        case .deleting: flavor = current?.flavor ?? .pcp
        default: return
        }
        if flavor == .pcp, packet.first == 0 {
            // A NAT-PMP gateway's "unsupported version" answer to our PCP request: ask it in NAT-PMP.
            guard case .failure(_, let result)? = try? NATPMP.decode(packet), result == 1 else { return }
            if case .deleting = phase { return }
            phase = .requesting(flavor: .natpmp, sent: 0, next: now)
            return advance(now: now)
        }
        switch flavor {
        case .pcp: receivePCP(packet, now: now)
        case .natpmp: receiveNATPMP(packet, now: now)
        }
    }

    private mutating func receivePCP(_ packet: [UInt8], now: Int64) {
        switch try? PCP.decode(packet) {
        case .map(let answer)?:
            guard answer.nonce == nonce, answer.protocolNumber == PCP.tcp, answer.internalPort == internalPort else { return }
            guard answer.result == 0 else {
                if answer.result == 1, current == nil, case .requesting = phase {
                    // A PCP server of another version may still speak NAT-PMP.
                    phase = .requesting(flavor: .natpmp, sent: 0, next: now)
                    return advance(now: now)
                }
                return refused(.pcp, PCP.describe(result: answer.result), now: now)
            }
            granted(Mapping(flavor: .pcp, externalAddress: answer.externalAddress, externalPort: answer.externalPort,
                lifetime: answer.lifetime), now: now)
        case .failure(_, let result)? where result != 0:
            refused(.pcp, PCP.describe(result: result), now: now)
        default: return
        }
    }

    private mutating func receiveNATPMP(_ packet: [UInt8], now: Int64) {
        switch try? NATPMP.decode(packet) {
        case .externalAddress(_, let address)?:
            natpmpAddress = address
            gotAddressAnswer = true
        case .mapping(_, let inside, let external, let lifetime)? where inside == internalPort:
            natpmpMapping = (external, lifetime)
        case .failure(let opcode, _)? where opcode == NATPMP.externalAddressOpcode:
            // The mapping may still work; the public address stays unknown.
            gotAddressAnswer = true
        case .failure(_, let result)?:
            return refused(.natpmp, NATPMP.describe(result: result), now: now)
        default: return
        }
        if case .deleting = phase, let mapping = natpmpMapping, mapping.lifetime == 0 {
            return granted(Mapping(flavor: .natpmp, externalAddress: nil, externalPort: 0, lifetime: 0), now: now)
        }
        guard gotAddressAnswer, let mapping = natpmpMapping else { return }
        gotAddressAnswer = false
        natpmpMapping = nil
        granted(Mapping(flavor: .natpmp, externalAddress: natpmpAddress, externalPort: mapping.port, lifetime: mapping.lifetime), now: now)
    }

    private mutating func granted(_ mapping: Mapping, now: Int64) {
        if case .deleting = phase {
            phase = .finished
            current = nil
            events.append(.deleted(confirmed: true))
            return
        }
        guard mapping.lifetime > 0 else { return refused(mapping.flavor, "it granted the mapping for 0 seconds", now: now) }
        let previous = current
        current = mapping
        expiresAt = now + Int64(mapping.lifetime) * 1000
        phase = .mapped(renewAt: now + max(500, Int64(mapping.lifetime) * 500))
        let same = previous.map { $0.externalAddress == mapping.externalAddress && $0.externalPort == mapping.externalPort } ?? false
        events.append(same ? .renewed(mapping) : .mapped(mapping))
    }

    private mutating func refused(_ flavor: Flavor, _ reason: String, now: Int64) {
        if case .deleting = phase {
            phase = .finished
            events.append(.deleted(confirmed: false))
            return
        }
        if current != nil {
            // A refused renewal: the mapping lives until it expires; say so once and stop.
            current = nil
            phase = .finished
            events.append(.lost("the router refused to renew it (\(reason))"))
            return
        }
        phase = .finished
        events.append(.refused(flavor, reason))
    }
}
