// COpenSSL: the system's OpenSSL 3 (libssl-dev on Debian and Ubuntu), as a system-library module so a
// missing package is named in the build error. Only CGroupTLS uses it.
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#endif
