// IRCCapabilities: the IRCv3 capabilities the gateway offers (CAP LS) and a client may enable (CAP REQ).

/// A set of capabilities.
public struct IRCCapabilities: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `AWAY` lines when members go away or come back.
    public static let awayNotify = IRCCapabilities(rawValue: 1 << 0)
    /// Played-back messages arrive in a `BATCH` (type `chathistory`).
    public static let batch = IRCCapabilities(rawValue: 1 << 1)
    /// The client's own messages come back once the group has saved them.
    public static let echoMessage = IRCCapabilities(rawValue: 1 << 2)
    /// Logging in with `AUTHENTICATE PLAIN`.
    public static let sasl = IRCCapabilities(rawValue: 1 << 3)
    /// Messages carry the time the group saved them (`@time=`).
    public static let serverTime = IRCCapabilities(rawValue: 1 << 4)

    /// Every capability offered, with its name, in the order `CAP LS` lists them.
    static let offered: [(name: String, capability: IRCCapabilities)] = [
        ("away-notify", .awayNotify), ("batch", .batch), ("echo-message", .echoMessage), ("sasl", .sasl),
        ("server-time", .serverTime),
    ]

    /// The `CAP LS` list; from version 302 on, `sasl` names its one mechanism (`sasl=PLAIN`).
    static func list(version302: Bool) -> String {
        offered.map { $0.name == "sasl" && version302 ? "sasl=PLAIN" : $0.name }.joined(separator: " ")
    }

    /// The names of the capabilities in this set.
    var names: String { Self.offered.filter { contains($0.capability) }.map(\.name).joined(separator: " ") }

    /// Applies a `CAP REQ` list (`a b -c`) to `self`: all of it, or nothing when one name is not offered.
    /// - Returns: The new set, or nil (answer `NAK`).
    func applying(request: String) -> IRCCapabilities? {
        var result = self
        for word in request.split(separator: " ") {
            let disable = word.hasPrefix("-")
            let name = disable ? word.dropFirst() : word
            guard let known = Self.offered.first(where: { $0.name == name.lowercased() }) else { return nil }
            if disable { result.remove(known.capability) } else { result.insert(known.capability) }
        }
        return result
    }
}
