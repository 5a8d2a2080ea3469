// A transfer fed by a cookie store (RequestSpec::cookieStore) instead of
// curl's cookie engine. The Cookie header goes to curl as CURLOPT_COOKIE,
// never in the header list (curl would send a listed one to every hop on
// the same host). curl follows redirects itself, so the option is set again
// for each hop: once the head that redirects is in, before curl builds the
// next request, which reads it then.
#include <curl/curl.h>

#include "cookie_store.h"
#include "transfer.h"

namespace hinternet {

std::string Transfer::currentUrl() const {
  char* url = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(easy_), CURLINFO_EFFECTIVE_URL, &url);
  return url ? url : spec_.url;
}

std::string Transfer::resolveLocation(const std::string& location) const {
  std::string resolved;
  CURLU* parsed = curl_url();
  if (parsed && curl_url_set(parsed, CURLUPART_URL, currentUrl().c_str(), 0) == CURLUE_OK &&
      curl_url_set(parsed, CURLUPART_URL, location.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
    char* text = nullptr;
    if (curl_url_get(parsed, CURLUPART_URL, &text, 0) == CURLUE_OK && text) resolved = text;
    curl_free(text);
  }
  curl_url_cleanup(parsed);
  return resolved;
}

void Transfer::sendCookies(const std::string& cookies) {
  // An empty CURLOPT_COOKIE would still send an empty Cookie header.
  curl_easy_setopt(static_cast<CURL*>(easy_), CURLOPT_COOKIE, cookies.empty() ? nullptr : cookies.c_str());
}

void Transfer::sendStoredCookies(const std::string& url) {
  sendCookies(url.empty() ? std::string() : spec_.cookieStore->headerForUrl(url));
}

void Transfer::keepResponseCookies(const ResponseHead& head) {
  const std::string url = currentUrl();
  for (const HeaderList::Field& field : head.headers.fields()) {
    if (equalsIgnoreCase(field.name, "Set-Cookie")) spec_.cookieStore->receivedFrom(url, field.value);
  }
}

}  // namespace hinternet
