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

void Transfer::sendCookies(const std::string& cookies) {
  hopCookies_ = cookies;
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
