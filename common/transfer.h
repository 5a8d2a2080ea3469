#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chunked_upload_decoder.h"
#include "error.h"
#include "header_list.h"
#include "tls_backend.h"
#include "http_auth.h"
#include "sync.h"

namespace hinternet {

class SessionShare;
class CookieStore;

// Everything one HTTP exchange needs, already resolved by the export layer
// from its handles and options.
struct RequestSpec {
  // A body the caller streams with Transfer::write after start, following
  // `body`: kNoUpload sends `body` alone.
  static constexpr long long kNoUpload = -1;
  // A body of unknown length that the caller frames with chunked
  // transfer-coding itself (`body` included) and ends with the last chunk:
  // the transfer strips that framing and curl frames the payload again,
  // with the caller's trailer fields.
  static constexpr long long kCallerChunked = -2;
  std::string method = "GET";
  std::string url;
  // Sent as they are, in this order; the transfer only adds what HTTP
  // needs and the list lacks (Host from the URL, Content-Length of the body).
  HeaderList headers;
  std::string body;  // sent whole with the request
  long long uploadLength = kNoUpload;  // total body length when streaming
  // Response heads larger than this fail with HeaderSizeOverflow (0: no
  // limit). WinHTTP's default limit is 64 KiB.
  std::size_t maxResponseHeaderBytes = 0;
  std::string proxy;    // curl proxy string; empty: no proxy
  std::string noProxy;  // comma-separated hosts that bypass it
  // Trust anchors (PEM) that outlive every transfer, shared rather than
  // copied: a ROOT store is hundreds of KiB, which per request cost both
  // memory and time. Null or empty: the TLS library's default.
  const std::string* caPem = nullptr;
  bool followRedirects = true;
  long maxRedirects = 10;
  // A redirect from https to http ends the exchange with RedirectToHttp,
  // one from http to https with RedirectToHttps.
  bool refuseHttpsToHttp = false;
  bool refuseHttpToHttps = false;
  // WinINet's rule: a 301, 302 or 303 turns any method but GET and HEAD
  // into a GET without a body (curl keeps a custom method otherwise).
  bool redirectsBecomeGet = false;
  // With acceptEncoding: the head no longer names a content coding that
  // was decoded (Content-Encoding is dropped), as WinINet reports it.
  bool hideDecodedEncoding = false;
  bool verifyPeer = true;   // false waives every certificate check
  bool verifyHost = true;   // false waives the name check
  unsigned tlsWaivers = 0;  // tls::Waiver bits
  unsigned tlsVersions = 0; // tls::Version bits; 0: the TLS library's range
  // A client certificate to present when the server asks for one (DER)
  // and its private key (DER: PKCS#1 RSAPrivateKey or PKCS#8). Empty: none.
  std::string clientCertificateDer;
  std::string clientKeyDer;
  // Without a client certificate: a server's request for one during the
  // TLS handshake ends the transfer with ClientCertificateNeeded (the
  // program has not chosen yet), instead of being answered with none.
  bool reportCertificateRequest = false;
  // Check the server's chain against the CRLs of its certificates'
  // distribution points (fetched first when the process has none yet);
  // whether a CRL that cannot be had lets the chain pass.
  bool checkRevocation = false;
  bool acceptRevocationOffline = false;
  bool allowHttp2 = false;
  bool http10 = false;
  // Non-empty: ask for these content codings ("gzip, deflate") and decode
  // them, replacing any Accept-Encoding among `headers`.
  std::string acceptEncoding;
  bool keepAlive = true;         // false: a fresh connection, closed after
  bool useCookies = true;        // the cookie engine's switch
  bool autoAuthenticate = true;  // automatic authentication's switch
  std::string connectHost;       // resolve and connect to this host instead
  long connectTimeoutMs = 60000; // name resolution included; <= 0: no limit
  // How many of the server's addresses a connection tries, one attempt
  // each (0: all of them).
  unsigned connectAttempts = 0;
  long keepAliveIdleMs = 0;      // TCP keep-alive probes; 0: off
  long keepAliveIntervalMs = 0;
  // Transfers with the same non-empty key run at most poolLimit at once
  // (0: no limit); the others wait their turn.
  std::string poolKey;
  unsigned poolLimit = 0;
  // Credentials for challenges from the server and from the proxy.
  HttpAuth serverAuth;
  HttpAuth proxyAuth;
  // The session's connections and cookies (cookies only with useCookies);
  // null: the process-wide pool, no cookie engine, and Cookie headers in
  // `headers` go out as they are.
  std::shared_ptr<SessionShare> share;
  // A cookie store the transfer feeds and reads instead of curl's engine
  // (WinINet's, whose rules are a browser's): each response's Set-Cookie
  // fields, redirects' too, go in; the first request sends the Cookie
  // header in `headers` (the caller put the store's cookies there), each
  // redirected one what the store holds for its URL. Null: none.
  std::shared_ptr<CookieStore> cookieStore;
  // Upgrade to a WebSocket: curl performs the handshake on ws:// or wss://,
  // the 101 is the final response, and frames then arrive as raw body bytes.
  bool webSocket = false;
};

// What a transfer learned about its connection, once the request went out.
struct ConnectionInfo {
  std::string localAddress, remoteAddress;  // numeric
  int localPort = 0, remotePort = 0;
  std::vector<std::string> certificates;    // TLS only: DER, the server's first
  int cipherBits = 0;
  unsigned tlsVersion = 0;  // on the wire: 0x0303 is TLS 1.2
  std::string cipherSuite;  // IANA name
  unsigned cipherSuiteId = 0;
};

// Why a server certificate was refused, as far as the TLS library says.
enum CertificateProblem : unsigned {
  kCertUntrusted = 1,
  kCertNameMismatch = 2,
  kCertDateInvalid = 4,
  kCertRevoked = 8,
  kCertRevocationUnknown = 16,  // a CRL to check against could not be had
};

// What a Transfer reports as it goes, for asynchronous callers.
enum class TransferEvent {
  Connecting,     // detail: the server's IP address
  Connected,      // detail: the server's IP address
  Sent,           // the request is on its way; detail: the Cookie header
                  // this hop sends (empty: none, or curl's engine adds it)
  RedirectResponse,  // detail: the head of a response that is followed (raw text)
  Redirect,       // detail: the URL being followed
  HeadersReady,
  DataAvailable,  // data buffered where there was none
  UploadSpace,    // the upload buffer drained below its bound
  Done,
  Interim,        // detail: the status code of a 1xx response
};

class TransferObserver {
 public:
  virtual ~TransferObserver() = default;
  // Runs on the event thread (or, for an early end, the thread that ended
  // the transfer) with no Transfer lock held: must not block and must not
  // call back into the application.
  virtual void onTransferEvent(TransferEvent event, const std::string& detail) = 0;
};

// One HTTP request/response driven by the RequestEngine. Callers on API
// threads wait on its phases; the event thread feeds it. Received data is
// buffered up to a bound, then the transfer pauses until the caller reads.
class Transfer : public std::enable_shared_from_this<Transfer> {
 public:
  static constexpr std::size_t kBufferHighWater = 4u << 20;
  static constexpr std::size_t kBufferLowWater = 1u << 20;

