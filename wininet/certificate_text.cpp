#include "certificate_text.h"

#include <windows.h>
#include <wincrypt.h>

#include <cstdio>

#include "server_certificate.h"
#include "text.h"

namespace hinternet::wininet {
namespace {

std::string dateText(const FILETIME& time) {
  SYSTEMTIME st;
  FileTimeToSystemTime(&time, &st);
  char text[64];
  std::snprintf(text, sizeof(text), "%u/%u/%u %u:%02u:%02u", st.wMonth, st.wDay, st.wYear, st.wHour, st.wMinute,
                st.wSecond);
  return text;
}

std::string strengthText(int bits) {
  return bits >= 128 ? "High" : bits >= 56 ? "Medium" : "Low";
}

}  // namespace

std::string certificateText(const ConnectionInfo& info) {
  const win32::OwnedCertificate certificate = win32::serverCertificate(info);
  if (!certificate) return {};
  const std::string subject = win32::utf8FromWide(win32::certificateName(&certificate->pCertInfo->Subject).c_str());
  const std::string issuer = win32::utf8FromWide(win32::certificateName(&certificate->pCertInfo->Issuer).c_str());
  const std::string text =
      win32::ansiFromUtf8("Subject:\r\n" + subject + "\r\nIssuer:\r\n" + issuer + "\r\nEffective Date:\t" +
                          dateText(certificate->pCertInfo->NotBefore) + "\r\nExpiration Date:\t" +
                          dateText(certificate->pCertInfo->NotAfter) +
                          "\r\nSecurity Protocol:\t(null)\r\nSignature Type:\t(null)" +
                          "\r\nEncryption Type:\t(null)\r\nPrivacy Strength:\t" + strengthText(info.cipherBits) +
                          " (" + std::to_string(info.cipherBits) + " bits)");
  return text;
}

}  // namespace hinternet::wininet
