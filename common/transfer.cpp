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
#include <unistd.h>
#endif

#include "crl_fetch.h"
#include "curl_headers.h"
#include "session_share.h"
#include "log.h"
#include "request_engine.h"
#include "tls_certificate_request.h"

namespace hinternet {
namespace {

Error errorFromCurl(CURLcode code) {
  switch (code) {
    case CURLE_OK: return Error::None;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return Error::NameNotResolved;
    case CURLE_COULDNT_CONNECT:
    case CURLE_PROXY:  // a SOCKS proxy refused or failed the connection
      return Error::CannotConnect;
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
    case CURLE_HTTP2_STREAM: return Error::InvalidServerResponse;
    case CURLE_BAD_CONTENT_ENCODING: return Error::DecodingFailed;
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

// CURLINFO_SSL_VERIFYRESULT speaks the TLS library's language: mbedTLS
// verification flags in the DLLs, OpenSSL X509_V_ERR codes in the native
// build.
unsigned certificateProblemsFrom(long result) {
  static const bool mbedtls =
      std::strncmp(curl_version_info(CURLVERSION_NOW)->ssl_version, "mbedTLS", 7) == 0;
  unsigned problems = 0;
  if (mbedtls) {
    if (result & 0x01 || result & 0x0200) problems |= kCertDateInvalid;  // EXPIRED, FUTURE
    if (result & 0x02) problems |= kCertRevoked;
    if (result & 0x04) problems |= kCertNameMismatch;
    if (result & 0x08) problems |= kCertUntrusted;
    if (result & 0x10) problems |= kCertRevocationUnknown;  // BADCRL_NOT_TRUSTED
    return problems;
  }
  switch (result) {
    case 9: case 10: return kCertDateInvalid;            // not yet valid, expired
    case 23: return kCertRevoked;
    case 62: case 64: return kCertNameMismatch;          // host, IP mismatch
    case 2: case 18: case 19: case 20: case 21: case 27: return kCertUntrusted;
    default: return 0;
  }
}

// curl's mbedTLS backend leaves CURLINFO_SSL_VERIFYRESULT empty and reports
// the reasons through mbedTLS's own verify-info texts, stable across 3.x.
unsigned certificateProblemsFromMessage(const char* message) {
  unsigned problems = 0;
  if (std::strstr(message, "validity has expired") || std::strstr(message, "validity starts in the future"))
    problems |= kCertDateInvalid;
  if (std::strstr(message, "Common Name (CN) does not match")) problems |= kCertNameMismatch;
  if (std::strstr(message, "not correctly signed by the trusted CA")) problems |= kCertUntrusted;
  if (std::strstr(message, "has been revoked")) problems |= kCertRevoked;
  return problems;
}

// A challenge curl may answer itself, sending the request again: its head
// is published only once its body arrives or the transfer ends, so a 401
// that curl answers never reaches the program.
bool mayBeAnswered(const ResponseHead& head, const RequestSpec& spec) {
  return (head.status == 401 && spec.serverAuth.schemes) || (head.status == 407 && spec.proxyAuth.schemes);
}

// The codings curl decodes; a head naming one of them alone (once) loses
// it once decoded, as WinINet strips what it decoded.
void dropDecodedEncoding(HeaderList& headers) {
  if (headers.count("Content-Encoding") != 1) return;
  const std::string& coding = headers.find("Content-Encoding")->value;
  if (equalsIgnoreCase(coding, "gzip") || equalsIgnoreCase(coding, "x-gzip") || equalsIgnoreCase(coding, "deflate"))
    headers.erase(headers.position("Content-Encoding"));
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
    auto* t = static_cast<Transfer*>(self);
    // One attempt per address, as many addresses as the spec allows.
    if (t->spec_.connectAttempts && t->connectAttempts_ >= t->spec_.connectAttempts) return CURL_SOCKET_BAD;
    ++t->connectAttempts_;
    t->noteConnecting(host);
    const curl_socket_t socket = ::socket(address->family, address->socktype, address->protocol);
    if (socket != CURL_SOCKET_BAD) {
      tls::socketOpened(socket);
      t->connectingSockets_.push_back(socket);
    }
    return socket;
  }
  // Set on every easy handle, so it also closes the connections a session
  // share outlives the transfers with: no Transfer here.
  static int closeSocket(void*, curl_socket_t socket) {
    tls::socketClosing(socket);
#ifdef _WIN32
    return closesocket(socket);
#else
    return ::close(socket);
#endif
  }
  // CURLOPT_SSL_CTX_FUNCTION: every TLS handshake, as curl sets it up.
  static CURLcode setUpTls(CURL* easy, void* config, void* self) {
    auto* t = static_cast<Transfer*>(self);
    tls::configureHandshake(config, t->handshake_);
    tls::readAhead(easy, config, t->connectingSockets_, t->handshake_.requestScan);
    return CURLE_OK;
  }
  // curl asks once its chunked upload has sent the last chunk.
  static int uploadTrailers(curl_slist** list, void* self) {
    auto* t = static_cast<Transfer*>(self);
    std::lock_guard<Mutex> lock(t->mutex_);
    for (const HeaderList::Field& field : t->callerFraming_.trailers().fields()) {
      curl_slist* grown = curl_slist_append(*list, (field.name + ": " + field.value).c_str());
      if (!grown) return CURL_TRAILERFUNC_ABORT;
      *list = grown;
    }
    return CURL_TRAILERFUNC_OK;
  }
};

Transfer::Transfer(RequestSpec spec) : spec_(std::move(spec)) {
  if (spec_.uploadLength == RequestSpec::kCallerChunked) {
    // Malformed framing leaves the decoder failed: every write is refused
    // and the upload never completes.
    callerFraming_.feed(spec_.body.data(), spec_.body.size(), upload_);
    uploadQueued_ = spec_.body.size();
  } else if (spec_.uploadLength != RequestSpec::kNoUpload) {
    upload_ = spec_.body;
    uploadQueued_ = upload_.size();
  }
}

void Transfer::setObserver(std::weak_ptr<TransferObserver> observer) {
  std::lock_guard<Mutex> lock(mutex_);
  observer_ = std::move(observer);
}

void Transfer::emit(TransferEvent event, const std::string& detail) {
  std::shared_ptr<TransferObserver> observer;
  {
    std::lock_guard<Mutex> lock(mutex_);
    observer = observer_.lock();
  }
  if (observer) observer->onTransferEvent(event, detail);
}

void Transfer::noteRedirect(int status) {
  if (status != 301 && status != 302 && status != 303) return;
  if (spec_.redirectsBecomeGet) {
    if (hopMethod_ == "GET" || hopMethod_ == "HEAD") return;
    // curl itself turns a request with a body into a GET without one; a
    // custom method sent without a body (DELETE) would keep its name, so
    // it goes now, before curl builds the next request.
    curl_easy_setopt(static_cast<CURL*>(easy_), CURLOPT_CUSTOMREQUEST, nullptr);
    hopMethod_ = "GET";
    hopPostsBody_ = false;
    return;
  }
  // Otherwise curl's rule: a request with a body becomes a GET without one
  // on 301, 302 and 303, and a custom method keeps its name.
  if (!hopPostsBody_) return;
  hopPostsBody_ = false;
  if (hopMethod_ == "POST") hopMethod_ = "GET";
}

void Transfer::noteConnecting(const std::string& address) {
  // Happy eyeballs may open two sockets for one connection: report one.
  if (connectingReported_) return;
  connectingReported_ = true;
  peerAddress_ = address;
  emit(TransferEvent::Connecting, address);
}

Transfer::~Transfer() {
  // A watch still on (a transfer nobody unwatched): its timer goes too.
  if (timerPending_) RequestEngine::instance().cancelTimer(timerId_);
}

void Transfer::start() {
  {
    std::lock_guard<Mutex> lock(mutex_);
    if (started_) return;
    started_ = true;
  }
  RequestEngine::instance().start(shared_from_this());
}

void Transfer::cancel() { abandon(Error::OperationCancelled); }

void Transfer::abandon(Error error) {
  {
    std::lock_guard<Mutex> lock(mutex_);
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

void Transfer::adoptHeadLocked(const ResponseHead& head) {
  head_ = head;
  if (auto* e = static_cast<CURL*>(easy_)) {
    char* url = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url) responseUrl_ = url;
    responseMethod_ = hopMethod_;
    if (spec_.hideDecodedEncoding && !spec_.acceptEncoding.empty()) dropDecodedEncoding(head_.headers);
    long version = 0;
    if (curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version) == CURLE_OK)
      usedHttp2_ = version == CURL_HTTP_VERSION_2_0;
  }
  markLocked(headersReady_);
}

std::size_t Transfer::read(void* buffer, std::size_t length) {
  auto* out = static_cast<char*>(buffer);
  std::size_t copied = 0;
  bool wake = false;
  {
    std::lock_guard<Mutex> lock(mutex_);
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

Error Transfer::write(const void* data, std::size_t length, long idleMs, std::size_t& accepted) {
  accepted = 0;
  bool wake = false;
  {
    // More than the declared length is refused at once, never waited for.
    std::lock_guard<Mutex> lock(mutex_);
    if (spec_.uploadLength >= 0 &&
        uploadQueued_ + length > static_cast<unsigned long long>(spec_.uploadLength))
      return Error::InvalidParameter;
    // So are bytes after the caller's last chunk, or after its bad framing.
    if (spec_.uploadLength == RequestSpec::kCallerChunked && length &&
        (callerFraming_.failed() || callerFraming_.finished()))
      return Error::InvalidParameter;
  }
  auto roomy = [&] { return done_ || upload_.size() - uploadOffset_ < kUploadHighWater; };
  if (idleMs != 0) {
    const Error error = waitFor(idleMs, -1, roomy);
    if (error != Error::None) return error;
  }
  {
    std::unique_lock<Mutex> lock(mutex_);
    if (!roomy()) return Error::Timeout;
    if (done_) return error_ != Error::None ? error_ : Error::IncorrectState;
    if (uploadOffset_ >= kUploadHighWater || uploadOffset_ == upload_.size()) {
      upload_.erase(0, uploadOffset_);  // keep the buffer bounded
      uploadOffset_ = 0;
    }
    if (spec_.uploadLength == RequestSpec::kCallerChunked) {
      std::string payload;
      if (callerFraming_.feed(static_cast<const char*>(data), length, payload) ==
          ChunkedUploadDecoder::Status::Malformed)
        return Error::InvalidParameter;
      upload_ += payload;
    } else {
      upload_.append(static_cast<const char*>(data), length);
    }
    uploadQueued_ += length;
    accepted = length;
    wake = uploadPaused_;
    uploadPaused_ = false;
  }
  if (wake) RequestEngine::instance().resume(shared_from_this());
  return Error::None;
}

bool Transfer::uploadComplete() const {
  std::lock_guard<Mutex> lock(mutex_);
  return spec_.uploadLength == RequestSpec::kNoUpload || uploadCompleteLocked();
}

bool Transfer::uploadCompleteLocked() const {
  if (spec_.uploadLength == RequestSpec::kCallerChunked) return callerFraming_.finished();
  return spec_.uploadLength >= 0 && uploadQueued_ >= static_cast<unsigned long long>(spec_.uploadLength);
}

bool Transfer::isSent() const {
  std::lock_guard<Mutex> lock(mutex_);
  return sent_;
}

bool Transfer::hasHeaders() const {
  std::lock_guard<Mutex> lock(mutex_);
  return headersReady_;
}

bool Transfer::isDone() const {
  std::lock_guard<Mutex> lock(mutex_);
  return done_;
}

ConnectionInfo Transfer::connection() const {
  std::lock_guard<Mutex> lock(mutex_);
  return connection_;
}

std::string Transfer::responseUrl() const {
  std::lock_guard<Mutex> lock(mutex_);
  return responseUrl_;
}

std::string Transfer::responseMethod() const {
  std::lock_guard<Mutex> lock(mutex_);
  return responseMethod_;
}

bool Transfer::usedHttp2() const {
  std::lock_guard<Mutex> lock(mutex_);
  return usedHttp2_;
}

std::size_t Transfer::available(bool& ended, Error& error) const {
  std::lock_guard<Mutex> lock(mutex_);
  ended = done_;
  error = error_;
  return buffered_;
}

unsigned Transfer::certificateProblems() const {
  std::lock_guard<Mutex> lock(mutex_);
  return certificateProblems_;
}

std::vector<std::string> Transfer::certificateAuthorities() const {
  std::lock_guard<Mutex> lock(mutex_);
  return certificateAuthorities_;
}

Error Transfer::error() const {
  std::lock_guard<Mutex> lock(mutex_);
  return error_;
}

HeaderList Transfer::trailers() const {
  std::lock_guard<Mutex> lock(mutex_);
  return trailers_;
}

ResponseHead Transfer::head() const {
  std::lock_guard<Mutex> lock(mutex_);
  return head_;
}

bool Transfer::attach(void* multi) {
  CURL* e = curl_easy_init();
  if (!e) return false;
  easy_ = e;
  if (spec_.webSocket && spec_.url.compare(0, 4, "http") == 0) {
    // http://h/p -> ws://h/p, https -> wss: curl upgrades only those schemes.
    // Raw mode: curl's own receive path drops empty frames (an empty close
    // included) and reports stale frame metadata once it splits or pauses
    // a write, so we parse incoming frames ourselves.
    curl_easy_setopt(e, CURLOPT_URL, ("ws" + spec_.url.substr(4)).c_str());
    curl_easy_setopt(e, CURLOPT_WS_OPTIONS, long(CURLWS_RAW_MODE));
  } else {
    curl_easy_setopt(e, CURLOPT_URL, spec_.url.c_str());
  }
  curl_easy_setopt(e, CURLOPT_PRIVATE, this);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, curlError_);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onWrite);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &Transfer::onPrereq);
  curl_easy_setopt(e, CURLOPT_PREREQDATA, this);
  // Under Wine a 512 KiB receive buffer gives about 7x the default's rate.
  curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 512L * 1024);
  // Each turn of an upload costs the event thread about 8 wineserver
  // requests; with 512 KiB a turn instead of 64, a MiB needs 80, not 135.
  curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);

  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &CurlTrampolines::openSocket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, &CurlTrampolines::closeSocket);
  curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, &CurlTrampolines::setUpTls);
  curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, this);

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
    if (spec_.uploadLength == RequestSpec::kCallerChunked) {
      // No size: curl sends the payload chunked, and the caller's
      // Transfer-Encoding header stands for its own.
      curl_easy_setopt(e, CURLOPT_TRAILERFUNCTION, &CurlTrampolines::uploadTrailers);
      curl_easy_setopt(e, CURLOPT_TRAILERDATA, this);
    } else {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec_.uploadLength));
    }
  } else if (postsBody) {
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec_.body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, spec_.body.data());
  } else {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  }
  const char* curlMethod = head ? "HEAD" : postsBody ? "POST" : "GET";
  hopMethod_ = spec_.method;
  hopPostsBody_ = postsBody;
  if (spec_.method != curlMethod) curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, spec_.method.c_str());

  std::string extraCookies;  // the caller's Cookie headers, merged with the jar's
  const bool cookieEngine = spec_.share && spec_.useCookies;
  curl_slist* list = curlHeaderList(spec_, postsBody, cookieEngine || spec_.cookieStore ? &extraCookies : nullptr);
  headerList_ = list;
  if (spec_.share) spec_.share->attach(e, cookieEngine, extraCookies);
  if (spec_.cookieStore) {
    sendCookies(extraCookies);
  } else {
    for (const HeaderList::Field& field : spec_.headers.fields()) {
      if (equalsIgnoreCase(field.name, "Cookie") && !field.value.empty())
        hopCookies_ += (hopCookies_.empty() ? "" : "; ") + field.value;
    }
  }
  applyAuth(e, spec_.serverAuth, spec_.proxyAuth);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);

  // An empty proxy string also keeps curl from reading proxy variables from
  // the environment, which Windows programs never expect.
  curl_easy_setopt(e, CURLOPT_PROXY, spec_.proxy.c_str());
  if (!spec_.noProxy.empty()) curl_easy_setopt(e, CURLOPT_NOPROXY, spec_.noProxy.c_str());
  applyOptions(e);
  // The proxy's answer to CONNECT is not the server's response head.
  curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);

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
  curl_slist_free_all(static_cast<curl_slist*>(connectTo_));
  connectTo_ = nullptr;
}

