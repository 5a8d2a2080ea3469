// InternetSecurityProtocolToString(A/W), InternetAlgIdToString(A/W), the
// INTERNET_OPTION_SECURITY_CONNECTION_INFO values they name, and the
// Fortezza exports. No public record shows Windows' answers to these; what
// they do here is what a program reading the SDK (winineti.h) expects, with
// the buffer rule of WinINet's other string exports (InternetCanonicalizeUrl).
#include <catch.hpp>
#include <windows.h>
#define SECURITY_WIN32
#include <wincrypt.h>
#include <schannel.h>
#include <security.h>
#include <wininet.h>

#include <cstddef>
#include <cstring>
#include <string>

#include "../../wininet/security_sdk.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

// The name an export gives, "<error N>" when it fails; the length it
// reports must be the name's. W names come back as ASCII.
template <class Char, class Value>
std::string nameFrom(BOOL(WINAPI* name)(Value, Char*, LPDWORD, DWORD), Value value) {
  Char text[64];
  DWORD length = 64;
  SetLastError(0xdeadbeef);
  if (!name(value, text, &length, 0)) return "<error " + std::to_string(GetLastError()) + ">";
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  const std::basic_string<Char> result(text);
  REQUIRE(length == result.size());
  return std::string(result.begin(), result.end());
}

std::string protocolName(DWORD protocol) { return nameFrom(InternetSecurityProtocolToStringA, protocol); }
std::string protocolNameW(DWORD protocol) { return nameFrom(InternetSecurityProtocolToStringW, protocol); }
std::string algorithmName(ALG_ID algorithm) { return nameFrom(InternetAlgIdToStringA, algorithm); }
std::string algorithmNameW(ALG_ID algorithm) { return nameFrom(InternetAlgIdToStringW, algorithm); }

const std::string kInvalid = "<error " + std::to_string(ERROR_INVALID_PARAMETER) + ">";

}  // namespace

TEST_CASE("WinINet security strings: protocol names, client and server bits alike, A and W") {
  // Unconfirmed: the names are IE's page-properties style ("TLS 1.2").
  REQUIRE(protocolName(SP_PROT_TLS1_2_CLIENT) == "TLS 1.2");
  REQUIRE(protocolName(SP_PROT_TLS1_2_SERVER) == "TLS 1.2");
  REQUIRE(protocolName(SP_PROT_TLS1_2) == "TLS 1.2");
  REQUIRE(protocolName(SP_PROT_TLS1_3_CLIENT) == "TLS 1.3");
  REQUIRE(protocolName(SP_PROT_TLS1_1_SERVER) == "TLS 1.1");
  REQUIRE(protocolName(SP_PROT_TLS1_CLIENT) == "TLS 1.0");
  REQUIRE(protocolName(SP_PROT_SSL3_CLIENT) == "SSL 3.0");
  REQUIRE(protocolName(SP_PROT_SSL2_SERVER) == "SSL 2.0");
  REQUIRE(protocolName(SP_PROT_PCT1_CLIENT) == "PCT 1.0");
  REQUIRE(protocolName(SP_PROT_DTLS1_2_CLIENT) == "DTLS 1.2");
  REQUIRE(protocolNameW(SP_PROT_TLS1_2_CLIENT) == "TLS 1.2");
  REQUIRE(protocolNameW(SP_PROT_TLS1_3_SERVER) == "TLS 1.3");
}

TEST_CASE("WinINet security strings: a protocol value without a name is an invalid parameter") {
  // Unconfirmed: Windows may give a placeholder name instead.
  REQUIRE(protocolName(0) == kInvalid);
  REQUIRE(protocolName(SP_PROT_UNI_CLIENT) == kInvalid);
  REQUIRE(protocolName(SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT) == kInvalid);
  REQUIRE(protocolName(0x4000) == kInvalid);
  REQUIRE(protocolNameW(0xffffffff) == kInvalid);
}