  explicit Transfer(RequestSpec spec);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  static constexpr std::size_t kUploadHighWater = 1u << 20;

  // May change while the transfer runs (a WebSocket takes over from its
  // request); events already being delivered may still reach the old one.
  void setObserver(std::weak_ptr<TransferObserver> observer);
  // Hands the transfer to the engine; call once.
  void start();
  // Stops it; waiters wake with OperationCancelled.
  void cancel();

  // Waits end early with Timeout (and the transfer is cancelled) when no
  // byte moves either way for idleMs, or when totalMs pass; <= 0: no limit.
  // A transfer nobody waits on never times out, however long it is paused.
  Error waitUntilSent(long idleMs);
  Error waitForHeaders(long idleMs, long totalMs = -1);
  // Waits until data is buffered or the body has ended; `available` is 0 only
  // at the end.
  Error waitForData(long idleMs, std::size_t& available);
  // Copies buffered data without waiting.
  std::size_t read(void* buffer, std::size_t length);

  // Queues upload data (spec.uploadLength mode; kCallerChunked: refused
  // whole with InvalidParameter when its framing is malformed), waiting while the buffer is
  // over its bound: not at all if idleMs is 0 (Timeout: no room yet),
  // otherwise as the waits above. `accepted` says how much was taken.
  Error write(const void* data, std::size_t length, long idleMs, std::size_t& accepted);