void Transfer::finish(int curlCode) {
  if (!handshake_.crlsDeferred.empty()) {
    std::vector<std::string> urls;
    urls.swap(handshake_.crlsDeferred);
    fetchCrls(urls, spec_, [] {});
  }
  if (awaitsCrls(curlCode)) {
    fetchCrlsThenRestart();
    return;
  }
  Error error = errorFromCurl(static_cast<CURLcode>(curlCode));
  if (headOverflow_) error = Error::HeaderSizeOverflow;
  // After the request went out, "unsupported protocol" is curl's word for a
  // status line that is not HTTP.
  if (curlCode == CURLE_UNSUPPORTED_PROTOCOL && sent_) error = Error::InvalidServerResponse;
  // curl calls an upgraded connection that closed before a single frame
  // arrived an empty reply; to the WebSocket it is a dropped connection.
  if (curlCode == CURLE_GOT_NOTHING && spec_.webSocket && pendingHeadComplete_ && pendingHead_.status == 101)
    error = Error::ConnectionError;
  unsigned problems = 0;
  std::vector<std::string> authorities;
  if (handshake_.certificateRequested && curlCode != CURLE_OK) {
    // The probe stopped the handshake: the server asked for a certificate.
    error = Error::ClientCertificateNeeded;
    if (handshake_.requestScan) authorities = handshake_.requestScan->authorities();
  } else if (handshake_.unwaived &&
             (curlCode == CURLE_PEER_FAILED_VERIFICATION || curlCode == CURLE_SSL_CONNECT_ERROR)) {
    // Our own verification failed the handshake: it kept what failed.
    problems = certificateProblemsFrom(static_cast<long>(handshake_.unwaived));
  } else if (curlCode == CURLE_PEER_FAILED_VERIFICATION && easy_) {
    long result = 0;
    curl_easy_getinfo(static_cast<CURL*>(easy_), CURLINFO_SSL_VERIFYRESULT, &result);
    problems = result ? certificateProblemsFrom(result) : certificateProblemsFromMessage(curlError_);
  }
  if (problems) {
    if (problems & kCertUntrusted) error = Error::CertUntrusted;
    else if (problems & kCertRevoked) error = Error::CertRevoked;
    else if (problems & kCertRevocationUnknown) error = Error::CertRevocationUnknown;
    else if (problems & kCertDateInvalid) error = Error::CertDateInvalid;
    else if (problems & kCertNameMismatch) error = Error::CertNameMismatch;
  }
  if (error != Error::None && redirectRefused_ == Error::None)
    LOG_INFO("transfer %p: %s (%s: %s)", static_cast<void*>(this), errorName(error),
             curl_easy_strerror(static_cast<CURLcode>(curlCode)), curlError_);
  {
    std::lock_guard<Mutex> lock(mutex_);
    if (done_) return;
    // A refused upgrade fails in curl once its response head is in (a
    // redirect too: curl follows none for WebSockets); to the caller that
    // is a response like any other, without its body.
    const bool refusedUpgrade = spec_.webSocket && curlCode == CURLE_HTTP_RETURNED_ERROR &&
                                (headersReady_ || pendingHead_.status);
    error_ = refusedUpgrade ? Error::None : redirectRefused_ != Error::None ? redirectRefused_ : error;
    certificateProblems_ = problems;
    certificateAuthorities_ = std::move(authorities);
    if (error_ == Error::None && !headersReady_) {
      if (pendingHead_.status) {
        adoptHeadLocked(pendingHead_);
      } else {
        error_ = Error::InvalidServerResponse;
      }
    }
    markLocked(done_);
  }
  // A handshake that failed (TLS, a proxy tunnel) still had its TCP
  // connection: Windows reports it connected before the failure.
  curl_off_t connectMicros = 0;
  if (connectingReported_ && easy_ &&
      curl_easy_getinfo(static_cast<CURL*>(easy_), CURLINFO_CONNECT_TIME_T, &connectMicros) == CURLE_OK &&
      connectMicros > 0) {
    connectingReported_ = false;
    emit(TransferEvent::Connected, peerAddress_);
  }
  emit(TransferEvent::Done);
}

