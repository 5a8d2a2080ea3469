#pragma once
#include <memory>
#include <mutex>
#include <string>

namespace hinternet {

// What one WinHTTP session keeps to itself (a CURLSH): its connections and
// TLS sessions, so a connection authenticated for one session (NTLM is per
// connection) is never lent to another, and its cookies, so sessions never
// see each other's. curl's own engine applies the cookie domain, path,
// secure and expiry rules, on every hop of a redirect too. Every transfer
// that uses the share holds it, so it outlives the session handle until its
// last transfer is gone.
class SessionShare {
 public:
  SessionShare();
  ~SessionShare();
  SessionShare(const SessionShare&) = delete;
  SessionShare& operator=(const SessionShare&) = delete;

  // Connects a curl easy handle (CURL*) to the share. With `cookies`, the
  // cookie engine is on and `extraCookies` ("a=b; c=d", from the program's
  // own Cookie headers) goes in the same Cookie header as the stored ones.
  void attach(void* easy, bool cookies, const std::string& extraCookies) const;

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
