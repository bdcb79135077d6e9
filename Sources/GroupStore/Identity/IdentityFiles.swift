// IdentityFiles: the server's TLS key and certificate in the data folder — created on the first start,
// reused on every later one, so the fingerprint members pinned stays the same.
import GroupPosix
import GroupTLS

/// Loads or creates the group's ``ServerIdentity`` (`tls-key.pem` and `tls-certificate.pem`, mode 0600).
public enum IdentityFiles {
    /// What went wrong with the identity files, as a sentence.
    public struct Problem: Error, CustomStringConvertible {
        /// The sentence.
        public let description: String
    }

    /// The stored identity, or a new one when there is none; `created` says which. A folder holding only one
    /// of the two files (a start interrupted while creating them) gets a new pair.
    public static func loadOrCreate(in folder: DataFolder, commonName: String) throws(Problem)
        -> (identity: ServerIdentity, created: Bool)
    {
        let key: [UInt8]?
        let certificate: [UInt8]?
        do {
            key = try AtomicFile.read(folder.tlsKey)
            certificate = try AtomicFile.read(folder.tlsCertificate)
        } catch {
            throw Problem(description: "cannot read the server's TLS identity: \(error)")
        }
        if let key, let certificate {
            do { return (try ServerIdentity(keyPEM: key, certificatePEM: certificate), false) } catch {
                throw Problem(description: "the server's TLS identity in \(folder.path) is damaged (\(error)); "
                    + "move tls-key.pem and tls-certificate.pem away to create a new one, then tell members to run 'groupctl trust'")
            }
        }
        do {
            let identity = try ServerIdentity.generate(commonName: commonName)
            try AtomicFile.write(bytes: identity.keyPEM, to: folder.tlsKey)
            try AtomicFile.write(bytes: identity.certificatePEM, to: folder.tlsCertificate)
            return (identity, true)
        } catch let error as SystemError {
            throw Problem(description: "cannot save the server's TLS identity: \(error)")
        } catch {
            throw Problem(description: "cannot create the server's TLS identity: \(error)")
        }
    }
}
