#include "http_query.h"

namespace hinternet {

static const char* const kHeaderNames[] = {
    "Mime-Version", "Content-Type", "Content-Transfer-Encoding", "Content-ID",
    "Content-Description", "Content-Length", "Content-Language", "Allow", "Public", "Date",
    "Expires", "Last-Modified", "Message-ID", "URI", "Derived-From", "Cost", "Link", "Pragma",
    nullptr /*18 version*/, nullptr /*19 status code*/, nullptr /*20 status text*/,
    nullptr /*21 raw*/, nullptr /*22 raw crlf*/, "Connection", "Accept", "Accept-Charset",
    "Accept-Encoding", "Accept-Language", "Authorization", "Content-Encoding", "Forwarded",
    "From", "If-Modified-Since", "Location", "Orig-URI", "Referer", "Retry-After", "Server",
    "Title", "User-Agent", "WWW-Authenticate", "Proxy-Authenticate", "Accept-Ranges",
    "Set-Cookie", "Cookie", nullptr /*45 request method*/, "Refresh", "Content-Disposition",
    "Age", "Cache-Control", "Content-Base", "Content-Location", "Content-MD5", "Content-Range",
    "ETag", "Host", "If-Match", "If-None-Match", "If-Range", "If-Unmodified-Since",
    "Max-Forwards", "Proxy-Authorization", "Range", "Transfer-Encoding", "Upgrade", "Vary",
    "Via", "Warning", "Expect", "Proxy-Connection", "Unless-Modified-Since",
    nullptr /*71 echo request*/, nullptr /*72 echo reply*/, nullptr /*73 echo headers*/,
    nullptr /*74 echo headers crlf*/, "Proxy-Support", "Authentication-Info",
    "PassportURLs", "PassportConfig", "X-Content-Type-Options", "P3P", "X-P2P-PeerDist",
    "Translate", "X-UA-Compatible", "Default-Style", "X-Frame-Options", "X-XSS-Protection",
    "Set-Cookie2", "DNT", "Keep-Alive", "HTTP2-Settings", "Strict-Transport-Security",
    "Sec-Token-Binding", "Include-Referred-Token-Binding-ID", "Public-Key-Pins",
    "Public-Key-Pins-Report-Only",
};

const char* headerNameForQuery(unsigned id) {
  return id < sizeof(kHeaderNames) / sizeof(kHeaderNames[0]) ? kHeaderNames[id] : nullptr;
}

namespace {

bool answersWhole(unsigned id) {
  return id == kQueryVersion || id == kQueryStatusCode || id == kQueryStatusText || id == kQueryRawHeaders ||
         id == kQueryRawHeadersCrlf || id == kQueryRequestMethod;
}

// The first line and each field, each ending in NUL.
std::string nulSeparated(const std::string& firstLine, const HeaderList& headers) {
  std::string text = firstLine + '\0';
  for (const auto& f : headers.fields()) text += f.name + ": " + f.value + '\0';
  return text;
}

Error answerField(const HeaderList& headers, unsigned id, const std::string& customName, std::size_t& index,
                  std::string& text) {
  const char* name = id == kQueryCustom ? customName.c_str() : headerNameForQuery(id);
  if (!name || !*name) return id == kQueryCustom ? Error::HeaderNotFound : Error::InvalidParameter;
  const HeaderList::Field* field = headers.find(name, index);
  if (!field) return Error::HeaderNotFound;
  text = field->value;
  ++index;
  return Error::None;
}

}  // namespace

Error answerQuery(const ResponseHead& head, unsigned id, const std::string& customName,
                  std::size_t& index, std::string& text) {
  if (answersWhole(id) && index != 0) return Error::HeaderNotFound;
  switch (id) {
    case kQueryVersion: text = head.version; return Error::None;
    case kQueryStatusCode: text = std::to_string(head.status); return Error::None;
    case kQueryStatusText: text = head.reason; return Error::None;
    case kQueryRawHeadersCrlf: text = head.rawText(); return Error::None;
    case kQueryRawHeaders: text = nulSeparated(head.statusLine, head.headers); return Error::None;
    default: return answerField(head.headers, id, customName, index, text);
  }
}

Error answerRequestQuery(const RequestHead& head, unsigned id, const std::string& customName,
                         std::size_t& index, std::string& text) {
  if (answersWhole(id) && index != 0) return Error::HeaderNotFound;
  switch (id) {
    case kQueryVersion: text = head.version; return Error::None;
    case kQueryRequestMethod: text = head.method; return Error::None;
    case kQueryStatusCode:
    case kQueryStatusText: return Error::HeaderNotFound;
    case kQueryRawHeadersCrlf: text = head.rawText(); return Error::None;
    case kQueryRawHeaders: text = nulSeparated(head.requestLine(), head.headers); return Error::None;
    default: return answerField(head.headers, id, customName, index, text);
  }
}

}  // namespace hinternet