  // The same limits for callers that wait elsewhere (asynchronous calls):
  // until unwatch(), the transfer ends with Timeout as described above.
  // sendIdleMs > 0 replaces idleMs while the request (its body included)
  // is still going out.
  void watch(long idleMs, long totalMs = -1, long sendIdleMs = -1);
  void unwatch();

  // Whether the whole upload has been handed to the transfer (with
  // kCallerChunked: its last chunk and trailer section).
  bool uploadComplete() const;
  // Non-blocking state checks for asynchronous callers.
  bool isSent() const;
  bool hasHeaders() const;
  bool isDone() const;
  // Data buffered, and whether the body (or the transfer) has ended.
  std::size_t available(bool& ended, Error& error) const;
  Error error() const;
  // CertificateProblem bits once a verification failure has ended it.
  unsigned certificateProblems() const;
  // Once it ended with ClientCertificateNeeded: the distinguished names
  // (DER) of the authorities the server's request named, as far as they
  // could be read (tls_certificate_request.h: not under TLS 1.3).
  std::vector<std::string> certificateAuthorities() const;

  // Valid once sent: the connection the request went out on.
  ConnectionInfo connection() const;
  // Valid once the headers are in: where the response came from (after
  // redirects) and whether it came over HTTP/2.
  std::string responseUrl() const;
  // The method of the request that got the response (after redirects).
  std::string responseMethod() const;
  bool usedHttp2() const;

  ResponseHead head() const;
  // The trailer fields of a chunked body, complete once the body has ended.
  HeaderList trailers() const;
  const RequestSpec& spec() const { return spec_; }

  // Upgraded connections, event thread only: sends one WebSocket frame
  // through curl's encoder (curlFlags: CURLWS_*), without blocking. `sent`
  // counts payload bytes taken; `blocked` says to retry the rest, from
  // where it stopped, once whenWritable runs.
  Error sendWebSocketFrame(int curlFlags, const void* data, std::size_t length, std::size_t& sent, bool& blocked);
  // Runs `task` on the event thread once the connection's socket can take
  // more, or at once if the transfer has ended.
  void whenWritable(std::function<void()> task);

 private:
  friend class RequestEngine;
  // Event thread only.
  bool attach(void* multi);
  void detach(void* multi);
  void finish(int curlCode);
  void resume();
  static std::size_t onHeader(char* data, std::size_t size, std::size_t n, void* self);
  static std::size_t onWrite(char* data, std::size_t size, std::size_t n, void* self);
  static int onPrereq(void* self, char* remoteIp, char* localIp, int remotePort, int localPort);
  static std::size_t onRead(char* data, std::size_t size, std::size_t n, void* self);
  friend struct CurlTrampolines;
  // The curl settings that come from the spec's options (transfer_options.cpp).
  void applyOptions(void* easy);
  // spec_.cookieStore's part (transfer_cookies.cpp), event thread only: the
  // Cookie header for the hop to `url`, and the cookies a head sets.
  void sendCookies(const std::string& cookies);
  void sendStoredCookies(const std::string& url);
  void keepResponseCookies(const ResponseHead& head);
  // The URL of the hop in progress.
  std::string currentUrl() const;
  // Whether following `location` from the current hop leaves https for
  // http (RedirectToHttp), or http for https (RedirectToHttps); None if not.
  Error schemeChange(const std::string& location) const;
  // The URL curl follows for a Location: resolved against the current hop.
  std::string redirectTarget(const std::string& location) const;
  void noteConnecting(const std::string& address);
  // Follows curl's method change for a redirect with this status.
  void noteRedirect(int status);
  void emit(TransferEvent event, const std::string& detail = std::string());

