#include "cookie_jar.h"

#include <curl/curl.h>

#include <new>

#include "request_engine.h"

namespace hinternet {

static_assert(CURL_LOCK_DATA_LAST <= 8, "CookieJar::locks_ needs one mutex per curl_lock_data");

CookieJar::CookieJar() {
  // curl_global_init runs when the engine starts; the share needs it first.
  (void)RequestEngine::instance();
  CURLSH* share = curl_share_init();
  if (!share) throw std::bad_alloc();
  // The share is used on the event thread and read from API threads (dump),
  // so curl must lock it.
  curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &CookieJar::lock);
  curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &CookieJar::unlock);
  curl_share_setopt(share, CURLSHOPT_USERDATA, this);
  curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
  share_ = share;
}

CookieJar::~CookieJar() {
  // Every easy handle that used the share is gone: each Transfer holds the
  // jar until its handle is cleaned up.
  curl_share_cleanup(static_cast<CURLSH*>(share_));
}

void CookieJar::lock(void*, int data, int, void* self) {
  static_cast<CookieJar*>(self)->locks_[data].lock();
}

void CookieJar::unlock(void*, int data, void* self) {
  static_cast<CookieJar*>(self)->locks_[data].unlock();
}

void CookieJar::attach(void* easy, const std::string& extraCookies) const {
  CURL* e = static_cast<CURL*>(easy);
  curl_easy_setopt(e, CURLOPT_SHARE, static_cast<CURLSH*>(share_));
  // An empty file name turns the engine on without reading any file.
  curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
  if (!extraCookies.empty()) curl_easy_setopt(e, CURLOPT_COOKIE, extraCookies.c_str());
}

std::string CookieJar::dump() const {
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
