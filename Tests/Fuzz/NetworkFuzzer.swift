// NetworkFuzzer: a libFuzzer entry point over what groupd and groupctl read from the local network — the DNS
// message codec, the mDNS responder, the DNS-SD browser, and the NAT-PMP/PCP answers the port mapper reads. Built
// by .ci/fuzz.sh together with GroupNetwork's sources (swiftc -sanitize=fuzzer,address), not by SwiftPM.

/// Decodes the input as a DNS message (and checks that whatever decodes survives a round trip), hands it to a
/// responder and a browser, and to a port mapper as a gateway's answer; none may trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetwork(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let message = try? DNSMessage.decode(bytes) {
        guard let encoded = try? message.encoded(), (try? DNSMessage.decode(encoded)) == message else {
            fatalError("DNS round trip failed for \(message)")
        }
    }
    var responder = announced
    responder.receive(bytes, from: IPAddress(v4: 10, 0, 0, 2), port: 5353, link: 1, now: 5000)
    responder.receive(bytes, from: IPAddress(v4: 10, 0, 0, 2), port: 40_000, link: 1, now: 5001)
    var browser = LocalGroupBrowser()
    browser.receive(bytes, from: IPAddress(v4: 10, 0, 0, 2), zone: nil)
    _ = browser.groups
    var mapper = asking
    mapper.receive(bytes, now: 1)
    _ = try? NATPMP.decode(bytes)
    _ = try? PCP.decode(bytes)
    return 0
}

/// A responder that has probed and announced (made once; each input gets a copy).
let announced: MDNSResponder = {
    let link = MDNSLink(
        index: 1, addresses: [InterfaceAddress(interface: "eth0", index: 1, address: IPAddress(v4: 10, 0, 0, 1), prefixLength: 8)],
        ipv4: true, ipv6: false)
    let advert = GroupAdvert(groupName: "fuzz", owner: "o", port: 7070, fingerprint: nil, protocolVersion: 1, hostLabel: "h")
    var responder = MDNSResponder(advert: advert, links: [link], seed: 1, now: 0)
    responder.start(now: 0)
    for now in stride(from: Int64(0), through: 4000, by: 250) { responder.advance(now: now) }
    _ = responder.takePackets()
    return responder
}()

/// A port mapper waiting for its first answer.
let asking: PortMapper = {
    var mapper = PortMapper(internalPort: 7070, clientAddress: IPAddress(v4: 10, 0, 0, 1), nonce: Array(repeating: 0, count: 12))
    mapper.start(now: 0)
    _ = mapper.takePackets()
    return mapper
}()
