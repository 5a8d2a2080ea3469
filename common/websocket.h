#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "error.h"
#include "transfer.h"
#include "websocket_frame.h"

namespace hinternet {

// What a receive returns, in WINHTTP_WEB_SOCKET_BUFFER_TYPE's order. A
// Fragment is part of a message with more to come; a Message ends one.
enum class WsBufferType { BinaryMessage, BinaryFragment, Utf8Message, Utf8Fragment, Close };

class WebSocketObserver {
 public:
  virtual ~WebSocketObserver() = default;
  // Something an asynchronous caller waits for may have happened (data in,
  // a frame out, the connection gone). Runs on any thread with no lock
  // held; must not block or call the application.
  virtual void onWebSocketChange() = 0;
};

// A connection upgraded by a 101 (RFC 6455 client side). The Transfer keeps
// running in the event loop: incoming bytes collect in its bounded buffer
// and are parsed here on the caller's thread; frames go out through a queue
// the event thread drains into curl without blocking.
//
// The channels follow WinHTTP: after sendClose no data may be sent; after
// the peer's close frame is received nothing more is; beginClose ends both.
// State errors are IncorrectState. One receiver at a time.
class WebSocketConnection : public TransferObserver, public std::enable_shared_from_this<WebSocketConnection> {
 public:
  static constexpr std::uint16_t kNoStatus = 1005;  // a close frame without a status
  static constexpr std::size_t kMaxCloseReason = 123;
  static constexpr std::size_t kMaxControlPayload = 125;
  // How long a close waits for the peer's close frame unless told otherwise
  // (WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT's default).
  static constexpr long kCloseTimeoutMs = 10000;

  // Takes over `transfer` (its response was the 101) and observes it.
  static std::shared_ptr<WebSocketConnection> adopt(std::shared_ptr<Transfer> transfer,
                                                    std::weak_ptr<WebSocketObserver> observer);
  WebSocketConnection(std::shared_ptr<Transfer> transfer, std::weak_ptr<WebSocketObserver> observer);

  // Sending. Each queued frame gets a sequence number for sent/waitSent.
  // A type that does not continue the fragmented message in progress, or
  // Close, is InvalidParameter.
  Error sendData(WsBufferType type, const void* data, std::size_t length, std::uint64_t& sequence);
  // The close frame: a status of kNoStatus with no reason sends none.
  Error sendClose(std::uint16_t status, const void* reason, std::size_t length, std::uint64_t& sequence);
  // True once frame `sequence` is on the wire or can no longer be (error).
  bool sent(std::uint64_t sequence, Error& error) const;
  Error waitSent(std::uint64_t sequence);
  bool closeSent() const { return closeSent_.load(); }

  // Receiving. tryReceive never blocks: false means nothing is ready yet
  // (an asynchronous caller retries on the next change); true means
  // `type`/`received` or `error` are set. receive blocks.
  bool tryReceive(void* buffer, std::size_t length, WsBufferType& type, std::size_t& received, Error& error);
  Error receive(void* buffer, std::size_t length, WsBufferType& type, std::size_t& received);
  // After beginClose: discards data until the peer's close frame arrives.
  bool tryAwaitClose(Error& error);
  Error awaitClose(long timeoutMs);

  // The synchronous calls both DLLs export, each waiting until its frame
  // is out. send: sendData's rules. shutdown: the close frame, once.
  // close: the whole closing handshake (Windows' close call): our close
  // frame unless a shutdown sent it, then the peer's, waiting at most
  // timeoutMs for it; the connection is dropped after, either way.
  Error send(WsBufferType type, const void* data, std::size_t length);
  Error shutdown(std::uint16_t status, const void* reason, std::size_t length);
  // A ping frame (WinINet's HTTP_WEB_SOCKET_PING_TYPE send); it may come
  // between the fragments of a message. More than kMaxControlPayload bytes
  // is InvalidParameter.
  Error ping(const void* data, std::size_t length);
  // The same ping queued without waiting, for sent/waitSent.
  Error sendPing(const void* data, std::size_t length, std::uint64_t& sequence);
  Error close(std::uint16_t status, const void* reason, std::size_t length, long timeoutMs);
  // A close reason the calls accept: at most kMaxCloseReason bytes, and a
  // buffer whenever the length is not 0.
  static bool validCloseReason(const void* reason, std::size_t length) {
    return (!length || reason) && length <= kMaxCloseReason;
  }

  // The close call began: IncorrectState if it already had.
  Error beginClose();
  bool closing() const { return closing_.load(); }
  bool canReceive() const { return !closing_ && !closeReceived_; }
  bool canSend() const { return !closing_ && !closeReceived_ && !closeSent_; }
  bool closeReceived() const { return closeReceived_.load(); }
  bool closeStatus(std::uint16_t& status, std::string& reason) const;
  // Drops the connection; waiters wake with OperationCancelled.
  void abort();

  void onTransferEvent(TransferEvent event, const std::string& detail) override;

 private:
  struct OutFrame {
    int curlFlags;
    std::string payload;
    std::uint64_t sequence;
    std::size_t offset = 0;
  };

  Error enqueue(int curlFlags, std::string payload, std::uint64_t* sequence);
  void flush();  // event thread
  void changed();
  bool decodeLocked(unsigned char* buffer, std::size_t length, bool discard, WsBufferType& type,
                    std::size_t& received, Error& error);
  bool stalledLocked(Error& error);
  bool failLocked(Error cause, Error& error);
  Error blockingRead(const std::function<bool(Error&)>& attempt, long timeoutMs);

  const std::shared_ptr<Transfer> transfer_;
  const std::weak_ptr<WebSocketObserver> observer_;
  std::atomic<bool> closing_{false};
  std::atomic<bool> closeSent_{false};
  std::atomic<bool> closeReceived_{false};

  // Receiving: the frame being parsed, guarded by rxMutex_.
  mutable std::mutex rxMutex_;
  std::condition_variable rxChanged_;
  bool readerBusy_ = false;  // a blocking reader is between attempts
  WsHeaderParser parser_;
  bool inFrame_ = false;
  WsFrameHeader frame_;
  std::uint64_t left_ = 0;  // payload bytes of frame_ not yet read
  WsOpcode message_ = WsOpcode::Continuation;  // Text/Binary while a fragmented message is open
  std::string control_;  // payload of a control frame being read
  Error rxError_ = Error::None;
  std::uint16_t closeStatus_ = kNoStatus;
  std::string closeReason_;

  // Sending, guarded by txMutex_.
  mutable std::mutex txMutex_;
  std::condition_variable txChanged_;
  std::deque<OutFrame> outbox_;
  std::uint64_t nextSequence_ = 1;
  std::uint64_t sentSequence_ = 0;  // every frame up to this one is out
  WsBufferType sendingFragmentOf_ = WsBufferType::Close;  // Close: no fragmented message open
  bool flushing_ = false;  // a flush is scheduled or running on the event thread
  Error txError_ = Error::None;
};

}  // namespace hinternet
