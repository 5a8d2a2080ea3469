// tls_backend.h where the core is built against a system curl whose TLS
// library we do not reach into (the native unit-test build).
#include "tls_backend.h"

namespace hinternet::tls {

bool waiveChecks(void*, unsigned, Handshake&) { return false; }

bool probeCertificateRequest(void*, Handshake&) { return false; }

void endCertificateRequestProbe(void*) {}

bool peer(void*, Peer&) { return false; }

void configureHandshake(void*, Handshake&) {}

bool checkRevocation(void*, Handshake&) { return false; }

bool parseCrl(const std::string&, std::shared_ptr<const void>&, std::chrono::system_clock::time_point&) {
  return false;
}

void socketOpened(SocketId) {}
void socketClosing(SocketId) {}
bool readAhead(void*, void*, const std::vector<SocketId>&, std::shared_ptr<CertificateRequestScan>) {
  return false;
}
bool hasBufferedInput(SocketId) { return false; }
void socketsWithBufferedInput(std::vector<SocketId>&) {}

}  // namespace hinternet::tls
