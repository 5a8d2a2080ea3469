#pragma once
// WinINet's certificate and connection-security exports that MinGW-w64's
// wininet.h does not declare, and the certificate-problem bits of
// SECURITY_FLAGS it does not name (Wine's tests record Windows' values).
// Shared by the DLL and the tests, so both see one prototype each.
#include <windows.h>
#include <wincrypt.h>
#include <wininet.h>

extern "C" {
BOOL WINAPI InternetGetSecurityInfoByURLA(LPSTR url, PCCERT_CHAIN_CONTEXT* chain, DWORD* flags);
BOOL WINAPI InternetGetSecurityInfoByURLW(LPCWSTR url, PCCERT_CHAIN_CONTEXT* chain, DWORD* flags);
BOOL WINAPI InternetShowSecurityInfoByURLA(LPSTR url, HWND window);
BOOL WINAPI InternetShowSecurityInfoByURLW(LPCWSTR url, HWND window);
BOOL WINAPI InternetGetCertByURLA(LPSTR url, LPSTR text, DWORD size);
DWORD WINAPI ShowX509EncodedCertificate(HWND window, LPBYTE der, DWORD size);
BOOL WINAPI ShowCertificate(HWND window, LPVOID certificate);
DWORD WINAPI ShowSecurityInfo(HWND window, LPVOID securityInfo);
DWORD WINAPI ShowClientAuthCerts(HWND window);
DWORD WINAPI ParseX509EncodedCertificateForListBoxEntry(LPBYTE der, DWORD size, LPSTR entry, LPDWORD length);
BOOL WINAPI InternetSecurityProtocolToStringA(DWORD protocol, LPSTR text, LPDWORD length, DWORD reserved);
BOOL WINAPI InternetSecurityProtocolToStringW(DWORD protocol, LPWSTR text, LPDWORD length, DWORD reserved);
BOOL WINAPI InternetAlgIdToStringA(ALG_ID algorithm, LPSTR text, LPDWORD length, DWORD reserved);
BOOL WINAPI InternetAlgIdToStringW(ALG_ID algorithm, LPWSTR text, LPDWORD length, DWORD reserved);
BOOL WINAPI InternetQueryFortezzaStatus(DWORD* status, DWORD_PTR reserved);
BOOL WINAPI InternetFortezzaCommand(DWORD command, HWND window, DWORD_PTR reserved);
}

// The certificate problems SECURITY_FLAGS reports.
inline constexpr DWORD kCertInvalidCa = 0x01000000;
inline constexpr DWORD kCertInvalidCn = 0x02000000;
inline constexpr DWORD kCertInvalidDate = 0x04000000;
