#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// What the core needs from the TLS library under curl that curl's options
// do not reach: per-check certificate waivers, noticing a server's request
// for a client certificate, and the peer's certificates.
namespace hinternet::tls {

class CertificateRequestScan;

// Protocol versions a request accepts (bits); none set leaves the library's
// own range.
enum Version : unsigned { kTls10 = 1, kTls11 = 2, kTls12 = 4, kTls13 = 8 };

// Server certificate checks a request waives (bits).
enum Waiver : unsigned {
  kUnknownAuthority = 1,
  kBadDate = 2,
  kNameMismatch = 4,
  kWrongUsage = 8,
  kWeakSignature = 16,
};

// The waivers SECURITY_FLAG_IGNORE_* bits ask for; WinINet and WinHTTP give
// these bits the same values (unknown CA 0x100, wrong usage 0x200, CN 0x1000,
// date 0x2000, weak signature 0x10000).
unsigned waiversFromSecurityFlags(unsigned long long flags);

// What one easy handle's handshakes do beyond curl's options; the easy
// handle's TLS configuration points into it, so it must outlive the easy
// handle's handshakes. Event thread only.
struct Handshake {
  // Certificate checks under waivers, in the TLS library's own verification
  // flags (what CURLINFO_SSL_VERIFYRESULT holds): curl reports a failure our
  // verification leaves only as a failed handshake, so `unwaived` keeps
  // what failed.
  bool waiving = false;
  unsigned long waived = 0;
  unsigned long unwaived = 0;
  // Whether a server's certificate request fails the handshake (probing)
  // and whether one came.
  bool probing = false;
  bool certificateRequested = false;
  // The TLS library's stand-in key behind the probe.
  std::shared_ptr<void> probeKey;
  // While probing: what the latest handshake's CertificateRequest named,
  // fed by the read-ahead under it (none: the read-ahead could not be put
  // there). Event thread only.
  std::shared_ptr<CertificateRequestScan> requestScan;
  // Revocation (checkRevocation): each certificate of the verified chain
  // but its anchor is checked against the CrlCache. A CRL missing from it
  // fails the handshake with its URL in crlsWanted while fetchingAllowed,
  // else counts as not obtainable, which passes only with acceptOffline.
  bool checkingRevocation = false;
  bool acceptOffline = false;
  bool fetchingAllowed = true;
  std::vector<std::string> crlsWanted;
  // Once a request is out, a handshake (a redirect's new connection) can
  // no longer fail for a CRL never fetched and start over unseen: with
  // deferring, such a CRL passes unchecked this once and its URL goes to
  // crlsDeferred, fetched for later handshakes. A failed fetch still counts
  // as not obtainable.
  bool deferring = false;
  std::vector<std::string> crlsDeferred;
  // The chain being verified, by depth (the TLS library's certificates).
  std::vector<void*> chain;
};

// Makes the easy handle's TLS handshakes waive exactly `waivers`. False
// when the TLS library cannot tell the checks apart; the caller then falls
// back to curl's coarser switches. Takes effect through configureHandshake.
bool waiveChecks(void* easy, unsigned waivers, Handshake& handshake);

// Makes a server's request for a client certificate fail the easy
// handle's handshakes, with handshake.certificateRequested set, instead of
// being answered with no certificate. Only for an easy handle without a
// client certificate of its own. False when the TLS library cannot tell.
// Takes effect through configureHandshake.
bool probeCertificateRequest(void* easy, Handshake& handshake);

// From CURLOPT_SSL_CTX_FUNCTION: `config` is the TLS library's configuration
// of the handshake being set up; applies the waivers and the probe the
// handshake asks for, if any (a probe starts a new handshake.requestScan).
void configureHandshake(void* config, Handshake& handshake);

// Makes the easy handle's handshakes check revocation as `handshake`
// says (its checkingRevocation fields). False when the TLS library cannot
// be reached. Takes effect through configureHandshake.
bool checkRevocation(void* easy, Handshake& handshake);

// A fetched CRL (DER or PEM) in the TLS library's form, for the CrlCache,
// and its nextUpdate (none: a day from now). False when it is not a CRL.
bool parseCrl(const std::string& data, std::shared_ptr<const void>& crl,
              std::chrono::system_clock::time_point& nextUpdate);

// Once the easy handle's connection is up: takes the probe out of its TLS
// configuration, so that a later renegotiation on a connection that outlives
// the handshake's owner never reaches it.
void endCertificateRequestProbe(void* easy);

// The easy handle's current TLS connection, if any. Event thread only.
struct Peer {
  std::vector<std::string> chain;  // DER, the server's own certificate first
  int cipherBits = 0;
  unsigned version = 0;     // on the wire: 0x0303 is TLS 1.2
  std::string cipherSuite;  // its IANA name, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  unsigned cipherSuiteId = 0;  // its IANA number
};
bool peer(void* easy, Peer& out);

}  // namespace hinternet::tls

// Read-ahead under the TLS library. mbedTLS reads each record from the
// socket with two recv calls, its 5-byte header and then its body, and
// under Wine every recv is a wineserver round trip: a 16 KiB record cost
// two. A read-ahead buffer between mbedTLS and curl's socket takes what the
// socket has in one recv and hands it out record by record.
namespace hinternet::tls {

using SocketId = std::uintptr_t;

// curl's open- and close-socket callbacks report every socket of every
// connection here (any thread): a read-ahead lives exactly as long as its
// socket, which curl closes after the TLS session above it is gone.
void socketOpened(SocketId socket);
void socketClosing(SocketId socket);

// From curl's CURLOPT_SSL_CTX_FUNCTION (event thread): puts a read-ahead
// under the TLS session `easy` is setting up with `config`, on the one
// socket among `candidates` (those it opened for this connection) still
// open. False when that cannot be told apart; the session then reads the
// socket directly. What the session reads also goes to `scan`, if any,
// until it has finished.
bool readAhead(void* easy, void* config, const std::vector<SocketId>& candidates,
               std::shared_ptr<CertificateRequestScan> scan);

// Event thread: whether bytes wait in the socket's read-ahead. To curl that
// socket is readable though the socket itself may have nothing left.
bool hasBufferedInput(SocketId socket);
// Event thread: appends every socket with bytes waiting in its read-ahead.
void socketsWithBufferedInput(std::vector<SocketId>& out);

}  // namespace hinternet::tls
