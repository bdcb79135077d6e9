// GatewayRegistrationTests: CAP, SASL PLAIN, PASS, NICK and USER become exactly one login request; its answer
// becomes the welcome burst or the standard error numerics; the gateway's own bounds hold.
import GroupIRC
import GroupWire
import Testing

@Suite("IRC gateway: registration")
struct GatewayRegistrationTests {
    @Test func saslPlainLogsInAndTheWelcomeBurstFollowsCapEnd() {
        var irc = GatewayHarness()
        #expect(irc.client("CAP LS 302\r\n") == [":groupd CAP * LS :away-notify batch echo-message sasl=PLAIN server-time"])
        #expect(irc.client("NICK Alice\r\nUSER alice 0 * :Alice\r\n").isEmpty)
        #expect(irc.client("CAP REQ :sasl server-time\r\n") == [":groupd CAP * ACK :sasl server-time"])
        #expect(irc.client("AUTHENTICATE PLAIN\r\n") == ["AUTHENTICATE +"])
        irc.client("AUTHENTICATE \(Base64.encode(Array("\0alice\0pw|with|bars".utf8)))\r\n")
        #expect(irc.requests == [.hello(version: 1, client: "irc"), .login(username: "alice", password: "pw|with|bars")])
        irc.group(GatewayHarness.welcome)
        #expect(irc.group(.response(status: .ok, command: CommandCode.login.rawValue, text: "alice")) == [
            ":groupd 900 alice alice!alice@groupchat alice :You are now logged in as alice",
            ":groupd 903 alice :SASL authentication successful",
        ])
        let burst = irc.client("CAP END\r\n")
        #expect(burst.first == ":groupd 001 alice :Welcome to Study group, alice")
        #expect(burst.contains { $0.hasPrefix(":groupd 005 alice ") && $0.contains("CHANTYPES=#") && $0.contains("NETWORK=study-group")
            && $0.contains("NICKLEN=32") && $0.contains("CASEMAPPING=ascii") && $0.contains("PREFIX=(o)@") })
        #expect(burst.contains(":groupd 372 alice :- TLS certificate fingerprint: SHA256:RS5E6rGAnO8w3heK8ykXJzM47pnoKuo2L0TeDITWbyo"))
        #expect(burst.suffix(2) == [":alice!alice@groupchat JOIN #study-group", ":groupd 332 alice #study-group :Study group"])
        #expect(irc.requests == [.members, .catchUp(count: 100)])
        irc.answerJoin(online: ["alice", "bob"], moderators: ["bob"])
        #expect(irc.lines == [":groupd 353 alice = #study-group :@olga alice @bob", ":groupd 366 alice #study-group :End of /NAMES list."])
    }

    @Test func passAndNickLogInWithoutCap() {
        var irc = GatewayHarness()
        irc.client("PASS secret\r\nNICK bob\r\n")
        #expect(irc.requests.isEmpty)
        irc.client("USER b 0 * :B\r\n")
        #expect(irc.requests == [.hello(version: 1, client: "irc"), .login(username: "bob", password: "secret")])
        irc.group(GatewayHarness.welcome)
        let burst = irc.group(.response(status: .ok, command: CommandCode.login.rawValue, text: "bob"))
        #expect(burst.first == ":groupd 001 bob :Welcome to Study group, bob")
        #expect(irc.requests == [.members, .catchUp(count: 100)])
    }

    @Test func aSessionTokenAsPasswordIsTriedAsATokenThenAsAPassword() {
        let token = String(repeating: "ab", count: 32)
        var irc = GatewayHarness()
        irc.client("PASS \(token)\r\nNICK carol\r\nUSER c 0 * :C\r\n")
        #expect(irc.requests.last == .loginWithToken(token: token))
        irc.group(GatewayHarness.welcome)
        irc.group(.response(status: .unauthorized, command: CommandCode.loginWithToken.rawValue, text: "not valid"))
        #expect(irc.requests == [.login(username: "carol", password: token)])
    }

    @Test func aWrongPasswordIs464AndTheConnectionCloses() {
        var irc = GatewayHarness()
        irc.client("PASS nope\r\nNICK bob\r\nUSER b 0 * :B\r\n")
        let lines = irc.group(.response(status: .unauthorized, command: CommandCode.login.rawValue, text: "wrong password for bob"))
        #expect(lines == [":groupd 464 bob :wrong password for bob", "ERROR :Closing Link: wrong password for bob"])
        #expect(irc.closed)
        #expect(irc.client("PING x\r\n").isEmpty)
    }

    @Test func aBanIs465WithTheReason() {
        var banned = GatewayHarness()
        banned.client("CAP LS 302\r\nNICK dave\r\nUSER d 0 * :D\r\nCAP REQ sasl\r\nAUTHENTICATE PLAIN\r\n")
        banned.client("AUTHENTICATE \(Base64.encode(Array("\0dave\0pw".utf8)))\r\n")
        let lines = banned.group(.response(status: .forbidden, command: CommandCode.login.rawValue, text: "dave is banned: spam"))
        #expect(lines == [":groupd 465 dave :You are banned from this group: dave is banned: spam", "ERROR :Closing Link: dave is banned: spam"])
    }

    @Test func aFailedSaslLoginIs904AndTheClientMayTryAgain() {
        var irc = GatewayHarness()
        irc.client("CAP LS 302\r\nNICK erin\r\nUSER e 0 * :E\r\nCAP REQ sasl\r\nAUTHENTICATE PLAIN\r\n")
        irc.client("AUTHENTICATE \(Base64.encode(Array("\0erin\0bad".utf8)))\r\n")
        let failed = irc.group(.response(status: .unauthorized, command: CommandCode.login.rawValue, text: "wrong password for erin"))
        #expect(failed == [":groupd 904 erin :SASL authentication failed: wrong password for erin"])
        #expect(!irc.closed)
        irc.client("AUTHENTICATE PLAIN\r\nAUTHENTICATE \(Base64.encode(Array("erin\0erin\0good".utf8)))\r\n")
        #expect(irc.requests == [.login(username: "erin", password: "good")])
        irc.group(.response(status: .unauthorized, command: CommandCode.login.rawValue, text: "wrong password for erin"))
        // Giving up on SASL without a PASS ends the connection with the last reason.
        #expect(irc.client("CAP END\r\n") == [
            ":groupd 464 erin :wrong password for erin", "ERROR :Closing Link: wrong password for erin",
        ])
    }

    @Test func noPasswordAtAllIs464() {
        var irc = GatewayHarness()
        let lines = irc.client("NICK x\r\nUSER x 0 * :X\r\n")
        #expect(lines.first?.hasPrefix(":groupd 464 x :a password is needed") == true)
        #expect(irc.closed)
        #expect(irc.requests.isEmpty)
    }

    @Test func aJoinRequestWaitingForTheOwnerWaitsThenLogsIn() {
        var irc = GatewayHarness()
        irc.client("PASS pw\r\nNICK frank\r\nUSER f 0 * :F\r\n")
        irc.group(GatewayHarness.welcome)
        let waiting = irc.group(.response(status: .accepted, command: CommandCode.login.rawValue, text: "your request to join Study group is waiting for the owner"))
        #expect(waiting == [":groupd NOTICE frank :your request to join Study group is waiting for the owner; this connection waits for the decision"])
        irc.group(.joinDecision(admitted: true, text: "welcome to Study group"))
        #expect(irc.requests == [.login(username: "frank", password: "pw")])
    }

    @Test func commandsBeforeRegistrationAre451AndPingIsAnswered() {
        var irc = GatewayHarness()
        #expect(irc.client("JOIN #x\r\nPING :abc\r\nFOO\r\n") == [
            ":groupd 451 * :You have not registered", ":groupd PONG groupd :abc", ":groupd 451 * :You have not registered",
        ])
    }

    @Test func anUnknownCapabilityIsRefusedWhole() {
        var irc = GatewayHarness()
        #expect(irc.client("CAP REQ :server-time fancy\r\nCAP LIST\r\n") == [
            ":groupd CAP * NAK :server-time fancy", ":groupd CAP * LIST :",
        ])
        #expect(irc.client("CAP LS\r\n") == [":groupd CAP * LS :away-notify batch echo-message sasl server-time"])
    }

    @Test func otherSaslMechanismsAndOversizedExchangesAreRefused() {
        var irc = GatewayHarness()
        #expect(irc.client("AUTHENTICATE EXTERNAL\r\n") == [
            ":groupd 908 * PLAIN :are available SASL mechanisms", ":groupd 904 * :SASL authentication failed: only PLAIN is offered",
        ])
        irc.client("AUTHENTICATE PLAIN\r\n")
        let chunk = String(repeating: "A", count: 400)
        var answer: [String] = []
        for _ in 0..<11 { answer = irc.client("AUTHENTICATE \(chunk)\r\n") }
        #expect(answer == [":groupd 905 * :SASL message too long"])
        #expect(irc.client("AUTHENTICATE *\r\n") == [":groupd 906 * :SASL authentication aborted"])
    }

    @Test func anOverlongLineIs417AndTheConnectionGoesOn() {
        var irc = GatewayHarness()
        let lines = irc.client("PRIVMSG #c :" + String(repeating: "x", count: 600) + "\r\nPING :ok\r\n")
        #expect(lines == [":groupd 417 * :input line was too long (512 bytes, 8191 of tags)", ":groupd PONG groupd :ok"])
    }

    @Test func aClientOverItsLineBudgetIsDisconnectedForFlooding() {
        var irc = GatewayHarness()
        let flood = String(repeating: "PING :x\r\n", count: 41)
        let lines = irc.client(flood)
        #expect(lines.filter { $0.hasPrefix(":groupd PONG") }.count == 40)
        #expect(lines.last == "ERROR :Closing Link: excess flood (more than 10 lines a second)")
        #expect(irc.closed)
        // A steady ten lines a second is fine.
        var steady = GatewayHarness()
        for second in 0..<20 {
            steady.now = Int64(second) * 1000
            steady.client(String(repeating: "PING :x\r\n", count: 10))
            #expect(!steady.closed)
        }
    }

    @Test func invalidUTF8IsRefusedWithFail() {
        var irc = GatewayHarness()
        let lines = irc.gateway.receive(Array("NICK caf".utf8) + [0xE9, 0x0D, 0x0A], now: 0)
        #expect(lines == [.line(IRCMessage(source: "groupd", "FAIL", ["NICK", "INVALID_UTF8", "this server speaks UTF-8 only: the line was ignored"]))])
    }

    /// The whole registration, fed at every split point, gives the same outputs as fed at once.
    @Test func everySplitOfTheRegistrationGivesTheSameOutputs() {
        let script = Array("CAP LS 302\r\nNICK alice\r\nUSER alice 0 * :A\r\nCAP REQ :sasl echo-message\r\nAUTHENTICATE PLAIN\r\nAUTHENTICATE \(Base64.encode(Array("\0alice\0pw".utf8)))\r\nPING :x\r\n".utf8)
        func run(_ cuts: [Int]) -> [IRCOutput] {
            var gateway = IRCGateway(settings: GatewayHarness.settings)
            var outputs: [IRCOutput] = []
            var start = 0
            for end in cuts + [script.count] where end >= start {
                outputs += gateway.receive(Array(script[start..<end]), now: 0)
                start = end
            }
            return outputs
        }
        let whole = run([])
        #expect(whole.contains(.request(.login(username: "alice", password: "pw"))))
        for cut in 0...script.count { #expect(run([cut]) == whole, "split at \(cut)") }
        #expect(run(Array(1..<script.count)) == whole)
    }
}
