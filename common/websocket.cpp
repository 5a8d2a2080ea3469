#include "websocket.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>

#include "request_engine.h"

namespace hinternet {
namespace {

bool isFragment(WsBufferType type) {
  return type == WsBufferType::BinaryFragment || type == WsBufferType::Utf8Fragment;
}
bool isText(WsBufferType type) { return type == WsBufferType::Utf8Message || type == WsBufferType::Utf8Fragment; }

}  // namespace

std::shared_ptr<WebSocketConnection> WebSocketConnection::adopt(std::shared_ptr<Transfer> transfer,
                                                               std::weak_ptr<WebSocketObserver> observer) {
  auto connection = std::make_shared<WebSocketConnection>(transfer, std::move(observer));
  transfer->setObserver(connection);
  return connection;
}

WebSocketConnection::WebSocketConnection(std::shared_ptr<Transfer> transfer, std::weak_ptr<WebSocketObserver> observer)
    : transfer_(std::move(transfer)), observer_(std::move(observer)) {}

void WebSocketConnection::changed() {
  if (auto observer = observer_.lock()) observer->onWebSocketChange();
}

void WebSocketConnection::onTransferEvent(TransferEvent event, const std::string&) {
  if (event == TransferEvent::DataAvailable || event == TransferEvent::Done) changed();
}

void WebSocketConnection::abort() { transfer_->cancel(); }

Error WebSocketConnection::beginClose() { return closing_.exchange(true) ? Error::IncorrectState : Error::None; }

bool WebSocketConnection::closeStatus(std::uint16_t& status, std::string& reason) const {
  std::lock_guard<std::mutex> lock(rxMutex_);
  if (!closeReceived_) return false;
  status = closeStatus_;
  reason = closeReason_;
  return true;
}

// --- sending ---------------------------------------------------------------

Error WebSocketConnection::sendData(WsBufferType type, const void* data, std::size_t length, std::uint64_t& sequence) {
  if (!canSend()) return Error::IncorrectState;
  if (type == WsBufferType::Close) return Error::InvalidParameter;
  int flags = isText(type) ? CURLWS_TEXT : CURLWS_BINARY;
  if (isFragment(type)) flags |= CURLWS_CONT;
  std::lock_guard<std::mutex> lock(txMutex_);
  // Every fragment of a message keeps the type it started with.
  if (sendingFragmentOf_ != WsBufferType::Close && isText(sendingFragmentOf_) != isText(type))
    return Error::InvalidParameter;
  const Error error = enqueue(flags, std::string(static_cast<const char*>(data), data ? length : 0), &sequence);
  if (error == Error::None) sendingFragmentOf_ = isFragment(type) ? type : WsBufferType::Close;
  return error;
}

Error WebSocketConnection::sendClose(std::uint16_t status, const void* reason, std::size_t length,
                                     std::uint64_t& sequence) {
  std::string payload;
  if (status != kNoStatus || length) {
    payload.push_back(static_cast<char>(status >> 8));
    payload.push_back(static_cast<char>(status & 0xFF));
    payload.append(static_cast<const char*>(reason), reason ? length : 0);
  }
  std::lock_guard<std::mutex> lock(txMutex_);
  if (closeSent_) return Error::IncorrectState;
  closeSent_ = true;
  return enqueue(CURLWS_CLOSE, std::move(payload), &sequence);
}

// txMutex_ held.
Error WebSocketConnection::enqueue(int curlFlags, std::string payload, std::uint64_t* sequence) {
  if (txError_ != Error::None) return txError_;
  const std::uint64_t number = nextSequence_++;
  outbox_.push_back(OutFrame{curlFlags, std::move(payload), number});
  if (sequence) *sequence = number;
  if (!flushing_) {
    flushing_ = true;
    RequestEngine::instance().post([self = shared_from_this()] { self->flush(); });
  }
  return Error::None;
}

void WebSocketConnection::flush() {
  for (;;) {
    int flags;
    const char* data;
    std::size_t length;
    {
      std::lock_guard<std::mutex> lock(txMutex_);
      if (outbox_.empty()) {
        flushing_ = false;
        return;
      }
      // Only the event thread removes frames, so the front stays put.
      const OutFrame& front = outbox_.front();
      flags = front.curlFlags;
      data = front.payload.data() + front.offset;
      length = front.payload.size() - front.offset;
    }
    std::size_t sent = 0;
    bool blocked = false;
    const Error error = transfer_->sendWebSocketFrame(flags, data, length, sent, blocked);
    {
      std::lock_guard<std::mutex> lock(txMutex_);
      OutFrame& front = outbox_.front();
      front.offset += sent;
      if (error != Error::None) {
        txError_ = error;
        outbox_.clear();
        flushing_ = false;
      } else if (!blocked) {
        sentSequence_ = front.sequence;
        outbox_.pop_front();
      }
    }
    if (error != Error::None || !blocked) {
      txChanged_.notify_all();
      changed();
    }
    if (error != Error::None) return;
    if (blocked) {
      // curl keeps the frame's state; the rest goes on from `offset`.
      transfer_->whenWritable([self = shared_from_this()] { self->flush(); });
      return;
    }
  }
}

bool WebSocketConnection::sent(std::uint64_t sequence, Error& error) const {
  std::lock_guard<std::mutex> lock(txMutex_);
  error = sentSequence_ >= sequence ? Error::None : txError_;
  return sentSequence_ >= sequence || txError_ != Error::None;
}

Error WebSocketConnection::waitSent(std::uint64_t sequence) {
  std::unique_lock<std::mutex> lock(txMutex_);
  txChanged_.wait(lock, [&] { return sentSequence_ >= sequence || txError_ != Error::None; });
  return sentSequence_ >= sequence ? Error::None : txError_;
}

// --- the synchronous calls -------------------------------------------------

Error WebSocketConnection::send(WsBufferType type, const void* data, std::size_t length) {
  std::uint64_t sequence = 0;
  const Error error = sendData(type, data, length, sequence);
  return error != Error::None ? error : waitSent(sequence);
}

Error WebSocketConnection::shutdown(std::uint16_t status, const void* reason, std::size_t length) {
  if (closeSent() || closing()) return Error::IncorrectState;
  std::uint64_t sequence = 0;
  const Error error = sendClose(status, reason, length, sequence);
  return error != Error::None ? error : waitSent(sequence);
}

Error WebSocketConnection::sendPing(const void* data, std::size_t length, std::uint64_t& sequence) {
  if (!canSend()) return Error::IncorrectState;
  if (length > kMaxControlPayload) return Error::InvalidParameter;
  std::lock_guard<std::mutex> lock(txMutex_);
  return enqueue(CURLWS_PING, std::string(static_cast<const char*>(data), data ? length : 0), &sequence);
}

Error WebSocketConnection::ping(const void* data, std::size_t length) {
  std::uint64_t sequence = 0;
  const Error error = sendPing(data, length, sequence);
  return error != Error::None ? error : waitSent(sequence);
}

Error WebSocketConnection::close(std::uint16_t status, const void* reason, std::size_t length, long timeoutMs) {
  if (beginClose() != Error::None) return Error::IncorrectState;
  Error error = Error::None;
  if (!closeSent()) {
    std::uint64_t sequence = 0;
    error = sendClose(status, reason, length, sequence);
    if (error == Error::None) error = waitSent(sequence);
    if (error == Error::IncorrectState) error = Error::None;  // a shutdown on another thread won
  }
  // A peer that closed first may drop the connection before ours is out.
  if (error != Error::None && closeReceived()) error = Error::None;
  if (error == Error::None) error = awaitClose(timeoutMs);
  abort();  // the handshake is over either way, as on Windows
  return error;
}

// --- receiving -------------------------------------------------------------

// rxMutex_ held. Nothing buffered: wait for more, unless the connection is
// gone, which without a close frame is an error.
bool WebSocketConnection::stalledLocked(Error& error) {
  bool ended = false;
  Error cause = Error::None;
  if (transfer_->available(ended, cause) || !ended) return false;
  return failLocked(cause != Error::None ? cause : Error::ConnectionError, error);
}

bool WebSocketConnection::failLocked(Error cause, Error& error) {
  rxError_ = cause;
  error = cause;
  return true;
}

// rxMutex_ held. Reads the next piece of a data frame into `buffer`, or with
// `discard` skips data frames until a close frame. Control frames are
// handled on the way: a ping is answered, a pong ignored, a close ends it.
bool WebSocketConnection::decodeLocked(unsigned char* buffer, std::size_t length, bool discard, WsBufferType& type,
                                       std::size_t& received, Error& error) {
  error = Error::None;
  received = 0;
  for (;;) {
    if (rxError_ != Error::None) return failLocked(rxError_, error);
    if (!inFrame_) {
      while (const std::size_t need = parser_.needed()) {
        unsigned char bytes[14];
        const std::size_t n = transfer_->read(bytes, std::min(need, sizeof(bytes)));
        if (!n) return stalledLocked(error);
        if (const Error e = parser_.feed(bytes, n); e != Error::None) return failLocked(e, error);
      }
      frame_ = parser_.header();
      parser_.reset();
      left_ = frame_.length;
      inFrame_ = true;
      control_.clear();
      if (!frame_.isControl()) {
        const bool continuation = frame_.opcode == WsOpcode::Continuation;
        const bool open = message_ != WsOpcode::Continuation;
        if (continuation != open) return failLocked(Error::InvalidServerResponse, error);
        if (!continuation) message_ = frame_.opcode;
      }
    }
    if (frame_.isControl()) {
      while (left_) {
        unsigned char bytes[125];
        const std::size_t n = transfer_->read(bytes, static_cast<std::size_t>(left_));
        if (!n) return stalledLocked(error);
        control_.append(reinterpret_cast<char*>(bytes), n);
        left_ -= n;
      }
      inFrame_ = false;
      if (frame_.opcode == WsOpcode::Ping) {
        if (!closeSent_) {
          std::lock_guard<std::mutex> lock(txMutex_);
          enqueue(CURLWS_PONG, control_, nullptr);
        }
        continue;
      }
      if (frame_.opcode == WsOpcode::Pong) continue;
      if (control_.size() == 1) return failLocked(Error::InvalidServerResponse, error);
      const auto* bytes = reinterpret_cast<const unsigned char*>(control_.data());
      closeStatus_ = control_.size() >= 2 ? static_cast<std::uint16_t>(bytes[0] << 8 | bytes[1]) : kNoStatus;
      closeReason_ = control_.size() > 2 ? control_.substr(2) : std::string();
      closeReceived_ = true;
      rxChanged_.notify_all();
      type = WsBufferType::Close;
      return true;
    }
    std::size_t n = 0;
    if (left_) {
      unsigned char scratch[4096];
      n = discard ? transfer_->read(scratch, static_cast<std::size_t>(std::min<std::uint64_t>(left_, sizeof(scratch))))
                  : transfer_->read(buffer, static_cast<std::size_t>(std::min<std::uint64_t>(left_, length)));
      if (!n) return stalledLocked(error);
      left_ -= n;
    }
    const bool text = message_ == WsOpcode::Text;
    const bool last = left_ == 0 && frame_.fin;
    if (left_ == 0) inFrame_ = false;
    if (last) message_ = WsOpcode::Continuation;
    if (discard) continue;
    type = text ? (last ? WsBufferType::Utf8Message : WsBufferType::Utf8Fragment)
                : (last ? WsBufferType::BinaryMessage : WsBufferType::BinaryFragment);
    received = n;
    return true;
  }
}

bool WebSocketConnection::tryReceive(void* buffer, std::size_t length, WsBufferType& type, std::size_t& received,
                                     Error& error) {
  bool done;
  {
    std::lock_guard<std::mutex> lock(rxMutex_);
    done = decodeLocked(static_cast<unsigned char*>(buffer), length, false, type, received, error);
  }
  // A server breaking the protocol gets its connection dropped.
  if (done && error == Error::InvalidServerResponse) abort();
  return done;
}

bool WebSocketConnection::tryAwaitClose(Error& error) {
  WsBufferType type;
  std::size_t received;
  bool done;
  {
    std::lock_guard<std::mutex> lock(rxMutex_);
    error = Error::None;
    done = closeReceived_ || decodeLocked(nullptr, 0, true, type, received, error);
  }
  if (done && error == Error::InvalidServerResponse) abort();
  return done;
}

// One blocking reader at a time: `attempt` runs under rxMutex_ until it is
// done, with waits for data in between.
Error WebSocketConnection::blockingRead(const std::function<bool(Error&)>& attempt, long timeoutMs) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs < 0 ? 0 : timeoutMs);
  Error error = Error::None;
  for (;;) {
    bool done;
    {
      std::lock_guard<std::mutex> lock(rxMutex_);
      done = attempt(error);
    }
    if (done) break;
    long wait = -1;
    if (timeoutMs >= 0) {
      wait = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
      if (wait <= 0) {
        error = Error::Timeout;
        break;
      }
    }
    std::size_t available = 0;
    if (transfer_->waitForData(wait, available) == Error::Timeout) {
      error = Error::Timeout;
      break;
    }
  }
  {
    std::lock_guard<std::mutex> lock(rxMutex_);
    readerBusy_ = false;
  }
  rxChanged_.notify_all();
  if (error == Error::InvalidServerResponse) abort();
  return error;
}

Error WebSocketConnection::receive(void* buffer, std::size_t length, WsBufferType& type, std::size_t& received) {
  {
    std::lock_guard<std::mutex> lock(rxMutex_);
    if (readerBusy_) return Error::IncorrectState;
    readerBusy_ = true;
  }
  auto* out = static_cast<unsigned char*>(buffer);
  return blockingRead([&](Error& error) { return decodeLocked(out, length, false, type, received, error); }, -1);
}

Error WebSocketConnection::awaitClose(long timeoutMs) {
  {
    // A receiver blocked on another thread gets the close frame (or the
    // data before it) first; take over reading once it is done.
    std::unique_lock<std::mutex> lock(rxMutex_);
    const auto ready = [&] { return !readerBusy_ || closeReceived_; };
    if (!rxChanged_.wait_for(lock, std::chrono::milliseconds(timeoutMs), ready)) return Error::Timeout;
    if (closeReceived_) return Error::None;
    readerBusy_ = true;
  }
  return blockingRead(
      [&](Error& error) {
        WsBufferType type;
        std::size_t received;
        return closeReceived_ || decodeLocked(nullptr, 0, true, type, received, error);
      },
      timeoutMs);
}

}  // namespace hinternet
