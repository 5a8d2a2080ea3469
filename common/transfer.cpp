#include "transfer.h"

#include <curl/curl.h>

#include <chrono>
#include <cstring>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netdb.h>
#include <sys/socket.h>
#endif

#include "curl_headers.h"
#include "log.h"
#include "request_engine.h"

namespace hinternet {
namespace {

Error errorFromCurl(CURLcode code) {
  switch (code) {
    case CURLE_OK: return Error::None;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return Error::NameNotResolved;
    case CURLE_COULDNT_CONNECT: return Error::CannotConnect;
    case CURLE_OPERATION_TIMEDOUT: return Error::Timeout;
    case CURLE_URL_MALFORMAT: return Error::InvalidUrl;
    case CURLE_UNSUPPORTED_PROTOCOL: return Error::UnrecognizedScheme;
    case CURLE_TOO_MANY_REDIRECTS: return Error::TooManyRedirects;
    case CURLE_OUT_OF_MEMORY: return Error::NotEnoughMemory;
    case CURLE_ABORTED_BY_CALLBACK: return Error::OperationCancelled;
    case CURLE_LOGIN_DENIED: return Error::LoginFailure;
    case CURLE_GOT_NOTHING:  // closed without any response
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING: return Error::InvalidServerResponse;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return Error::SecureFailure;
    default: return Error::ConnectionError;
  }
}

bool isFollowedRedirect(const ResponseHead& head, bool following) {
  const int s = head.status;
  return following && (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) &&
         head.headers.find("Location") != nullptr;
}

}  // namespace

// Callbacks whose curl types differ by platform (curl_socket_t).
struct CurlTrampolines {
  static curl_socket_t openSocket(void* self, curlsocktype, curl_sockaddr* address) {
    char host[64] = "";
    getnameinfo(&address->addr, static_cast<socklen_t>(address->addrlen), host, sizeof(host), nullptr, 0,
                NI_NUMERICHOST);
    static_cast<Transfer*>(self)->noteConnecting(host);
    return ::socket(address->family, address->socktype, address->protocol);
  }
};

Transfer::Transfer(RequestSpec spec) : spec_(std::move(spec)) {
  if (spec_.uploadLength != RequestSpec::kNoUpload) {
    upload_ = spec_.body;
    uploadQueued_ = upload_.size();
  }
}

void Transfer::emit(TransferEvent event, const std::string& detail) {
  if (auto observer = observer_.lock()) observer->onTransferEvent(event, detail);
}

void Transfer::noteConnecting(const std::string& address) {
  // Happy eyeballs may open two sockets for one connection: report one.
  if (connectingReported_) return;
  connectingReported_ = true;
  peerAddress_ = address;
  emit(TransferEvent::Connecting, address);
}

Transfer::~Transfer() = default;

void Transfer::start() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (started_) return;
    started_ = true;
  }
  RequestEngine::instance().start(shared_from_this());
}

void Transfer::cancel() { abandon(Error::OperationCancelled); }

void Transfer::abandon(Error error) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (done_) return;
    error_ = error;
    markLocked(done_);
  }
  RequestEngine::instance().cancel(shared_from_this());
  emit(TransferEvent::Done);
}

void Transfer::markLocked(bool& flag) {
  flag = true;
  changed_.notify_all();
}

template <class Ready>
Error Transfer::waitFor(long timeoutMs, Ready ready) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto settled = [&] { return ready() || done_; };
  if (timeoutMs < 0) {
    changed_.wait(lock, settled);
  } else if (!changed_.wait_for(lock, std::chrono::milliseconds(timeoutMs), settled)) {
    lock.unlock();
    abandon(Error::Timeout);
    return Error::Timeout;
  }
  return ready() ? Error::None : error_;
}

Error Transfer::waitUntilSent(long timeoutMs) {
  return waitFor(timeoutMs, [this] { return sent_; });
}

Error Transfer::waitForHeaders(long timeoutMs) {
  return waitFor(timeoutMs, [this] { return headersReady_; });
}

Error Transfer::waitForData(long timeoutMs, std::size_t& available) {
  const Error e = waitFor(timeoutMs, [this] { return buffered_ > 0; });
  std::lock_guard<std::mutex> lock(mutex_);
  available = buffered_;
  return e;
}

std::size_t Transfer::read(void* buffer, std::size_t length) {
  auto* out = static_cast<char*>(buffer);
  std::size_t copied = 0;
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    while (copied < length && !chunks_.empty()) {
      const std::string& front = chunks_.front();
      const std::size_t n = std::min(length - copied, front.size() - frontOffset_);
      std::memcpy(out + copied, front.data() + frontOffset_, n);
      copied += n;
      frontOffset_ += n;
      if (frontOffset_ == front.size()) {
        chunks_.pop_front();
        frontOffset_ = 0;
      }
    }
    buffered_ -= copied;
    if (paused_ && buffered_ <= kBufferLowWater) {
      paused_ = false;
      wake = true;
    }
  }
  if (wake) RequestEngine::instance().resume(shared_from_this());
  return copied;
}

