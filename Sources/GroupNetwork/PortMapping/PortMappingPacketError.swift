// PortMappingPacketError: why a packet from the gateway was not a NAT-PMP or PCP answer we can use.

/// A NAT-PMP or PCP packet that cannot be read. The mapper ignores such packets (and keeps waiting).
public enum PortMappingPacketError: Error, Equatable, Sendable {
    /// Shorter than its fixed part.
    case truncated
    /// Not the version this decoder reads.
    case wrongVersion(UInt8)
    /// A request, not a response (the R bit or the 128 opcode offset is missing).
    case notAResponse
    /// PCP: longer than 1100 bytes, not a multiple of 4, or an option running past the end.
    case badLength
}
