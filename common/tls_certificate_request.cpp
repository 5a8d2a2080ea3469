#include "tls_certificate_request.h"

#include <algorithm>

namespace hinternet::tls {
namespace {

// RFC 5246: record content types and handshake message types.
constexpr unsigned char kHandshakeRecord = 22;
constexpr unsigned char kServerHello = 2;
constexpr unsigned char kCertificateRequest = 13;
constexpr unsigned char kServerHelloDone = 14;
// A plaintext record holds at most 2^14 bytes; a handshake message of a
// first flight (a certificate chain, mostly) stays well under this.
constexpr std::size_t kMaxRecord = 16384;
constexpr std::size_t kMaxMessage = 256 * 1024;

// Reads big-endian fields off a message body, failing once it runs short.
struct Fields {
  const unsigned char* at;
  std::size_t left;
  bool ok = true;

  std::size_t number(std::size_t bytes) {
    if (left < bytes) {
      ok = false;
      return 0;
    }
    std::size_t value = 0;
    for (std::size_t i = 0; i < bytes; ++i) value = (value << 8) | at[i];
    at += bytes;
    left -= bytes;
    return value;
  }
  const unsigned char* skip(std::size_t bytes) {
    if (left < bytes) {
      ok = false;
      return nullptr;
    }
    const unsigned char* start = at;
    at += bytes;
    left -= bytes;
    return start;
  }
};

}  // namespace

void CertificateRequestScan::feed(const unsigned char* data, std::size_t length) {
  while (length && !finished_) {
    if (headerHave_ < sizeof(header_)) {
      const std::size_t take = std::min(sizeof(header_) - headerHave_, length);
      std::copy(data, data + take, header_ + headerHave_);
      headerHave_ += take;
      data += take;
      length -= take;
      if (headerHave_ < sizeof(header_)) return;
      recordLeft_ = (std::size_t(header_[3]) << 8) | header_[4];
      // A ChangeCipherSpec, alert or encrypted record: the plaintext part
      // is over (TLS 1.3 encrypts right after the ServerHello).
      if (header_[0] != kHandshakeRecord || header_[1] != 3 || recordLeft_ == 0 || recordLeft_ > kMaxRecord) {
        finished_ = true;
        return;
      }
      continue;
    }
    const std::size_t take = std::min(recordLeft_, length);
    handshake_.append(reinterpret_cast<const char*>(data), take);
    data += take;
    length -= take;
    recordLeft_ -= take;
    if (!recordLeft_) headerHave_ = 0;
    takeMessages();
  }
}

void CertificateRequestScan::takeMessages() {
  std::size_t at = 0;
  while (!finished_ && handshake_.size() - at >= 4) {
    const auto* message = reinterpret_cast<const unsigned char*>(handshake_.data()) + at;
    const std::size_t bodyLength = (std::size_t(message[1]) << 16) | (std::size_t(message[2]) << 8) | message[3];
    if (bodyLength > kMaxMessage) {
      finished_ = true;
      break;
    }
    if (handshake_.size() - at - 4 < bodyLength) break;  // the rest comes in the next record
    const unsigned char* body = message + 4;
    switch (message[0]) {
      case kServerHello:
        if (bodyLength >= 2) version_ = static_cast<std::uint16_t>((body[0] << 8) | body[1]);
        break;
      case kCertificateRequest:
        readRequest(body, bodyLength);
        finished_ = true;
        break;
      case kServerHelloDone:
        finished_ = true;
        break;
      default:
        break;
    }
    at += 4 + bodyLength;
  }
  handshake_.erase(0, at);
  if (finished_) handshake_.clear();
}

// TLS 1.2 (RFC 5246 7.4.4): certificate_types<1..2^8-1>,
// supported_signature_algorithms<2..2^16-2> (not in TLS 1.0 and 1.1),
// certificate_authorities<0..2^16-1>, each a DistinguishedName<1..2^16-1>.
void CertificateRequestScan::readRequest(const unsigned char* body, std::size_t length) {
  sawRequest_ = true;
  Fields fields{body, length};
  fields.skip(fields.number(1));
  if (version_ >= 0x0303) fields.skip(fields.number(2));
  const std::size_t listLength = fields.number(2);
  const unsigned char* list = fields.skip(listLength);
  if (!fields.ok) return;
  Fields names{list, listLength};
  std::vector<std::string> found;
  while (names.left) {
    const std::size_t nameLength = names.number(2);
    const unsigned char* name = names.skip(nameLength);
    if (!names.ok || !nameLength) return;  // malformed: none rather than some
    found.emplace_back(reinterpret_cast<const char*>(name), nameLength);
  }
  authorities_ = std::move(found);
}

}  // namespace hinternet::tls
