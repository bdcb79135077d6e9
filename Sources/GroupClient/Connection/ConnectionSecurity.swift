// ConnectionSecurity: whether a connection is encrypted, and how the server's identity is checked.
import GroupCLI
import GroupTLS

/// How `groupctl` protects a connection.
public enum ConnectionSecurity {
    /// No TLS (`--plaintext`): only for a server started with `--plaintext`.
    case plaintext
    /// TLS; `verify` sees the server's certificate fingerprint right after the handshake, before any byte
    /// of the protocol (let alone a password) is sent, and throws to refuse the server.
    case tls(verify: (Fingerprint) throws(CommandLineError) -> Void)

    /// TLS with the server's fingerprint required to be `pinned`.
    public static func pinned(_ pinned: Fingerprint, address: GroupAddress, alias: String? = nil) -> ConnectionSecurity {
        requiring(pinned) { presented in
            ServerTrust.changedIdentity(address: address, pinned: pinned, presented: presented, alias: alias)
        }
    }

    /// TLS with the server's fingerprint required to be `expected`; `refusal` says why another one is refused.
    static func requiring(_ expected: Fingerprint, refusal: @escaping (Fingerprint) -> CommandLineError) -> ConnectionSecurity {
        .tls { (presented) throws(CommandLineError) in
            guard presented == expected else { throw refusal(presented) }
        }
    }
}
