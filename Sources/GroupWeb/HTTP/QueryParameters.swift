// QueryParameters: the `name=value&…` pairs after `?` in a request target, decoded.

/// The decoded parameters of a query string, in order; a name may repeat.
///
/// `before=42&count=20` gives `["before": "42", "count": "20"]`. `+` is a space and `%XX` a byte, as in
/// HTML forms. A pair without `=` has an empty value; empty pairs (`a=1&&b=2`) are skipped.
public struct QueryParameters: Sendable, Equatable {
    /// One decoded `name=value` pair.
    public struct Pair: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Every pair, in order.
    public private(set) var pairs: [Pair]

    /// No parameters.
    public init() { pairs = [] }

    /// Decodes a query string (the part after `?`, without it).
    /// - Parameter query: The raw query, e.g. `before=42&count=20`.
    /// - Returns: The parameters, or `nil` when a name or a value has a bad escape or is not UTF-8.
    public init?(parsing query: some StringProtocol) {
        var pairs: [Pair] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusIsSpace: true),
                let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusIsSpace: true)
            else { return nil }
            pairs.append(Pair(name: name, value: value))
        }
        self.pairs = pairs
    }

    /// Whether there are no parameters.
    public var isEmpty: Bool { pairs.isEmpty }

    /// The value of the first parameter with this name (names are case-sensitive).
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of the parameters with this name, in order.
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }
}
