// MDNSResponder+Receiving: what the responder does with a packet it hears — answer a query, defend or yield
// in a probe tie, rename on a conflict.

extension MDNSResponder {
    /// Handles one received packet. Packets from senders off the link, undecodable packets and other opcodes
    /// are ignored (RFC 6762 §11, §18.3).
    /// - Parameters:
    ///   - packet: The UDP payload.
    ///   - source: The sender's address.
    ///   - port: The sender's port (5353 for a full responder or querier; any other for a one-shot, "legacy" query).
    ///   - link: The index of the interface it arrived on.
    ///   - now: Milliseconds on the caller's monotonic clock.
    public mutating func receive(_ packet: [UInt8], from source: IPAddress, port: UInt16, link index: UInt32, now: Int64) {
        guard phase != .idle, phase != .stopped, phase != .gaveUp,
            let link = links.first(where: { $0.index == index }), link.isOnLink(source.unmapped),
            let message = try? DNSMessage.decode(packet), message.opcode == 0
        else { return }
        if message.isResponse {
            heardResponse(message, now: now)
        } else {
            heardQuery(message, from: source, port: port, on: link, now: now)
        }
    }

    // MARK: - Conflicts

    private mutating func heardResponse(_ message: DNSMessage, now: Int64) {
        let instance = instanceName
        let host = hostName
        for record in message.allRecords where record.ttl > 0 && !isOurs(record) {
            if record.name == instance {
                instanceAttempt += 1
            } else if record.name == host {
                hostAttempt += 1
            } else {
                continue
            }
            return conflict(now: now)
        }
    }

    /// Whether `record` is one of ours as sent on any link (our own packets come back to us, and so do those
    /// of a link we share with another interface).
    private func isOurs(_ record: DNSRecord) -> Bool {
        switch record.data {
        case .address(let address):
            return record.name == hostName && links.contains { $0.addresses.contains { $0.address == address } }
        case .service, .text, .pointer:
            return links.contains { link in records(on: link).all.contains { $0.hasSameData(as: record) } }
        case .other:
            // NSEC and friends at our names carry nothing that contradicts our data.
            return true
        }
    }

    /// Another responder holds one of our names: take the next one and probe again (waiting 5 s after 15
    /// conflicts within 10 s, RFC 6762 §8.1), or give up after too many.
    private mutating func conflict(now: Int64) {
        conflictTimes = conflictTimes.filter { now - $0 < 10_000 } + [now]
        guard instanceAttempt <= Self.maxAttempts, hostAttempt <= Self.maxAttempts else {
            phase = .gaveUp
            notes.append(.gaveUp)
            return
        }
        notes.append(.renamed(String(decoding: advert.instanceLabel(attempt: instanceAttempt), as: UTF8.self)))
        let wait: Int64 = conflictTimes.count > 15 ? 5000 : 0
        phase = .probing(sent: 0, next: now + wait + Int64(nextRandom(below: 250)))
    }

    /// Two responders probing for the same name at once (RFC 6762 §8.2): the one whose records sort later
    /// wins; the loser waits one second and probes again (and then hears the winner's answer).
    private mutating func tieBreak(_ message: DNSMessage, on link: MDNSLink, now: Int64) {
        let ours = records(on: link)
        for name in [ours.instance, ours.host] {
            let theirs = message.authorities.filter { $0.name == name }
            guard !theirs.isEmpty else { continue }
            let mine = ours.unique.filter { $0.name == name }
            if RecordOrder.compare(mine, theirs) < 0 {
                phase = .probing(sent: 0, next: now + 1000)
                return
            }
        }
    }

    // MARK: - Answers

