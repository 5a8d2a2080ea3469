#include "trust_store.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "log.h"

#ifdef _WIN32
#include <windows.h>
#include <wincrypt.h>
#endif

namespace hinternet {
namespace {

#ifdef _WIN32
std::string base64(const unsigned char* data, std::size_t size) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  for (std::size_t i = 0; i < size; i += 3) {
    const unsigned v = data[i] << 16 | (i + 1 < size ? data[i + 1] << 8 : 0) |
                       (i + 2 < size ? data[i + 2] : 0);
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += i + 1 < size ? kAlphabet[v >> 6 & 63] : '=';
    out += i + 2 < size ? kAlphabet[v & 63] : '=';
  }
  return out;
}

void appendRootStore(std::string& pem) {
  HCERTSTORE store = CertOpenSystemStoreW(0, L"ROOT");
  if (!store) {
    LOG_WARN("cannot open the ROOT certificate store (error %lu)", GetLastError());
    return;
  }
  int count = 0;
  for (PCCERT_CONTEXT cert = nullptr; (cert = CertEnumCertificatesInStore(store, cert));) {
    const std::string body = base64(cert->pbCertEncoded, cert->cbCertEncoded);
    pem += "-----BEGIN CERTIFICATE-----\n";
    for (std::size_t i = 0; i < body.size(); i += 64) pem += body.substr(i, 64) + "\n";
    pem += "-----END CERTIFICATE-----\n";
    ++count;
  }
  CertCloseStore(store, 0);
  LOG_INFO("trust: %d certificates from the ROOT store", count);
}
#endif

std::string loadAnchors() {
  std::string pem;
#ifdef _WIN32
  appendRootStore(pem);
#endif
  if (const char* path = std::getenv("HINTERNET_CA_FILE")) {
    std::ifstream file(path, std::ios::binary);
    if (file) {
      std::ostringstream text;
      text << file.rdbuf();
      pem += text.str();
      pem += "\n";
    } else {
      LOG_WARN("HINTERNET_CA_FILE %s cannot be read", path);
    }
  }
  return pem;
}

}  // namespace

const std::string& trustAnchorsPem() {
  static const std::string pem = loadAnchors();
  return pem;
}

}  // namespace hinternet
