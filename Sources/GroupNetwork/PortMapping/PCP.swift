// PCP: the MAP request of the Port Control Protocol (RFC 6887) and the reading of its answer.

/// PCP version 2, over UDP to port 5351 of the default gateway (the same port as NAT-PMP).
public enum PCP {
    /// The protocol version.
    public static let version: UInt8 = 2
    /// The MAP opcode.
    public static let mapOpcode: UInt8 = 1
    /// IANA protocol number of TCP.
    public static let tcp: UInt8 = 6
    /// The largest PCP message (RFC 6887 §7).
    public static let maxMessage = 1100

    /// A MAP request: "forward TCP `internalPort` on me to you, for `lifetime` seconds" (0 deletes it).
    public struct MapRequest: Equatable, Sendable {
        /// Requested lifetime in seconds.
        public var lifetime: UInt32
        /// This machine's address as the gateway sees it (IPv4 is sent in its IPv4-mapped form).
        public var clientAddress: IPAddress
        /// 12 random bytes naming the mapping; renewals and the deletion repeat them.
        public var nonce: [UInt8]
        /// The local port.
        public var internalPort: UInt16
        /// The external port wanted (the one held before, on a renewal).
        public var suggestedExternalPort: UInt16
        /// The external address wanted; nil for no preference (sent as `::ffff:0.0.0.0`).
        public var suggestedExternalAddress: IPAddress?

        /// Creates a request.
        public init(
            lifetime: UInt32, clientAddress: IPAddress, nonce: [UInt8], internalPort: UInt16, suggestedExternalPort: UInt16,
            suggestedExternalAddress: IPAddress? = nil
        ) {
            self.lifetime = lifetime
            self.clientAddress = clientAddress
            self.nonce = nonce
            self.internalPort = internalPort
            self.suggestedExternalPort = suggestedExternalPort
            self.suggestedExternalAddress = suggestedExternalAddress
        }

        /// The 60 bytes on the wire: the common header, then the MAP payload.
        public func encoded() -> [UInt8] {
            var writer = ByteWriter()
            writer.u8(PCP.version)
            writer.u8(PCP.mapOpcode)
            writer.u16(0)
            writer.u32(lifetime)
            writer.append(clientAddress.mapped.bytes)
            writer.append((nonce + [UInt8](repeating: 0, count: 12)).prefix(12))
            writer.u8(PCP.tcp)
            writer.append([0, 0, 0])
            writer.u16(internalPort)
            writer.u16(suggestedExternalPort)
            writer.append((suggestedExternalAddress ?? IPAddress.anyV4).mapped.bytes)
            return writer.bytes
        }
    }

    /// A MAP answer.
    public struct MapResponse: Equatable, Sendable {
        /// 0 for success, else one of RFC 6887 §7.4's codes.
        public var result: UInt8
        /// Seconds granted (on an error: how long the error holds).
        public var lifetime: UInt32
        /// The server's epoch time.
        public var epoch: UInt32
        /// The request's nonce, echoed.
        public var nonce: [UInt8]
        /// The protocol, echoed.
        public var protocolNumber: UInt8
        /// The internal port, echoed.
        public var internalPort: UInt16
        /// The external port assigned.
        public var externalPort: UInt16
        /// The external address assigned (IPv4 unmapped).
        public var externalAddress: IPAddress
    }

    /// A gateway's answer to a PCP request.
    public enum Response: Equatable, Sendable {
        /// A MAP answer with its payload.
        case map(MapResponse)
        /// An answer without a MAP payload (an error for a request it could not read), or to another opcode.
        case failure(opcode: UInt8, result: UInt8)
    }

    /// Reads an answer. Options after the MAP payload are checked for length and skipped.
    /// - Throws: ``PortMappingPacketError``.
    public static func decode(_ packet: [UInt8]) throws(PortMappingPacketError) -> Response {
        guard packet.count <= maxMessage else { throw .badLength }
        var reader = ByteReader(packet, truncated: PortMappingPacketError.truncated)
        let packetVersion = try reader.u8()
        guard packetVersion == version else { throw .wrongVersion(packetVersion) }
        let opcodeByte = try reader.u8()
        guard opcodeByte & 0x80 != 0 else { throw .notAResponse }
        let opcode = opcodeByte & 0x7F
        try reader.skip(1)
        let result = try reader.u8()
        let lifetime = try reader.u32()
        let epoch = try reader.u32()
        try reader.skip(12)
        guard opcode == mapOpcode, reader.remaining >= 36 else {
            if result == 0 && opcode == mapOpcode { throw .truncated }
            return .failure(opcode: opcode, result: result)
        }
        guard packet.count % 4 == 0 else { throw .badLength }
        let nonce = Array(try reader.take(12))
        let protocolNumber = try reader.u8()
        try reader.skip(3)
        let inside = try reader.u16()
        let external = try reader.u16()
        let address = IPAddress(bytes: try reader.take(16))!.unmapped
        while reader.remaining > 0 {
            try reader.skip(2)
            let padded = (Int(try reader.u16()) + 3) / 4 * 4
            guard padded <= reader.remaining else { throw .badLength }
            try reader.skip(padded)
        }
        return .map(MapResponse(
            result: result, lifetime: lifetime, epoch: epoch, nonce: nonce, protocolNumber: protocolNumber,
            internalPort: inside, externalPort: external, externalAddress: address))
    }

    /// What a result code means, for the owner.
    public static func describe(result: UInt8) -> String {
        switch result {
        case 1: return "UNSUPP_VERSION: it does not support this version of PCP"
        case 2: return "NOT_AUTHORIZED: port mapping is turned off in its settings"
        case 3: return "MALFORMED_REQUEST"
        case 4: return "UNSUPP_OPCODE: it does not do port mappings"
        case 7: return "NETWORK_FAILURE: it has no public address yet"
        case 8: return "NO_RESOURCES: it cannot create more mappings"
        case 9: return "UNSUPP_PROTOCOL: it does not map TCP"
        case 10: return "USER_EX_QUOTA: this machine has too many mappings"
        case 11: return "CANNOT_PROVIDE_EXTERNAL: the port is taken"
        case 12: return "ADDRESS_MISMATCH: another NAT sits between this machine and the router"
        default: return "result code \(result)"
        }
    }
}
