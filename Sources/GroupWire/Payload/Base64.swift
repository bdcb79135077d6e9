// Base64: the standard alphabet with padding (RFC 4648 §4), strict on decode — for the WebSocket handshake and IRC
// SASL. Encoding, not cryptography.

/// Base64 with the standard alphabet (`A–Z a–z 0–9 + /`) and `=` padding.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes.
    /// - Parameter bytes: Any bytes.
    /// - Returns: The Base64 text, padded to a multiple of 4 characters.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let count = min(3, input.count - index)
            let b0 = input[index]
            let b1 = count > 1 ? input[index + 1] : 0
            let b2 = count > 2 ? input[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(count > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(count > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes strictly: a multiple of 4 characters, padding only at the end, no whitespace, and unused
    /// bits zero (so each byte string has exactly one accepted text).
    /// - Parameter text: Base64 text.
    /// - Returns: The bytes, or `nil` when the text is not canonical Base64.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            let padding = isLast ? input.suffix(2).filter { $0 == UInt8(ascii: "=") }.count : 0
            if isLast && padding == 1 && input[index + 2] == UInt8(ascii: "=") { return nil }
            var group: [UInt8] = []
            for byte in input[index..<(index + 4 - padding)] {
                let value = values[Int(byte)]
                guard value != 0xFF else { return nil }
                group.append(value)
            }
            output.append(group[0] << 2 | group[1] >> 4)
            switch padding {
            case 0:
                output.append(group[1] << 4 | group[2] >> 2)
                output.append(group[2] << 6 | group[3])
            case 1:
                guard group[2] & 0x03 == 0 else { return nil }
                output.append(group[1] << 4 | group[2] >> 2)
            default:
                guard group[1] & 0x0F == 0 else { return nil }
            }
            index += 4
        }
        return output
    }
}
