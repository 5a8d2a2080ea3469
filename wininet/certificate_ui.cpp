// IE's certificate windows: ShowX509EncodedCertificate, ShowCertificate,
// ShowSecurityInfo, ShowClientAuthCerts, and the one-line list-box name of a
// certificate, ParseX509EncodedCertificateForListBoxEntry. The windows are
// cryptui's (certificate_dialog.h), as InternetShowSecurityInfoByURL's is.
// The DWORD ones return their Win32 error; ShowCertificate is a BOOL.
#include "handles.h"

#include <wincrypt.h>

#include "api_guard.h"
#include "certificate_dialog.h"
#include "security_sdk.h"
#include "text.h"
#include "url_chars.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

// What every version of INTERNET_SECURITY_INFO starts with (IE 4's ended
// after the cipher fields; later ones add the chain, cipher info and
// channel binding): its size and the server's certificate.
struct SecurityInfoHead {
  DWORD dwSize;
  PCCERT_CONTEXT pCertificate;
};

// A certificate context from DER, or null with crypt32's error as the last
// error.
PCCERT_CONTEXT decoded(const BYTE* der, DWORD size) {
  return CertCreateCertificateContext(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, der, size);
}

DWORD showEncoded(HWND window, const BYTE* der, DWORD size) {
  if (!der || !size) return ERROR_INVALID_PARAMETER;
  const PCCERT_CONTEXT certificate = decoded(der, size);
  if (!certificate) return GetLastError();
  const DWORD error = showCertificateDialog(certificate, window);
  CertFreeCertificateContext(certificate);
  return error;
}

// The certificate an INTERNET_SECURITY_INFO holds; null when it is too
// short to hold one or holds none.
PCCERT_CONTEXT certificateOf(const void* securityInfo) {
  const auto* head = static_cast<const SecurityInfoHead*>(securityInfo);
  if (!head || head->dwSize < sizeof(SecurityInfoHead)) return nullptr;
  return head->pCertificate;
}

}  // namespace

extern "C" DWORD WINAPI ShowX509EncodedCertificate(HWND window, LPBYTE der, DWORD size) {
  LOG_TRACE("ShowX509EncodedCertificate(%p, %p, %lu)", static_cast<void*>(window), static_cast<void*>(der), size);
  return guardedCall("ShowX509EncodedCertificate", DWORD(ERROR_NOT_ENOUGH_MEMORY),
                     [&]() -> DWORD { return showEncoded(window, der, size); });
}

extern "C" DWORD WINAPI ShowSecurityInfo(HWND window, LPVOID securityInfo) {
  LOG_TRACE("ShowSecurityInfo(%p, %p)", static_cast<void*>(window), securityInfo);
  return guardedCall("ShowSecurityInfo", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    const PCCERT_CONTEXT certificate = certificateOf(securityInfo);
    if (!certificate) return ERROR_INVALID_PARAMETER;
    return showCertificateDialog(certificate, window);
  });
}

// No header declares ShowCertificate; its second argument is read as the
// INTERNET_SECURITY_INFO its sibling ShowSecurityInfo takes, or as a
// certificate context, which starts with its encoding type instead of a
// structure size.
extern "C" BOOL WINAPI ShowCertificate(HWND window, LPVOID certificate) {
  LOG_TRACE("ShowCertificate(%p, %p)", static_cast<void*>(window), certificate);
  return guardedCall("ShowCertificate", FALSE, [&]() -> BOOL {
    if (!certificate) return win32::failWith(ERROR_INVALID_PARAMETER);
    const DWORD first = *static_cast<const DWORD*>(certificate);
    const bool isContext = first == X509_ASN_ENCODING || first == (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING);
    const PCCERT_CONTEXT context = isContext ? static_cast<PCCERT_CONTEXT>(certificate) : certificateOf(certificate);
    if (!context) return win32::failWith(ERROR_INVALID_PARAMETER);
    const DWORD error = showCertificateDialog(context, window);
    return error ? win32::failWith(error) : win32::succeed();
  });
}

extern "C" DWORD WINAPI ShowClientAuthCerts(HWND window) {
  LOG_TRACE("ShowClientAuthCerts(%p)", static_cast<void*>(window));
  return guardedCall("ShowClientAuthCerts", DWORD(ERROR_NOT_ENOUGH_MEMORY),
                     [&]() -> DWORD { return showClientCertificatesDialog(window); });
}

// The subject's simple display name, as CertGetNameString gives it, in the
// ANSI code page, by the rule InternetCanonicalizeUrl uses (copyUrlOut).
extern "C" DWORD WINAPI ParseX509EncodedCertificateForListBoxEntry(LPBYTE der, DWORD size, LPSTR entry,
                                                                   LPDWORD length) {
  LOG_TRACE("ParseX509EncodedCertificateForListBoxEntry(%p, %lu, %p, %p)", static_cast<void*>(der), size,
            static_cast<void*>(entry), static_cast<void*>(length));
  return guardedCall("ParseX509EncodedCertificateForListBoxEntry", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!der || !size || !length) return ERROR_INVALID_PARAMETER;
    const PCCERT_CONTEXT certificate = decoded(der, size);
    if (!certificate) return GetLastError();
    const DWORD chars = CertGetNameStringW(certificate, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, nullptr, nullptr, 0);
    std::wstring name(chars, L'\0');
    CertGetNameStringW(certificate, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, nullptr, &name[0], chars);
    CertFreeCertificateContext(certificate);
    name.resize(chars ? chars - 1 : 0);
    return copyUrlOut(win32::ansiFromUtf8(win32::utf8FromWide(name.c_str())), entry, length);
  });
}
