#pragma once
#include <cstdlib>
#include <string>

// Ports of the loopback servers the test runner started for this run.
inline unsigned short testPort(const char* variable) {
  const char* text = std::getenv(variable);
  return text ? static_cast<unsigned short>(std::atoi(text)) : 0;
}
inline unsigned short httpPort() { return testPort("HINTERNET_TEST_HTTP_PORT"); }
inline unsigned short httpsPort() { return testPort("HINTERNET_TEST_HTTPS_PORT"); }
// nginx HTTPS servers whose certificates fail verification, one reason each.
inline unsigned short expiredCertPort() { return testPort("HINTERNET_TEST_HTTPS_EXPIRED_PORT"); }
inline unsigned short wrongNameCertPort() { return testPort("HINTERNET_TEST_HTTPS_WRONGNAME_PORT"); }
inline unsigned short untrustedCertPort() { return testPort("HINTERNET_TEST_HTTPS_UNTRUSTED_PORT"); }
// nginx HTTPS that requires a client certificate (tests/servers/make-certs'
// client.pfx) and answers with its subject.
inline unsigned short clientCertPort() { return testPort("HINTERNET_TEST_HTTPS_CLIENTCERT_PORT"); }
// The edge server (tests/servers/edge_server.py): scripted faults and edge
// cases selected by the request path, on 127.0.0.1 and [::1].
inline unsigned short edgePort() { return testPort("HINTERNET_TEST_EDGE_PORT"); }
inline unsigned short edgeTlsPort() { return testPort("HINTERNET_TEST_EDGE_TLS_PORT"); }
// http://127.0.0.1:<edge port><path>
inline std::string edgeUrl(const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(edgePort()) + path;
}
// The edge server's revocation listeners: the test CA's leaf certificates
// whose CRL distribution point is the edge server's /crl/test.crl (good:
// not revoked; revoked: on it), /crl/offline.crl (never answered) and
// /crl/counted.crl (fetches counted by /crl-count/counted).
inline unsigned short revocationGoodPort() { return testPort("HINTERNET_TEST_REV_GOOD_PORT"); }
inline unsigned short revocationRevokedPort() { return testPort("HINTERNET_TEST_REV_REVOKED_PORT"); }
inline unsigned short revocationOfflinePort() { return testPort("HINTERNET_TEST_REV_OFFLINE_PORT"); }
inline unsigned short revocationCountedPort() { return testPort("HINTERNET_TEST_REV_COUNTED_PORT"); }
// Revoked in its own /crl/deferred.crl, which only the redirect test fetches.
inline unsigned short revocationDeferredPort() { return testPort("HINTERNET_TEST_REV_DEFERRED_PORT"); }
// Their CRLs are served but unusable: not a CRL, the CA's name with another
// key's signature, past its nextUpdate.
inline unsigned short revocationGarbagePort() { return testPort("HINTERNET_TEST_REV_GARBAGE_PORT"); }
inline unsigned short revocationForgedPort() { return testPort("HINTERNET_TEST_REV_FORGED_PORT"); }
inline unsigned short revocationStalePort() { return testPort("HINTERNET_TEST_REV_STALE_PORT"); }
