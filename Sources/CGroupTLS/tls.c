// CGroupTLS: OpenSSL 3 behind the small interface of CGroupTLS.h. TLS 1.3 only; sessions read and write
// memory BIOs, never sockets.
#define _GNU_SOURCE
#include "CGroupTLS.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cgt_context {
    SSL_CTX *ctx;
};

struct cgt_session {
    SSL *ssl;
    BIO *in;   // ciphertext from the peer
    BIO *out;  // ciphertext for the peer
    int renew_buffers;  // the handshake is done: its flights' buffers go once both directions are empty
    char error[200];
};

// MARK: - Errors

/// Writes "what: the library's reason" into `error`, emptying this thread's OpenSSL error queue.
static void describe(const char *what, char *error, size_t error_size) {
    if (error == NULL || error_size == 0) return;
    unsigned long code = ERR_get_error();
    unsigned long last = code;
    while (last != 0) {  // keep the first (root) cause, drop the rest
        last = ERR_get_error();
    }
    if (code == 0) {
        snprintf(error, error_size, "%s", what);
        return;
    }
    char reason[160];
    const char *text = ERR_reason_error_string(code);
    if (text == NULL) {
        ERR_error_string_n(code, reason, sizeof reason);
        text = reason;
    }
    snprintf(error, error_size, "%s: %s", what, text);
}

// MARK: - Digests

void cgt_sha256(const void *bytes, size_t length, uint8_t *out) { SHA256(bytes, length, out); }

void cgt_sha1(const void *bytes, size_t length, uint8_t *out) { SHA1(bytes, length, out); }

int cgt_random(uint8_t *out, size_t length) { return RAND_bytes(out, (int)length) == 1; }

// MARK: - Server identity

/// Copies a memory BIO's contents into a fresh malloc'd buffer.
static int take_bio(BIO *bio, char **out, size_t *length) {
    char *data = NULL;
    long count = BIO_get_mem_data(bio, &data);
    if (count <= 0) return 0;
    *out = malloc((size_t)count);
    if (*out == NULL) return 0;
    memcpy(*out, data, (size_t)count);
    *length = (size_t)count;
    return 1;
}

int cgt_identity_create(const char *common_name, char **key_pem, size_t *key_length,
                        char **cert_pem, size_t *cert_length, char *error, size_t error_size) {
    ERR_clear_error();
    int ok = 0;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    BIO *key_bio = BIO_new(BIO_s_mem());
    BIO *cert_bio = BIO_new(BIO_s_mem());
    BIGNUM *serial = BN_new();
    *key_pem = NULL;
    *cert_pem = NULL;
    if (key == NULL || cert == NULL || key_bio == NULL || cert_bio == NULL || serial == NULL) {
        describe("cannot create the server's key", error, error_size);
        goto done;
    }
    X509_NAME *name = X509_get_subject_name(cert);
    if (X509_set_version(cert, 2) != 1
        || BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
        || BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert)) == NULL
        || X509_gmtime_adj(X509_getm_notBefore(cert), -60 * 60) == NULL
        || X509_time_adj_ex(X509_getm_notAfter(cert), 3650, 0, NULL) == NULL
        || X509_set_pubkey(cert, key) != 1
        || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)common_name, -1, -1, 0) != 1
        || X509_set_issuer_name(cert, name) != 1
        || X509_sign(cert, key, EVP_sha256()) <= 0) {
        describe("cannot create the server's certificate", error, error_size);
        goto done;
    }
    if (PEM_write_bio_PrivateKey(key_bio, key, NULL, NULL, 0, NULL, NULL) != 1
        || PEM_write_bio_X509(cert_bio, cert) != 1
        || !take_bio(key_bio, key_pem, key_length)
        || !take_bio(cert_bio, cert_pem, cert_length)) {
        describe("cannot encode the server's key and certificate", error, error_size);
        free(*key_pem);
        *key_pem = NULL;
        goto done;
    }
    ok = 1;
done:
    BN_free(serial);
    BIO_free(cert_bio);
    BIO_free(key_bio);
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
}

/// Refuses to ask for a passphrase: groupd may run without a terminal, so an encrypted key is an error, not a prompt.
static int no_passphrase(char *buffer, int size, int writing, void *user) {
    (void)buffer; (void)size; (void)writing; (void)user;
    return -1;
}

/// Parses a PEM certificate.
static X509 *read_certificate(const void *pem, size_t length) {
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    if (bio == NULL) return NULL;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return cert;
}

/// SHA-256 of a certificate's DER form.
static int fingerprint(X509 *cert, uint8_t *out) {
    unsigned int length = 0;
    return X509_digest(cert, EVP_sha256(), out, &length) == 1 && length == 32;
}

