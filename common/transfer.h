#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "error.h"
#include "header_list.h"

namespace hinternet {

// Everything one HTTP exchange needs, already resolved by the export layer
// from its handles and options.
struct RequestSpec {
  // A body the caller streams with Transfer::write after start, following
  // `body`: kNoUpload sends `body` alone.
  static constexpr long long kNoUpload = -1;
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
  bool verifyPeer = true;
  bool verifyHost = true;
  bool allowHttp2 = false;
  long connectTimeoutMs = 60000;
};

// What a Transfer reports as it goes, for asynchronous callers.
enum class TransferEvent {
  Connecting,     // detail: the server's IP address
  Connected,      // detail: the server's IP address
  Sent,           // the request is on its way
  Redirect,       // detail: the URL being followed
  HeadersReady,
  DataAvailable,  // data buffered where there was none
  UploadSpace,    // the upload buffer drained below its bound
  Done,
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

  // Set before start().
  void setObserver(std::weak_ptr<TransferObserver> observer) { observer_ = std::move(observer); }
  // Hands the transfer to the engine; call once.
  void start();
  // Stops it; waiters wake with OperationCancelled.
  void cancel();

  // timeoutMs < 0 waits without limit; on expiry the transfer is cancelled
  // and Timeout returned.
  Error waitUntilSent(long timeoutMs);
  Error waitForHeaders(long timeoutMs);
  // Waits until data is buffered or the body has ended; `available` is 0 only
  // at the end.
  Error waitForData(long timeoutMs, std::size_t& available);
  // Copies buffered data without waiting.
  std::size_t read(void* buffer, std::size_t length);

  // Queues upload data (spec.uploadLength mode), waiting while the buffer is
  // over its bound unless timeoutMs is 0. `accepted` says how much was taken.
  Error write(const void* data, std::size_t length, long timeoutMs, std::size_t& accepted);
  // Whether the whole upload has been handed to the transfer.
  bool uploadComplete() const;
  // Non-blocking state checks for asynchronous callers.
  bool isSent() const;
  bool hasHeaders() const;
  // Data buffered, and whether the body (or the transfer) has ended.
  std::size_t available(bool& ended, Error& error) const;
  Error error() const;

  ResponseHead head() const;
  const RequestSpec& spec() const { return spec_; }

 private:
  friend class RequestEngine;
  // Event thread only.
  bool attach(void* multi);
  void detach(void* multi);
  void finish(int curlCode);
  void resume();
  static std::size_t onHeader(char* data, std::size_t size, std::size_t n, void* self);
  static std::size_t onWrite(char* data, std::size_t size, std::size_t n, void* self);
  static int onPrereq(void* self, char*, char*, int, int);
  static std::size_t onRead(char* data, std::size_t size, std::size_t n, void* self);
  friend struct CurlTrampolines;
  void noteConnecting(const std::string& address);
  void emit(TransferEvent event, const std::string& detail = std::string());

  template <class Ready>
  Error waitFor(long timeoutMs, Ready ready);
  void markLocked(bool& flag);
  // Ends the transfer early with `error`, waking waiters and observers.
  void abandon(Error error);

  const RequestSpec spec_;
  void* easy_ = nullptr;          // CURL*
  void* headerList_ = nullptr;    // curl_slist*
  std::weak_ptr<TransferObserver> observer_;
  ResponseHead pendingHead_;      // being received
  bool pendingHeadComplete_ = false;
  bool connectingReported_ = false;  // this hop opened a socket
  std::size_t headBytes_ = 0;        // of the response head being received
  bool headOverflow_ = false;
  std::string peerAddress_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool started_ = false;
  bool sent_ = false;
  bool headersReady_ = false;
  bool done_ = false;
  Error error_ = Error::None;
  ResponseHead head_;
  std::deque<std::string> chunks_;
  std::size_t frontOffset_ = 0;
  std::size_t buffered_ = 0;
  bool paused_ = false;
  std::string upload_;            // queued, not yet taken by curl
  std::size_t uploadOffset_ = 0;
  unsigned long long uploadQueued_ = 0;  // total handed to write()
  bool uploadPaused_ = false;
};

}  // namespace hinternet
