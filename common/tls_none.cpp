// tls_backend.h where the core is built against a system curl whose TLS
// library we do not reach into (the native unit-test build).
#include "tls_backend.h"

namespace hinternet::tls {

bool waiveChecks(void*, unsigned, Verification&) { return false; }

bool peer(void*, Peer&) { return false; }

void applyWaivers(void*, Verification&) {}

void socketOpened(SocketId) {}
void socketClosing(SocketId) {}
bool readAhead(void*, void*, const std::vector<SocketId>&) { return false; }
bool hasBufferedInput(SocketId) { return false; }
void socketsWithBufferedInput(std::vector<SocketId>&) {}

}  // namespace hinternet::tls
