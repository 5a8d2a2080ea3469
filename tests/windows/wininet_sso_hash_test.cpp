// CreateMD5SSOHash: the MD5 of a challenge and a saved Passport password, as
// lower-case hex, and its failure when no password is saved for the realm.
#include <catch.hpp>
#include <windows.h>
#include <wincred.h>
#include <wininet.h>

#include <cstring>
#include <string>

#include "wininet_helpers.h"

namespace {

using SsoHash = BOOL(WINAPI*)(PWSTR, PWSTR, PWSTR, PBYTE);

SsoHash ssoHash() {
  auto function = wininetProc<SsoHash>("CreateMD5SSOHash");
  REQUIRE(function);
  return function;
}

// Saves a Passport-type password for `target`; false where the system's
// credential manager takes no such credentials.
bool savePassport(const wchar_t* target, const wchar_t* password) {
  CREDENTIALW credential{};
  credential.Type = CRED_TYPE_DOMAIN_VISIBLE_PASSWORD;
  credential.TargetName = const_cast<LPWSTR>(target);
  credential.UserName = const_cast<LPWSTR>(L"someone@example.com");
  credential.CredentialBlob = reinterpret_cast<LPBYTE>(const_cast<wchar_t*>(password));
  credential.CredentialBlobSize = static_cast<DWORD>(std::wcslen(password) * sizeof(wchar_t));
  credential.Persist = CRED_PERSIST_SESSION;
  return CredWriteW(&credential, 0) != FALSE;
}

// The last error of a call that must fail; "succeeded" otherwise.
std::string failureOf(PWSTR challenge, PWSTR realm, PWSTR target, PBYTE hash) {
  const SsoHash hashOf = ssoHash();
  SetLastError(0xdeadbeef);
  if (hashOf(challenge, realm, target, hash)) return "succeeded";
  return std::to_string(GetLastError());
}

}  // namespace

TEST_CASE("CreateMD5SSOHash fails with ERROR_NOT_FOUND for a realm without a saved password") {
  BYTE hash[33];
  std::memset(hash, 'x', sizeof(hash));
  // Unconfirmed: the credential manager's ERROR_NOT_FOUND, and the buffer
  // left alone.
  wchar_t challenge[] = L"challenge";
  wchar_t realm[] = L"hinternet-no-such-realm.example";
  wchar_t target[] = L"hinternet-no-such-account@example.com";
  const std::string notFound = std::to_string(ERROR_NOT_FOUND);
  CHECK(failureOf(challenge, realm, nullptr, hash) == notFound);
  CHECK(failureOf(challenge, nullptr, target, hash) == notFound);
  CHECK(hash[0] == 'x');
}

TEST_CASE("CreateMD5SSOHash hashes the challenge and the saved password") {
  // Unconfirmed: the password is the CRED_TYPE_DOMAIN_VISIBLE_PASSWORD
  // credential (Windows XP's Passport type) saved for the realm; systems
  // that no longer support the type (Wine, Windows Vista and later) cannot
  // save one, so this case only runs where one can.
  const wchar_t* realmName = L"hinternet-sso-test.example";
  if (!savePassport(realmName, L"secret")) {
    const DWORD error = GetLastError();
    WARN("this credential manager keeps no CRED_TYPE_DOMAIN_VISIBLE_PASSWORD credentials (error " << error << ")");
    return;
  }
  wchar_t challenge[] = L"abc";
  wchar_t realm[] = L"hinternet-sso-test.example";
  BYTE hash[33];
  std::memset(hash, 'x', sizeof(hash));
  REQUIRE(ssoHash()(challenge, realm, nullptr, hash));
  // MD5("abcsecret"), lower-case hex, NUL-terminated.
  CHECK(std::string(reinterpret_cast<char*>(hash)) == "33e7cb694fb6fb2f848af6774d9ff138");
  CredDeleteW(realmName, CRED_TYPE_DOMAIN_VISIBLE_PASSWORD, 0);
}

TEST_CASE("CreateMD5SSOHash: NULL challenge or output buffer") {
  BYTE hash[33];
  wchar_t challenge[] = L"abc";
  const std::string invalid = std::to_string(ERROR_INVALID_PARAMETER);
  CHECK(failureOf(nullptr, nullptr, nullptr, hash) == invalid);
  CHECK(failureOf(challenge, nullptr, nullptr, nullptr) == invalid);
}
