/*
 * addroot: trust the test CA inside a Wine prefix, the way an administrator
 * would on Windows: add it to the local machine's ROOT system store.
 *
 *   addroot FILE                 add the certificate to LocalMachine\ROOT
 *   addroot --check FILE         exit 0 if ROOT (as the chain engine sees it)
 *                                holds the certificate
 *   addroot --verify FILE HOST   build FILE's chain with the default chain
 *                                engine and check it with the SSL server
 *                                policy for HOST (what a TLS client does)
 *   addroot --count              print how many certificates each ROOT
 *                                store holds
 *
 * FILE is a DER or PEM certificate. Exit status: 0 success, 1 failure
 * (reason printed on stderr), 2 usage.
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -municode -o addroot.exe addroot.c -lcrypt32
 */
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define ENCODING (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING)

static void print_error(const char *what, DWORD err)
{
    wchar_t msg[512];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                             NULL, err, 0, msg, sizeof(msg) / sizeof(msg[0]), NULL);
    while (n > 0 && (msg[n - 1] == L'\r' || msg[n - 1] == L'\n' || msg[n - 1] == L' '))
        msg[--n] = 0;
    fwprintf(stderr, L"addroot: %hs failed: error 0x%08lx%ls%ls\n", what, (unsigned long)err,
             n ? L": " : L"", n ? msg : L"");
}

/* Load a certificate file; PEM is accepted too so either output of
 * make-certs can be passed. */
static PCCERT_CONTEXT load_cert(const wchar_t *path)
{
    FILE *f = _wfopen(path, L"rb");
    BYTE *data = NULL, *der = NULL;
    DWORD der_len = 0;
    long len;
    PCCERT_CONTEXT cert = NULL;

    if (!f) {
        fwprintf(stderr, L"addroot: cannot open %ls\n", path);
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0 ||
        !(data = malloc(len + 1)) || fread(data, 1, len, f) != (size_t)len) {
        fwprintf(stderr, L"addroot: cannot read %ls\n", path);
        goto out;
    }
    data[len] = 0;
    if (len > 10 && !memcmp(data, "-----BEGIN", 10)) {
        if (!CryptStringToBinaryA((const char *)data, len, CRYPT_STRING_BASE64HEADER, NULL,
                                  &der_len, NULL, NULL) ||
            !(der = malloc(der_len)) ||
            !CryptStringToBinaryA((const char *)data, len, CRYPT_STRING_BASE64HEADER, der,
                                  &der_len, NULL, NULL)) {
            print_error("CryptStringToBinaryA (PEM decode)", GetLastError());
            goto out;
        }
    } else {
        der = data;
        der_len = (DWORD)len;
        data = NULL;
    }
    cert = CertCreateCertificateContext(ENCODING, der, der_len);
    if (!cert)
        print_error("CertCreateCertificateContext", GetLastError());
out:
    fclose(f);
    free(data);
    free(der);
    return cert;
}

static HCERTSTORE open_root(DWORD location)
{
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, location, L"ROOT");
    if (!store)
        print_error(location == CERT_SYSTEM_STORE_LOCAL_MACHINE
                        ? "CertOpenStore(LocalMachine\\ROOT)"
                        : "CertOpenStore(CurrentUser\\ROOT)",
                    GetLastError());
    return store;
}

static int add_root(const wchar_t *path)
{
    PCCERT_CONTEXT cert = load_cert(path);
    HCERTSTORE store;
    int rc = 1;

    if (!cert)
        return 1;
    if ((store = open_root(CERT_SYSTEM_STORE_LOCAL_MACHINE))) {
        if (CertAddEncodedCertificateToStore(store, ENCODING, cert->pbCertEncoded,
                                             cert->cbCertEncoded,
                                             CERT_STORE_ADD_REPLACE_EXISTING, NULL))
            rc = 0;
        else
            print_error("CertAddEncodedCertificateToStore", GetLastError());
        CertCloseStore(store, 0);
    }
    CertFreeCertificateContext(cert);
    return rc;
}

/* Look the certificate up by SHA-1 hash, which identifies the exact
 * encoding (CERT_FIND_EXISTING would match any cert with the same issuer
 * and serial number). */
static int find_in(HCERTSTORE store, PCCERT_CONTEXT cert)
{
    BYTE hash[20];
    DWORD hash_len = sizeof(hash);
    CRYPT_HASH_BLOB blob;
    PCCERT_CONTEXT found;

    if (!CertGetCertificateContextProperty(cert, CERT_SHA1_HASH_PROP_ID, hash, &hash_len)) {
        print_error("CertGetCertificateContextProperty(SHA1)", GetLastError());
        return 0;
    }
    blob.cbData = hash_len;
    blob.pbData = hash;
    found = CertFindCertificateInStore(store, ENCODING, 0, CERT_FIND_SHA1_HASH, &blob, NULL);
    if (!found)
        return 0;
    CertFreeCertificateContext(found);
    return 1;
}

