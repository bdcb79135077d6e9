// NATPMP: the messages of NAT Port Mapping Protocol (RFC 6886) — asking the gateway for its public address
// and for a TCP mapping — and the reading of its answers.

/// NAT-PMP, version 0, over UDP to port 5351 of the default gateway.
public enum NATPMP {
    /// The gateway's port.
    public static let port: UInt16 = 5351
    /// Opcodes of the requests; an answer's opcode is 128 more.
    public static let externalAddressOpcode: UInt8 = 0
    /// Map a TCP port.
    public static let mapTCPOpcode: UInt8 = 2

    /// A gateway's answer.
    public enum Response: Equatable, Sendable {
        /// The public address (opcode 128).
        case externalAddress(epoch: UInt32, address: IPAddress)
        /// A TCP mapping (opcode 130): its ports and the lifetime granted in seconds (0: deleted).
        case mapping(epoch: UInt32, internalPort: UInt16, externalPort: UInt16, lifetime: UInt32)
        /// An error for the request of `opcode` (the request's own opcode): `result` is one of RFC 6886 §3.5's codes.
        case failure(opcode: UInt8, result: UInt16)
    }

    /// `[0][0]`: what is your public address?
    public static func externalAddressRequest() -> [UInt8] { [0, externalAddressOpcode] }

    /// A request to map TCP `internalPort` for `lifetime` seconds (0 deletes it; then the suggested external
    /// port must be 0, RFC 6886 §3.4).
    public static func mapTCPRequest(internalPort: UInt16, suggestedExternalPort: UInt16, lifetime: UInt32) -> [UInt8] {
        var writer = ByteWriter()
        writer.u8(0)
        writer.u8(mapTCPOpcode)
        writer.u16(0)
        writer.u16(internalPort)
        writer.u16(lifetime == 0 ? 0 : suggestedExternalPort)
        writer.u32(lifetime)
        return writer.bytes
    }

    /// Reads an answer.
    /// - Throws: ``PortMappingPacketError`` for a short packet, another version, or a request.
    public static func decode(_ packet: [UInt8]) throws(PortMappingPacketError) -> Response {
        var reader = ByteReader(packet, truncated: PortMappingPacketError.truncated)
        let version = try reader.u8()
        guard version == 0 else { throw .wrongVersion(version) }
        let opcode = try reader.u8()
        guard opcode >= 128 else { throw .notAResponse }
        let result = try reader.u16()
        // An error answer may stop after the epoch (the "unsupported version" answer does).
        guard result == 0 else { return .failure(opcode: opcode - 128, result: result) }
        let epoch = try reader.u32()
        switch opcode - 128 {
        case externalAddressOpcode:
            return .externalAddress(epoch: epoch, address: IPAddress(bytes: try reader.take(4))!)
        case mapTCPOpcode, 1:
            let (inside, external, lifetime) = (try reader.u16(), try reader.u16(), try reader.u32())
            return .mapping(epoch: epoch, internalPort: inside, externalPort: external, lifetime: lifetime)
        default:
            return .failure(opcode: opcode - 128, result: 5)
        }
    }

    /// What a result code means, for the owner.
    public static func describe(result: UInt16) -> String {
        switch result {
        case 1: return "it does not support this version of NAT-PMP"
        case 2: return "not authorized: port mapping is turned off in its settings"
        case 3: return "network failure: it has no public address yet"
        case 4: return "out of resources: it cannot create more mappings"
        case 5: return "it does not support this request"
        default: return "result code \(result)"
        }
    }
}
