#include "url_target.h"

#include "internet_url.h"
#include "log.h"
#include "url_escape.h"

namespace hinternet::wininet {

Error urlTarget(const std::string& url, UrlTarget& target) {
  // InternetCrackUrl's reading, so both agree on what the URL names.
  InternetUrl cracked;
  const std::string_view text(url);
  if (const Error error = crackInternetUrl(text, cracked); error != Error::None) return error;
  const UrlLayout& layout = cracked.layout;
  auto part = [&](const UrlSpan& span) { return std::string(text.substr(span.offset, span.length)); };
  target.host = part(layout.host);
  if (target.host.empty()) return Error::InvalidUrl;
  if (cracked.scheme != UrlScheme::Http && cracked.scheme != UrlScheme::Https) {
    LOG_WARN("scheme %s is not implemented yet", part(layout.scheme).c_str());
    return Error::UnrecognizedScheme;
  }
  target.secure = cracked.scheme == UrlScheme::Https;
  // "http://user:password@host/" authenticates as InternetConnect's would.
  target.user = decodePercent(std::string_view(part(layout.user)));
  target.password = decodePercent(std::string_view(part(layout.password)));
  // A fragment stays with the caller; the server gets path and query.
  std::string path = part(layout.path) + part(layout.extra);
  path = path.substr(0, path.find('#'));
  if (path.empty() || path.front() != '/') path.insert(0, "/");
  target.path = std::move(path);
  target.port = cracked.port ? cracked.port : defaultPort(cracked.scheme);
  if (target.host.front() == '[') target.host = target.host.substr(1, target.host.size() - 2);
  return Error::None;
}

}  // namespace hinternet::wininet