    private mutating func heardQuery(_ message: DNSMessage, from source: IPAddress, port: UInt16, on link: MDNSLink, now: Int64) {
        if case .probing = phase {
            if !message.authorities.isEmpty { tieBreak(message, on: link, now: now) }
            return
        }
        guard isAnnounced else { return }
        let records = records(on: link)
        var answers = records.all.filter { record in message.questions.contains { $0.isAnswered(by: record) } }
        // Known-answer suppression (RFC 6762 §7.1): the querier already holds these with at least half their life left.
        answers.removeAll { record in message.answers.contains { $0.hasSameData(as: record) && $0.ttl >= record.ttl / 2 } }
        guard !answers.isEmpty else { return }
        let isProbe = !message.authorities.isEmpty
        let legacy = port != Self.port
        let ipv6 = !source.isV4 && !source.isIPv4Mapped
        if legacy {
            guard takeBudget(unicastTo: source, now: now) else { return }
            // One-shot query (RFC 6762 §6.7): straight back, its id and questions echoed, short TTLs, no cache-flush.
            let plain = { (record: DNSRecord) -> DNSRecord in
                var copy = record.with(ttl: min(record.ttl, Self.legacyTTL))
                copy.cacheFlush = false
                return copy
            }
            let reply = DNSMessage(
                id: message.id, flags: responseFlags, questions: message.questions, answers: answers.map(plain),
                additionals: records.additionals(for: answers).map(plain))
            return send(reply, to: .unicast(source, port: port, link: link.index))
        }
        if !isProbe && message.questions.contains(where: \.unicastResponse) {
            guard takeBudget(unicastTo: source, now: now) else { return }
            let reply = DNSMessage(flags: responseFlags, answers: answers, additionals: records.additionals(for: answers))
            return send(reply, to: .unicast(source, port: port, link: link.index))
        }
        guard budget.take(now: now) else { return }
        if isProbe {
            // A probe for our names is answered at once, to defend them.
            return sendMulticast(answers, on: link, ipv6: ipv6, now: now, interval: Self.probeDefenseIntervalMillis)
        }
        let unique = Set(records.unique)
        guard answers.allSatisfy({ !unique.contains($0) }) else { return sendMulticast(answers, on: link, ipv6: ipv6, now: now) }
        // Only shared records: wait 20–120 ms so answers from several responders do not collide (RFC 6762 §6);
        // queries arriving meanwhile join the same response.
        if let waiting = delayed.firstIndex(where: { $0.link == link.index && $0.ipv6 == ipv6 }) {
            for record in answers where !delayed[waiting].answers.contains(record) { delayed[waiting].answers.append(record) }
        } else if delayed.count < Self.maxDelayed {
            let due = now + 20 + Int64(nextRandom(below: 101))
            delayed.append(Delayed(due: due, link: link.index, ipv6: ipv6, answers: answers))
        }
    }

    /// One answer from the overall budget and from `source`'s own.
    private mutating func takeBudget(unicastTo source: IPAddress, now: Int64) -> Bool {
        if perSource[source] == nil && perSource.count >= Self.maxRememberedSources {
            perSource = perSource.filter { var bucket = $0.value; return !bucket.isFull(now: now) }
            guard perSource.count < Self.maxRememberedSources else { return false }
        }
        var own = perSource[source]
            ?? TokenBucket(ratePerSecond: Self.unicastPerSourcePerSecond, burst: Self.unicastBurst, now: now)
        defer { perSource[source] = own }
        guard own.take(now: now) else { return false }
        return budget.take(now: now)
    }
}

/// The order RFC 6762 §8.2.1 breaks probe ties by: records sorted by class, type and data bytes, compared one
/// by one; the first difference decides, and a set that runs out first is the lesser.
enum RecordOrder {
    /// Negative when `lhs` sorts first, 0 when equal, positive when `rhs` sorts first.
    static func compare(_ lhs: [DNSRecord], _ rhs: [DNSRecord]) -> Int {
        let left = lhs.map(key).sorted(by: lexicographicallyPrecedes)
        let right = rhs.map(key).sorted(by: lexicographicallyPrecedes)
        for (a, b) in zip(left, right) where a != b { return lexicographicallyPrecedes(a, b) ? -1 : 1 }
        return left.count - right.count
    }

    private static func lexicographicallyPrecedes(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

    /// Class, type and uncompressed data, as bytes.
    static func key(_ record: DNSRecord) -> [UInt8] {
        var writer = ByteWriter()
        writer.u16(record.recordClass)
        writer.u16(record.type.rawValue)
        var none: [[[UInt8]]: Int] = [:]
        switch record.data {
        case .address(let address): writer.append(address.bytes)
        case .pointer(let name):
            name.write(to: &writer, compression: &none)
        case .service(let priority, let weight, let port, let target):
            writer.u16(priority)
            writer.u16(weight)
            writer.u16(port)
            target.write(to: &writer, compression: &none)
        case .text(let strings):
            for string in strings { writer.u8(UInt8(min(255, string.count))); writer.append(string.prefix(255)) }
        case .other(_, let bytes): writer.append(bytes)
        }
        return writer.bytes
    }
}