bool Transfer::awaitsCrls(int curlCode) const {
  return !handshake_.crlsWanted.empty() && !crlsFetched_ &&
         (curlCode == CURLE_PEER_FAILED_VERIFICATION || curlCode == CURLE_SSL_CONNECT_ERROR) && !isDone();
}

void Transfer::fetchCrlsThenRestart() {
  crlsFetched_ = true;
  std::vector<std::string> urls;
  urls.swap(handshake_.crlsWanted);
  LOG_INFO("transfer %p: %lu CRL(s) to fetch before the handshake", static_cast<void*>(this),
           static_cast<unsigned long>(urls.size()));
  fetchCrls(urls, spec_, [self = shared_from_this()] { self->restart(); });
}

void Transfer::restart() {
  if (isDone()) return;  // cancelled meanwhile
  // What the failed attempt left: its connection was reported as being
  // made (connectingReported_ stays), and nothing else reached the caller.
  connectAttempts_ = 0;
  connectingSockets_.clear();
  curlError_[0] = '\0';
  hopCookies_.clear();
  pendingHead_ = ResponseHead();
  pendingHeadComplete_ = false;
  headBytes_ = 0;
  headOverflow_ = false;
  redirectRefused_ = Error::None;
  handshake_.unwaived = 0;
  handshake_.certificateRequested = false;
  handshake_.chain.clear();
  RequestEngine::instance().start(shared_from_this());
}

