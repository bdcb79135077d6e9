// CGroupTLS: the few OpenSSL 3 calls groupchat needs, behind a small C interface — the server's key and
// self-signed certificate, TLS 1.3 contexts, and sessions that run over memory buffers (ciphertext in,
// ciphertext out), so the engines keep doing plain reads and writes of their own descriptors.
// Every function that can fail writes a sentence into `error` (at most `error_size` bytes).
#ifndef CGROUPTLS_H
#define CGROUPTLS_H

#include <stddef.h>
#include <stdint.h>

// MARK: - Digests (from the system's crypto library; never our own)

/// SHA-256 of `length` bytes into `out` (32 bytes).
void cgt_sha256(const void *bytes, size_t length, uint8_t *out);
/// SHA-1 of `length` bytes into `out` (20 bytes); for the WebSocket handshake only.
void cgt_sha1(const void *bytes, size_t length, uint8_t *out);
/// Fills `out` with `length` random bytes from the system's generator. Returns 1, or 0 on failure.
int cgt_random(uint8_t *out, size_t length);

// MARK: - Server identity (PEM text in memory; the caller reads and writes the files)

/// Creates a P-256 private key and a self-signed certificate for `common_name`, valid for ten years, as PEM
/// text in `*key_pem` and `*cert_pem` (to be released with `cgt_free`). Returns 1, or 0 with `error`.
int cgt_identity_create(const char *common_name, char **key_pem, size_t *key_length,
                        char **cert_pem, size_t *cert_length, char *error, size_t error_size);
/// The SHA-256 of the DER form of the PEM certificate into `out` (32 bytes). Returns 1, or 0 with `error`.
int cgt_certificate_fingerprint(const void *cert_pem, size_t cert_length, uint8_t *out,
                                char *error, size_t error_size);
/// The names a PEM certificate is valid for (its DNS and IPv4 subject alternative names, space-separated, or its
/// common name when it has none) into `names`, and its expiry (`notAfter`, seconds since 1970) into `*not_after`.
/// Returns 1, or 0 with `error`.
int cgt_certificate_summary(const void *cert_pem, size_t cert_length, char *names, size_t names_size,
                            int64_t *not_after, char *error, size_t error_size);
/// Releases memory returned by this library.
void cgt_free(void *pointer);

// MARK: - Contexts

/// An opaque TLS 1.3 context (an SSL_CTX).
typedef struct cgt_context cgt_context;

/// A server context presenting this PEM key and certificate, or NULL with `error`. Further certificates after the
/// first in `cert_pem` are sent as its chain. An encrypted key is refused (no passphrase is ever asked).
cgt_context *cgt_server_context(const void *key_pem, size_t key_length, const void *cert_pem, size_t cert_length,
                                char *error, size_t error_size);
/// A client context. It accepts any certificate: the caller pins the server's fingerprint instead.
cgt_context *cgt_client_context(char *error, size_t error_size);
void cgt_context_free(cgt_context *context);

// MARK: - Sessions over memory buffers

/// An opaque session (an SSL with two memory BIOs). Used by one thread at a time.
typedef struct cgt_session cgt_session;

cgt_session *cgt_session_new(cgt_context *context, int is_server);
void cgt_session_free(cgt_session *session);

/// Hands ciphertext received from the peer to the session. Returns 1, or 0 when out of memory.
int cgt_session_feed(cgt_session *session, const void *bytes, size_t length);
/// Advances the handshake. Returns 1 once established, 0 while it needs more from the peer, -1 on failure.
int cgt_session_handshake(cgt_session *session);
/// Decrypts into `buffer`. Returns the byte count, 0 when more ciphertext is needed, -1 on failure,
/// -2 when the peer closed the session.
long cgt_session_read(cgt_session *session, void *buffer, size_t capacity);
/// Encrypts `length` bytes (the handshake must be established). Returns 1, or -1 on failure.
int cgt_session_write(cgt_session *session, const void *bytes, size_t length);
/// Bytes of ciphertext waiting to be sent to the peer.
size_t cgt_session_pending(cgt_session *session);
/// Moves up to `capacity` bytes of waiting ciphertext into `buffer`; returns the count.
size_t cgt_session_take(cgt_session *session, void *buffer, size_t capacity);
/// The SHA-256 of the peer's certificate into `out` (32 bytes). Returns 1, or 0 when it sent none.
int cgt_session_peer_fingerprint(cgt_session *session, uint8_t *out);
/// The reason for the last failure of this session, as a sentence (empty when none).
const char *cgt_session_error(cgt_session *session);

#endif
