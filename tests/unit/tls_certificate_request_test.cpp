#include <catch.hpp>

#include <string>
#include <vector>

#include "tls_certificate_request.h"

using hinternet::tls::CertificateRequestScan;

namespace {

using Bytes = std::string;

Bytes be(std::size_t value, int bytes) {
  Bytes out;
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

Bytes message(int type, const Bytes& body) { return Bytes(1, static_cast<char>(type)) + be(body.size(), 3) + body; }

Bytes record(int type, const Bytes& fragment) {
  return Bytes(1, static_cast<char>(type)) + "\x03\x03" + be(fragment.size(), 2) + fragment;
}

Bytes serverHello(std::uint16_t version) {
  return message(2, be(version, 2) + Bytes(32, 'r') + Bytes("\x00\x00\x2f\x00", 4));
}

// Two made-up names, as DER would start (a SEQUENCE); their content does
// not matter to the scan.
const Bytes kFirstName = "\x30\x0b" "first CA...";
const Bytes kSecondName = "\x30\x0c" "second CA...";

Bytes certificateRequest(bool withSignatureAlgorithms, const std::vector<Bytes>& names) {
  Bytes body = "\x02\x01\x40";  // two certificate types
  if (withSignatureAlgorithms) body += be(4, 2) + "\x04\x01\x04\x03";
  Bytes list;
  for (const Bytes& name : names) list += be(name.size(), 2) + name;
  body += be(list.size(), 2) + list;
  return message(13, body);
}

Bytes tls12Flight(const std::vector<Bytes>& names) {
  const Bytes handshake = serverHello(0x0303) + message(11, Bytes(3000, 'c')) +
                          certificateRequest(true, names) + message(14, "");
  // Split into records at odd places, as a server may.
  return record(22, handshake.substr(0, 100)) + record(22, handshake.substr(100, 2000)) +
         record(22, handshake.substr(2100));
}

void feedAll(CertificateRequestScan& scan, const Bytes& bytes, std::size_t piece) {
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    const Bytes part = bytes.substr(at, piece);
    scan.feed(reinterpret_cast<const unsigned char*>(part.data()), part.size());
  }
}

}  // namespace

TEST_CASE("CertificateRequestScan finds the authorities of a TLS 1.2 CertificateRequest, however the bytes come") {
  for (std::size_t piece : {std::size_t(1), std::size_t(5), std::size_t(7), std::size_t(100000)}) {
    INFO("pieces of " << piece);
    CertificateRequestScan scan;
    feedAll(scan, tls12Flight({kFirstName, kSecondName}) + record(20, "\x01"), piece);
    REQUIRE(scan.finished());
    REQUIRE(scan.sawRequest());
    REQUIRE(scan.authorities() == std::vector<Bytes>{kFirstName, kSecondName});
  }
}

TEST_CASE("CertificateRequestScan: a request naming no authority, and a flight without a request") {
  CertificateRequestScan none;
  feedAll(none, tls12Flight({}), 9);
  REQUIRE(none.finished());
  REQUIRE(none.sawRequest());
  REQUIRE(none.authorities().empty());

  CertificateRequestScan noRequest;
  const Bytes flight = serverHello(0x0303) + message(11, Bytes(50, 'c')) + message(14, "");
  feedAll(noRequest, record(22, flight), 3);
  REQUIRE(noRequest.finished());
  REQUIRE_FALSE(noRequest.sawRequest());
}

TEST_CASE("CertificateRequestScan: TLS 1.0 and 1.1 requests have no signature algorithms") {
  CertificateRequestScan scan;
  const Bytes flight = serverHello(0x0302) + certificateRequest(false, {kSecondName}) + message(14, "");
  feedAll(scan, record(22, flight), 4);
  REQUIRE(scan.authorities() == std::vector<Bytes>{kSecondName});
}

TEST_CASE("CertificateRequestScan: TLS 1.3 encrypts the request, so the scan ends at the ServerHello with none") {
  CertificateRequestScan scan;
  // ServerHello, the compatibility ChangeCipherSpec, then encrypted records.
  feedAll(scan, record(22, serverHello(0x0303)) + record(20, "\x01") + record(23, Bytes(200, 'e')), 1);
  REQUIRE(scan.finished());
  REQUIRE_FALSE(scan.sawRequest());
  REQUIRE(scan.authorities().empty());
}

TEST_CASE("CertificateRequestScan: malformed input ends it with no names") {
  SECTION("a name longer than its list") {
    CertificateRequestScan scan;
    Bytes body = Bytes("\x01\x01", 2) + be(2, 2) + "\x04\x01" + be(4, 2) + be(9, 2) + Bytes("\x30\x00", 2);
    feedAll(scan, record(22, serverHello(0x0303) + message(13, body)), 100);
    REQUIRE(scan.finished());
    REQUIRE(scan.sawRequest());
    REQUIRE(scan.authorities().empty());
  }
  SECTION("not TLS at all") {
    CertificateRequestScan scan;
    feedAll(scan, "HTTP/1.1 400 Bad Request\r\n\r\n", 100);
    REQUIRE(scan.finished());
    REQUIRE_FALSE(scan.sawRequest());
  }
  SECTION("a message too large to be a first flight's") {
    CertificateRequestScan scan;
    feedAll(scan, record(22, Bytes("\x0b\x7f\xff\xff", 4)), 100);
    REQUIRE(scan.finished());
  }
}
