// Certificate revocation in WinINet: checked when Internet Settings'
// CertificateRevocation is on (Windows' default), against the CRLs of the
// edge server's revocation listeners.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>
#include <thread>

#include "saved_registry_value.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

const wchar_t kInternetSettings[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";

// Internet Settings' CertificateRevocation for the test's duration.
struct RevocationSetting {
  SavedValue saved{HKEY_CURRENT_USER, kInternetSettings, L"CertificateRevocation"};
  explicit RevocationSetting(DWORD on) { saved.set(REG_DWORD, &on, sizeof(on)); }
};

// A GET over HTTPS in a session of its own (a connection of its own); 0
// once the body arrived, else the error of the send.
DWORD getFrom(unsigned short port, DWORD securityFlags = 0) {
  InetHandle session(InternetOpenA("revocation", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  std::string body;
  const DWORD error = secureGet(session, "127.0.0.1", port, "/status/200", INTERNET_FLAG_RELOAD, securityFlags, body);
  if (!error) REQUIRE(body == "status 200\n");
  return error;
}

int crlFetches(const char* name) {
  InetHandle session(InternetOpenA("revocation", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string url = "http://127.0.0.1:" + std::to_string(edgePort()) + "/crl-count/" + name;
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  const std::string body = readAll(file);
  REQUIRE(body.compare(0, 8, "fetches=") == 0);
  return std::stoi(body.substr(8));
}

}  // namespace

TEST_CASE("WinINet revocation: a listed certificate fails with SEC_CERT_REVOKED, an unlisted one passes") {
  REQUIRE(revocationGoodPort());
  RevocationSetting on(1);
  CHECK(getFrom(revocationGoodPort()) == 0);
  CHECK(getFrom(revocationRevokedPort()) == ERROR_INTERNET_SEC_CERT_REVOKED);
  CHECK(getFrom(revocationRevokedPort(), SECURITY_FLAG_IGNORE_REVOCATION) == ERROR_INTERNET_SEC_CERT_REVOKED);
  // Certificates without a distribution point (the other test servers').
  CHECK(getFrom(edgeTlsPort()) == 0);
}

TEST_CASE("WinINet revocation: a CRL that cannot be had fails with SEC_CERT_REV_FAILED until the program waives it") {
  RevocationSetting on(1);
  InetHandle session(InternetOpenA("revocation", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  requireWaivedOnSameRequest(session, "127.0.0.1", revocationOfflinePort(), "/status/200", INTERNET_FLAG_RELOAD,
                             ERROR_INTERNET_SEC_CERT_REV_FAILED, SECURITY_FLAG_IGNORE_REVOCATION);
  // Without the waiver the failure stands (remembered: no new fetch).
  CHECK(getFrom(revocationOfflinePort()) == ERROR_INTERNET_SEC_CERT_REV_FAILED);
}

TEST_CASE("WinINet revocation: a CRL that is no CRL, not the issuer's, or past its nextUpdate is a REV_FAILED") {
  RevocationSetting on(1);
  for (unsigned short port : {revocationGarbagePort(), revocationForgedPort(), revocationStalePort()}) {
    INFO("port " << port);
    CHECK(getFrom(port) == ERROR_INTERNET_SEC_CERT_REV_FAILED);
    CHECK(getFrom(port, SECURITY_FLAG_IGNORE_REVOCATION) == 0);
  }
}

TEST_CASE("WinINet revocation: with CertificateRevocation off nothing is checked") {
  RevocationSetting off(0);
  CHECK(getFrom(revocationRevokedPort()) == 0);
  CHECK(getFrom(revocationOfflinePort()) == 0);
}

TEST_CASE("WinINet revocation: the CRL is fetched once for two requests of the process") {
  RevocationSetting on(1);
  const int before = crlFetches("counted");
  CHECK(getFrom(revocationCountedPort()) == 0);
  CHECK(getFrom(revocationCountedPort()) == 0);
  CHECK(crlFetches("counted") == before + 1);
}

TEST_CASE("WinINet revocation: a redirect's new connection passes unchecked, its CRL then fetched for later") {
  // A handshake after the request went out can no longer fail unseen,
  // fetch and start over; failing it for a CRL never fetched would fail
  // every first redirect to a new https server.
  RevocationSetting on(1);
  const int before = crlFetches("deferred");
  InetHandle session(InternetOpenA("revocation", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string target = "https://127.0.0.1:" + std::to_string(revocationDeferredPort()) + "/status/200";
  const std::string url = "http://127.0.0.1:" + std::to_string(edgePort()) + "/redirect-to?url=" + target;
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  CHECK(statusOf(file) == 200);
  CHECK(readAll(file) == "status 200\n");
  // The fetch runs in the background: wait for the server to have served it.
  for (int i = 0; i < 400 && crlFetches("deferred") == before; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  CHECK(crlFetches("deferred") == before + 1);
  // The certificate is on that CRL, yet a later request here may resume
  // the TLS session of the unchecked handshake, which verifies nothing
  // again (README: revocation); so no request to it follows.
}