void Transfer::resume() {
  if (easy_) curl_easy_pause(static_cast<CURL*>(easy_), CURLPAUSE_CONT);
}

std::size_t Transfer::onHeader(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t length = size * n;
  const std::string line(data, length);
  t->noteProgress();
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
    const bool upgraded = head.status == 101 && t->spec_.webSocket;
    if (t->pendingHeadComplete_) return length;
    if (head.status < 200 && !upgraded) {
      t->emit(TransferEvent::Interim, std::to_string(head.status));
      return length;
    }
    // An upgraded connection carries frames until it closes, so it must not
    // go back to curl's pool when the transfer ends; curl puts it there when
    // the server closed first, socket and frame buffers, until a lookup
    // finds it dead. A 401 before the 101 may still keep its connection.
    if (upgraded) curl_easy_setopt(static_cast<CURL*>(t->easy_), CURLOPT_FORBID_REUSE, 1L);
    if (t->spec_.cookieStore) t->keepResponseCookies(head);
    if (mayBeAnswered(head, t->spec_)) {
      t->pendingHeadComplete_ = true;  // onWrite or finish publishes it
      return length;
    }
    if (isFollowedRedirect(head, t->spec_.followRedirects)) {
      const std::string location = t->redirectTarget(head.headers.find("Location")->value);
      const Error change = t->schemeChange(location);
      if ((change == Error::RedirectToHttp && t->spec_.refuseHttpsToHttp) ||
          (change == Error::RedirectToHttps && t->spec_.refuseHttpToHttps)) {
        t->redirectRefused_ = change;
        return 0;  // ends the transfer; finish() reports the refusal
      }
      if (t->spec_.cookieStore) t->sendStoredCookies(location);
      t->connectingReported_ = false;  // the next hop may open a connection
      t->connectAttempts_ = 0;
      t->noteRedirect(head.status);
      t->emit(TransferEvent::RedirectResponse, head.rawText());
      t->emit(TransferEvent::Redirect, location);
      return length;
    }
    t->pendingHeadComplete_ = true;
    {
      std::lock_guard<Mutex> lock(t->mutex_);
      t->adoptHeadLocked(head);
    }
    t->emit(TransferEvent::HeadersReady);
  } else if (!t->pendingHeadComplete_) {
    t->pendingHead_.headers.addLine(line);
  } else {
    // Past the final head, curl hands over a chunked body's trailer fields.
    std::lock_guard<Mutex> lock(t->mutex_);
    t->trailers_.addLine(line);
  }
  return length;
}

