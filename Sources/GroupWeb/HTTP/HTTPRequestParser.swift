// HTTPRequestParser: incremental, bounded HTTP/1.1 request parsing (RFC 9112), bytes in any split.

/// Turns bytes as they arrive into requests: any split, byte by byte, or several pipelined requests at once.
///
/// Feed bytes with ``append(_:)`` and call ``next()`` until it returns `nil` ("need more bytes"). Each new
/// byte is looked at once, so byte-by-byte feeding costs no more than one big chunk. Limits
/// (``HTTPLimits``) are checked as bytes arrive: an oversized header block or announced body is refused at
/// once, without waiting for the rest. After an error the parser stays failed and ``next()`` throws the
/// same error again: answer it (``HTTPResponse/init(error:)``) and close the connection.
///
/// Not supported, by design: request bodies without `Content-Length` (chunked uploads get 411), obsolete
/// line folding (400), and bare CR (400). A lone LF is accepted as a line end, and empty lines before the
/// request line are skipped (RFC 9112 §2.2).
public struct HTTPRequestParser: Sendable {
    private struct Head: Sendable {
        var request: HTTPRequest
        var bodyLength: Int
    }

    private enum State: Sendable {
        case head
        case body(Head)
        case failed(HTTPParseError)
    }

    /// The limits in force.
    public let limits: HTTPLimits
    private var state: State = .head
    private var buffer: [UInt8] = []
    /// Start of the request being parsed; everything before it is consumed.
    private var readIndex = 0
    /// Where the search for the next LF resumes (an absolute index into `buffer`).
    private var scanIndex = 0
    /// Start of the line being scanned.
    private var lineStart = 0
    /// The complete lines of the head so far, without their line ends.
    private var lines: [Range<Int>] = []

    /// Creates a parser.
    /// - Parameter limits: Size limits; the defaults are 8 KiB of headers, 64 fields, 64 KiB of body.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Bytes received but not yet returned as part of a request.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Appends received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes from raw memory.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Removes and returns the bytes after the last request returned, for the protocol that follows an
    /// upgrade (the first WebSocket frames may arrive in the same read as the handshake). The parser is
    /// then empty and ready for a new request.
    public mutating func takeBufferedBytes() -> [UInt8] {
        let rest = Array(buffer[readIndex...])
        buffer = []
        readIndex = 0
        resetHead()
        if case .body = state { state = .head }
        return rest
    }

