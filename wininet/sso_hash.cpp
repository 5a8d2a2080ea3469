// CreateMD5SSOHash: the MD5 of a challenge and the user's saved Microsoft
// Passport password, as lower-case hex (documented on Microsoft Learn).
// Windows XP kept Passport passwords in the credential manager as
// CRED_TYPE_DOMAIN_VISIBLE_PASSWORD credentials, the type the Passport
// package used; that is where the password is looked up. Later Windows
// versions no longer support the type, so there the lookup fails as it
// does for a realm without credentials.
#include <windows.h>
#include <wincred.h>
#include <wincrypt.h>

#include <string>

#include "api_guard.h"
#include "handles.h"
#include "text.h"

using namespace hinternet;
using win32::guardedCall;

namespace {

// The realm asked for when neither a target nor a realm is given: the one
// the Passport credential of Windows XP was saved under.
const wchar_t kDefaultPassportRealm[] = L"Passport.Net\\*";

std::string ansiBytes(const wchar_t* text, int length = -1) {
  if (!length) return std::string();
  const int size = WideCharToMultiByte(CP_ACP, 0, text, length, nullptr, 0, nullptr, nullptr);
  if (size <= 0) return std::string();
  std::string bytes(static_cast<std::size_t>(size), '\0');
  WideCharToMultiByte(CP_ACP, 0, text, length, &bytes[0], size, nullptr, nullptr);
  if (length < 0) bytes.pop_back();  // the terminator
  return bytes;
}

// The password saved for `target`, in the ANSI code page; false with the
// credential manager's error (ERROR_NOT_FOUND) when there is none.
bool passportPassword(const wchar_t* target, std::string& password, DWORD& error) {
  PCREDENTIALW credential = nullptr;
  if (!CredReadW(target, CRED_TYPE_DOMAIN_VISIBLE_PASSWORD, 0, &credential)) {
    error = GetLastError();
    // A system that no longer supports the type has no such credentials.
    if (error == ERROR_INVALID_PARAMETER) error = ERROR_NOT_FOUND;
    return false;
  }
  const auto* chars = reinterpret_cast<const wchar_t*>(credential->CredentialBlob);
  password = ansiBytes(chars, static_cast<int>(credential->CredentialBlobSize / sizeof(wchar_t)));
  SecureZeroMemory(credential->CredentialBlob, credential->CredentialBlobSize);
  CredFree(credential);
  return true;
}

bool md5(const std::string& data, BYTE (&digest)[16]) {
  HCRYPTPROV provider = 0;
  if (!CryptAcquireContextW(&provider, nullptr, nullptr, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT)) return false;
  HCRYPTHASH hash = 0;
  DWORD size = sizeof(digest);
  const bool done = CryptCreateHash(provider, CALG_MD5, 0, 0, &hash) &&
                    CryptHashData(hash, reinterpret_cast<const BYTE*>(data.data()), static_cast<DWORD>(data.size()), 0) &&
                    CryptGetHashParam(hash, HP_HASHVAL, digest, &size, 0) && size == sizeof(digest);
  if (hash) CryptDestroyHash(hash);
  CryptReleaseContext(provider, 0);
  return done;
}

}  // namespace

extern "C" BOOL WINAPI CreateMD5SSOHash(PWSTR challenge, PWSTR realm, PWSTR target, PBYTE hexHash) {
  LOG_TRACE("CreateMD5SSOHash(%s, %s, %s, %p)", win32::utf8FromWide(challenge).c_str(),
            win32::utf8FromWide(realm).c_str(), win32::utf8FromWide(target).c_str(), static_cast<void*>(hexHash));
  return guardedCall("CreateMD5SSOHash", FALSE, [&]() -> BOOL {
    if (!challenge || !hexHash) return win32::failWith(ERROR_INVALID_PARAMETER);
    // The account named wins over the realm, which wins over the default.
    const wchar_t* name = target ? target : realm ? realm : kDefaultPassportRealm;
    std::string password;
    DWORD error = ERROR_SUCCESS;
    if (!passportPassword(name, password, error)) return win32::failWith(error);
    std::string key = ansiBytes(challenge) + password;
    BYTE digest[16];
    const bool hashed = md5(key, digest);
    SecureZeroMemory(&key[0], key.size());
    SecureZeroMemory(&password[0], password.size());
    if (!hashed) return win32::failWith(GetLastError());
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) {
      hexHash[2 * i] = static_cast<BYTE>(hex[digest[i] >> 4]);
      hexHash[2 * i + 1] = static_cast<BYTE>(hex[digest[i] & 15]);
    }
    hexHash[32] = 0;
    return win32::succeed();
  });
}
