#include "client_certificate.h"

#include <mutex>

#include "handles.h"

namespace hinternet::wininet {
namespace {

std::shared_ptr<const CERT_CONTEXT> certificateOf(Request& request) {
  std::lock_guard<std::mutex> lock(request.certificateMutex);
  return request.clientCertificate;
}

}  // namespace

void setClientCertificate(Request& request, PCCERT_CONTEXT certificate) {
  std::shared_ptr<const CERT_CONTEXT> held;
  if (certificate) held.reset(CertDuplicateCertificateContext(certificate), CertFreeCertificateContext);
  std::lock_guard<std::mutex> lock(request.certificateMutex);
  request.clientCertificate = std::move(held);
  request.clientCertificateChosen = true;
}

DWORD exportClientCredential(Request& request, win32::ClientCredential& credential) {
  const auto certificate = certificateOf(request);
  if (!certificate) return ERROR_SUCCESS;
  if (win32::exportClientCredential(certificate.get(), credential) != ERROR_SUCCESS)
    return ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED;
  return ERROR_SUCCESS;
}

void presentClientCredential(Request& request, win32::ClientCredential credential, RequestSpec& spec) {
  {
    std::lock_guard<std::mutex> lock(request.certificateMutex);
    spec.reportCertificateRequest = !request.clientCertificateChosen;
  }
  if (credential.certificateDer.empty()) return;
  spec.clientCertificateDer = std::move(credential.certificateDer);
  spec.clientKeyDer = std::move(credential.keyDer);
}

}  // namespace hinternet::wininet