  using Clock = std::chrono::steady_clock;
  Error waitFor(long idleMs, long totalMs, const std::function<bool()>& ready);
  void markLocked(bool& flag);
  void adoptHeadLocked(const ResponseHead& head);
  void noteProgress();
  // Whether a streamed body has all been handed over (mutex_ held).
  bool uploadCompleteLocked() const;
  Clock::time_point watchExpiryLocked() const;
  Clock::time_point watchExpiryLocked(long idleMs) const;
  // Whether the send-phase idle limit applies (mutex_ held).
  bool sendingLocked() const;
  void scheduleWatchLocked();
  // Ends the watch and drops its pending timer.
  void stopWatchLocked();
  void onWatchTimer(unsigned sequence);
  // Event thread: what curl has sent of the request body since last time
  // counts as progress, and says when the request is out whole.
  void noteUploadProgress();
  // Connection attempts of the hop in flight (event thread): at most
  // spec_.connectAttempts addresses are tried.
  unsigned connectAttempts_ = 0;
  // Ends the transfer early with `error`, waking waiters and observers.
  void abandon(Error error);
  // Revocation (event thread): a handshake that failed only for CRLs not
  // fetched yet fetches them and then runs the transfer again from the
  // start, once; nothing was sent, and nothing is reported twice.
  bool awaitsCrls(int curlCode) const;
  void fetchCrlsThenRestart();
  void restart();
  bool crlsFetched_ = false;

  const RequestSpec spec_;
  void* easy_ = nullptr;          // CURL*
  void* headerList_ = nullptr;    // curl_slist*
  void* connectTo_ = nullptr;     // curl_slist*
  std::weak_ptr<TransferObserver> observer_;
  ResponseHead pendingHead_;      // being received
  bool pendingHeadComplete_ = false;
  bool connectingReported_ = false;  // a socket opened, its connection not yet reported
  std::size_t headBytes_ = 0;        // of the response head being received
  bool headOverflow_ = false;
  unsigned certificateProblems_ = 0;  // guarded by mutex_ once finished
  std::vector<std::string> certificateAuthorities_;  // guarded by mutex_ once finished
  char curlError_[256] = {};          // CURLOPT_ERRORBUFFER: curl's first failure message
  std::string peerAddress_;
  Error redirectRefused_ = Error::None;
  bool holdsPoolSlot_ = false;       // RequestEngine's
  tls::Handshake handshake_;        // waivers, what still failed, the certificate request probe
  // Sockets opened since the last connection was made (event thread): the
  // TLS read-ahead goes on the one of them still open.
  std::vector<tls::SocketId> connectingSockets_;
  std::atomic<Clock::rep> lastProgress_{0};

  mutable Mutex mutex_;
  ConditionVariable changed_;
  bool started_ = false;
  bool sent_ = false;
  bool headersReady_ = false;
  bool done_ = false;
  Error error_ = Error::None;
  ResponseHead head_;
  HeaderList trailers_;
  std::deque<std::string> chunks_;
  std::size_t frontOffset_ = 0;
  std::size_t buffered_ = 0;
  bool paused_ = false;
  std::string upload_;            // queued, not yet taken by curl
  std::size_t uploadOffset_ = 0;
  unsigned long long uploadQueued_ = 0;  // total handed to write()
  bool uploadPaused_ = false;
  ChunkedUploadDecoder callerFraming_;  // kCallerChunked only
  ConnectionInfo connection_;
  std::string responseUrl_;
  std::string responseMethod_;
  // The method of the hop in flight and whether it carries a body, as curl
  // changes them when it follows a redirect (event thread).
  std::string hopMethod_;
  bool hopPostsBody_ = false;
  std::string hopCookies_;  // the Cookie header of the hop in flight (event thread)
  bool usedHttp2_ = false;
  // The watchdog behind watch(): at most one engine timer counts, the
  // latest scheduled; older ones find a newer sequence and do nothing.
  bool watching_ = false;
  long watchIdleMs_ = -1;
  long watchSendIdleMs_ = -1;
  bool requestSent_ = false;        // the whole request went out (mutex_)
  long long uploadSeen_ = 0;        // body bytes curl had sent (event thread)
  Clock::time_point watchSince_, watchDeadline_;
  bool timerPending_ = false;
  Clock::time_point timerAt_;
  unsigned timerSequence_ = 0;
  std::uint64_t timerId_ = 0;  // the engine's id of the pending timer
};

}  // namespace hinternet