TEST_CASE("WinINet security strings: algorithm names of ciphers, hashes and key exchanges, A and W") {
  // Unconfirmed: the names themselves.
  REQUIRE(algorithmName(0) == "None");
  REQUIRE(algorithmName(CALG_NULLCIPHER) == "None");
  REQUIRE(algorithmName(CALG_RC2) == "RC2");
  REQUIRE(algorithmName(CALG_RC4) == "RC4");
  REQUIRE(algorithmName(CALG_DES) == "DES");
  REQUIRE(algorithmName(CALG_3DES) == "3DES");
  REQUIRE(algorithmName(CALG_3DES_112) == "3DES 112");
  REQUIRE(algorithmName(CALG_DESX) == "DESX");
  REQUIRE(algorithmName(CALG_SKIPJACK) == "Skipjack");
  REQUIRE(algorithmName(CALG_TEK) == "TEK");
  REQUIRE(algorithmName(CALG_CYLINK_MEK) == "Cylink MEK");
  REQUIRE(algorithmName(CALG_AES) == "AES");
  REQUIRE(algorithmName(CALG_AES_128) == "AES 128");
  REQUIRE(algorithmName(CALG_AES_192) == "AES 192");
  REQUIRE(algorithmName(CALG_AES_256) == "AES 256");
  REQUIRE(algorithmName(CALG_MD2) == "MD2");
  REQUIRE(algorithmName(CALG_MD4) == "MD4");
  REQUIRE(algorithmName(CALG_MD5) == "MD5");
  REQUIRE(algorithmName(CALG_SHA1) == "SHA-1");
  REQUIRE(algorithmName(CALG_SHA_256) == "SHA-256");
  REQUIRE(algorithmName(CALG_SHA_384) == "SHA-384");
  REQUIRE(algorithmName(CALG_SHA_512) == "SHA-512");
  REQUIRE(algorithmName(CALG_MAC) == "MAC");
  REQUIRE(algorithmName(CALG_HMAC) == "HMAC");
  REQUIRE(algorithmName(CALG_SSL3_SHAMD5) == "SSL3 SHA-MD5");
  REQUIRE(algorithmName(CALG_RSA_KEYX) == "RSA");
  REQUIRE(algorithmName(CALG_RSA_SIGN) == "RSA");
  REQUIRE(algorithmName(CALG_DSS_SIGN) == "DSS");
  REQUIRE(algorithmName(CALG_DH_SF) == "DH");
  REQUIRE(algorithmName(CALG_DH_EPHEM) == "DHE");
  REQUIRE(algorithmName(CALG_KEA_KEYX) == "KEA");
  REQUIRE(algorithmName(CALG_ECDH) == "ECDH");
  REQUIRE(algorithmName(CALG_ECDH_EPHEM) == "ECDHE");
  REQUIRE(algorithmName(CALG_ECMQV) == "ECMQV");
  REQUIRE(algorithmName(CALG_ECDSA) == "ECDSA");
  REQUIRE(algorithmNameW(CALG_AES_256) == "AES 256");
  REQUIRE(algorithmNameW(CALG_SHA1) == "SHA-1");
  // Unconfirmed: an ALG_ID without a name is an invalid parameter.
  REQUIRE(algorithmName(CALG_TLS1PRF) == kInvalid);
  REQUIRE(algorithmName(0xffffffff) == kInvalid);
  REQUIRE(algorithmNameW(1) == kInvalid);
}

TEST_CASE("WinINet security strings: buffer rules, in characters, A and W") {
  // "TLS 1.2" is 7 characters: 8 with the terminator.
  DWORD length = 0;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSecurityProtocolToStringA(SP_PROT_TLS1_2_CLIENT, nullptr, &length, 0));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == 8);
  char small[7] = "xxxxxx";
  length = sizeof(small);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSecurityProtocolToStringA(SP_PROT_TLS1_2_CLIENT, small, &length, 0));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == 8);
  REQUIRE(std::string(small) == "xxxxxx");
  char exact[8];
  length = sizeof(exact);
  REQUIRE(InternetSecurityProtocolToStringA(SP_PROT_TLS1_2_CLIENT, exact, &length, 0));
  REQUIRE(length == 7);
  REQUIRE(std::string(exact) == "TLS 1.2");

  wchar_t wide[8];
  length = 7;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSecurityProtocolToStringW(SP_PROT_TLS1_2_CLIENT, wide, &length, 0));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == 8);  // characters, not bytes
  length = 8;
  REQUIRE(InternetSecurityProtocolToStringW(SP_PROT_TLS1_2_CLIENT, wide, &length, 0));
  REQUIRE(length == 7);
  REQUIRE(std::wstring(wide) == L"TLS 1.2");

  // "AES 256": the same rules.
  length = 0;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetAlgIdToStringW(CALG_AES_256, nullptr, &length, 0));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == 8);
  length = 3;
  REQUIRE_FALSE(InternetAlgIdToStringA(CALG_AES_256, exact, &length, 0));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == 8);
}

