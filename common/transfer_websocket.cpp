// The parts of Transfer that only upgraded (WebSocket) connections use.
#include <curl/curl.h>

#include "log.h"
#include "request_engine.h"
#include "transfer.h"

namespace hinternet {

Error Transfer::sendWebSocketFrame(int curlFlags, const void* data, std::size_t length, std::size_t& sent,
                                   bool& blocked) {
  sent = 0;
  blocked = false;
  auto* e = static_cast<CURL*>(easy_);
  if (!e) {
    const Error ended = error();
    return ended != Error::None ? ended : Error::ConnectionError;
  }
  // Incoming frames arrive in raw mode (see attach). Outside a callback,
  // curl 8.14 sends raw bytes only on CONNECT_ONLY handles, but its
  // encoder sends without blocking on any handle; the mode is a plain flag
  // read per call, so frames go out with it switched off for the call.
  curl_easy_setopt(e, CURLOPT_WS_OPTIONS, 0L);
  const CURLcode code = curl_ws_send(e, data, length, &sent, 0, static_cast<unsigned>(curlFlags));
  curl_easy_setopt(e, CURLOPT_WS_OPTIONS, long(CURLWS_RAW_MODE));
  if (code == CURLE_AGAIN || (code == CURLE_OK && sent < length)) {
    blocked = true;
    return Error::None;
  }
  if (code != CURLE_OK) {
    LOG_INFO("transfer %p: WebSocket send failed (%s)", static_cast<void*>(this), curl_easy_strerror(code));
    abandon(Error::ConnectionError);
    return Error::ConnectionError;
  }
  return Error::None;
}

void Transfer::whenWritable(std::function<void()> task) {
  if (!easy_) {
    RequestEngine::instance().post(std::move(task));
    return;
  }
  RequestEngine::instance().whenWritable(*this, std::move(task));
}

}  // namespace hinternet
