// Fingerprint: the SHA-256 of a server's certificate, written as SSH writes key fingerprints and as browsers show it.
import Foundation

/// A certificate's SHA-256 digest. Its text form is `SHA256:` followed by the unpadded base64 of the 32
/// bytes, as in `ssh-keygen -l` (for example `SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU`).
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 digest bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses the text form; nil when it is not `SHA256:` and 43 base64 characters (padding optional).
    public init?(parsing text: String) {
        guard text.hasPrefix("SHA256:") else { return nil }
        var encoded = String(text.dropFirst("SHA256:".count))
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded) else { return nil }
        self.init(bytes: [UInt8](data))
    }

    public var description: String {
        "SHA256:" + Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// The 32 bytes as Firefox's certificate viewer and IRC clients show a certificate's SHA-256: uppercase
    /// hexadecimal pairs separated by colons (`45:2E:…:6F`, 95 characters; weechat and irssi pin it in this form).
    public var hex: String {
        bytes.map { Self.pair($0, digits: Self.upper) }.joined(separator: ":")
    }

    /// The 32 bytes as Chromium's certificate viewer shows them (version 156, "SHA-256 Fingerprints, Certificate"):
    /// 64 lowercase hexadecimal digits without separators (`452e…6f`).
    public var plainHex: String {
        bytes.map { Self.pair($0, digits: Self.lower) }.joined()
    }

    private static let upper = Array("0123456789ABCDEF")
    private static let lower = Array("0123456789abcdef")
    private static func pair(_ byte: UInt8, digits: [Character]) -> String {
        String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