TEST_CASE("WinINet security strings: a NULL length is an invalid parameter") {
  char text[32];
  wchar_t wide[32];
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSecurityProtocolToStringA(SP_PROT_TLS1_2_CLIENT, text, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSecurityProtocolToStringW(SP_PROT_TLS1_2_CLIENT, wide, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetAlgIdToStringA(CALG_RC4, text, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetAlgIdToStringW(CALG_RC4, nullptr, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet Fortezza: no card is installed, and every command fails") {
  DWORD status = 0xdeadbeef;
  SetLastError(0xdeadbeef);
  REQUIRE(InternetQueryFortezzaStatus(&status, 0));
  REQUIRE(status == 0);  // neither FORTSTAT_INSTALLED (1) nor FORTSTAT_LOGGEDON (2)
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetQueryFortezzaStatus(nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);

  // Unconfirmed: FORTCMD_LOGON, LOGOFF and CHG_PERSONALITY fail with
  // ERROR_NOT_SUPPORTED, other commands with ERROR_INVALID_PARAMETER.
  for (DWORD command : {1u, 2u, 3u}) {
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(InternetFortezzaCommand(command, nullptr, 0));
    REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  }
  for (DWORD command : {0u, 4u, 0xffffffffu}) {
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(InternetFortezzaCommand(command, reinterpret_cast<HWND>(0x1234), 0));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
}

namespace {

// INTERNET_SECURITY_CONNECTION_INFO as the SDK's winineti.h has it.
struct SecurityConnectionInfo {
  DWORD dwSize;
  BOOL fSecure;
  SecPkgContext_ConnectionInfo connectionInfo;
  SecPkgContext_CipherInfo cipherInfo;
};
constexpr DWORD kOptionSecurityConnectionInfo = 66;  // INTERNET_OPTION_SECURITY_CONNECTION_INFO
constexpr DWORD kIe5Size = offsetof(SecurityConnectionInfo, cipherInfo);

struct Request {
  InetHandle session{InternetOpenA("security-strings", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect;
  InetHandle request;
  Request(unsigned short port, DWORD flags)
      : connect(InternetConnectA(session, "localhost", port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)),
        request(HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr,
                                 INTERNET_FLAG_RELOAD | flags, 0)) {
    REQUIRE(request.h);
  }
};

}  // namespace

TEST_CASE("WinINet security strings: INTERNET_OPTION_SECURITY_CONNECTION_INFO's values have names") {
  Request r(httpsPort(), INTERNET_FLAG_SECURE);
  SecurityConnectionInfo info{};
  DWORD size = sizeof(info);
  SetLastError(0xdeadbeef);
  // Unconfirmed: before the request is sent there is nothing to report.
  REQUIRE_FALSE(InternetQueryOptionA(r.request, kOptionSecurityConnectionInfo, &info, &size));
  REQUIRE(GetLastError() == ERROR_INTERNET_INVALID_OPERATION);
  REQUIRE(HttpSendRequestA(r.request, nullptr, 0, nullptr, 0));

  size = sizeof(info);
  info.dwSize = sizeof(info);
  REQUIRE(InternetQueryOptionA(r.request, kOptionSecurityConnectionInfo, &info, &size));
  REQUIRE(size == sizeof(info));
  REQUIRE(info.dwSize == sizeof(info));
  REQUIRE(info.fSecure);
  const SecPkgContext_ConnectionInfo& connection = info.connectionInfo;
  // nginx speaks TLS 1.2 or 1.3; we are the client.
  REQUIRE((connection.dwProtocol == SP_PROT_TLS1_2_CLIENT || connection.dwProtocol == SP_PROT_TLS1_3_CLIENT));
  const std::string protocol = protocolName(connection.dwProtocol);
  REQUIRE((protocol == "TLS 1.2" || protocol == "TLS 1.3"));
  REQUIRE(connection.dwCipherStrength >= 128);
  const std::wstring suiteW = info.cipherInfo.szCipherSuite;
  INFO("suite " << std::string(suiteW.begin(), suiteW.end()) << ", cipher 0x" << std::hex << connection.aiCipher);
  // nginx picks AES-GCM or ChaCha20-Poly1305, which has no ALG_ID: 0, with
  // its name in cipherInfo. Unconfirmed: what Windows reports for ChaCha20.
  const std::wstring cipherName = info.cipherInfo.szCipher;
  if (cipherName == L"CHACHA20_POLY1305") {
    REQUIRE(connection.aiCipher == 0);
    REQUIRE(connection.dwCipherStrength == 256);
  } else {
    REQUIRE(cipherName == L"AES");
    REQUIRE(algorithmName(connection.aiCipher).find("AES ") == 0);
  }
  REQUIRE(connection.aiHash == 0);  // AEAD: no MAC hash
  REQUIRE(algorithmName(connection.aiExch) == "ECDHE");
  const SecPkgContext_CipherInfo& cipher = info.cipherInfo;
  REQUIRE(cipher.dwVersion == 1);
  REQUIRE(cipher.dwProtocol == (protocol == "TLS 1.2" ? 0x0303u : 0x0304u));
  REQUIRE(std::wstring(cipher.szCipherSuite).rfind(L"TLS_", 0) == 0);
  REQUIRE(cipher.dwCipherSuite != 0);
  REQUIRE(cipher.dwCipherLen == connection.dwCipherStrength);
  REQUIRE(std::wstring(cipher.szExchange) == L"ECDH");
  REQUIRE(std::wstring(cipher.szCertificate) == L"RSA");
  // The same from the W export.
  SecurityConnectionInfo wide{};
  size = sizeof(wide);
  REQUIRE(InternetQueryOptionW(r.request, kOptionSecurityConnectionInfo, &wide, &size));
  REQUIRE(wide.connectionInfo.dwProtocol == connection.dwProtocol);
  REQUIRE(wide.connectionInfo.aiCipher == connection.aiCipher);
  readAll(r.request);
}

TEST_CASE("WinINet security strings: INTERNET_OPTION_SECURITY_CONNECTION_INFO's sizes, handles and plain HTTP") {
  Request r(httpsPort(), INTERNET_FLAG_SECURE);
  REQUIRE(HttpSendRequestA(r.request, nullptr, 0, nullptr, 0));
  // Too small for even IE 5's structure: the size needed is today's.
  SecurityConnectionInfo info{};
  DWORD size = 8;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetQueryOptionA(r.request, kOptionSecurityConnectionInfo, &info, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(info));
  size = sizeof(info);
  REQUIRE_FALSE(InternetQueryOptionA(r.request, kOptionSecurityConnectionInfo, nullptr, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(info));
  // Unconfirmed: IE 5's size gets IE 5's structure.
  std::memset(&info, 0xcc, sizeof(info));
  size = kIe5Size;
  REQUIRE(InternetQueryOptionA(r.request, kOptionSecurityConnectionInfo, &info, &size));
  REQUIRE(size == kIe5Size);
  REQUIRE(info.dwSize == kIe5Size);
  REQUIRE(info.fSecure);
  REQUIRE(info.cipherInfo.dwVersion == 0xcccccccc);  // left alone
  readAll(r.request);

  size = sizeof(info);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetQueryOptionA(r.session, kOptionSecurityConnectionInfo, &info, &size));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

  // Unconfirmed: plain HTTP reports a connection that is not secure.
  Request plain(httpPort(), 0);
  REQUIRE(HttpSendRequestA(plain.request, nullptr, 0, nullptr, 0));
  std::memset(&info, 0xcc, sizeof(info));
  size = sizeof(info);
  REQUIRE(InternetQueryOptionA(plain.request, kOptionSecurityConnectionInfo, &info, &size));
  REQUIRE(info.dwSize == sizeof(info));
  REQUIRE_FALSE(info.fSecure);
  REQUIRE(info.connectionInfo.dwProtocol == 0);
  REQUIRE(info.connectionInfo.aiCipher == 0);
  REQUIRE(info.cipherInfo.szCipherSuite[0] == 0);
  readAll(plain.request);
}
