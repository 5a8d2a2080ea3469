#pragma once
#include <memory>
#include <mutex>
#include <string>

namespace hinternet {

// One cookie store (a CURLSH sharing only cookies): WinHTTP keeps one per
// session, so sessions never see each other's cookies. curl's own engine
// applies the domain, path, secure and expiry rules, on every hop of a
// redirect too. Every transfer that uses the jar holds it, so it outlives
// the session handle until its last transfer is gone.
class CookieJar {
 public:
  CookieJar();
  ~CookieJar();
  CookieJar(const CookieJar&) = delete;
  CookieJar& operator=(const CookieJar&) = delete;

  // Connects a curl easy handle (CURL*) to the jar. `extraCookies` ("a=b;
  // c=d", from the program's own Cookie headers) is sent in the same Cookie
  // header as the stored ones.
  void attach(void* easy, const std::string& extraCookies) const;

  // The cookies curl holds, one Netscape cookie-file line each; for tests
  // and logs. Safe from any thread.
  std::string dump() const;

 private:
  static void lock(void* handle, int data, int access, void* self);
  static void unlock(void* handle, int data, void* self);

  void* share_ = nullptr;  // CURLSH*
  // One per curl_lock_data value curl may ask for.
  mutable std::mutex locks_[8];
};

}  // namespace hinternet
