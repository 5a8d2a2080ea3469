#pragma once
// tests/servers/make-certs' client.pfx, imported the way programs do; the
// client certificate tests of both DLLs present it to clientCertPort().
#include <catch.hpp>
#include <windows.h>
#include <wincrypt.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

// The subject nginx reports for that certificate.
inline const char kClientPfxSubject[] = "CN=hinternet test client,O=hinternet tests";

struct ImportedPfx {
  HCERTSTORE store = nullptr;
  PCCERT_CONTEXT certificate = nullptr;
  // CRYPT_EXPORTABLE, or 0 for a key Windows keeps to itself.
  explicit ImportedPfx(DWORD flags) {
    const char* ca = std::getenv("HINTERNET_TEST_CA_PEM");
    REQUIRE(ca);
    std::string path = std::string("Z:") + ca;
    path = path.substr(0, path.rfind('/') + 1) + "client.pfx";
    std::ifstream file(path, std::ios::binary);
    REQUIRE(file.good());
    std::stringstream bytes;
    bytes << file.rdbuf();
    std::string pfx = bytes.str();
    CRYPT_DATA_BLOB blob{static_cast<DWORD>(pfx.size()), reinterpret_cast<BYTE*>(&pfx[0])};
    store = PFXImportCertStore(&blob, L"hinternet", flags);
    REQUIRE(store);
    certificate = CertFindCertificateInStore(store, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0, CERT_FIND_ANY,
                                             nullptr, nullptr);
    REQUIRE(certificate);
  }
  ~ImportedPfx() {
    if (certificate) CertFreeCertificateContext(certificate);
    if (store) CertCloseStore(store, 0);
  }
  ImportedPfx(const ImportedPfx&) = delete;
  ImportedPfx& operator=(const ImportedPfx&) = delete;
};
