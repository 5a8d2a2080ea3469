#pragma once
// A test server for connection-attempt rules: see Ipv4OnlyServer.
#include <catch.hpp>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <atomic>
#include <string>
#include <thread>

// A plain HTTP server in this process, listening on 127.0.0.1 only, at a
// port number nobody uses on ::1: "localhost" (::1 first, then 127.0.0.1)
// is refused on its first address and answered on its second.
class Ipv4OnlyServer {
 public:
  Ipv4OnlyServer() {
    WSADATA data;
    REQUIRE(WSAStartup(MAKEWORD(2, 2), &data) == 0);
    for (int attempt = 0; attempt < 50 && listener_ == INVALID_SOCKET; ++attempt) {
      SOCKET v4 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      int length = sizeof(address);
      REQUIRE(bind(v4, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
      REQUIRE(getsockname(v4, reinterpret_cast<sockaddr*>(&address), &length) == 0);
      port_ = ntohs(address.sin_port);
      // The same number must be free on ::1, so that a connection there is
      // refused.
      SOCKET v6 = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
      sockaddr_in6 address6{};
      address6.sin6_family = AF_INET6;
      address6.sin6_addr = in6addr_loopback;
      address6.sin6_port = htons(port_);
      const bool freeOn6 = v6 != INVALID_SOCKET &&
                           bind(v6, reinterpret_cast<sockaddr*>(&address6), sizeof(address6)) == 0;
      if (v6 != INVALID_SOCKET) closesocket(v6);
      if (freeOn6 && listen(v4, 16) == 0) {
        listener_ = v4;
      } else {
        closesocket(v4);
      }
    }
    REQUIRE(listener_ != INVALID_SOCKET);
    thread_ = std::thread([this] { serve(); });
  }
  ~Ipv4OnlyServer() {
    closesocket(listener_);
    thread_.join();
    WSACleanup();
  }
  unsigned short port() const { return port_; }
  int accepted() const { return accepted_.load(); }

 private:
  void serve() {
    for (;;) {
      SOCKET client = accept(listener_, nullptr, nullptr);
      if (client == INVALID_SOCKET) return;
      ++accepted_;
      std::string head;
      char buffer[1024];
      while (head.find("\r\n\r\n") == std::string::npos) {
        const int got = recv(client, buffer, sizeof(buffer), 0);
        if (got <= 0) break;
        head.append(buffer, got);
      }
      const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nv4\n";
      send(client, reply, sizeof(reply) - 1, 0);
      shutdown(client, SD_SEND);
      closesocket(client);
    }
  }

  SOCKET listener_ = INVALID_SOCKET;
  unsigned short port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};
