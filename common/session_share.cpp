#include "session_share.h"

#include <curl/curl.h>

#include <new>

#include "request_engine.h"

namespace hinternet {

static_assert(CURL_LOCK_DATA_LAST <= 8, "SessionShare::locks_ needs one mutex per curl_lock_data");

SessionShare::SessionShare() {
  // curl_global_init runs when the engine starts; the share needs it first.
  (void)RequestEngine::instance();
  CURLSH* share = curl_share_init();
  if (!share) throw std::bad_alloc();
  // The share is used on the event thread and read from API threads (dump),
  // so curl must lock it.
  curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &SessionShare::lock);
  curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &SessionShare::unlock);
  curl_share_setopt(share, CURLSHOPT_USERDATA, this);
  curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
  curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  share_ = share;
}

SessionShare::~SessionShare() {
  // Every easy handle that used the share is gone: each Transfer holds the
  // jar until its handle is cleaned up.
  curl_share_cleanup(static_cast<CURLSH*>(share_));
}

void SessionShare::lock(void*, int data, int, void* self) {
  static_cast<SessionShare*>(self)->locks_[data].lock();
}

void SessionShare::unlock(void*, int data, void* self) {
  static_cast<SessionShare*>(self)->locks_[data].unlock();
}

void SessionShare::attach(void* easy, bool cookies, const std::string& extraCookies) const {
  CURL* e = static_cast<CURL*>(easy);
  curl_easy_setopt(e, CURLOPT_SHARE, static_cast<CURLSH*>(share_));
  if (!cookies) return;
  // An empty file name turns the engine on without reading any file.
  curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
  if (!extraCookies.empty()) curl_easy_setopt(e, CURLOPT_COOKIE, extraCookies.c_str());
}

std::string SessionShare::dump() const {
  std::string text;
  CURL* e = curl_easy_init();
  if (!e) return text;
  curl_easy_setopt(e, CURLOPT_SHARE, static_cast<CURLSH*>(share_));
  curl_slist* cookies = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_COOKIELIST, &cookies) == CURLE_OK) {
    for (curl_slist* c = cookies; c; c = c->next) text += std::string(c->data) + "\n";
  }
  curl_slist_free_all(cookies);
  curl_easy_cleanup(e);
  return text;
}

}  // namespace hinternet
