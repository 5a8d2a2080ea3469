#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hinternet::tls {

// Follows what a TLS server sends, as the client reads it, through the
// plaintext start of the handshake, for the certificate authorities a
// CertificateRequest names (Windows hands them to a program that must
// choose a client certificate). The TLS library keeps them to itself, but
// in TLS 1.2 the message travels in the clear and every byte the library
// reads passes the read-ahead under it. TLS 1.3 encrypts everything after
// the ServerHello, its CertificateRequest included: there the scan ends
// without one and the list stays empty.
class CertificateRequestScan {
 public:
  // The next bytes read from the server, in order, from the first.
  void feed(const unsigned char* data, std::size_t length);
  // Nothing more to learn here: the request was seen, the server's first
  // flight ended without one, encryption began, or the bytes are not a
  // TLS handshake.
  bool finished() const { return finished_; }
  // Whether a plaintext CertificateRequest came.
  bool sawRequest() const { return sawRequest_; }
  // The DER of each DistinguishedName it lists, in its order; empty when
  // it lists none or could not be read.
  const std::vector<std::string>& authorities() const { return authorities_; }

 private:
  void takeMessages();
  void readRequest(const unsigned char* body, std::size_t length);

  unsigned char header_[5] = {};
  std::size_t headerHave_ = 0;
  std::size_t recordLeft_ = 0;  // of the handshake record being read
  std::string handshake_;       // handshake bytes not yet taken as messages
  std::uint16_t version_ = 0x0303;  // ServerHello's; TLS 1.2 until one says otherwise
  bool finished_ = false;
  bool sawRequest_ = false;
  std::vector<std::string> authorities_;
};

}  // namespace hinternet::tls
