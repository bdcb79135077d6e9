// Outbox: what the chat sends, one request at a time, paced to the group's message rate so no pasted line is lost.
import GroupWire

/// The chat's requests in the order they were typed (or pasted). One is on the wire at a time — the server answers in
/// request order, so each RESPONSE belongs to the request in flight — and a request the server refused as "too
/// fast" (429) goes back to the front and is sent again after a pause that grows while the refusals go on. Pure:
/// the chat loop sends what ``next(now:)`` gives and reports every answer with ``answered(_:text:now:)``.
public struct Outbox: Sendable {
    /// What an answer means for the chat.
    public enum Answer: Equatable, Sendable {
        /// The answer to the request in flight: show it as usual.
        case done(ClientRequest)
        /// Refused as too fast: it waits in the queue and is sent again at ``resumeAt``. `announce` says that
        /// this pause starts a new stretch of waiting, worth one line on screen ("sending N queued lines…").
        case willRetry(announce: Bool)
        /// An answer when nothing was in flight (a server answering something else): ignore it.
        case unexpected
    }

    /// The first pause after a refusal, and the longest, in milliseconds.
    public static let firstPause: Int64 = 250
    public static let longestPause: Int64 = 4_000

    /// Requests not sent yet, oldest first.
    public private(set) var queue: [ClientRequest] = []
    /// The request sent whose answer has not come.
    public private(set) var inFlight: ClientRequest?
    /// While paused after a refusal: when sending may go on (a monotonic time in milliseconds).
    public private(set) var resumeAt: Int64?
    private var pause = Outbox.firstPause
    private var announced = false

    /// An empty outbox.
    public init() {}

    /// Requests waiting or in flight.
    public var waiting: Int { queue.count + (inFlight == nil ? 0 : 1) }

    /// Whether nothing waits and nothing is in flight.
    public var isEmpty: Bool { waiting == 0 }

    /// Queues a request.
    public mutating func add(_ request: ClientRequest) { queue.append(request) }

    /// The request to send now: the oldest, when none is in flight and no pause runs. It is then in flight.
    public mutating func next(now: Int64) -> ClientRequest? {
        guard inFlight == nil, !queue.isEmpty else { return nil }
        if let resumeAt, now < resumeAt { return nil }
        resumeAt = nil
        inFlight = queue.removeFirst()
        return inFlight
    }

    /// Reports the RESPONSE to the request in flight.
    public mutating func answered(_ status: StatusCode, text: String, now: Int64) -> Answer {
        guard let request = inFlight else { return .unexpected }
        inFlight = nil
        guard status == .tooManyRequests, text.contains("too fast") else {
            pause = Self.firstPause
            if queue.isEmpty { announced = false }
            return .done(request)
        }
        queue.insert(request, at: 0)
        resumeAt = now + pause
        pause = min(pause * 2, Self.longestPause)
        defer { announced = true }
        return .willRetry(announce: !announced && queue.count > 1)
    }

    /// The connection was lost: the request in flight may or may not have arrived and is dropped (returned, so the
    /// chat can say so); the queue is kept, to be sent after reconnecting.
    public mutating func connectionLost() -> ClientRequest? {
        defer { inFlight = nil; resumeAt = nil; pause = Self.firstPause }
        return inFlight
    }
}
