// The read-ahead of tls_backend.h, under mbedTLS (the DLLs' build).
//
// curl gives mbedTLS a BIO that reads from its socket filter; we slip ours
// between them once curl has set the session up. mbedTLS asks for exactly
// what it needs (a 5-byte header, then the record); ours asks the socket
// for up to kCapacity and keeps the rest. Nothing else in curl sees the
// buffer, so the event loop treats a socket whose read-ahead holds bytes as
// readable (RequestEngine asks hasBufferedInput) for as long as curl wants
// input from it: curl stops reading before the socket runs dry in places
// (a session ticket, a paused transfer, a finished response).
#include <curl/curl.h>
#include <mbedtls/ssl.h>  // MBEDTLS_PRIVATE: the BIO curl set, which ours wraps

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <unordered_map>

#include "sync.h"
#include "tls_backend.h"
#include "tls_certificate_request.h"

namespace hinternet::tls {
namespace {

// Enough for several full records per recv (16 KiB and a little each);
// curl's own loop takes about ten records per turn.
constexpr std::size_t kCapacity = 128 * 1024;

struct ReadAhead {
  void* innerBio = nullptr;
  mbedtls_ssl_send_t* innerSend = nullptr;
  mbedtls_ssl_recv_t* innerRecv = nullptr;
  // Allocated while bytes wait, released once the socket runs dry, so an
  // idle connection holds no buffer.
  std::unique_ptr<unsigned char[]> buffer;
  std::size_t begin = 0, end = 0;
  // Follows the handshake until it has seen what it looks for.
  std::shared_ptr<CertificateRequestScan> scan;
};

// Every socket curl has open, with the read-ahead of the TLS session on it
// (null: none). Sockets open on the event thread; a session share's cleanup
// may close them on another.
struct Registry {
  Mutex mutex;
  std::unordered_map<SocketId, std::unique_ptr<ReadAhead>> sockets;
  std::atomic<int> holding{0};  // read-aheads with bytes waiting
};

Registry& registry() {
  static Registry* r = new Registry();  // leaked: sockets close until the process ends
  return *r;
}

int sendThrough(void* context, const unsigned char* data, std::size_t length) {
  auto* r = static_cast<ReadAhead*>(context);
  return r->innerSend(r->innerBio, data, length);
}

// What mbedTLS is handed, in order.
int handedOver(ReadAhead* r, const unsigned char* out, int count) {
  if (r->scan && count > 0) {
    r->scan->feed(out, static_cast<std::size_t>(count));
    if (r->scan->finished()) r->scan.reset();
  }
  return count;
}

int recvThrough(void* context, unsigned char* out, std::size_t length) {
  auto* r = static_cast<ReadAhead*>(context);
  if (r->begin == r->end) {
    if (!r->buffer) r->buffer.reset(new (std::nothrow) unsigned char[kCapacity]);
    if (!r->buffer || length >= kCapacity) return handedOver(r, out, r->innerRecv(r->innerBio, out, length));
    const int got = r->innerRecv(r->innerBio, r->buffer.get(), kCapacity);
    if (got <= 0) {
      r->buffer.reset();  // dry (WANT_READ), closed or failed
      return got;
    }
    r->begin = 0;
    r->end = static_cast<std::size_t>(got);
    registry().holding.fetch_add(1, std::memory_order_relaxed);
  }
  const std::size_t n = std::min(length, r->end - r->begin);
  std::memcpy(out, r->buffer.get() + r->begin, n);
  r->begin += n;
  if (r->begin == r->end) {
    r->begin = r->end = 0;
    registry().holding.fetch_sub(1, std::memory_order_relaxed);
  }
  return handedOver(r, out, static_cast<int>(n));
}

}  // namespace

void socketOpened(SocketId socket) {
  Registry& r = registry();
  std::lock_guard<Mutex> lock(r.mutex);
  // A new socket may reuse a number whose close went unreported: whatever
  // was kept for that number belongs to a session that is gone.
  auto& slot = r.sockets[socket];
  if (slot && slot->begin != slot->end) r.holding.fetch_sub(1, std::memory_order_relaxed);
  slot.reset();
}

void socketClosing(SocketId socket) {
  Registry& r = registry();
  std::lock_guard<Mutex> lock(r.mutex);
  auto it = r.sockets.find(socket);
  if (it == r.sockets.end()) return;
  if (it->second && it->second->begin != it->second->end) r.holding.fetch_sub(1, std::memory_order_relaxed);
  r.sockets.erase(it);
}

bool readAhead(void* easy, void* config, const std::vector<SocketId>& candidates,
               std::shared_ptr<CertificateRequestScan> scan) {
  curl_tlssessioninfo* info = nullptr;
  if (curl_easy_getinfo(static_cast<CURL*>(easy), CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info ||
      info->backend != CURLSSLBACKEND_MBEDTLS || !info->internals)
    return false;
  auto* ssl = static_cast<mbedtls_ssl_context*>(info->internals);
  // curl reports the session nearest the application; through an HTTPS
  // proxy that is not yet the one being set up.
  if (mbedtls_ssl_context_get_config(ssl) != config || !ssl->MBEDTLS_PRIVATE(f_recv) || !ssl->MBEDTLS_PRIVATE(f_send) ||
      ssl->MBEDTLS_PRIVATE(f_recv_timeout) || ssl->MBEDTLS_PRIVATE(f_recv) == &recvThrough)
    return false;
  Registry& r = registry();
  std::lock_guard<Mutex> lock(r.mutex);
  std::unique_ptr<ReadAhead>* slot = nullptr;
  for (SocketId socket : candidates) {
    auto it = r.sockets.find(socket);
    if (it == r.sockets.end()) continue;  // closed: a connection attempt that lost
    if (slot) return false;               // two open: which one is unclear
    slot = &it->second;
  }
  if (!slot || *slot) return false;
  auto wrapper = std::make_unique<ReadAhead>();
  wrapper->innerBio = ssl->MBEDTLS_PRIVATE(p_bio);
  wrapper->innerSend = ssl->MBEDTLS_PRIVATE(f_send);
  wrapper->innerRecv = ssl->MBEDTLS_PRIVATE(f_recv);
  wrapper->scan = std::move(scan);
  mbedtls_ssl_set_bio(ssl, wrapper.get(), &sendThrough, &recvThrough, nullptr);
  *slot = std::move(wrapper);
  return true;
}

bool hasBufferedInput(SocketId socket) {
  Registry& r = registry();
  if (r.holding.load(std::memory_order_relaxed) == 0) return false;
  std::lock_guard<Mutex> lock(r.mutex);
  auto it = r.sockets.find(socket);
  return it != r.sockets.end() && it->second && it->second->begin != it->second->end;
}

void socketsWithBufferedInput(std::vector<SocketId>& out) {
  Registry& r = registry();
  if (r.holding.load(std::memory_order_relaxed) == 0) return;
  std::lock_guard<Mutex> lock(r.mutex);
  for (const auto& [socket, wrapper] : r.sockets) {
    if (wrapper && wrapper->begin != wrapper->end) out.push_back(socket);
  }
}

}  // namespace hinternet::tls