static int check_root(const wchar_t *path)
{
    PCCERT_CONTEXT cert = load_cert(path);
    HCERTSTORE lm, cu;
    int in_lm = 0, in_cu = 0;

    if (!cert)
        return 1;
    /* LocalMachine is where we added it; CurrentUser\ROOT is what
     * CertOpenSystemStore(0, "ROOT") and the default chain engine read, and
     * on Windows it includes LocalMachine's roots. Both must see it. */
    if ((lm = open_root(CERT_SYSTEM_STORE_LOCAL_MACHINE))) {
        in_lm = find_in(lm, cert);
        CertCloseStore(lm, 0);
    }
    if ((cu = open_root(CERT_SYSTEM_STORE_CURRENT_USER))) {
        in_cu = find_in(cu, cert);
        CertCloseStore(cu, 0);
    }
    CertFreeCertificateContext(cert);
    printf("LocalMachine\\ROOT: %s\nCurrentUser\\ROOT: %s\n", in_lm ? "found" : "NOT found",
           in_cu ? "found" : "NOT found");
    return in_lm && in_cu ? 0 : 1;
}

static int verify_chain(const wchar_t *path, const wchar_t *host)
{
    PCCERT_CONTEXT cert = load_cert(path);
    PCCERT_CHAIN_CONTEXT chain = NULL;
    CERT_CHAIN_PARA para;
    char *usage[] = {szOID_PKIX_KP_SERVER_AUTH};
    SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl;
    CERT_CHAIN_POLICY_PARA policy;
    CERT_CHAIN_POLICY_STATUS status;
    int rc = 1;

    if (!cert)
        return 1;
    memset(&para, 0, sizeof(para));
    para.cbSize = sizeof(para);
    para.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    para.RequestedUsage.Usage.cUsageIdentifier = 1;
    para.RequestedUsage.Usage.rgpszUsageIdentifier = usage;
    if (!CertGetCertificateChain(NULL, cert, NULL, cert->hCertStore, &para, 0, NULL, &chain)) {
        print_error("CertGetCertificateChain", GetLastError());
        goto out;
    }
    memset(&ssl, 0, sizeof(ssl));
    ssl.cbSize = sizeof(ssl);
    ssl.dwAuthType = AUTHTYPE_SERVER;
    ssl.pwszServerName = (wchar_t *)host;
    memset(&policy, 0, sizeof(policy));
    policy.cbSize = sizeof(policy);
    policy.pvExtraPolicyPara = &ssl;
    memset(&status, 0, sizeof(status));
    status.cbSize = sizeof(status);
    if (!CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &policy, &status)) {
        print_error("CertVerifyCertificateChainPolicy", GetLastError());
        goto out;
    }
    printf("chain trust error status 0x%08lx, SSL policy status 0x%08lx\n",
           (unsigned long)chain->TrustStatus.dwErrorStatus, (unsigned long)status.dwError);
    /* The chain's own status is checked too: Wine 8.0's SSL policy returns
     * success for a partial chain (issuer not found anywhere), which Windows
     * reports as an error. */
    if (status.dwError != 0)
        print_error("SSL chain policy", status.dwError);
    else if (chain->TrustStatus.dwErrorStatus != CERT_TRUST_NO_ERROR)
        fprintf(stderr, "addroot: chain not trusted: trust error status 0x%08lx\n",
                (unsigned long)chain->TrustStatus.dwErrorStatus);
    else
        rc = 0;
out:
    if (chain)
        CertFreeCertificateChain(chain);
    CertFreeCertificateContext(cert);
    return rc;
}

static int count_roots(void)
{
    static const struct { DWORD location; const char *name; } stores[] = {
        {CERT_SYSTEM_STORE_LOCAL_MACHINE, "LocalMachine"},
        {CERT_SYSTEM_STORE_CURRENT_USER, "CurrentUser"},
    };
    int rc = 0;

    for (size_t i = 0; i < sizeof(stores) / sizeof(stores[0]); i++) {
        HCERTSTORE store = open_root(stores[i].location);
        PCCERT_CONTEXT c = NULL;
        unsigned n = 0;

        if (!store) {
            rc = 1;
            continue;
        }
        while ((c = CertEnumCertificatesInStore(store, c)))
            n++;
        printf("%s\\ROOT: %u certificates\n", stores[i].name, n);
        CertCloseStore(store, 0);
    }
    return rc;
}

static int usage(void)
{
    fputs("usage: addroot FILE\n"
          "       addroot --check FILE\n"
          "       addroot --verify FILE HOST\n"
          "       addroot --count\n",
          stderr);
    return 2;
}

int wmain(int argc, wchar_t **argv)
{
    if (argc == 2 && !wcscmp(argv[1], L"--count"))
        return count_roots();
    if (argc == 3 && !wcscmp(argv[1], L"--check"))
        return check_root(argv[2]);
    if (argc == 4 && !wcscmp(argv[1], L"--verify"))
        return verify_chain(argv[2], argv[3]);
    if (argc == 2 && wcsncmp(argv[1], L"--", 2))
        return add_root(argv[1]);
    return usage();
}
