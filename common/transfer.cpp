#include "transfer.h"

#include <curl/curl.h>

#include <chrono>
#include <cstring>

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

Transfer::Transfer(RequestSpec spec) : spec_(std::move(spec)) {}

Transfer::~Transfer() = default;

void Transfer::start() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (started_) return;
    started_ = true;
  }
  RequestEngine::instance().start(shared_from_this());
}

void Transfer::cancel() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (done_) return;
    error_ = Error::OperationCancelled;
    markLocked(done_);
  }
  RequestEngine::instance().cancel(shared_from_this());
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
    error_ = Error::Timeout;
    markLocked(done_);
    lock.unlock();
    RequestEngine::instance().cancel(shared_from_this());
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

  // Windows sends a body with any method but HEAD, and a Content-Length
  // (0 too) with every POST and PUT.
  const bool head = spec_.method == "HEAD";
  const bool postsBody = !head && (spec_.method == "POST" || spec_.method == "PUT" || !spec_.body.empty());
  if (head) {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
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
  if (!spec_.caPem.empty()) {
    curl_blob blob{const_cast<char*>(spec_.caPem.data()), spec_.caPem.size(), CURL_BLOB_NOCOPY};
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
  const Error error = errorFromCurl(static_cast<CURLcode>(curlCode));
  if (error != Error::None)
    LOG_INFO("transfer %p: %s (%s)", static_cast<void*>(this), errorName(error),
             curl_easy_strerror(static_cast<CURLcode>(curlCode)));
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

void Transfer::resume() {
  if (easy_) curl_easy_pause(static_cast<CURL*>(easy_), CURLPAUSE_CONT);
}

std::size_t Transfer::onHeader(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t length = size * n;
  const std::string line(data, length);
  if (line.compare(0, 5, "HTTP/") == 0) {
    t->pendingHead_.parseStatusLine(line);
    t->pendingHeadComplete_ = false;
  } else if (line == "\r\n" || line == "\n") {
    const ResponseHead& head = t->pendingHead_;
    if (!t->pendingHeadComplete_ && head.status >= 200 &&
        !isFollowedRedirect(head, t->spec_.followRedirects)) {
      t->pendingHeadComplete_ = true;
      std::lock_guard<std::mutex> lock(t->mutex_);
      t->head_ = head;
      t->markLocked(t->headersReady_);
    }
  } else if (!t->pendingHeadComplete_) {
    t->pendingHead_.headers.addLine(line);
  }
  return length;
}

std::size_t Transfer::onWrite(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t length = size * n;
  std::lock_guard<std::mutex> lock(t->mutex_);
  if (t->buffered_ >= kBufferHighWater) {
    t->paused_ = true;
    return CURL_WRITEFUNC_PAUSE;
  }
  if (!t->headersReady_) {
    t->head_ = t->pendingHead_;
    t->pendingHeadComplete_ = true;
    t->headersReady_ = true;
  }
  t->chunks_.emplace_back(data, length);
  t->buffered_ += length;
  t->changed_.notify_all();
  return length;
}

int Transfer::onPrereq(void* self, char*, char*, int, int) {
  auto* t = static_cast<Transfer*>(self);
  std::lock_guard<std::mutex> lock(t->mutex_);
  t->markLocked(t->sent_);
  return CURL_PREREQFUNC_OK;
}

}  // namespace hinternet
