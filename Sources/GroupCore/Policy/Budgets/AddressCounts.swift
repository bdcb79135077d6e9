// AddressCounts: how many of something (open connections, waiting join requests) each peer address and each
// address prefix holds, against a cap for each.

/// Counts held per address and per prefix (``AddressPrefix``). Pure; the owner adds and removes.
public struct AddressCounts: Sendable, Equatable {
    /// Which cap a new one would pass.
    public enum Refusal: Sendable, Equatable {
        /// The address already holds `limit`.
        case address(limit: Int)
        /// The address's prefix already holds `limit`.
        case prefix(String, limit: Int)

        /// A sentence for the refused party: "… from 192.0.2.7 (at most 64)" or "… from 192.0.2.0/24 (at most 256)".
        public func describe(_ things: String, from address: String) -> String {
            switch self {
            case .address(let limit): return "too many \(things) from \(address) (at most \(limit))"
            case .prefix(let prefix, let limit): return "too many \(things) from the network \(prefix) (at most \(limit))"
            }
        }
    }

    /// The cap per address (0: none).
    public let perAddress: Int
    /// The cap per prefix (0: none).
    public let perPrefix: Int
    private var byAddress: [String: Int] = [:]
    private var byPrefix: [String: Int] = [:]

    /// Creates empty counts with these caps (0: none).
    public init(perAddress: Int, perPrefix: Int) {
        self.perAddress = perAddress
        self.perPrefix = perPrefix
    }

    /// Why one more from `address` would pass a cap, or nil.
    public func refusal(for address: String) -> Refusal? {
        if perAddress > 0 && byAddress[address, default: 0] >= perAddress { return .address(limit: perAddress) }
        let prefix = AddressPrefix.of(address)
        if perPrefix > 0 && prefix != address && byPrefix[prefix, default: 0] >= perPrefix {
            return .prefix(prefix, limit: perPrefix)
        }
        return nil
    }

    /// Counts one more from `address`.
    public mutating func add(_ address: String) {
        byAddress[address, default: 0] += 1
        byPrefix[AddressPrefix.of(address), default: 0] += 1
    }

    /// Counts one fewer from `address` (entries at zero are dropped, so the counts stay as small as what is held).
    public mutating func remove(_ address: String) {
        Self.decrement(&byAddress, address)
        Self.decrement(&byPrefix, AddressPrefix.of(address))
    }

    /// How many `address` holds.
    public func count(of address: String) -> Int { byAddress[address, default: 0] }

    private static func decrement(_ counts: inout [String: Int], _ key: String) {
        let left = counts[key, default: 1] - 1
        counts[key] = left > 0 ? left : nil
    }
}