Error Transfer::write(const void* data, std::size_t length, long timeoutMs, std::size_t& accepted) {
  accepted = 0;
  bool wake = false;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    // More than the declared length is refused at once, never waited for.
    if (spec_.uploadLength >= 0 &&
        uploadQueued_ + length > static_cast<unsigned long long>(spec_.uploadLength))
      return Error::InvalidParameter;
    auto roomy = [&] { return done_ || upload_.size() - uploadOffset_ < kUploadHighWater; };
    if (timeoutMs < 0) {
      changed_.wait(lock, roomy);
    } else if (!changed_.wait_for(lock, std::chrono::milliseconds(timeoutMs), roomy)) {
      return Error::Timeout;
    }
    if (done_) return error_ != Error::None ? error_ : Error::IncorrectState;
    if (uploadOffset_ >= kUploadHighWater || uploadOffset_ == upload_.size()) {
      upload_.erase(0, uploadOffset_);  // keep the buffer bounded
      uploadOffset_ = 0;
    }
    upload_.append(static_cast<const char*>(data), length);
    uploadQueued_ += length;
    accepted = length;
    wake = uploadPaused_;
    uploadPaused_ = false;
  }
  if (wake) RequestEngine::instance().resume(shared_from_this());
  return Error::None;
}

bool Transfer::uploadComplete() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return spec_.uploadLength < 0 || uploadQueued_ >= static_cast<unsigned long long>(spec_.uploadLength);
}

bool Transfer::isSent() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sent_;
}

bool Transfer::hasHeaders() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return headersReady_;
}

std::size_t Transfer::available(bool& ended, Error& error) const {
  std::lock_guard<std::mutex> lock(mutex_);
  ended = done_;
  error = error_;
  return buffered_;
}

Error Transfer::error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

ResponseHead Transfer::head() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return head_;
}

bool Transfer::attach(void* multi) {
  CURL* e = curl_easy_init();
  if (!e) return false;
  easy_ = e;
  curl_easy_setopt(e, CURLOPT_URL, spec_.url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, this);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onWrite);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &Transfer::onPrereq);
  curl_easy_setopt(e, CURLOPT_PREREQDATA, this);
  // Under Wine a 512 KiB receive buffer gives about 7x the default's rate.
  curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 512L * 1024);

  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &CurlTrampolines::openSocket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, this);

  // Windows sends a body with any method but HEAD, and a Content-Length
  // (0 too) with every POST and PUT.
  const bool head = spec_.method == "HEAD";
  const bool streamed = spec_.uploadLength != RequestSpec::kNoUpload;
  const bool postsBody =
      !head && (streamed || spec_.method == "POST" || spec_.method == "PUT" || !spec_.body.empty());
  if (head) {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  } else if (streamed) {
    // curl pulls the body through onRead as write() queues it.
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_READFUNCTION, &Transfer::onRead);
    curl_easy_setopt(e, CURLOPT_READDATA, this);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec_.uploadLength));
  } else if (postsBody) {
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec_.body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, spec_.body.data());
  } else {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  }
  const char* curlMethod = head ? "HEAD" : postsBody ? "POST" : "GET";
  if (spec_.method != curlMethod) curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, spec_.method.c_str());

  curl_slist* list = curlHeaderList(spec_, postsBody);
  headerList_ = list;
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);

  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, spec_.followRedirects ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, spec_.maxRedirects);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, spec_.verifyPeer ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, spec_.verifyHost ? 2L : 0L);
  if (spec_.caPem && !spec_.caPem->empty()) {
    curl_blob blob{const_cast<char*>(spec_.caPem->data()), spec_.caPem->size(), CURL_BLOB_NOCOPY};
    curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
  }
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                   spec_.allowHttp2 ? long(CURL_HTTP_VERSION_2TLS) : long(CURL_HTTP_VERSION_1_1));
  // An empty proxy string also keeps curl from reading proxy variables from
  // the environment, which Windows programs never expect.
  curl_easy_setopt(e, CURLOPT_PROXY, spec_.proxy.c_str());
  if (!spec_.noProxy.empty()) curl_easy_setopt(e, CURLOPT_NOPROXY, spec_.noProxy.c_str());
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, spec_.connectTimeoutMs);

  if (curl_multi_add_handle(static_cast<CURLM*>(multi), e) != CURLM_OK) {
    detach(nullptr);
    return false;
  }
  LOG_TRACE("transfer %p: %s %s", static_cast<void*>(this), spec_.method.c_str(), spec_.url.c_str());
  return true;
}

void Transfer::detach(void* multi) {
  if (easy_) {
    if (multi) curl_multi_remove_handle(static_cast<CURLM*>(multi), static_cast<CURL*>(easy_));
    curl_easy_cleanup(static_cast<CURL*>(easy_));
    easy_ = nullptr;
  }
  curl_slist_free_all(static_cast<curl_slist*>(headerList_));
  headerList_ = nullptr;
}

