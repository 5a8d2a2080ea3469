#include "crl_fetch.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <utility>

#include "crl_cache.h"
#include "log.h"
#include "tls_backend.h"
#include "transfer.h"

namespace hinternet {
namespace {

// Windows gives a CRL retrieval 15 seconds; a CRL is rarely more than a
// few MiB.
constexpr long kFetchLimitMs = 15000;
constexpr std::size_t kMaxCrlBytes = 10u << 20;

// One URL's fetch; keeps itself alive until its transfer has ended.
class CrlFetch : public TransferObserver, public std::enable_shared_from_this<CrlFetch> {
 public:
  explicit CrlFetch(std::string url) : url_(std::move(url)) {}

  void start(const RequestSpec& like) {
    RequestSpec spec;
    spec.url = url_;
    spec.proxy = like.proxy;
    spec.noProxy = like.noProxy;
    spec.proxyAuth = like.proxyAuth;
    spec.maxRedirects = 5;
    spec.refuseHttpToHttps = true;  // no TLS (and so no revocation check) inside a check
    spec.useCookies = false;
    spec.autoAuthenticate = false;
    spec.connectTimeoutMs = kFetchLimitMs;
    transfer_ = std::make_shared<Transfer>(std::move(spec));
    self_ = shared_from_this();
    transfer_->setObserver(self_);
    transfer_->watch(kFetchLimitMs, kFetchLimitMs);
    transfer_->start();
  }

  void onTransferEvent(TransferEvent event, const std::string&) override {
    if (event == TransferEvent::DataAvailable) {
      if (!take()) transfer_->cancel();  // ends it: Done comes back here
    } else if (event == TransferEvent::Done) {
      end();
    }
  }

 private:
  // Takes what is buffered; false once the CRL is over the cap.
  bool take() {
    char buffer[16384];
    while (!tooBig_) {
      const std::size_t n = transfer_->read(buffer, sizeof(buffer));
      if (n == 0) break;
      data_.append(buffer, n);
      tooBig_ = data_.size() > kMaxCrlBytes;
    }
    return !tooBig_;
  }

  void end() {
    if (ended_) return;
    ended_ = true;
    take();
    const auto now = CrlCache::Clock::now();
    std::shared_ptr<const void> crl;
    CrlCache::Clock::time_point nextUpdate = now;
    const Error error = transfer_->error();
    const int status = transfer_->hasHeaders() ? transfer_->head().status : 0;
    const bool obtained = error == Error::None && status == 200 && !tooBig_ && tls::parseCrl(data_, crl, nextUpdate);
    if (!obtained) {
      crl.reset();
      LOG_INFO("CRL %s: not obtained (%s, status %d, %lu bytes%s)", url_.c_str(), errorName(error), status,
               static_cast<unsigned long>(data_.size()), tooBig_ ? ", over the cap" : "");
    } else {
      LOG_INFO("CRL %s: fetched (%lu bytes)", url_.c_str(), static_cast<unsigned long>(data_.size()));
    }
    CrlCache::instance().store(url_, std::move(crl), nextUpdate, now);
    for (auto& waiter : CrlCache::instance().endFetch(url_)) waiter();
    auto keep = std::move(self_);  // the last reference may go with this
  }

  const std::string url_;
  std::shared_ptr<Transfer> transfer_;
  std::shared_ptr<CrlFetch> self_;
  std::string data_;
  bool tooBig_ = false;
  bool ended_ = false;
};

}  // namespace

void fetchCrls(const std::vector<std::string>& urls, const RequestSpec& like, std::function<void()> done) {
  if (urls.empty()) {
    done();
    return;
  }
  struct Group {
    std::atomic<std::size_t> left;
    std::function<void()> done;
  };
  auto group = std::make_shared<Group>();
  group->left = urls.size();
  group->done = std::move(done);
  for (const std::string& url : urls) {
    auto ended = [group] {
      if (--group->left == 0) group->done();
    };
    if (CrlCache::instance().beginFetch(url, std::move(ended))) std::make_shared<CrlFetch>(url)->start(like);
  }
}

}  // namespace hinternet
