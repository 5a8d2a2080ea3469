#include "http_auth.h"

#include <curl/curl.h>

#include <cctype>

#include "header_list.h"
#include "log.h"

namespace hinternet {
namespace {

bool isTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string("!#$%&'*+-.^_`|~").find(c) != std::string::npos;
}

// Splits at commas that are not inside a quoted string.
std::vector<std::string> listElements(const std::string& value) {
  std::vector<std::string> elements;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (quoted && c == '\\' && i + 1 < value.size()) {
      current += c;
      current += value[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      elements.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  elements.push_back(current);
  return elements;
}

}  // namespace

std::vector<std::string> challengeSchemes(const std::string& value) {
  std::vector<std::string> schemes;
  for (const std::string& element : listElements(value)) {
    std::size_t i = 0;
    while (i < element.size() && (element[i] == ' ' || element[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < element.size() && isTokenChar(element[i])) ++i;
    if (i == start) continue;
    std::size_t next = i;
    while (next < element.size() && (element[next] == ' ' || element[next] == '\t')) ++next;
    // "name=value" (or "name = value") continues the previous challenge.
    if (next < element.size() && element[next] == '=') continue;
    schemes.push_back(element.substr(start, i - start));
  }
  return schemes;
}

unsigned authSchemeFromToken(const std::string& token) {
  if (equalsIgnoreCase(token, "Basic")) return kAuthBasic;
  if (equalsIgnoreCase(token, "NTLM")) return kAuthNtlm;
  if (equalsIgnoreCase(token, "Passport1.4") || equalsIgnoreCase(token, "Passport")) return kAuthPassport;
  if (equalsIgnoreCase(token, "Digest")) return kAuthDigest;
  if (equalsIgnoreCase(token, "Negotiate")) return kAuthNegotiate;
  return 0;
}

OfferedSchemes offeredSchemes(const std::vector<std::string>& headerValues) {
  OfferedSchemes offered;
  for (const std::string& value : headerValues) {
    for (const std::string& token : challengeSchemes(value)) {
      const unsigned scheme = authSchemeFromToken(token);
      if (!offered.first) offered.first = scheme;
      offered.supported |= scheme;
    }
  }
  return offered;
}

namespace {

// curl has neither Passport nor (without SSPI or GSS-API) Negotiate. Windows
// falls back from Negotiate to NTLM when Kerberos is not available, so
// Negotiate credentials are offered to servers as NTLM.
unsigned long curlSchemes(unsigned schemes) {
  unsigned long bits = 0;
  if (schemes & kAuthBasic) bits |= CURLAUTH_BASIC;
  if (schemes & kAuthDigest) bits |= CURLAUTH_DIGEST;
  if (schemes & (kAuthNtlm | kAuthNegotiate)) bits |= CURLAUTH_NTLM;
  if ((schemes & kAuthPassport) && !bits) LOG_INFO("auth: Passport is not supported; not authenticating");
  return bits;
}

}  // namespace

void applyAuth(void* easy, const HttpAuth& server, const HttpAuth& proxy) {
  CURL* e = static_cast<CURL*>(easy);
  // Without credentials curl must not answer a challenge: the 401 or 407
  // goes back to the program, which decides whether to set credentials.
  if (const unsigned long bits = curlSchemes(server.schemes)) {
    curl_easy_setopt(e, CURLOPT_HTTPAUTH, bits);
    curl_easy_setopt(e, CURLOPT_USERNAME, server.user.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, server.password.c_str());
  }
  if (const unsigned long bits = curlSchemes(proxy.schemes)) {
    curl_easy_setopt(e, CURLOPT_PROXYAUTH, bits);
    curl_easy_setopt(e, CURLOPT_PROXYUSERNAME, proxy.user.c_str());
    curl_easy_setopt(e, CURLOPT_PROXYPASSWORD, proxy.password.c_str());
  }
}

}  // namespace hinternet