void Transfer::finish(int curlCode) {
  Error error = errorFromCurl(static_cast<CURLcode>(curlCode));
  if (headOverflow_) error = Error::HeaderSizeOverflow;
  // After the request went out, "unsupported protocol" is curl's word for a
  // status line that is not HTTP.
  if (curlCode == CURLE_UNSUPPORTED_PROTOCOL && sent_) error = Error::InvalidServerResponse;
  if (error != Error::None)
    LOG_INFO("transfer %p: %s (%s)", static_cast<void*>(this), errorName(error),
             curl_easy_strerror(static_cast<CURLcode>(curlCode)));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (done_) return;
    error_ = error;
    if (error == Error::None && !headersReady_) {
      if (pendingHead_.status) {
        head_ = pendingHead_;
        headersReady_ = true;
      } else {
        error_ = Error::InvalidServerResponse;
      }
    }
    markLocked(done_);
  }
  emit(TransferEvent::Done);
}

void Transfer::resume() {
  if (easy_) curl_easy_pause(static_cast<CURL*>(easy_), CURLPAUSE_CONT);
}

std::size_t Transfer::onHeader(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t length = size * n;
  const std::string line(data, length);
  if (line.compare(0, 5, "HTTP/") == 0) t->headBytes_ = 0;
  t->headBytes_ += length;
  const std::size_t limit = t->spec_.maxResponseHeaderBytes;
  if (limit && t->headBytes_ > limit && !t->pendingHeadComplete_) {
    t->headOverflow_ = true;
    return 0;  // curl aborts the transfer
  }
  if (line.compare(0, 5, "HTTP/") == 0) {
    t->pendingHead_.parseStatusLine(line);
    t->pendingHeadComplete_ = false;
  } else if (line == "\r\n" || line == "\n") {
    const ResponseHead& head = t->pendingHead_;
    if (t->pendingHeadComplete_ || head.status < 200) return length;
    if (isFollowedRedirect(head, t->spec_.followRedirects)) {
      t->connectingReported_ = false;  // the next hop may open a connection
      t->emit(TransferEvent::Redirect, head.headers.find("Location")->value);
      return length;
    }
    t->pendingHeadComplete_ = true;
    {
      std::lock_guard<std::mutex> lock(t->mutex_);
      t->head_ = head;
      t->markLocked(t->headersReady_);
    }
    t->emit(TransferEvent::HeadersReady);
  } else if (!t->pendingHeadComplete_) {
    t->pendingHead_.headers.addLine(line);
  }
  return length;
}

std::size_t Transfer::onWrite(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t length = size * n;
  bool announceHeaders = false, announceData = false;
  {
    std::lock_guard<std::mutex> lock(t->mutex_);
    if (t->buffered_ >= kBufferHighWater) {
      t->paused_ = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    if (!t->headersReady_) {
      t->head_ = t->pendingHead_;
      t->pendingHeadComplete_ = true;
      t->headersReady_ = true;
      announceHeaders = true;
    }
    announceData = t->buffered_ == 0;
    t->chunks_.emplace_back(data, length);
    t->buffered_ += length;
    t->changed_.notify_all();
  }
  if (announceHeaders) t->emit(TransferEvent::HeadersReady);
  if (announceData) t->emit(TransferEvent::DataAvailable);
  return length;
}

int Transfer::onPrereq(void* self, char*, char*, int, int) {
  auto* t = static_cast<Transfer*>(self);
  if (t->connectingReported_) t->emit(TransferEvent::Connected, t->peerAddress_);
  {
    std::lock_guard<std::mutex> lock(t->mutex_);
    t->markLocked(t->sent_);
  }
  t->emit(TransferEvent::Sent);
  return CURL_PREREQFUNC_OK;
}

std::size_t Transfer::onRead(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  std::size_t copied = 0;
  bool announceSpace = false;
  {
    std::lock_guard<std::mutex> lock(t->mutex_);
    const std::size_t queued = t->upload_.size() - t->uploadOffset_;
    if (queued == 0) {
      const bool complete = t->spec_.uploadLength >= 0 &&
                            t->uploadQueued_ >= static_cast<unsigned long long>(t->spec_.uploadLength);
      if (complete) return 0;
      t->uploadPaused_ = true;
      return CURL_READFUNC_PAUSE;
    }
    copied = std::min(queued, size * n);
    std::memcpy(data, t->upload_.data() + t->uploadOffset_, copied);
    t->uploadOffset_ += copied;
    announceSpace = queued >= kUploadHighWater && queued - copied < kUploadHighWater;
    t->changed_.notify_all();
  }
  if (announceSpace) t->emit(TransferEvent::UploadSpace);
  return copied;
}

}  // namespace hinternet