    /// Returns the next complete request, or `nil` when more bytes are needed.
    /// - Throws: ``HTTPParseError`` for a malformed or oversized request; the parser then stays failed.
    public mutating func next() throws(HTTPParseError) -> HTTPRequest? {
        do {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    // MARK: - Steps

    private mutating func step() throws(HTTPParseError) -> HTTPRequest? {
        if case .head = state {
            guard let head = try scanHead() else { return nil }
            state = .body(head)
        }
        switch state {
        case .failed(let error):
            throw error
        case .head:
            return nil
        case .body(var head):
            guard bufferedByteCount >= head.bodyLength else { return nil }
            head.request.body = Array(buffer[readIndex..<(readIndex + head.bodyLength)])
            readIndex += head.bodyLength
            state = .head
            compact()
            return head.request
        }
    }

    /// Looks at the bytes not yet scanned; returns the parsed head once the empty line arrives.
    private mutating func scanHead() throws(HTTPParseError) -> Head? {
        while scanIndex < buffer.count {
            let byte = buffer[scanIndex]
            scanIndex += 1
            if scanIndex - readIndex > limits.maxHeaderBytes {
                if lines.isEmpty {
                    throw .uriTooLong(limit: limits.maxHeaderBytes)
                }
                throw .headerFieldsTooLarge("the request header is larger than \(limits.maxHeaderBytes) bytes")
            }
            guard byte == ASCII.lf else { continue }
            var lineEnd = scanIndex - 1
            if lineEnd > lineStart && buffer[lineEnd - 1] == ASCII.cr { lineEnd -= 1 }
            let line = lineStart..<lineEnd
            lineStart = scanIndex
            if buffer[line].contains(ASCII.cr) { throw .badRequest("a bare CR in the request header") }
            if line.isEmpty {
                if lines.isEmpty { continue }  // empty lines before the request line
                let head = try parseHead()
                resetHead()
                return head
            }
            lines.append(line)
            if lines.count - 1 > limits.maxHeaderCount {
                throw .headerFieldsTooLarge("more than \(limits.maxHeaderCount) header fields")
            }
        }
        return nil
    }

    private mutating func resetHead() {
        scanIndex = readIndex
        lineStart = readIndex
        lines = []
    }

    /// Drops consumed bytes once a request is complete, so the buffer never holds old requests.
    private mutating func compact() {
        buffer.removeSubrange(0..<readIndex)
        readIndex = 0
        resetHead()
    }

    // MARK: - Head

    private mutating func parseHead() throws(HTTPParseError) -> Head {
        let requestLine = buffer[lines[0]]
        let words = requestLine.split(separator: ASCII.space, omittingEmptySubsequences: false)
        guard words.count == 3, words.allSatisfy({ !$0.isEmpty }) else {
            throw .badRequest("the request line must be METHOD TARGET VERSION, separated by single spaces")
        }
        guard words[0].allSatisfy(ASCII.isTokenCharacter) else { throw .badRequest("malformed method") }
        let method = HTTPMethod(rawValue: String(decoding: words[0], as: UTF8.self))
        let version = try Self.parseVersion(words[2])
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let field = try Self.parseField(buffer[line])
            headers.add(name: field.name, value: field.value)
        }
        readIndex = lineStart
        var request = try HTTPRequest(
            method: method, target: String(decoding: words[1], as: UTF8.self), version: version, headers: headers)
        request.body = []
        return Head(request: request, bodyLength: try bodyLength(of: request))
    }

    private static func parseVersion(_ word: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let text = String(decoding: word, as: UTF8.self)
        let bytes = Array(word)
        guard bytes.count == 8, text.hasPrefix("HTTP/"), bytes[6] == UInt8(ascii: "."),
            let major = ASCII.parseDecimal(text[text.index(text.startIndex, offsetBy: 5)...].prefix(1)),
            let minor = ASCII.parseDecimal(text.suffix(1))
        else { throw .badRequest("malformed HTTP version") }
        let version = HTTPVersion(major: Int(major), minor: Int(minor))
        guard version == .http1_0 || version == .http1_1 else { throw .versionNotSupported(text) }
        return version
    }

    private static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPHeaders.Field {
        guard let first = line.first, first != ASCII.space, first != ASCII.tab else {
            throw .badRequest("obsolete line folding is not accepted")
        }
        guard let colon = line.firstIndex(of: ASCII.colon) else { throw .badRequest("a header line without ':'") }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(ASCII.isTokenCharacter) else {
            throw .badRequest("malformed header name (no spaces are allowed before ':')")
        }
        let value = line[(colon + 1)...]
        guard !value.contains(where: ASCII.isForbiddenInFieldValue) else {
            throw .badRequest("a control character in the value of \(String(decoding: name, as: UTF8.self))")
        }
        return HTTPHeaders.Field(
            name: String(decoding: name, as: UTF8.self),
            value: String(ASCII.trimmingWhitespace(Substring(String(decoding: value, as: UTF8.self)))))
    }

    // MARK: - Framing

    /// The body length the head announces (RFC 9112 §6), and the checks that make smuggling impossible.
    private func bodyLength(of request: HTTPRequest) throws(HTTPParseError) -> Int {
        let hosts = request.headers["Host"]
        if hosts.count > 1 { throw .badRequest("more than one Host header") }
        if request.version == .http1_1 && hosts.isEmpty { throw .badRequest("an HTTP/1.1 request needs a Host header") }
        let lengths = request.headers["Content-Length"]
        if request.headers.contains("Transfer-Encoding") {
            if !lengths.isEmpty { throw .badRequest("both Transfer-Encoding and Content-Length") }
            throw .lengthRequired("request bodies must be sent with Content-Length; Transfer-Encoding is not supported")
        }
        guard !lengths.isEmpty else { return 0 }
        let elements = lengths.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map(ASCII.trimmingWhitespace)
        guard let first = elements.first, let length = ASCII.parseDecimal(first) else {
            throw .badRequest("Content-Length is not a number")
        }
        guard elements.allSatisfy({ $0 == first }) else { throw .badRequest("conflicting Content-Length values") }
        guard length <= UInt64(limits.maxBodyBytes) else {
            throw .contentTooLarge(announced: length, limit: limits.maxBodyBytes)
        }
        return Int(length)
    }
}