int cgt_certificate_fingerprint(const void *cert_pem, size_t cert_length, uint8_t *out,
                                char *error, size_t error_size) {
    ERR_clear_error();
    X509 *cert = read_certificate(cert_pem, cert_length);
    if (cert == NULL) {
        describe("not a PEM certificate", error, error_size);
        return 0;
    }
    int ok = fingerprint(cert, out);
    if (!ok) describe("cannot digest the certificate", error, error_size);
    X509_free(cert);
    return ok;
}

int cgt_certificate_summary(const void *cert_pem, size_t cert_length, char *names, size_t names_size,
                            int64_t *not_after, char *error, size_t error_size) {
    ERR_clear_error();
    X509 *cert = read_certificate(cert_pem, cert_length);
    if (cert == NULL) {
        describe("not a PEM certificate", error, error_size);
        return 0;
    }
    size_t used = 0;
    if (names_size > 0) names[0] = 0;
    GENERAL_NAMES *alternatives = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    for (int i = 0; alternatives != NULL && i < sk_GENERAL_NAME_num(alternatives); i++) {
        const GENERAL_NAME *entry = sk_GENERAL_NAME_value(alternatives, i);
        char text[300] = "";
        if (entry->type == GEN_DNS) {
            const unsigned char *data = ASN1_STRING_get0_data(entry->d.dNSName);
            snprintf(text, sizeof text, "%.*s", ASN1_STRING_length(entry->d.dNSName), (const char *)data);
        } else if (entry->type == GEN_IPADD && ASN1_STRING_length(entry->d.iPAddress) == 4) {
            const unsigned char *ip = ASN1_STRING_get0_data(entry->d.iPAddress);
            snprintf(text, sizeof text, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
        }
        if (text[0] == 0 || used + strlen(text) + 2 >= names_size) continue;
        used += (size_t)snprintf(names + used, names_size - used, "%s%s", used ? " " : "", text);
    }
    GENERAL_NAMES_free(alternatives);
    if (used == 0) {  // no subjectAltName: the subject's common name
        X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, names, (int)names_size);
    }
    struct tm end;
    int ok = ASN1_TIME_to_tm(X509_get0_notAfter(cert), &end) == 1;
    if (ok) *not_after = (int64_t)timegm(&end);
    else describe("cannot read the certificate's expiry", error, error_size);
    X509_free(cert);
    return ok;
}

void cgt_free(void *pointer) { free(pointer); }

// MARK: - Contexts

/// TLS 1.3 only, no session tickets or cache (every connection does a full handshake), buffers released
/// while a connection is idle.
static cgt_context *wrap(SSL_CTX *ctx, const char *what, char *error, size_t error_size) {
    if (ctx == NULL
        || SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1
        || SSL_CTX_set_num_tickets(ctx, 0) != 1) {
        describe(what, error, error_size);
        SSL_CTX_free(ctx);
        return NULL;
    }
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    cgt_context *context = malloc(sizeof *context);
    if (context == NULL) {
        snprintf(error, error_size, "%s: out of memory", what);
        SSL_CTX_free(ctx);
        return NULL;
    }
    context->ctx = ctx;
    return context;
}

cgt_context *cgt_server_context(const void *key_pem, size_t key_length, const void *cert_pem, size_t cert_length,
                                char *error, size_t error_size) {
    ERR_clear_error();
    cgt_context *context = wrap(SSL_CTX_new(TLS_server_method()), "cannot set up TLS", error, error_size);
    if (context == NULL) return NULL;
    BIO *key_bio = BIO_new_mem_buf(key_pem, (int)key_length);
    EVP_PKEY *key = key_bio ? PEM_read_bio_PrivateKey(key_bio, NULL, no_passphrase, NULL) : NULL;
    BIO *cert_bio = BIO_new_mem_buf(cert_pem, (int)cert_length);
    X509 *cert = cert_bio ? PEM_read_bio_X509(cert_bio, NULL, NULL, NULL) : NULL;
    int ok = key != NULL && cert != NULL
        && SSL_CTX_use_certificate(context->ctx, cert) == 1
        && SSL_CTX_use_PrivateKey(context->ctx, key) == 1
        && SSL_CTX_check_private_key(context->ctx) == 1;
    // Further certificates in the same PEM are the chain up to the issuer (a "fullchain.pem"), sent after the leaf.
    X509 *extra = NULL;
    while (ok && (extra = PEM_read_bio_X509(cert_bio, NULL, NULL, NULL)) != NULL) {
        if (SSL_CTX_add0_chain_cert(context->ctx, extra) != 1) {
            X509_free(extra);
            ok = 0;
        }
    }
    if (ok) ERR_clear_error();  // the end of the PEM text is reported as an error: it is not one
    if (!ok) describe("cannot use the server's key and certificate", error, error_size);
    X509_free(cert);
    EVP_PKEY_free(key);
    BIO_free(cert_bio);
    BIO_free(key_bio);
    if (!ok) {
        cgt_context_free(context);
        return NULL;
    }
    return context;
}