std::size_t Transfer::onWrite(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t length = size * n;
  bool announceHeaders = false, announceData = false;
  {
    std::lock_guard<Mutex> lock(t->mutex_);
    if (t->buffered_ >= kBufferHighWater) {
      t->paused_ = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    t->noteProgress();
    if (!t->headersReady_) {
      t->pendingHeadComplete_ = true;
      t->adoptHeadLocked(t->pendingHead_);
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

int Transfer::onPrereq(void* self, char* remoteIp, char* localIp, int remotePort, int localPort) {
  auto* t = static_cast<Transfer*>(self);
  t->connectingSockets_.clear();  // connected: a later hop's sockets are its own
  // Once per connection: a request sent again on it (an authentication
  // round) reports no new one.
  if (t->connectingReported_) {
    t->connectingReported_ = false;
    t->emit(TransferEvent::Connected, t->peerAddress_);
  }
  ConnectionInfo info;
  info.remoteAddress = remoteIp ? remoteIp : "";
  info.localAddress = localIp ? localIp : "";
  info.remotePort = remotePort;
  info.localPort = localPort;
  if (t->handshake_.probing) tls::endCertificateRequestProbe(t->easy_);
  // A request is out: from here a CRL still missing can no longer be
  // fetched before the handshake (of a redirect's new connection) and
  // counts as not obtainable.
  t->handshake_.fetchingAllowed = false;
  t->handshake_.deferring = true;
  tls::Peer peer;
  if (tls::peer(t->easy_, peer)) {
    info.certificates = std::move(peer.chain);
    info.cipherBits = peer.cipherBits;
    info.tlsVersion = peer.version;
    info.cipherSuite = std::move(peer.cipherSuite);
    info.cipherSuiteId = peer.cipherSuiteId;
  }
  {
    std::lock_guard<Mutex> lock(t->mutex_);
    t->connection_ = std::move(info);
    // A request without a body is out with its head.
    if (!t->hopPostsBody_) t->requestSent_ = true;
    t->markLocked(t->sent_);
  }
  t->emit(TransferEvent::Sent, t->hopCookies_);
  return CURL_PREREQFUNC_OK;
}

std::size_t Transfer::onRead(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  std::size_t copied = 0;
  bool announceSpace = false;
  {
    std::lock_guard<Mutex> lock(t->mutex_);
    const std::size_t queued = t->upload_.size() - t->uploadOffset_;
    if (queued == 0) {
      if (t->uploadCompleteLocked()) return 0;
      t->uploadPaused_ = true;
      return CURL_READFUNC_PAUSE;
    }
    copied = std::min(queued, size * n);
    t->noteProgress();
    std::memcpy(data, t->upload_.data() + t->uploadOffset_, copied);
    t->uploadOffset_ += copied;
    announceSpace = queued >= kUploadHighWater && queued - copied < kUploadHighWater;
    t->changed_.notify_all();
  }
  if (announceSpace) t->emit(TransferEvent::UploadSpace);
  return copied;
}

}  // namespace hinternet
