#include "socket_poller.h"

#include <algorithm>
#include <vector>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
using NativeSocket = SOCKET;
using PollEntry = WSAPOLLFD;
static int pollSockets(PollEntry* fds, std::size_t n, int timeoutMs) {
  return WSAPoll(fds, static_cast<ULONG>(n), timeoutMs);
}
static void closeSocket(NativeSocket s) { closesocket(s); }
static constexpr NativeSocket kNoSocket = INVALID_SOCKET;
#else
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
using NativeSocket = int;
using PollEntry = pollfd;
static int pollSockets(PollEntry* fds, std::size_t n, int timeoutMs) {
  return ::poll(fds, static_cast<nfds_t>(n), timeoutMs);
}
static void closeSocket(NativeSocket s) { ::close(s); }
static constexpr NativeSocket kNoSocket = -1;
#endif

namespace hinternet {

struct SocketPoller::Impl {
  // Slot 0 is the wake-up socket: a UDP socket on loopback that sends to
  // itself, which works the same way on Windows, Wine and Linux.
  std::vector<PollEntry> entries;
  std::vector<PollEntry> snapshot;
  NativeSocket wakeSocket = kNoSocket;
};

static NativeSocket makeWakeSocket() {
  NativeSocket s = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (s == kNoSocket) return kNoSocket;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    closeSocket(s);
    return kNoSocket;
  }
#ifdef _WIN32
  u_long nonBlocking = 1;
  ioctlsocket(s, FIONBIO, &nonBlocking);
#else
  fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
#endif
  return s;
}

SocketPoller::SocketPoller() : impl_(std::make_unique<Impl>()) {
#ifdef _WIN32
  // The poller is built before curl_global_init, which is what calls
  // WSAStartup, and the program may never have called it: without this the
  // wake-up socket cannot be made and the event loop spins on WSAPoll.
  // Never matched by WSACleanup: the engine lives until the process ends.
  WSADATA data;
  WSAStartup(MAKEWORD(2, 2), &data);
#endif
  impl_->wakeSocket = makeWakeSocket();
  PollEntry wake{};
  wake.fd = impl_->wakeSocket;
  wake.events = POLLIN;
  impl_->entries.push_back(wake);
}

SocketPoller::~SocketPoller() {
  if (impl_->wakeSocket != kNoSocket) closeSocket(impl_->wakeSocket);
#ifdef _WIN32
  WSACleanup();
#endif
}

bool SocketPoller::ok() const { return impl_->wakeSocket != kNoSocket; }

void SocketPoller::watch(Socket socket, unsigned events) {
  auto& entries = impl_->entries;
  const auto fd = static_cast<NativeSocket>(socket);
  auto it = std::find_if(entries.begin() + 1, entries.end(),
                         [fd](const PollEntry& e) { return e.fd == fd; });
  if (events == 0) {
    if (it != entries.end()) {
      *it = entries.back();
      entries.pop_back();
    }
    return;
  }
  short mask = 0;
  if (events & kIn) mask |= POLLIN;
  if (events & kOut) mask |= POLLOUT;
  if (it == entries.end()) {
    PollEntry entry{};
    entry.fd = fd;
    entry.events = mask;
    entries.push_back(entry);
  } else {
    it->events = mask;
  }
}

void SocketPoller::wait(int timeoutMs, const std::function<void(Socket, unsigned)>& ready) {
  auto& entries = impl_->entries;
  for (auto& e : entries) e.revents = 0;
  const int n = pollSockets(entries.data(), entries.size(), timeoutMs);
  if (n <= 0) return;
  if (entries[0].revents) {
    // One datagram at most waits: wake() sends only after this reset. A
    // second recv would only find the socket empty, a wineserver round
    // trip under Wine.
    char drain[64];
    (void)::recv(impl_->wakeSocket, drain, sizeof(drain), 0);
    wakePending_.store(false, std::memory_order_release);
  }
  // The callback may change the watched set, so report from a copy.
  auto& snapshot = impl_->snapshot;
  snapshot.assign(entries.begin() + 1, entries.end());
  for (const auto& e : snapshot) {
    if (!e.revents) continue;
    unsigned events = 0;
    if (e.revents & (POLLIN | POLLHUP)) events |= kIn;
    if (e.revents & POLLOUT) events |= kOut;
    if (e.revents & (POLLERR | POLLNVAL)) events |= kError;
    ready(static_cast<Socket>(e.fd), events);
  }
}

void SocketPoller::wake() {
  if (wakePending_.exchange(true, std::memory_order_acq_rel)) return;
  const char byte = 1;
  ::send(impl_->wakeSocket, &byte, 1, 0);
}

}  // namespace hinternet