cgt_context *cgt_client_context(char *error, size_t error_size) {
    ERR_clear_error();
    cgt_context *context = wrap(SSL_CTX_new(TLS_client_method()), "cannot set up TLS", error, error_size);
    if (context != NULL) SSL_CTX_set_verify(context->ctx, SSL_VERIFY_NONE, NULL);
    return context;
}

void cgt_context_free(cgt_context *context) {
    if (context == NULL) return;
    SSL_CTX_free(context->ctx);
    free(context);
}

// MARK: - Sessions

cgt_session *cgt_session_new(cgt_context *context, int is_server) {
    cgt_session *session = calloc(1, sizeof *session);
    if (session == NULL) return NULL;
    session->ssl = SSL_new(context->ctx);
    session->in = BIO_new(BIO_s_mem());
    session->out = BIO_new(BIO_s_mem());
    if (session->ssl == NULL || session->in == NULL || session->out == NULL) {
        BIO_free(session->in);
        BIO_free(session->out);
        SSL_free(session->ssl);
        free(session);
        return NULL;
    }
    BIO_set_mem_eof_return(session->in, -1);  // an empty input means "wait for more", not end of stream
    SSL_set_bio(session->ssl, session->in, session->out);  // the SSL owns both BIOs from here on
    if (is_server) SSL_set_accept_state(session->ssl); else SSL_set_connect_state(session->ssl);
    return session;
}

void cgt_session_free(cgt_session *session) {
    if (session == NULL) return;
    SSL_free(session->ssl);
    free(session);
}

int cgt_session_feed(cgt_session *session, const void *bytes, size_t length) {
    return length == 0 || BIO_write(session->in, bytes, (int)length) == (int)length;
}

/// Classifies a failed SSL call: 0 when it only needs more input, -2 on an orderly close, -1 otherwise.
static int failure(cgt_session *session, int result, const char *what) {
    int code = SSL_get_error(session->ssl, result);
    if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) return 0;
    if (code == SSL_ERROR_ZERO_RETURN) return -2;
    describe(what, session->error, sizeof session->error);
    return -1;
}

int cgt_session_handshake(cgt_session *session) {
    ERR_clear_error();
    int result = SSL_do_handshake(session->ssl);
    if (result == 1) session->renew_buffers = 1;
    return result == 1 ? 1 : failure(session, result, "TLS handshake failed");
}

/// A memory BIO keeps the largest buffer it ever held: after the handshake (whose flights, with the certificate, are
/// the largest thing an idle connection ever buffers) both are replaced by empty ones, once neither holds anything.
static void renew_buffers(cgt_session *session) {
    if (BIO_ctrl_pending(session->in) != 0 || BIO_ctrl_pending(session->out) != 0) return;
    BIO *in = BIO_new(BIO_s_mem());
    BIO *out = BIO_new(BIO_s_mem());
    if (in == NULL || out == NULL) {
        BIO_free(in);
        BIO_free(out);
        return;
    }
    BIO_set_mem_eof_return(in, -1);
    SSL_set_bio(session->ssl, in, out);  // frees the old pair
    session->in = in;
    session->out = out;
    session->renew_buffers = 0;
}

long cgt_session_read(cgt_session *session, void *buffer, size_t capacity) {
    ERR_clear_error();
    int result = SSL_read(session->ssl, buffer, capacity > INT32_MAX ? INT32_MAX : (int)capacity);
    if (result > 0) return result;
    long status = failure(session, result, "TLS failed");
    if (status == 0 && session->renew_buffers) renew_buffers(session);
    return status;
}

int cgt_session_write(cgt_session *session, const void *bytes, size_t length) {
    const uint8_t *next = bytes;
    while (length > 0) {
        ERR_clear_error();
        int chunk = length > (1 << 20) ? (1 << 20) : (int)length;
        int result = SSL_write(session->ssl, next, chunk);
        if (result <= 0) {
            describe("TLS cannot encrypt", session->error, sizeof session->error);
            return -1;
        }
        next += result;
        length -= (size_t)result;
    }
    return 1;
}

size_t cgt_session_pending(cgt_session *session) { return BIO_ctrl_pending(session->out); }

size_t cgt_session_take(cgt_session *session, void *buffer, size_t capacity) {
    int result = BIO_read(session->out, buffer, capacity > INT32_MAX ? INT32_MAX : (int)capacity);
    return result > 0 ? (size_t)result : 0;
}

int cgt_session_peer_fingerprint(cgt_session *session, uint8_t *out) {
    X509 *cert = SSL_get1_peer_certificate(session->ssl);
    if (cert == NULL) return 0;
    int ok = fingerprint(cert, out);
    X509_free(cert);
    return ok;
}

const char *cgt_session_error(cgt_session *session) { return session->error; }
