// HTTPHeaders: an ordered list of header fields with case-insensitive names.

/// The header fields of a request or a response, in the order received or added.
///
/// Names compare without regard to ASCII case (`Content-Length` is `content-length`). Values are kept as
/// received, without the surrounding whitespace.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// One `name: value` line.
    public struct Field: Sendable, Equatable {
        /// The name as written.
        public var name: String
        /// The value, without leading or trailing spaces and tabs.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Every field, in order.
    public private(set) var fields: [Field] = []

    /// Creates an empty header list.
    public init() {}

    /// Creates a header list from `(name, value)` pairs, in order.
    /// - Parameter pairs: The fields.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Appends a field, keeping any existing field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Removes every field with this name, then appends one.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field with this name.
    public mutating func remove(name: String) {
        let key = ASCII.lowercased(name)
        fields.removeAll { ASCII.lowercased($0.name) == key }
    }

    /// Every value of the fields with this name, in order.
    public subscript(name: String) -> [String] {
        let key = ASCII.lowercased(name)
        return fields.filter { ASCII.lowercased($0.name) == key }.map(\.value)
    }

    /// The value of the first field with this name.
    public func first(_ name: String) -> String? {
        self[name].first
    }

    /// Whether a field with this name is present.
    public func contains(_ name: String) -> Bool {
        !self[name].isEmpty
    }

    /// The comma-separated elements of every field with this name, trimmed and lowercased, empty ones
    /// dropped. For list headers such as `Connection: keep-alive, Upgrade` → `["keep-alive", "upgrade"]`.
    public func tokens(_ name: String) -> [String] {
        self[name].flatMap { value in
            value.split(separator: ",").map { ASCII.lowercased(ASCII.trimmingWhitespace($0)) }
        }.filter { !$0.isEmpty }
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}
